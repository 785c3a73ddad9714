//! Panel 4: load a council's own pack; its errors, or a regression run over its council's
//! scenarios.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::{StoreProps, read_file};
use crate::state::{Action, Regression, State};

/// Load a council's own pack: its errors, or a run over the scenarios of the council whose
/// rules it replaces.
#[function_component(PacksPanel)]
pub fn packs_panel(props: &StoreProps) -> Html {
    let store = &props.store;
    let on_pack = read_file(store, |name, text| Action::PackFile { name, text }, true);
    let loaded: Vec<_> = store
        .choices
        .iter()
        .filter(|c| c.source.is_some())
        .collect();
    html! {
        <section class="panel" aria-labelledby="packs-heading">
            <h2 id="packs-heading">{ "4. Check a policy pack" }</h2>
            <p>{ "Load a council's policy pack (JSON) to check it. A pack that loads is added to the policies above, and can be run over the scenarios of the council whose rules it replaces, to see which expected results it changes." }</p>
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
                    { for loaded.iter().map(|c| html! {
                        <LoadedPack key={c.key.clone()} store={store.clone()} pack={c.key.clone()} />
                    }) }
                </ul>
            }
            if let Some(run) = &store.regression {
                <RegressionView run={run.clone()} changes_only={store.changes_only} store={store.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LoadedProps {
    store: UseReducerHandle<State>,
    /// The choice's key (`file:<n>`).
    pack: String,
}

/// A loaded pack: which council's rules it replaces, and the button that runs it over that
/// council's scenarios.
#[function_component(LoadedPack)]
fn loaded_pack(props: &LoadedProps) -> Html {
    let store = &props.store;
    let councils = store.councils();
    let choice = store.choices.iter().find(|c| c.key == props.pack);
    let own = choice
        .map(|c| c.policy.id().to_owned())
        .filter(|id| councils.contains(id));
    let council = use_state(|| own.clone().unwrap_or_default());
    let problem = use_state(|| None::<String>);
    let Some(choice) = choice else {
        return html! {};
    };
    let id = props.pack.replace(':', "-");
    let on_council = {
        let council = council.clone();
        Callback::from(move |e: Event| {
            council.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let run = {
        let store = store.clone();
        let key = props.pack.clone();
        let council = council.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            if council.is_empty() {
                problem.set(Some(
                    "Choose the council whose rules this pack replaces.".to_owned(),
                ));
            } else {
                problem.set(None);
                store.dispatch(Action::Regression {
                    key: key.clone(),
                    council: (*council).clone(),
                });
            }
        })
    };
    html! {
        <li>
            <p>{ &choice.label }{ format!(": {} rules", choice.policy.pack().rules.len()) }</p>
            <div class="field">
                <label for={format!("against-{id}")}>{ "It replaces the rules of" }</label>
                <select id={format!("against-{id}")} onchange={on_council}>
                    <option value="" selected={council.is_empty()}>{ "Choose a council" }</option>
                    { for councils.iter().map(|c| html! {
                        <option value={c.clone()} selected={*c == *council}>{ council_name(c) }</option>
                    }) }
                </select>
            </div>
            <button type="button" class="button button--secondary" id={format!("regress-{id}")} onclick={run}>{ "Run on that council's scenarios" }</button>
            if let Some(p) = &*problem { <p class="error" role="alert">{ p }</p> }
            <RulesInWords
                id={format!("rules-{id}")}
                policy={choice.policy.clone()}
                fixtures={store.fixtures.clone()}
                council={if council.is_empty() { choice.policy.id().to_owned() } else { (*council).clone() }}
            />
        </li>
    }
}

/// A council's name from its scenario folder: the built-in pack's name, or the folder.
fn council_name(folder: &str) -> String {
    hoth_core::Policy::builtin(folder).map_or_else(|| folder.to_owned(), |p| p.pack().name.clone())
}

#[derive(Properties)]
struct RulesProps {
    id: String,
    policy: Rc<hoth_core::Policy>,
    fixtures: Rc<Vec<crate::library::Fixture>>,
    /// Whose scenarios name the rules: the council the pack replaces.
    council: String,
}

impl PartialEq for RulesProps {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.council == other.council
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
            .filter(|f| f.policy.as_deref() == Some(props.council.as_str()))
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
    run: Regression,
    changes_only: bool,
    store: UseReducerHandle<State>,
}

/// The scenarios' results under the pack: what changes, or all of them.
#[function_component(RegressionView)]
fn regression_view(props: &RegressionProps) -> Html {
    let run = &props.run;
    let changed = run.rows.iter().filter(|r| !r.changes.is_empty()).count();
    let shown: Vec<_> = run
        .rows
        .iter()
        .filter(|r| !props.changes_only || !r.changes.is_empty())
        .collect();
    let toggle = {
        let store = props.store.clone();
        let on = props.changes_only;
        Callback::from(move |_: Event| store.dispatch(Action::ChangesOnly(!on)))
    };
    let summary = match changed {
        0 => format!(
            "{}: it gives the expected result in all {} of {}'s scenarios.",
            run.label,
            run.rows.len(),
            council_name(&run.council)
        ),
        n => format!(
            "{}: {n} of {}'s {} scenarios get a different result from the one expected.",
            run.label,
            council_name(&run.council),
            run.rows.len()
        ),
    };
    html! {
        <div id="regression" data-council={run.council.clone()}>
            <p role="status">{ summary }</p>
            <div class="check">
                <input type="checkbox" id="changes-only" checked={props.changes_only} onchange={toggle} />
                <label for="changes-only">{ "Show only the scenarios whose result changes" }</label>
            </div>
            if shown.is_empty() {
                <p class="muted">{ "No scenario's result changes." }</p>
            } else {
                <div class="scroll" tabindex="0" role="region" aria-label="Regression results">
                    <table class="table table--compact">
                        <thead><tr><th scope="col">{ "Scenario" }</th><th scope="col">{ "What it exercises" }</th><th scope="col">{ "Result" }</th></tr></thead>
                        <tbody>
                            { for shown.iter().map(|r| html! {
                                <tr class={classes!((!r.changes.is_empty()).then_some("differs"))} data-scenario={r.key.clone()}>
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
            }
        </div>
    }
}
