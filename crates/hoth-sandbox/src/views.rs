//! The panels of the sandbox page (Yew). Every domain answer comes from `hoth-core` through
//! `engine`, `library` and the batch worker; these only lay it out.

use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::batch::{self, Row};
use hoth_core::policy::OutcomeCode;
use hoth_core::{Decision, Issue, synthetic};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, MessageEvent};
use yew::prelude::*;

use crate::app::{Action, State};
use crate::browser;
use crate::engine::{self, Column, Evaluation};

#[derive(Properties, PartialEq, Clone)]
pub struct StoreProps {
    pub store: UseReducerHandle<State>,
}

#[derive(Properties, PartialEq, Clone)]
pub struct EvalProps {
    pub store: UseReducerHandle<State>,
    pub evaluation: Rc<Evaluation>,
}

fn code(c: Option<OutcomeCode>) -> String {
    c.map_or_else(|| "none".to_owned(), |c| c.code().to_owned())
}

/// The notice about real data, once, at the top of the page.
#[function_component(Warning)]
pub fn warning(props: &StoreProps) -> Html {
    if !props.store.warning_open {
        return html! {};
    }
    let dismiss = {
        let store = props.store.clone();
        Callback::from(move |_| {
            // Focus moves on to where the page starts (the notice and its button go away),
            // never to the top of the document.
            if let Some(heading) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("referral-heading"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = heading.focus();
            }
            store.dispatch(Action::DismissWarning)
        })
    };
    html! {
        <section class="notice" id="data-warning" aria-labelledby="data-warning-heading">
            <h2 id="data-warning-heading">{ "Do not use real children's details here" }</h2>
            <p>{ "This is a test tool. Use the fixtures, made-up referrals or the synthetic generator: never paste a real child's referral. Everything runs in this page: nothing is sent anywhere, and nothing is stored unless you download it." }</p>
            <button type="button" class="button button--secondary" id="data-warning-ok" onclick={dismiss}>{ "I understand" }</button>
        </section>
    }
}

/// Load, paste or pick a referral; its issues as you type; the date and the policies.
#[function_component(ReferralPanel)]
pub fn referral_panel(props: &EvalProps) -> Html {
    let store = &props.store;
    let on_fixture = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            if !key.is_empty() {
                store.dispatch(Action::Fixture(key));
            }
        })
    };
    let on_edit = {
        let store = store.clone();
        Callback::from(move |e: InputEvent| {
            store.dispatch(Action::Edit(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ));
        })
    };
    let on_file = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = browser::chosen_file(&input) {
                let store = store.clone();
                spawn_local(async move {
                    let text = browser::read_text(&file).await.unwrap_or_default();
                    store.dispatch(Action::Opened {
                        name: file.name(),
                        text,
                    });
                });
            }
        })
    };
    let on_today = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(day) = NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
                store.dispatch(Action::Today(day));
            }
        })
    };
    let fixture = store
        .fixture
        .as_ref()
        .and_then(|key| store.fixtures.iter().find(|f| f.key == *key));
    let mut groups: Vec<(String, Vec<Html>)> = Vec::new();
    for f in store.fixtures.iter() {
        let group = f
            .policy
            .clone()
            .unwrap_or_else(|| "Example referrals".to_owned());
        let option = html! {
            <option value={f.key.clone()} selected={store.fixture.as_deref() == Some(f.key.as_str())}>{ &f.name }</option>
        };
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, options)) => options.push(option),
            None => groups.push((group, vec![option])),
        }
    }
    let evaluation = &props.evaluation;
    html! {
        <section class="panel" aria-labelledby="referral-heading">
            <h2 id="referral-heading" tabindex="-1">{ "1. The referral" }</h2>
            <div class="grid">
                <div class="field">
                    <label for="fixture">{ "Pick a fixture from the scenario library" }</label>
                    <select id="fixture" onchange={on_fixture}>
                        <option value="" selected={store.fixture.is_none()}>{ "Choose a fixture" }</option>
                        { for groups.into_iter().map(|(group, options)| html! {
                            <optgroup label={group}>{ for options }</optgroup>
                        }) }
                    </select>
                </div>
                <div class="field">
                    <label for="referral-file">{ "Or open a referral file (JSON)" }</label>
                    <input type="file" id="referral-file" accept=".json,application/json" onchange={on_file} />
                </div>
                <div class="field">
                    <label for="today">{ "Treat this date as today" }</label>
                    <input type="date" id="today" value={store.today.format("%Y-%m-%d").to_string()} onchange={on_today} />
                </div>
            </div>
            if let Some(f) = fixture {
                <div class="fixture" id="fixture-about">
                    <p><strong>{ "What it exercises: " }</strong>{ &f.description }</p>
                    if let Some(cite) = &f.cite { <p class="muted">{ "Guidance: " }{ cite }</p> }
                    if let Some(s) = &f.scenario {
                        <p class="muted">{ "Expected: " }<code>{ serde_json::to_string(&s.expect).unwrap_or_default() }</code></p>
                    }
                </div>
            }
            <div class="field">
                <label for="referral-json">{ "Referral JSON (paste or edit: it is checked and routed as you type)" }</label>
                <textarea id="referral-json" class="code" rows="16" spellcheck="false" value={store.text.clone()} oninput={on_edit} />
            </div>
            <div id="referral-issues" aria-live="polite">
                if store.text.trim().is_empty() {
                    <p class="muted">{ "No referral yet." }</p>
                } else if let Some(message) = &evaluation.not_json {
                    <p class="error">{ message }</p>
                } else if evaluation.issues.is_empty() {
                    <p class="ok">{ "The referral is valid (each policy may ask for more: see below)." }</p>
                } else {
                    <p class="error">{ format!("{} issue(s):", evaluation.issues.len()) }</p>
                    <IssueList issues={evaluation.issues.clone()} />
                }
            </div>
            <PolicyChoice store={store.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct IssuesProps {
    issues: Vec<Issue>,
}

#[function_component(IssueList)]
fn issue_list(props: &IssuesProps) -> Html {
    html! {
        <ul class="issues">
            { for props.issues.iter().map(|i| html! {
                <li><code>{ if i.path.is_empty() { "(the referral)".to_owned() } else { i.path.clone() } }</code>{ " " }{ &i.message }</li>
            }) }
        </ul>
    }
}

#[function_component(PolicyChoice)]
fn policy_choice(props: &StoreProps) -> Html {
    let store = &props.store;
    html! {
        <fieldset class="policies">
            <legend>{ "Councils' policies to compare" }</legend>
            { for store.choices.iter().map(|c| {
                let id = format!("policy-{}", c.key.replace(':', "-"));
                let toggle = {
                    let store = store.clone();
                    let key = c.key.clone();
                    Callback::from(move |_: Event| store.dispatch(Action::Toggle(key.clone())))
                };
                html! {
                    <div class="check">
                        <input type="checkbox" id={id.clone()} checked={store.selected.contains(&c.key)} onchange={toggle} />
                        <label for={id}>{ &c.label }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// The decisions side by side, the differences marked.
#[function_component(ComparePanel)]
pub fn compare_panel(props: &EvalProps) -> Html {
    let evaluation = &props.evaluation;
    let columns = &evaluation.columns;
    let diff = &evaluation.differences;
    let body = if props.store.text.trim().is_empty() || evaluation.not_json.is_some() {
        html! { <p class="muted">{ "Load a referral to compare the councils' decisions." }</p> }
    } else if columns.is_empty() {
        html! { <p class="muted">{ "Choose at least one policy." }</p> }
    } else {
        let row = |aspect: &'static str,
                   label: &'static str,
                   differs: bool,
                   cell: &dyn Fn(&Decision) -> Html| {
            html! {
                <tr data-aspect={aspect} class={classes!(differs.then_some("differs"))}>
                    <th scope="row">{ label }{ if differs { html! { <span class="tag">{ "differs" }</span> } } else { html! {} } }</th>
                    { for columns.iter().map(|c| match &c.result {
                        Ok(d) => html! { <td>{ cell(d) }</td> },
                        Err(_) => html! { <td class="muted">{ "not valid" }</td> },
                    }) }
                </tr>
            }
        };
        html! {
            <div class="scroll" tabindex="0" role="region" aria-label="Decisions side by side">
                <table id="compare" class="table">
                    <caption>{ if diff.any() { "The councils' decisions differ where marked \u{201c}differs\u{201d}." } else { "The decisions are the same." } }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "" }<span class="visually-hidden">{ "Aspect" }</span></th>
                            { for columns.iter().map(|c| html! { <th scope="col" data-policy={c.key.clone()}>{ &c.label }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        <tr data-aspect="valid">
                            <th scope="row">{ "Valid" }</th>
                            { for columns.iter().map(validity) }
                        </tr>
                        { row("level", "Screening level", diff.level, &|d| html! { format!("{} (level {})", d.level, d.level_number) }) }
                        { row("pathway", "Pathway", diff.pathway, &|d| html! { code(d.pathway) }) }
                        { row("plan", "Plan", diff.plan, &|d| html! { code(d.plan) }) }
                        { row("outcomes", "Outcomes and due dates", !diff.outcomes.is_empty() || !diff.due.is_empty(), &|d| html! {
                            <ul class="outcomes">
                                { for d.outcomes.iter().map(|o| {
                                    let c = o.code.code().to_owned();
                                    let differs = diff.outcomes.contains(&c) || diff.due.contains(&c);
                                    html! {
                                        <li class={classes!(differs.then_some("differs"))} data-code={c.clone()}>
                                            <code>{ &c }</code>{ format!(" ({}; {})", o.strength, o.actor.title()) }
                                            if let Some(due) = &o.due { { format!(", due {due}") } }
                                            if o.out_of_hours { { ", out of hours" } }
                                            if let Some(detail) = &o.detail { <div class="muted">{ detail.to_string() }</div> }
                                            if differs { <span class="tag">{ if diff.due.contains(&c) { "due differs" } else { "not everywhere" } }</span> }
                                        </li>
                                    }
                                }) }
                            </ul>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="panel" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{ "2. Compare councils" }</h2>
            { body }
        </section>
    }
}

fn validity(c: &Column) -> Html {
    match &c.result {
        Ok(_) => html! { <td>{ "yes" }</td> },
        Err(issues) => html! {
            <td class="error-cell">{ format!("no: {} issue(s)", issues.len()) }<IssueList issues={issues.clone()} /></td>
        },
    }
}

/// Each policy's rule trace, and the facts the rules read.
#[function_component(ExplainPanel)]
pub fn explain_panel(props: &EvalProps) -> Html {
    let store = &props.store;
    let evaluation = &props.evaluation;
    let decided: Vec<(&Column, &Decision)> = evaluation
        .columns
        .iter()
        .filter_map(|c| c.result.as_ref().ok().map(|d| (c, d)))
        .collect();
    if decided.is_empty() {
        return html! {
            <section class="panel" aria-labelledby="explain-heading">
                <h2 id="explain-heading">{ "3. Explain" }</h2>
                <p class="muted">{ "A valid referral's rule trace appears here." }</p>
            </section>
        };
    }
    let facts = engine::facts_table(decided[0].1);
    html! {
        <section class="panel" aria-labelledby="explain-heading">
            <h2 id="explain-heading">{ "3. Explain" }</h2>
            <details class="facts" id="facts">
                <summary>{ "Facts derived from the referral (what the rules read)" }</summary>
                <table class="table table--compact">
                    <thead><tr><th scope="col">{ "Fact" }</th><th scope="col">{ "Value" }</th></tr></thead>
                    <tbody>
                        { for facts.iter().filter(|(name, _)| name != "pathway" && name != "plan").map(|(name, value)| html! {
                            <tr><th scope="row"><code>{ name }</code></th><td><code>{ value }</code></td></tr>
                        }) }
                    </tbody>
                </table>
            </details>
            { for decided.iter().filter_map(|(column, decision)| {
                let choice = store.choices.iter().find(|c| c.key == column.key)?;
                let trace = engine::explain(&choice.policy, decision);
                let matched = trace.iter().filter(|t| t.matched).count();
                Some(html! {
                    <details class="trace" data-policy={column.key.clone()}>
                        <summary>{ format!("Rule trace: {} ({matched} of {} rules matched)", column.label, trace.len()) }</summary>
                        <div class="scroll" tabindex="0" role="region" aria-label={format!("Rule trace: {}", column.label)}>
                            <table class="table table--compact">
                                <thead><tr>
                                    <th scope="col">{ "Rule" }</th><th scope="col">{ "Matched" }</th>
                                    <th scope="col">{ "Condition (JSONLogic)" }</th><th scope="col">{ "Facts it read" }</th>
                                    <th scope="col">{ "Why, and the guidance" }</th>
                                </tr></thead>
                                <tbody>
                                    { for trace.iter().map(|t| html! {
                                        <tr class={classes!(t.matched.then_some("matched"))}>
                                            <th scope="row"><code>{ &t.rule }</code>{ if t.stage == "follow_up" { " (follow-up)" } else { "" } }</th>
                                            <td>{ if t.matched { "yes" } else { "no" } }</td>
                                            <td><code class="condition">{ &t.condition }</code></td>
                                            <td>{ for t.facts.iter().map(|(n, v)| html! { <div><code>{ format!("{n} = {v}") }</code></div> }) }</td>
                                            <td>{ &t.why }<div class="muted">{ &t.cite }</div></td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    </details>
                })
            }) }
        </section>
    }
}

/// Load a council's own pack: its errors, or a regression run over the scenario library.
#[function_component(PacksPanel)]
pub fn packs_panel(props: &StoreProps) -> Html {
    let store = &props.store;
    let on_pack = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = browser::chosen_file(&input) {
                let store = store.clone();
                spawn_local(async move {
                    let text = browser::read_text(&file).await.unwrap_or_default();
                    store.dispatch(Action::PackFile {
                        name: file.name(),
                        text,
                    });
                });
            }
            input.set_value("");
        })
    };
    let loaded: Vec<_> = store
        .choices
        .iter()
        .filter(|c| c.source.is_some())
        .collect();
    html! {
        <section class="panel" aria-labelledby="packs-heading">
            <h2 id="packs-heading">{ "4. Check a policy pack" }</h2>
            <p>{ "Load a council's policy pack (JSON) to check it. A pack that loads is added to the policies above, and can be run over the whole scenario library to see which expected results it changes." }</p>
            <div class="field">
                <label for="pack-file">{ "Policy pack file" }</label>
                <input type="file" id="pack-file" accept=".json,application/json" onchange={on_pack} />
            </div>
            if let Some((name, error)) = &store.pack_error {
                <div class="alert" id="pack-error" role="alert">
                    <p><strong>{ if error.count() == 1 { format!("{name} does not load as a policy pack.") } else { format!("{name} does not load as a policy pack: {} problems.", error.count()) } }</strong></p>
                    { for error.all().map(|problem| html! {
                        <dl class="pack-error">
                            <dt>{ "Rule" }</dt><dd data-part="rule">{ problem.rule.clone().unwrap_or_else(|| "(the pack as a whole)".to_owned()) }</dd>
                            <dt>{ "Field" }</dt><dd data-part="field"><code>{ if problem.field.is_empty() { "(the rule as a whole)".to_owned() } else { problem.field.clone() } }</code></dd>
                            <dt>{ "Problem" }</dt><dd data-part="message">{ problem.message.clone() }</dd>
                        </dl>
                    }) }
                </div>
            }
            if !loaded.is_empty() {
                <ul class="packs">
                    { for loaded.iter().map(|c| {
                        let run = {
                            let store = store.clone();
                            let key = c.key.clone();
                            Callback::from(move |_| store.dispatch(Action::Regression(key.clone())))
                        };
                        html! {
                            <li>{ &c.label }{ format!(": {} rules ", c.policy.pack().rules.len()) }
                                <button type="button" class="button button--secondary" id={format!("regress-{}", c.key.replace(':', "-"))} onclick={run}>{ "Run on the scenario library" }</button>
                                <RulesInWords id={format!("rules-{}", c.key.replace(':', "-"))} policy={c.policy.clone()} fixtures={store.fixtures.clone()} />
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some((label, rows)) = &store.regression {
                <Regression label={label.clone()} rows={rows.clone()} />
            }
        </section>
    }
}

#[derive(Properties)]
struct RulesProps {
    id: String,
    policy: Rc<hoth_core::Policy>,
    fixtures: Rc<Vec<crate::library::Fixture>>,
}

impl PartialEq for RulesProps {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && Rc::ptr_eq(&self.policy, &other.policy)
            && Rc::ptr_eq(&self.fixtures, &other.fixtures)
    }
}

/// A loaded pack's rules in the words of its rulebook (`hoth rulebook`): each rule's condition,
/// outcomes, who acts and by when, basis and citation, and the library's scenarios naming it.
#[function_component(RulesInWords)]
fn rules_in_words(props: &RulesProps) -> Html {
    use hoth_core::rulebook;
    let pack = props.policy.pack();
    let tested = rulebook::tested_by(
        props
            .fixtures
            .iter()
            .filter(|f| f.policy.as_deref() == Some(pack.id.as_str()))
            .filter_map(|f| f.scenario.as_ref().map(|s| (f.name.as_str(), s))),
    );
    let rules = rulebook::rules_in_words(pack, &tested);
    html! {
        <details class="rulebook" id={props.id.clone()}>
            <summary>{ "Read its rules in words" }</summary>
            <p>{ format!("{}, pack version {}. Check each rule against the guidance it cites.", pack.name, pack.version) }</p>
            <ol class="rulebook__rules">
                { for rules.iter().map(|rule| html! {
                    <li class="rulebook__rule" data-rule={rule.id.clone()}>
                        <h3><code>{ &rule.id }</code>{ if rule.follow_up { " (follow-up)" } else { "" } }</h3>
                        <p><strong>{ "When " }</strong>{ &rule.when }{ if rule.outcomes.is_empty() { ": a note for the MASH, no outcome." } else { ":" } }</p>
                        if !rule.outcomes.is_empty() {
                            <ul>
                                { for rule.outcomes.iter().map(|o| html! {
                                    <li>
                                        <strong>{ &o.title }</strong>
                                        { o.detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default() }
                                        { format!(" \u{2014} {}", o.action) }
                                    </li>
                                }) }
                            </ul>
                        }
                        <p><strong>{ "Why: " }</strong>{ &rule.why }</p>
                        <p><strong>{ "Basis: " }</strong>{ &rule.basis }</p>
                        <p><strong>{ "Tested by: " }</strong>{
                            if rule.tested_by.is_empty() { "no scenario in the library.".to_owned() } else { rule.tested_by.join(", ") }
                        }</p>
                    </li>
                }) }
            </ol>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct RegressionProps {
    label: String,
    rows: Vec<crate::library::RegressionRow>,
}

#[function_component(Regression)]
fn regression(props: &RegressionProps) -> Html {
    let changed = props.rows.iter().filter(|r| !r.changes.is_empty()).count();
    html! {
        <div id="regression">
            <p role="status">{ format!("{}: {changed} of {} scenarios' expected results change.", props.label, props.rows.len()) }</p>
            <div class="scroll" tabindex="0" role="region" aria-label="Regression results">
                <table class="table table--compact">
                    <thead><tr><th scope="col">{ "Scenario" }</th><th scope="col">{ "What it exercises" }</th><th scope="col">{ "Result" }</th></tr></thead>
                    <tbody>
                        { for props.rows.iter().map(|r| html! {
                            <tr class={classes!((!r.changes.is_empty()).then_some("differs"))}>
                                <th scope="row"><code>{ &r.key }</code></th>
                                <td>{ &r.description }</td>
                                <td>
                                    if r.changes.is_empty() { { "as expected" } } else {
                                        <span class="tag">{ "changes" }</span>
                                        <ul>{ for r.changes.iter().map(|c| html! { <li>{ c }</li> }) }</ul>
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The running worker and its message handler (kept alive while it runs).
type Running = Vec<(web_sys::Worker, Closure<dyn FnMut(MessageEvent)>)>;

/// Rows shown at most in the results table (the exports have them all).
const SHOWN: usize = 200;
/// Referrals per chunk: the worker reports progress after each.
const CHUNK: u32 = 500;

/// Batch: a file of referrals, or a synthetic set, routed in a Web Worker.
#[function_component(BatchPanel)]
pub fn batch_panel(props: &StoreProps) -> Html {
    let store = &props.store;
    let worker = use_mut_ref(Running::new);
    let seed = use_state(|| "1".to_owned());
    let count = use_state(|| "1000".to_owned());
    let file_input = use_node_ref();
    let filter_policy = use_state(String::new);
    let filter_pathway = use_state(String::new);
    let filter_level = use_state(String::new);
    let invalid_only = use_state(|| false);
    let problem = use_state(|| None::<String>);

    // Start the workers, each with a message: { file } or { seed, count }, the policies, and
    // its part of the batch.
    let start = {
        let store = store.clone();
        let worker = worker.clone();
        let problem = problem.clone();
        Rc::new(move |what: String, source: Vec<(&'static str, JsValue)>| {
            let chosen = store.chosen();
            if chosen.is_empty() {
                problem.set(Some("Choose at least one policy above.".to_owned()));
                return;
            }
            problem.set(None);
            for (old, _) in worker.borrow_mut().drain(..) {
                old.terminate();
            }
            let policies = js_sys::Array::new();
            for c in &chosen {
                policies.push(&JsValue::from_str(&c.spec()));
            }
            let parts = browser::worker_count();
            let what = format!(
                "{what} under {} {}",
                chosen.len(),
                if chosen.len() == 1 {
                    "policy"
                } else {
                    "policies"
                }
            );
            store.dispatch(Action::BatchStart { what, parts });
            for part in 0..parts {
                let Some(w) = browser::start_worker() else {
                    store.dispatch(Action::BatchFailed(
                        "This browser cannot start the batch worker.".to_owned(),
                    ));
                    return;
                };
                let on_message = {
                    let store = store.clone();
                    let worker = worker.clone();
                    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                        let data = event.data();
                        let kind = browser::field(&data, "kind")
                            .as_string()
                            .unwrap_or_default();
                        let number =
                            |key| browser::field(&data, key).as_f64().unwrap_or(0.0) as usize;
                        match kind.as_str() {
                            "start" => store.dispatch(Action::BatchTotal(number("total"))),
                            "rows" => {
                                let text = browser::field(&data, "rows")
                                    .as_string()
                                    .unwrap_or_default();
                                let rows: Vec<Row> = text
                                    .lines()
                                    .filter_map(|l| serde_json::from_str(l).ok())
                                    .collect();
                                store.dispatch(Action::BatchRows {
                                    part,
                                    routed: number("routed"),
                                    rows,
                                });
                            }
                            "done" => {
                                // Stop it; its handler (running now) is dropped at the next start.
                                if let Some((w, _)) = worker.borrow().get(part) {
                                    w.terminate();
                                }
                                store.dispatch(Action::BatchPartDone);
                            }
                            _ => {
                                let message = browser::field(&data, "message")
                                    .as_string()
                                    .unwrap_or_else(|| "the batch stopped".to_owned());
                                for (w, _) in worker.borrow().iter() {
                                    w.terminate();
                                }
                                store.dispatch(Action::BatchFailed(format!(
                                    "The batch could not run: {message}"
                                )));
                            }
                        }
                    })
                };
                w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                let mut pairs = source.clone();
                pairs.push(("policies", policies.clone().into()));
                pairs.push((
                    "today",
                    JsValue::from_str(&store.today.format("%Y-%m-%d").to_string()),
                ));
                pairs.push(("chunk", JsValue::from(CHUNK)));
                pairs.push(("part", JsValue::from(part as u32)));
                pairs.push(("parts", JsValue::from(parts as u32)));
                if w.post_message(&browser::object(&pairs)).is_err() {
                    store.dispatch(Action::BatchFailed("The batch could not start.".to_owned()));
                }
                worker.borrow_mut().push((w, on_message));
            }
        })
    };
    let run_file = {
        let start = start.clone();
        let file_input = file_input.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            let Some(file) = file_input
                .cast::<HtmlInputElement>()
                .and_then(|i| browser::chosen_file(&i))
            else {
                problem.set(Some("Choose a batch file first.".to_owned()));
                return;
            };
            start(file.name(), vec![("file", file.into())]);
        })
    };
    let parsed_seed = seed.trim().parse::<u64>().ok();
    let parsed_count = count
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=synthetic::MAX_COUNT).contains(n));
    let run_synth = {
        let start = start.clone();
        let problem = problem.clone();
        Callback::from(move |_| match (parsed_seed, parsed_count) {
            (Some(seed), Some(count)) => start(
                format!("{count} synthetic referrals (seed {seed})"),
                vec![
                    ("seed", JsValue::from(seed as f64)),
                    ("count", JsValue::from(count as u32)),
                ],
            ),
            _ => problem.set(Some(format!(
                "Enter a seed (a whole number) and a count from 1 to {}.",
                synthetic::MAX_COUNT
            ))),
        })
    };
    let download_synth = {
        let problem = problem.clone();
        let today = store.today;
        Callback::from(move |_| match (parsed_seed, parsed_count) {
            (Some(seed), Some(count)) => {
                let mut text = String::new();
                for r in synthetic::referrals(seed, count, today) {
                    text.push_str(&serde_json::to_string(&r).unwrap_or_default());
                    text.push('\n');
                }
                browser::download(
                    &format!("synthetic-seed-{seed}-{count}.jsonl"),
                    "application/x-ndjson",
                    &text,
                );
            }
            _ => problem.set(Some(format!(
                "Enter a seed (a whole number) and a count from 1 to {}.",
                synthetic::MAX_COUNT
            ))),
        })
    };
    let cancel = {
        let store = store.clone();
        let worker = worker.clone();
        Callback::from(move |_| {
            let running: Vec<_> = worker.borrow_mut().drain(..).collect();
            if !running.is_empty() {
                for (w, _) in &running {
                    w.terminate();
                }
                store.dispatch(Action::BatchCancelled);
            }
        })
    };
    let batch = &store.batch;
    let rows = batch.rows.borrow();
    let export = |csv: bool| {
        let rows = batch.rows.clone();
        Callback::from(move |_| {
            let rows = rows.borrow();
            if csv {
                browser::download("hoth-batch.csv", "text/csv", &batch::to_csv(&rows));
            } else {
                browser::download(
                    "hoth-batch.jsonl",
                    "application/x-ndjson",
                    &batch::to_json_lines(&rows),
                );
            }
        })
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let distinct = |get: &dyn Fn(&Row) -> String| {
        let mut values: Vec<String> = rows.iter().map(get).collect();
        values.sort();
        values.dedup();
        values
    };
    let show_results = !batch.running && !rows.is_empty();
    let (policies, pathways, levels) = if show_results {
        (
            distinct(&|r| r.policy.clone()),
            distinct(&|r| r.pathway.clone()),
            distinct(&|r| r.level.clone()),
        )
    } else {
        Default::default()
    };
    let matching: Vec<&Row> = if show_results {
        rows.iter()
            .filter(|r| filter_policy.is_empty() || r.policy == *filter_policy)
            .filter(|r| filter_pathway.is_empty() || r.pathway == *filter_pathway)
            .filter(|r| filter_level.is_empty() || r.level == *filter_level)
            .filter(|r| !*invalid_only || !r.valid)
            .collect()
    } else {
        Vec::new()
    };
    let options = |values: &[String], chosen: &str, empty: &str| {
        html! {
            <>
                <option value="" selected={chosen.is_empty()}>{ "any" }</option>
                { for values.iter().map(|v| html! {
                    <option value={v.clone()} selected={chosen == v}>{ if v.is_empty() { empty.to_owned() } else { v.clone() } }</option>
                }) }
            </>
        }
    };
    let status = if batch.running {
        format!(
            "Routing {}: {} of {} referrals",
            batch.what, batch.done, batch.total
        )
    } else if let Some(message) = &batch.message {
        message.clone()
    } else if let Some(ms) = batch.elapsed_ms {
        format!(
            "Routed {}: {} referrals, {} rows, in {:.0} ms.",
            batch.what,
            batch.total,
            rows.len(),
            ms
        )
    } else {
        String::new()
    };
    let elapsed = batch.elapsed_ms.map(|ms| format!("{ms:.1}"));
    html! {
        <section class="panel" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ "5. Batch" }</h2>
            <p>{ "Route a whole file of referrals under the policies chosen above, in the background. A batch file is a JSON array of referrals or JSON Lines (one referral per line)." }</p>
            <div class="grid">
                <div class="field">
                    <label for="batch-file">{ "Batch file (.json or .jsonl)" }</label>
                    <input type="file" id="batch-file" accept=".json,.jsonl,.ndjson,application/json" ref={file_input} />
                    <button type="button" class="button" id="batch-run-file" onclick={run_file} disabled={batch.running}>{ "Route the file" }</button>
                </div>
                <fieldset class="field synth">
                    <legend>{ "Or synthetic referrals (made up, valid; the same seed gives the same set)" }</legend>
                    <label for="synth-seed">{ "Seed" }</label>
                    <input type="text" inputmode="numeric" id="synth-seed" class="short" value={(*seed).clone()}
                        oninput={{ let seed = seed.clone(); Callback::from(move |e: InputEvent| seed.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} />
                    <label for="synth-count">{ "How many" }</label>
                    <input type="text" inputmode="numeric" id="synth-count" class="short" value={(*count).clone()}
                        oninput={{ let count = count.clone(); Callback::from(move |e: InputEvent| count.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} />
                    <div class="buttons">
                        <button type="button" class="button" id="synth-run" onclick={run_synth} disabled={batch.running}>{ "Route synthetic referrals" }</button>
                        <button type="button" class="button button--secondary" id="synth-download" onclick={download_synth}>{ "Download them (JSON Lines)" }</button>
                    </div>
                </fieldset>
            </div>
            if let Some(p) = &*problem { <p class="error" role="alert" id="batch-problem">{ p }</p> }
            <div class="progress-row">
                <progress id="batch-progress" aria-label="Batch progress" max={batch.total.max(1).to_string()} value={batch.done.to_string()} />
                <button type="button" class="button button--warning" id="batch-cancel" onclick={cancel} disabled={!batch.running}>{ "Cancel" }</button>
            </div>
            <p id="batch-status" role="status" data-state={if batch.running { "running" } else if batch.elapsed_ms.is_some() { "done" } else { "idle" }} data-elapsed-ms={elapsed}>{ status }</p>
            if show_results {
                <div class="results" id="batch-results">
                    <div class="buttons">
                        <button type="button" class="button" id="export-csv" onclick={export(true)}>{ "Export CSV" }</button>
                        <button type="button" class="button" id="export-jsonl" onclick={export(false)}>{ "Export JSON Lines" }</button>
                    </div>
                    <div class="filters grid">
                        <div class="field"><label for="filter-policy">{ "Policy" }</label>
                            <select id="filter-policy" onchange={select(&filter_policy)}>{ options(&policies, &filter_policy, "") }</select></div>
                        <div class="field"><label for="filter-pathway">{ "Pathway" }</label>
                            <select id="filter-pathway" onchange={select(&filter_pathway)}>{ options(&pathways, &filter_pathway, "none") }</select></div>
                        <div class="field"><label for="filter-level">{ "Level" }</label>
                            <select id="filter-level" onchange={select(&filter_level)}>{ options(&levels, &filter_level, "not valid") }</select></div>
                        <div class="check">
                            <input type="checkbox" id="filter-invalid" checked={*invalid_only}
                                onchange={{ let invalid_only = invalid_only.clone(); Callback::from(move |_: Event| invalid_only.set(!*invalid_only)) }} />
                            <label for="filter-invalid">{ "Only referrals that are not valid" }</label>
                        </div>
                    </div>
                    <p id="batch-count">{ format!("{} matching rows{}", matching.len(), if matching.len() > SHOWN { format!(" (the first {SHOWN} shown; the exports have every row)") } else { String::new() }) }</p>
                    <div class="scroll" tabindex="0" role="region" aria-label="Batch results">
                        <table class="table table--compact" id="batch-table">
                            <thead><tr>
                                { for ["#", "Policy", "Valid", "Level", "Pathway", "Plan", "Outcomes", "Issues"].iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                            </tr></thead>
                            <tbody>
                                { for matching.iter().take(SHOWN).map(|r| html! {
                                    <tr class={classes!((!r.valid).then_some("invalid"))}>
                                        <td>{ r.index }</td><td>{ &r.policy }</td><td>{ if r.valid { "yes" } else { "no" } }</td>
                                        <td>{ &r.level }</td><td>{ &r.pathway }</td><td>{ &r.plan }</td>
                                        <td class="wrap">{ &r.outcomes }</td><td class="wrap">{ &r.issues }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </div>
            }
        </section>
    }
}
