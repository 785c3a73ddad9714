//! A question page: its sections from the form tables, rendered in order.

use web_sys::{Event, HtmlInputElement, MouseEvent};
use yew::prelude::*;

use crate::components::fields::{FieldView, Parts, radios};
use crate::components::{Headings, Store, use_headings};
use crate::form::{self, Choice, HARM_TYPES, ListSpec, Section};
use crate::pages::screening::ScreeningSection;
use crate::state::Action;
use crate::state::path::{self, field_id};

/// The questions of the current page.
#[component]
pub fn Questions() -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let sections = store.page.sections().iter().map(|section| match section {
        Section::Fields { heading, fields } => html! {
            <>
                if let Some(heading) = heading {
                    { h.heading(2, "govuk-heading-m", None, false, html! { <>{ *heading }</> }) }
                }
                { for fields.iter().map(|f| html! { <FieldView field={f} key={f.path} /> }) }
            </>
        },
        Section::ChildDates => child_dates(&store),
        Section::PredominantHarm => predominant_harm(&store),
        Section::List(spec) => list(&store, spec, h),
        Section::Screening => html! { <ScreeningSection /> },
    });
    html! { <>{ for sections }</> }
}

fn child_dates(store: &Store) -> Html {
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            store.dispatch(Action::SetUnborn(input.checked()));
        })
    };
    let date = if store.unborn {
        &form::DUE_DATE
    } else {
        &form::DATE_OF_BIRTH
    };
    html! {
        <>
            <FieldView field={date} key={date.path} />
            <div class="govuk-form-group">
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id="hoth-child-unborn" name="hoth-child-unborn" type="checkbox" checked={store.unborn} {onchange} />
                        <label class="govuk-label govuk-checkboxes__label" for="hoth-child-unborn">
                            { "The baby has not been born yet" }
                        </label>
                    </div>
                </div>
            </div>
        </>
    }
}

/// The main type of harm, from the types ticked above (only shown once one is ticked).
fn predominant_harm(store: &Store) -> Html {
    let ticked = path::list(&store.answers, "concerns.harmTypes");
    let choices: Vec<Choice> = HARM_TYPES
        .iter()
        .filter(|c| ticked.iter().any(|t| t.as_str() == Some(c.code)))
        .map(|c| Choice { hint: None, ..*c })
        .collect();
    let path = "concerns.predominantHarm";
    if choices.is_empty() && store.error_for(path).is_none() {
        return Html::default();
    }
    // Asked of everyone; whether it is required is the policy's business (the core says).
    let parts = Parts {
        id: field_id(path),
        label: "Which of these is the main type of harm?".into(),
        hint: "The harm you are most worried about",
        error: store.error_for(path).map(|i| i.message.clone()),
    };
    radios(store, path, &parts, &choices, false)
}

fn list(store: &Store, spec: &'static ListSpec, h: Headings) -> Html {
    let items = path::list(&store.answers, spec.path).len();
    let add = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::AddItem(spec.path.to_owned())))
    };
    let entries = (0..items).map(|index| {
        let prefix = format!("{}[{index}].", spec.path);
        let title = format!("{} {}", spec.item, index + 1);
        let heading_id = crate::state::item_heading_id(spec.path, index);
        let remove = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| {
                store.dispatch(Action::RemoveItem {
                    list: spec.path.to_owned(),
                    index,
                })
            })
        };
        html! {
            <div class="hoth-list-item" key={index}>
                { h.heading(3, "govuk-heading-s", Some(heading_id.into()), true, title.clone().into()) }
                { for spec.fields.iter().map(|f| html! { <FieldView field={f} prefix={prefix.clone()} key={f.path} /> }) }
                <button type="button" class="govuk-button govuk-button--secondary hoth-remove" id={format!("{}-{index}-remove", field_id(spec.path))} onclick={remove}>
                    { "Remove" }<span class="govuk-visually-hidden">{ format!(" {}", title.to_ascii_lowercase()) }</span>
                </button>
            </div>
        }
    });
    let list_heading_id = format!("{}-heading", field_id(spec.path));
    html! {
        <section class="hoth-list" aria-labelledby={list_heading_id.clone()}>
            { h.heading(2, "govuk-heading-m", Some(list_heading_id.clone().into()), false, spec.heading.into()) }
            <p class="govuk-hint">{ spec.hint }</p>
            { for entries }
            <button type="button" class="govuk-button govuk-button--secondary" id={format!("{}-add", field_id(spec.path))} onclick={add}>
                { spec.add }
            </button>
        </section>
    }
}
