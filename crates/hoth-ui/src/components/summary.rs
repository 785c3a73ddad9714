//! The answers, page by page, as GOV.UK summary cards: on check-your-answers with a change
//! link back to each page, and on the confirmation page for reading and printing.

use hoth_core::screening::Catalogue;
use serde_json::Value;
use web_sys::MouseEvent;
use yew::prelude::*;

use crate::components::{Store, long_date, use_headings};
use crate::form::{self, Field, Kind, Page, Section, YES_NO, choice_label, level_label};
use crate::state::{State, path};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// Show "Change" links (check-your-answers) or not (confirmation).
    #[prop_or_default]
    pub change_links: bool,
    /// The rank of each card's heading below the page heading (2 on check your answers, 3
    /// under "Your answers" on the confirmation).
    #[prop_or(2)]
    pub rank: u8,
}

#[component]
pub fn AnswersSummary(props: &SummaryProps) -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let cards = store.question_pages().into_iter().map(|page| {
        let change = props.change_links.then(|| {
            let onclick = {
                let store = store.clone();
                Callback::from(move |e: MouseEvent| {
                    e.prevent_default();
                    store.dispatch(crate::state::Action::Change(page));
                })
            };
            html! {
                <ul class="govuk-summary-card__actions">
                    <li class="govuk-summary-card__action">
                        <a class="govuk-link" href={format!("#hoth-page-{}", page.code())} id={format!("hoth-change-{}", page.code())} {onclick}>
                            { "Change" }<span class="govuk-visually-hidden">{ format!(" {}", page.title().to_ascii_lowercase()) }</span>
                        </a>
                    </li>
                </ul>
            }
        });
        html! {
            <div class="govuk-summary-card" key={page.code()}>
                <div class="govuk-summary-card__title-wrapper">
                    { h.heading(props.rank, "govuk-summary-card__title", None, false, html! { <>{ page.title() }</> }) }
                    { change.unwrap_or_default() }
                </div>
                <div class="govuk-summary-card__content">
                    <dl class="govuk-summary-list">{ rows(&store, page) }</dl>
                </div>
            </div>
        }
    });
    html! { <div class="hoth-summary">{ for cards }</div> }
}

fn row(key: &str, value: Html) -> Html {
    let key = key.to_owned();
    html! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{ key }</dt>
            <dd class="govuk-summary-list__value">{ value }</dd>
        </div>
    }
}

fn not_given() -> Html {
    html! { <span class="hoth-not-given">{ "Not given" }</span> }
}

/// The answer to a field, as a person reads it; `None` when not answered.
pub fn answer(state: &State, path: &str, field: &Field) -> Option<Html> {
    let value = path::get(&state.answers, path).filter(|v| !v.is_null())?;
    Some(match field.kind {
        Kind::Tick => match value {
            Value::Bool(true) => html! { "Yes" },
            _ => return None,
        },
        Kind::YesNo => match value {
            Value::Bool(b) => html! { choice_label(YES_NO, if *b { "yes" } else { "no" }) },
            other => html! { crate::json_text(other) },
        },
        Kind::Radios(choices) => {
            html! { choice_label(choices, &path::text(&state.answers, path)).to_owned() }
        }
        Kind::Checkboxes(choices) => {
            let items = path::list(&state.answers, path);
            if items.is_empty() {
                return None;
            }
            html! {
                <ul class="govuk-list">
                    { for items.iter().filter_map(Value::as_str).map(|c| html! { <li>{ choice_label(choices, c).to_owned() }</li> }) }
                </ul>
            }
        }
        Kind::Date => html! { long_date(&path::text(&state.answers, path)) },
        _ => html! { <span class="hoth-pre">{ path::text(&state.answers, path) }</span> },
    })
}

fn field_rows(state: &State, prefix: &str, fields: &'static [Field]) -> Vec<Html> {
    fields
        .iter()
        .filter(|f| f.shown(&state.answers, prefix))
        .map(|f| {
            let path = format!("{prefix}{}", f.path);
            let value = answer(state, &path, f).unwrap_or_else(not_given);
            row(f.label, value)
        })
        .collect()
}

fn rows(state: &State, page: Page) -> Html {
    let mut out = Vec::new();
    for section in page.sections() {
        match section {
            Section::Fields { fields, .. } => out.extend(field_rows(state, "", fields)),
            Section::ChildDates => {
                let field = if state.unborn {
                    &form::DUE_DATE
                } else {
                    &form::DATE_OF_BIRTH
                };
                out.extend(field_rows(state, "", std::slice::from_ref(field)));
            }
            Section::PredominantHarm => {
                let main = path::text(&state.answers, "concerns.predominantHarm");
                if !main.is_empty() {
                    out.push(row(
                        "Main type of harm",
                        html! { choice_label(form::HARM_TYPES, &main).to_owned() },
                    ));
                }
            }
            Section::List(spec) => {
                let items = path::list(&state.answers, spec.path);
                if items.is_empty() {
                    out.push(row(spec.heading, html! { "None" }));
                }
                for index in 0..items.len() {
                    let prefix = format!("{}[{index}].", spec.path);
                    let lines = spec.fields.iter().filter_map(|f| {
                        answer(state, &format!("{prefix}{}", f.path), f)
                            .map(|v| html! { <li><span class="hoth-summary__label">{ format!("{}: ", f.label) }</span>{ v }</li> })
                    });
                    out.push(row(
                        &format!("{} {}", spec.item, index + 1),
                        html! { <ul class="govuk-list">{ for lines }</ul> },
                    ));
                }
            }
            Section::Screening => out.extend(screening_rows(state)),
        }
    }
    out.into_iter().collect()
}

fn screening_rows(state: &State) -> Vec<Html> {
    let catalogue = Catalogue::builtin();
    let ticked: Vec<&str> = path::list(&state.answers, "hoth.indicators")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let signs = if ticked.is_empty() {
        html! { "None" }
    } else {
        html! {
            <ul class="govuk-list govuk-list--bullet">
                { for ticked.iter().map(|id| html! {
                    <li>{ catalogue.get(id).map_or_else(|| (*id).to_owned(), |i| i.question.clone()) }</li>
                }) }
            </ul>
        }
    };
    let mut out = vec![
        row(
            "Level from the screening tool",
            html! { level_label(state.levels.computed) },
        ),
        row("Signs you said yes to", signs),
    ];
    out.extend(field_rows(
        state,
        "",
        &[form::MISSING_EPISODES, form::SCREENING_COMPLETED],
    ));
    let judged = path::text(&state.answers, "hoth.professionalJudgement.level");
    if !judged.is_empty() {
        let level = hoth_core::Level::from_code(&judged)
            .map_or(judged.clone(), |l| level_label(l).to_owned());
        out.push(row(
            "Level after your professional judgement",
            html! { level },
        ));
        out.extend(field_rows(
            state,
            "",
            std::slice::from_ref(&form::JUDGEMENT_REASON),
        ));
    }
    out
}
