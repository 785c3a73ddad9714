//! The screening tool: the catalogue's plain questions grouped by category, the level the
//! core computes shown as it changes, and professional judgement that can only raise it.

use hoth_core::Level;
use hoth_core::screening::Catalogue;
use serde_json::json;
use web_sys::Event;
use yew::prelude::*;

use crate::components::fields::{FieldView, Parts, choice_item};
use crate::components::route::level_tag;
use crate::components::{Headings, Store, use_headings};
use crate::form::{self, Choice, level_label};
use crate::state::Action;
use crate::state::path::{self, field_id};

const INDICATORS: &str = "hoth.indicators";
const JUDGEMENT: &str = "hoth.professionalJudgement";
const JUDGEMENT_LEVEL: &str = "hoth.professionalJudgement.level";

#[component]
pub fn ScreeningSection() -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let catalogue = Catalogue::builtin();
    let ticked = path::list(&store.answers, INDICATORS);
    let error = store.error_for(INDICATORS).map(|i| i.message.clone());
    let mut first = true;
    let categories = catalogue.categories.iter().map(|category| {
        let items = catalogue
            .indicators
            .iter()
            .filter(|i| i.category == category.id)
            .map(|indicator| {
                // The first checkbox of the tool carries the id error links go to.
                let id = if std::mem::take(&mut first) {
                    field_id(INDICATORS)
                } else {
                    format!("hoth-indicator-{}", indicator.id)
                };
                let checked = ticked.iter().any(|t| t.as_str() == Some(indicator.id.as_str()));
                let onchange = {
                    let store = store.clone();
                    let code = indicator.id.clone();
                    Callback::from(move |_: Event| {
                        store.dispatch(Action::Toggle {
                            path: INDICATORS.to_owned(),
                            code: code.clone(),
                        })
                    })
                };
                html! {
                    <div class="govuk-checkboxes__item" key={indicator.id.clone()}>
                        <input class="govuk-checkboxes__input" id={id.clone()} name={format!("hoth-indicator-{}", indicator.id)} type="checkbox" value={indicator.id.clone()} {checked} {onchange} />
                        <label class="govuk-label govuk-checkboxes__label" for={id}>{ indicator.question.clone() }</label>
                    </div>
                }
            })
            .collect::<Html>();
        html! {
            <div class="govuk-form-group" key={category.id.code()}>
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                        { h.heading(2, "govuk-fieldset__heading", None, false, html! { <>{ category.title.clone() }</> }) }
                    </legend>
                    <div class="govuk-checkboxes govuk-checkboxes--small">{ items }</div>
                </fieldset>
            </div>
        }
    });
    let levels = store.levels;
    html! {
        <>
            <p class="govuk-body">
                { "Tick each sign you have seen or been told about. If you are not sure, leave it unticked and say more in what has happened." }
            </p>
            <div class="hoth-level" id="hoth-screening-level" data-level={levels.computed.code()}>
                <p class="govuk-body hoth-level__text" aria-live="polite" aria-atomic="true">
                    { "Level from the screening tool: " }
                    <strong class={classes!("govuk-tag", level_tag(levels.computed))}>{ level_label(levels.computed) }</strong>
                </p>
                if levels.floor_applied {
                    <p class="govuk-body-s">
                        { "At least moderate: the child is under 13 or has SEND, and you ticked a sign of grooming or sexual harm." }
                    </p>
                }
            </div>
            <div class={classes!("govuk-form-group", error.is_some().then_some("govuk-form-group--error"))}>
                if let Some(message) = error {
                    <p class="govuk-error-message" id="hoth-hoth-indicators-error">
                        <span class="govuk-visually-hidden">{ "Error: " }</span>{ message }
                    </p>
                }
                { for categories }
            </div>
            <FieldView field={&form::MISSING_EPISODES} />
            { judgement(&store, h) }
            <FieldView field={&form::SCREENING_COMPLETED} />
        </>
    }
}

/// "Does your professional judgement put the level higher?": the computed level, or any
/// level above it, with a reason.
fn judgement(store: &Store, h: Headings) -> Html {
    let computed = store.levels.computed;
    let judged = path::text(&store.answers, JUDGEMENT_LEVEL);
    let judged_level = Level::from_code(&judged);
    let choices: Vec<Choice> = Level::ALL
        .iter()
        .filter(|l| **l >= computed || Some(**l) == judged_level)
        .map(|l| Choice {
            code: l.code(),
            label: level_label(*l),
            hint: (*l == computed).then_some("The screening tool's level"),
        })
        .collect();
    let current = judged_level.unwrap_or(computed);
    let parts = Parts {
        id: field_id(JUDGEMENT_LEVEL),
        label: "What level do you think it is?".into(),
        hint: "Your professional judgement can raise the level, but not lower it. If you raise it, say why.",
        error: store.error_for(JUDGEMENT_LEVEL).map(|i| i.message.clone()),
    };
    let items = choices.iter().enumerate().map(|(index, choice)| {
        let level = Level::from_code(choice.code).unwrap_or(computed);
        let onchange = {
            let store = store.clone();
            Callback::from(move |_: Event| {
                let action = if level == store.levels.computed {
                    Action::Set {
                        path: JUDGEMENT.to_owned(),
                        value: None,
                    }
                } else {
                    Action::Set {
                        path: JUDGEMENT_LEVEL.to_owned(),
                        value: Some(json!(level.code())),
                    }
                };
                store.dispatch(action);
            })
        };
        choice_item(
            JUDGEMENT_LEVEL,
            &parts,
            index,
            choice,
            "radio",
            level == current,
            onchange,
        )
    });
    html! {
        <>
            { h.heading(2, "govuk-heading-m", None, false, html! { <>{ "Your professional judgement" }</> }) }
            { parts.fieldset(false, html! { <div class="govuk-radios">{ for items }</div> }) }
            if judged_level.is_some() {
                <div class="govuk-radios__conditional">
                    <FieldView field={&form::JUDGEMENT_REASON} />
                </div>
            }
        </>
    }
}
