//! Panel 3: each policy's rule trace, and the facts the rules read.

use hoth_core::Decision;
use yew::prelude::*;

use super::EvalProps;
use crate::engine::{self, Column};

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
