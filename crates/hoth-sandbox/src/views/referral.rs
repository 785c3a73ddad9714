//! Panel 1: load, paste or pick a referral; its issues as you type; the date and the policies.

use chrono::NaiveDate;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{EvalProps, IssueList, StoreProps, read_file};
use crate::state::Action;

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
    let on_file = read_file(store, |name, text| Action::Opened { name, text }, false);
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
