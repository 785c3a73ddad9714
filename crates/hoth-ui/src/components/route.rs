//! The live route panel: level, pathway and plan, the next steps with due dates and their
//! citations ("Why?" opens the passage), notes for the MASH and safety-plan ideas. It shows
//! what the core decided for the referral as it stands, updated on every change.

use hoth_core::Level;
use hoth_core::advice::{self, Part};
use hoth_core::decision::{Decision, Outcome};
use hoth_core::policy::Strength;
use web_sys::MouseEvent;
use yew::prelude::*;

use crate::components::{Headings, Store, use_headings};
use crate::form::level_label;

/// The GOV.UK tag colour for a level.
pub fn level_tag(level: Level) -> &'static str {
    match level {
        Level::None => "govuk-tag--grey",
        Level::Emerging => "govuk-tag--blue",
        Level::Moderate => "govuk-tag--orange",
        Level::Significant => "govuk-tag--red",
    }
}

#[derive(Properties, PartialEq)]
pub struct RouteProps {
    pub council: AttrValue,
    /// On the confirmation page: everything open, for reading and printing.
    #[prop_or_default]
    pub expanded: bool,
}

/// What the panel says of the route before the concerns are answered.
pub const WAITING: &str = "Answer the questions about what has happened and where it is happening to see a recommended route.";

/// Who decides: first in the panel, before any recommendation (the core's words, as in
/// `hoth route --format text`).
pub const WHO_DECIDES: &str = advice::RECOMMENDATION;

#[component]
pub fn RoutePanel(props: &RouteProps) -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let title = html! {
        <>
            { h.heading(2, "govuk-heading-m", Some(AttrValue::Static("hoth-route-title")), false, html! { <>{ "Recommended route" }</> }) }
            <p class="govuk-body hoth-route__who" id="hoth-route-who"><strong>{ WHO_DECIDES }</strong></p>
        </>
    };
    let pack = store.policy.pack();
    let source = html! {
        <p class="govuk-body-s hoth-route__disclaimer">
            { format!("A recommendation for {} from the guidance of {} (policy {} {}).", props.council, pack.name, pack.id, pack.version) }
        </p>
    };
    // Before the concerns are answered there is nothing to recommend: no level-1 route, no
    // "Must", no due date; the panel says what it needs first. So too on a blank form the
    // core has not been asked about yet (its first page, see `State::unchecked`).
    let waiting = store.unchecked || (store.route.is_some() && !store.concerns_answered());
    if waiting && !props.expanded {
        return html! {
            <aside class="hoth-route hoth-route--provisional" id="hoth-route" tabindex="-1" aria-labelledby="hoth-route-title" data-waiting="true" data-provisional="true">
                { title }
                <p class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">{ "Recommended route: not yet. " }{ WAITING }</p>
                <p class="govuk-body" id="hoth-route-waiting">{ WAITING }</p>
                { source }
            </aside>
        };
    }
    let Some(route) = store.route.as_ref() else {
        return html! {
            <aside class="hoth-route" id="hoth-route" tabindex="-1" aria-labelledby="hoth-route-title">
                { title }
                <p class="govuk-body">{ "The route cannot be worked out for this date. Contact the front door team." }</p>
            </aside>
        };
    };
    let decision = &route.decision;
    let pathway = decision.pathway.map(|p| p.code()).unwrap_or_default();
    let plan = decision.plan.map(|p| p.code()).unwrap_or_default();
    let status = format!(
        "{}{}. Pathway: {}.",
        if route.provisional {
            "Provisional route. Level: "
        } else {
            "Level: "
        },
        level_label(decision.level),
        decision.pathway.map_or("none yet", |p| p.title()),
    );
    html! {
        <aside
            class={classes!("hoth-route", route.provisional.then_some("hoth-route--provisional"))}
            id="hoth-route"
            tabindex="-1"
            aria-labelledby="hoth-route-title"
            data-level={decision.level.code()}
            data-pathway={pathway}
            data-plan={plan}
            data-provisional={route.provisional.to_string()}
        >
            { title }
            <p class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">{ status }</p>
            if route.provisional {
                <p class="govuk-body-s hoth-route__provisional">
                    { "Provisional: from what you have entered so far. It will change as you answer more questions." }
                </p>
            }
            <dl class="hoth-route__summary">
                <div class="hoth-route__row">
                    <dt>{ "Level" }</dt>
                    <dd>
                        <strong class={classes!("govuk-tag", level_tag(decision.level))} id="hoth-route-level">
                            { level_label(decision.level) }
                        </strong>
                    </dd>
                </div>
                <div class="hoth-route__row">
                    <dt>{ "Pathway" }</dt>
                    <dd id="hoth-route-pathway">{ decision.pathway.map_or("None yet", |p| p.title()) }</dd>
                </div>
                <div class="hoth-route__row">
                    <dt>{ "Plan, if the threshold is confirmed" }</dt>
                    <dd id="hoth-route-plan">{ decision.plan.map_or("None", |p| p.title()) }</dd>
                </div>
            </dl>
            if !decision.level_reasons.is_empty() {
                <ul class="govuk-list govuk-body-s hoth-route__level-reasons">
                    { for decision.level_reasons.iter().map(|r| html! { <li key={r.code.code()}>{ r.text.to_string() }</li> }) }
                </ul>
            }
            if let Some(turns18) = &decision.turns18 {
                <p class="govuk-body-s hoth-route__turns18">
                    { format!(
                        "The young person turns 18 on {}, before these steps are due: {}. The transition steps below apply.",
                        advice::long_date(&turns18.date),
                        turns18.steps.iter().map(|s| s.title()).collect::<Vec<_>>().join(", ")
                    ) }
                </p>
            }
            { steps(decision, &store.policy.pack().name, props.expanded, h) }
            { notes(decision, props.expanded, h) }
            { safety_plan(decision, props.expanded, h) }
            { source }
        </aside>
    }
}

/// A short line near the top of the form on narrow screens, where the panel comes after the
/// whole page: what the route is now, and a link that moves to the panel.
#[component]
pub fn RouteJump() -> Html {
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let now = match store.route.as_ref() {
        Some(route) if store.concerns_answered() => format!(
            "{}{}",
            if route.provisional {
                "provisional, "
            } else {
                ""
            },
            route
                .decision
                .pathway
                .map_or("no pathway yet", |p| p.title())
        ),
        _ => "answer the questions about the concerns first".to_owned(),
    };
    let onclick = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        if let Some(target) = e.target() {
            crate::browser::focus_and_show(&target, "hoth-route");
        }
    });
    html! {
        <p class="govuk-body-s hoth-route-jump hoth-no-print" id="hoth-route-jump">
            <span>{ format!("Recommended route: {now}. ") }</span>
            <a class="govuk-link" href="#hoth-route" id="hoth-route-jump-link" {onclick}>{ "See the recommendation" }</a>
        </p>
    }
}

/// The steps grouped by who acts, as `hoth_core::advice` groups them (the same words as
/// `hoth route --format text`): what you should do now, what the MASH will decide, what may
/// follow; within each group in the decision's order.
fn steps(decision: &Decision, council: &str, expanded: bool, h: Headings) -> Html {
    if decision.outcomes.is_empty() {
        return Html::default();
    }
    let parts = Part::ALL.into_iter().filter_map(|part| {
        let outcomes: Vec<&Outcome> = advice::steps(decision, part).collect();
        (!outcomes.is_empty()).then(|| {
            html! {
                <section class="hoth-part" key={part.heading()}>
                    { h.heading(3, "govuk-heading-s", None, false, html! { <>{ part.heading() }</> }) }
                    { outcome_list(&outcomes, council, expanded) }
                </section>
            }
        })
    });
    html! {
        <div id="hoth-route-steps">{ for parts }</div>
    }
}

/// Outcomes as a list, in the order given. The one place outcomes are drawn.
pub fn outcome_list(outcomes: &[&Outcome], council: &str, expanded: bool) -> Html {
    html! {
        <ol class="hoth-steps">
            { for outcomes.iter().enumerate().map(|(i, o)| step(o, i, council, expanded)) }
        </ol>
    }
}

fn step(outcome: &Outcome, index: usize, council: &str, expanded: bool) -> Html {
    let must = outcome.strength == Strength::Must;
    let why = html! {
        <>
            <p class="govuk-body-s">{ outcome.why.to_string() }</p>
            if let Some(cite) = &outcome.cite {
                <blockquote class="hoth-quote">{ format!("\u{201c}{}\u{201d}", cite.quote) }</blockquote>
                <p class="govuk-body-s hoth-cite">{ format!("{}, {}", cite.document, cite.section) }</p>
            } else {
                <p class="govuk-body-s hoth-cite">{ advice::source(outcome, council) }</p>
            }
        </>
    };
    html! {
        <li class="hoth-step" key={format!("{}-{index}", outcome.code.code())} data-code={outcome.code.code()} data-actor={outcome.actor.code()}>
            <p class="hoth-step__title">
                { advice::title(outcome) }
                { " " }
                <strong class={classes!("govuk-tag", if must { "govuk-tag--purple" } else { "govuk-tag--grey" })}>
                    { if must { "Will" } else { "May" } }
                </strong>
            </p>
            <p class="govuk-body-s hoth-step__due">{ advice::who(outcome) }</p>
            if let Some(text) = advice::out_of_hours(outcome) {
                <p class="govuk-body-s hoth-step__out-of-hours">{ text }</p>
            }
            if expanded {
                <div class="hoth-step__why">{ why }</div>
            } else {
                <details class="govuk-details hoth-details">
                    <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">
                            { "Why?" }<span class="govuk-visually-hidden">{ format!(" {}", outcome.title) }</span>
                        </span>
                    </summary>
                    <div class="govuk-details__text">{ why }</div>
                </details>
            }
        </li>
    }
}

fn notes(decision: &Decision, expanded: bool, h: Headings) -> Html {
    if decision.notes.is_empty() {
        return Html::default();
    }
    html! {
        <>
            { h.heading(3, "govuk-heading-s", None, false, html! { <>{ "For the front door team" }</> }) }
            <ul class="govuk-list hoth-notes">
                { for decision.notes.iter().map(|n| html! {
                    <li key={n.rule.to_string()}>
                        <p class="govuk-body-s">{ n.why.to_string() }</p>
                        if let (true, Some(cite)) = (expanded, &n.cite) {
                            <p class="govuk-body-s hoth-cite">{ format!("{}, {}", cite.document, cite.section) }</p>
                        }
                    </li>
                }) }
            </ul>
        </>
    }
}

fn safety_plan(decision: &Decision, expanded: bool, h: Headings) -> Html {
    if decision.safety_plan.is_empty() {
        return Html::default();
    }
    let themes = decision.safety_plan.iter().map(|theme| {
        let ideas = html! {
            <>
                <ul class="govuk-list govuk-list--bullet">
                    { for theme.ideas.iter().map(|i| html! { <li>{ i.clone() }</li> }) }
                </ul>
                <p class="govuk-body-s hoth-cite">{ format!("{}, {}", theme.cite.document, theme.cite.section) }</p>
            </>
        };
        if expanded {
            html! {
                <div key={theme.id.clone()}>
                    { h.heading(4, "govuk-heading-s", None, false, html! { <>{ theme.title.clone() }</> }) }
                    { ideas }
                </div>
            }
        } else {
            html! {
                <details class="govuk-details hoth-details" key={theme.id.clone()}>
                    <summary class="govuk-details__summary">
                        <span class="govuk-details__summary-text">{ theme.title.clone() }</span>
                    </summary>
                    <div class="govuk-details__text">{ ideas }</div>
                </details>
            }
        }
    });
    html! {
        <>
            { h.heading(3, "govuk-heading-s", None, false, html! { <>{ "Safety-plan ideas" }</> }) }
            <div class="hoth-safety" id="hoth-route-safety">{ for themes }</div>
        </>
    }
}
