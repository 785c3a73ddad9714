//! Form fields in the GOV.UK Design System's markup: label, hint, inline error, control.
//! Each reads its answer from the store and dispatches an [`Action`] when it changes.

use serde_json::{Value, json};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::Store;
use crate::form::{Choice, Field, Kind, YES_NO};
use crate::state::path::field_id;
use crate::state::{Action, number_value, text_value};

#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    pub field: &'static Field,
    /// Put before the field's (and its `when`'s) path: "" for a fixed field,
    /// "household[0]." for one in a list.
    #[prop_or_default]
    pub prefix: AttrValue,
}

/// Any question, by its kind. Hidden while its `when` condition does not hold.
#[component]
pub fn FieldView(props: &FieldProps) -> Html {
    let store = use_context::<Store>();
    let Some(store) = store else {
        return Html::default();
    };
    let field = props.field;
    let path = format!("{}{}", props.prefix, field.path);
    if !field.shown(&store.answers, &props.prefix) {
        return Html::default();
    }
    let label = AttrValue::Static(field.label);
    // A tick box is its own answer: "(optional)" would only add noise to its label.
    let label = if field.optional && field.kind != Kind::Tick {
        AttrValue::from(format!("{label} (optional)"))
    } else {
        label
    };
    let id = field_id(&path);
    let error = store.error_for(&path).map(|i| i.message.clone());
    let parts = Parts {
        id: id.clone(),
        label,
        hint: field.hint,
        error,
    };
    let text = |input_type, autocomplete, width, value_of| TextBox {
        input_type,
        autocomplete,
        width,
        numeric: false,
        value_of,
        tidy: None,
    };
    match field.kind {
        Kind::Text {
            autocomplete,
            width,
        } => {
            let autocomplete = (!autocomplete.is_empty()).then_some(autocomplete);
            text_input(
                &store,
                &path,
                &parts,
                text("text", autocomplete, width.class(), text_value),
            )
        }
        Kind::Email => text_input(
            &store,
            &path,
            &parts,
            text("email", Some("off"), "govuk-input--width-full", text_value),
        ),
        Kind::Phone => text_input(
            &store,
            &path,
            &parts,
            text("tel", Some("off"), "govuk-input--width-20", text_value),
        ),
        Kind::Number => text_input(
            &store,
            &path,
            &parts,
            TextBox {
                numeric: true,
                ..text("text", None, "govuk-input--width-3", number_value)
            },
        ),
        Kind::Postcode => text_input(
            &store,
            &path,
            &parts,
            TextBox {
                tidy: Some(crate::form::normalise_postcode),
                ..text("text", Some("off"), "govuk-input--width-10", text_value)
            },
        ),
        Kind::Area => text_area(&store, &path, &parts),
        Kind::Date => date_input(&store, &path, &parts),
        Kind::YesNo => radios(&store, &path, &parts, YES_NO, true),
        Kind::Radios(choices) => radios(&store, &path, &parts, choices, false),
        Kind::Checkboxes(choices) => checkboxes(&store, &path, &parts, choices),
        Kind::Tick => tick(&store, &path, &parts, field.label),
    }
}

/// What every field shows around its control.
pub struct Parts {
    pub id: String,
    pub label: AttrValue,
    pub hint: &'static str,
    pub error: Option<String>,
}

impl Parts {
    pub fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    pub fn group_class(&self) -> Classes {
        classes!(
            "govuk-form-group",
            self.error.is_some().then_some("govuk-form-group--error")
        )
    }

    pub fn hint_html(&self) -> Html {
        if self.hint.is_empty() {
            return Html::default();
        }
        html! { <div class="govuk-hint" id={format!("{}-hint", self.id)}>{ self.hint }</div> }
    }

    pub fn error_html(&self) -> Html {
        match &self.error {
            Some(message) => html! {
                <p class="govuk-error-message" id={format!("{}-error", self.id)}>
                    <span class="govuk-visually-hidden">{ "Error: " }</span>{ message.clone() }
                </p>
            },
            None => Html::default(),
        }
    }

    /// A single control with its label, hint and error.
    pub fn labelled(&self, control: Html) -> Html {
        html! {
            <div class={self.group_class()}>
                <label class="govuk-label" for={self.id.clone()}>{ self.label.clone() }</label>
                { self.hint_html() }
                { self.error_html() }
                { control }
            </div>
        }
    }

    /// Several controls in a fieldset whose legend is the question (`role="group"` for the
    /// date boxes, as GOV.UK does).
    pub fn fieldset(&self, group: bool, body: Html) -> Html {
        html! {
            <div class={self.group_class()}>
                <fieldset class="govuk-fieldset" role={group.then_some("group")} aria-describedby={self.described_by()}>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{ self.label.clone() }</legend>
                    { self.hint_html() }
                    { self.error_html() }
                    { body }
                </fieldset>
            </div>
        }
    }
}

/// How a one-line text box is typed and stored.
struct TextBox {
    input_type: &'static str,
    autocomplete: Option<&'static str>,
    width: &'static str,
    /// Whole numbers: a numeric keyboard, no spellcheck.
    numeric: bool,
    /// The stored value of what was typed.
    value_of: fn(&str) -> Option<Value>,
    /// How the answer is written once the box is left (postcodes).
    tidy: Option<fn(&str) -> String>,
}

fn set(store: &Store, path: &str, value: Option<Value>) {
    store.dispatch(Action::Set {
        path: path.to_owned(),
        value,
    });
}

fn text_input(store: &Store, path: &str, parts: &Parts, box_: TextBox) -> Html {
    let value_of = box_.value_of;
    let oninput = {
        let store = store.clone();
        let path = path.to_owned();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            set(&store, &path, value_of(&input.value()));
        })
    };
    let onchange = box_.tidy.map(|tidy| {
        let store = store.clone();
        let path = path.to_owned();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let tidied = tidy(&input.value());
            if tidied != input.value() {
                input.set_value(&tidied);
                set(&store, &path, value_of(&tidied));
            }
        })
    });
    let spellcheck =
        (box_.numeric || box_.input_type == "email" || box_.tidy.is_some()).then_some("false");
    parts.labelled(html! {
        <input
            class={classes!("govuk-input", box_.width, parts.error.is_some().then_some("govuk-input--error"))}
            id={parts.id.clone()}
            name={parts.id.clone()}
            type={box_.input_type}
            inputmode={box_.numeric.then_some("numeric")}
            autocomplete={box_.autocomplete}
            {spellcheck}
            aria-describedby={parts.described_by()}
            value={store.text(path)}
            {oninput}
            {onchange}
        />
    })
}

fn text_area(store: &Store, path: &str, parts: &Parts) -> Html {
    let oninput = {
        let store = store.clone();
        let path = path.to_owned();
        Callback::from(move |e: InputEvent| {
            let input: HtmlTextAreaElement = e.target_unchecked_into();
            set(&store, &path, text_value(&input.value()));
        })
    };
    parts.labelled(html! {
        <textarea
            class={classes!("govuk-textarea", parts.error.is_some().then_some("govuk-textarea--error"))}
            id={parts.id.clone()}
            name={parts.id.clone()}
            rows="5"
            aria-describedby={parts.described_by()}
            value={store.text(path)}
            {oninput}
        />
    })
}

fn date_input(store: &Store, path: &str, parts: &Parts) -> Html {
    let values = store.date_parts(path);
    let boxes = [
        ("Day", "day", 2),
        ("Month", "month", 2),
        ("Year", "year", 4),
    ];
    let error = parts.error.is_some();
    let items = boxes.iter().enumerate().map(|(part, (label, name, width))| {
        // The day box carries the field's id, so an error link lands on it.
        let id = if part == 0 {
            parts.id.clone()
        } else {
            format!("{}-{name}", parts.id)
        };
        let oninput = {
            let store = store.clone();
            let path = path.to_owned();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                store.dispatch(Action::SetDatePart {
                    path: path.clone(),
                    part,
                    text: input.value(),
                });
            })
        };
        html! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for={id.clone()}>{ *label }</label>
                    <input
                        class={classes!("govuk-input", "govuk-date-input__input", format!("govuk-input--width-{width}"), error.then_some("govuk-input--error"))}
                        id={id.clone()}
                        name={id}
                        type="text"
                        inputmode="numeric"
                        spellcheck="false"
                        value={values[part].clone()}
                        {oninput}
                    />
                </div>
            </div>
        }
    });
    parts.fieldset(
        true,
        html! { <div class="govuk-date-input">{ for items }</div> },
    )
}

/// The radio id of a choice: the first carries the field's id (for error links).
fn item_id(id: &str, index: usize) -> String {
    if index == 0 {
        id.to_owned()
    } else {
        format!("{id}-{}", index + 1)
    }
}

pub fn radios(store: &Store, path: &str, parts: &Parts, choices: &[Choice], yes_no: bool) -> Html {
    let current = store.text(path);
    let items = choices.iter().enumerate().map(|(index, &choice)| {
        let value = if yes_no {
            json!(choice.code == "yes")
        } else {
            json!(choice.code)
        };
        let checked = if yes_no {
            current == (choice.code == "yes").to_string()
        } else {
            current == choice.code
        };
        choice_item(path, parts, index, &choice, "radio", checked, {
            let store = store.clone();
            let path = path.to_owned();
            Callback::from(move |_: Event| set(&store, &path, Some(value.clone())))
        })
    });
    parts.fieldset(
        false,
        html! {
            <div class={classes!("govuk-radios", yes_no.then_some("govuk-radios--inline"))}>
                { for items }
            </div>
        },
    )
}

fn checkboxes(store: &Store, path: &str, parts: &Parts, choices: &'static [Choice]) -> Html {
    let ticked = crate::state::path::list(&store.answers, path).to_vec();
    let items = choices.iter().enumerate().map(|(index, choice)| {
        let checked = ticked.iter().any(|c| c.as_str() == Some(choice.code));
        choice_item(path, parts, index, choice, "checkbox", checked, {
            let store = store.clone();
            let path = path.to_owned();
            Callback::from(move |_: Event| {
                store.dispatch(Action::Toggle {
                    path: path.clone(),
                    code: choice.code.to_owned(),
                })
            })
        })
    });
    parts.fieldset(
        false,
        html! {
            <div class="govuk-checkboxes govuk-checkboxes--small">{ for items }</div>
        },
    )
}

/// One checkbox that is its own question: ticked keeps `true`, unticked removes the answer.
fn tick(store: &Store, path: &str, parts: &Parts, label: &'static str) -> Html {
    let checked =
        crate::state::path::get(&store.answers, path) == Some(&serde_json::Value::Bool(true));
    let onchange = {
        let store = store.clone();
        let path = path.to_owned();
        Callback::from(move |_: Event| {
            store.dispatch(Action::Set {
                path: path.clone(),
                value: (!checked).then_some(serde_json::Value::Bool(true)),
            })
        })
    };
    let choice = Choice {
        code: "true",
        label,
        hint: None,
    };
    html! {
        <div class="govuk-form-group">
            <div class="govuk-checkboxes govuk-checkboxes--small">
                { choice_item(path, parts, 0, &choice, "checkbox", checked, onchange) }
            </div>
        </div>
    }
}

/// One radio or checkbox with its label and hint.
pub fn choice_item(
    path: &str,
    parts: &Parts,
    index: usize,
    choice: &Choice,
    kind: &'static str,
    checked: bool,
    onchange: Callback<Event>,
) -> Html {
    let id = item_id(&parts.id, index);
    let block = if kind == "radio" {
        "govuk-radios"
    } else {
        "govuk-checkboxes"
    };
    let hint_id = choice.hint.map(|_| format!("{id}-item-hint"));
    html! {
        <div class={format!("{block}__item")}>
            <input
                class={format!("{block}__input")}
                id={id.clone()}
                name={field_id(path)}
                type={kind}
                value={choice.code}
                {checked}
                aria-describedby={hint_id.clone()}
                {onchange}
            />
            <label class={classes!("govuk-label", format!("{block}__label"))} for={id}>{ choice.label }</label>
            if let (Some(hint), Some(hint_id)) = (choice.hint, hint_id) {
                <div class={classes!("govuk-hint", format!("{block}__hint"))} id={hint_id}>{ hint }</div>
            }
        </div>
    }
}
