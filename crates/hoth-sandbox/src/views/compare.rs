//! Panel 2: the decisions side by side, the differences marked.

use hoth_core::policy::OutcomeCode;
use hoth_core::{Decision, advice};
use yew::prelude::*;

use super::{EvalProps, IssueList};
use crate::engine::Column;

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
                        { row("level", "Screening level", diff.level, &|d| html! { <span data-code={d.level.code()}>{ advice::level(d.level) }</span> }) }
                        { row("pathway", "Pathway", diff.pathway, &|d| titled(d.pathway)) }
                        { row("plan", "Plan", diff.plan, &|d| titled(d.plan)) }
                        { row("outcomes", "Outcomes and due dates", !diff.outcomes.is_empty() || !diff.due.is_empty(), &|d| html! {
                            <ul class="outcomes">
                                { for d.outcomes.iter().map(|o| {
                                    let c = o.code.code().to_owned();
                                    let differs = diff.outcomes.contains(&c) || diff.due.contains(&c);
                                    html! {
                                        <li class={classes!(differs.then_some("differs"))} data-code={c.clone()}>
                                            <strong>{ advice::title(o) }</strong>
                                            <div>{ advice::who(o) }</div>
                                            if let Some(text) = advice::out_of_hours(o) { <div>{ text }</div> }
                                            <div class="muted"><code>{ &c }</code></div>
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

/// A pathway or plan by its plain title (its code in `data-code`), or "None".
fn titled(code: Option<OutcomeCode>) -> Html {
    match code {
        Some(code) => html! { <span data-code={code.code()}>{ code.title() }</span> },
        None => html! { "None" },
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
