//! "Save a copy to continue later" and "Continue from a saved copy": the draft as a file
//! locked with the referrer's passphrase, for save and return without a server.

use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, InputEvent, MouseEvent};
use yew::prelude::*;

use crate::browser::{self, crypto};
use crate::components::Store;
use crate::components::fields::Parts;
use crate::draft::copy::{MAX_FILE_BYTES, MIN_PASSPHRASE, file_name};
use crate::draft::{self, Draft, Read};
use crate::state::{Action, Notice};

/// A passphrase box, in the same markup as the form's fields.
fn password(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    autocomplete: &'static str,
    value: &UseStateHandle<String>,
    error: Option<&str>,
) -> Html {
    let oninput = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            value.set(input.value());
        })
    };
    let parts = Parts {
        id: id.to_owned(),
        label: label.into(),
        hint,
        error: error.map(str::to_owned),
    };
    parts.labelled(html! {
            <input
                class={classes!("govuk-input", "govuk-input--width-20", error.is_some().then_some("govuk-input--error"))}
                id={id}
                name={id}
                type="password"
                spellcheck="false"
                autocomplete={autocomplete}
                aria-describedby={parts.described_by()}
                value={(**value).clone()}
                {oninput}
            />
    })
}

/// Both panels, below the form.
#[component]
pub fn DraftTools() -> Html {
    html! {
        <div class="hoth-drafts hoth-no-print">
            <SaveCopy />
            <OpenCopy />
        </div>
    }
}

#[component]
fn SaveCopy() -> Html {
    let store = use_context::<Store>();
    let passphrase = use_state(String::new);
    let confirm = use_state(String::new);
    let error = use_state(|| None::<(&'static str, String)>);
    let status = use_state(String::new);
    let busy = use_state(|| false);
    let Some(store) = store else {
        return Html::default();
    };
    let onclick = {
        let (passphrase, confirm, error, status, busy) = (
            passphrase.clone(),
            confirm.clone(),
            error.clone(),
            status.clone(),
            busy.clone(),
        );
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            status.set(String::new());
            if passphrase.chars().count() < MIN_PASSPHRASE {
                error.set(Some((
                    "hoth-save-passphrase",
                    format!("Enter a passphrase of at least {MIN_PASSPHRASE} characters"),
                )));
                return;
            }
            if *passphrase != *confirm {
                error.set(Some((
                    "hoth-save-confirm",
                    "The passphrases do not match: enter the same passphrase twice".to_owned(),
                )));
                return;
            }
            error.set(None);
            busy.set(true);
            let plain = Draft {
                referral: store.answers.clone(),
                page: store.page,
                saved_at: browser::now_ms(),
            }
            .to_json();
            let name = file_name(store.today);
            let secret = (*passphrase).clone();
            let (status, busy, passphrase, confirm) = (
                status.clone(),
                busy.clone(),
                passphrase.clone(),
                confirm.clone(),
            );
            spawn_local(async move {
                let saved = match crypto::seal(&plain, &secret).await {
                    Some(sealed) => crypto::download(&name, &sealed.to_json()),
                    None => false,
                };
                status.set(if saved {
                    passphrase.set(String::new());
                    confirm.set(String::new());
                    format!("Your locked copy is downloading as {name}. To continue later, open this form, choose \u{201c}Continue from a saved copy\u{201d} and enter your passphrase.")
                } else {
                    "This browser could not make a locked copy. Keep this page open until you have sent the referral.".to_owned()
                });
                busy.set(false);
            });
        })
    };
    let error_for = |id: &str| {
        error
            .as_ref()
            .filter(|(at, _)| *at == id)
            .map(|(_, m)| m.as_str())
    };
    html! {
        <details class="govuk-details" id="hoth-save-copy">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ "Save a copy to continue later" }</span>
            </summary>
            <div class="govuk-details__text">
                <p class="govuk-body">
                    { "Download your answers as a file locked with a passphrase you choose. Nobody can open the file without the passphrase, and we cannot recover it for you. Do not keep the passphrase with the file." }
                </p>
                { password("hoth-save-passphrase", "Choose a passphrase", "At least 8 characters. A few unrelated words are easy to remember and hard to guess.", "new-password", &passphrase, error_for("hoth-save-passphrase")) }
                { password("hoth-save-confirm", "Enter the passphrase again", "", "new-password", &confirm, error_for("hoth-save-confirm")) }
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-save-download" aria-disabled={busy.then_some("true")} {onclick}>
                    { "Download a locked copy" }
                </button>
                <p class="govuk-body" role="status" id="hoth-save-status">{ (*status).clone() }</p>
            </div>
        </details>
    }
}

#[component]
fn OpenCopy() -> Html {
    let store = use_context::<Store>();
    let file = use_node_ref();
    let passphrase = use_state(String::new);
    let error = use_state(|| None::<(&'static str, String)>);
    let busy = use_state(|| false);
    let Some(store) = store else {
        return Html::default();
    };
    let onclick = {
        let (file, passphrase, error, busy) = (
            file.clone(),
            passphrase.clone(),
            error.clone(),
            busy.clone(),
        );
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            let chosen = file
                .cast::<HtmlInputElement>()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(chosen) = chosen else {
                error.set(Some((
                    "hoth-open-file",
                    "Select your saved copy".to_owned(),
                )));
                return;
            };
            if chosen.size() > MAX_FILE_BYTES {
                error.set(Some((
                    "hoth-open-file",
                    "The selected file must be smaller than 1 MB: it is not a saved copy of this form".to_owned(),
                )));
                return;
            }
            if passphrase.is_empty() {
                error.set(Some((
                    "hoth-open-passphrase",
                    "Enter the passphrase for this copy".to_owned(),
                )));
                return;
            }
            error.set(None);
            busy.set(true);
            let secret = (*passphrase).clone();
            let (error, busy, passphrase) = (error.clone(), busy.clone(), passphrase.clone());
            let store = store.clone();
            let file = file.clone();
            spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(chosen.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                let outcome = crypto::open(&text, &secret).await;
                busy.set(false);
                match outcome.map(|plain| draft::read(&plain, browser::now_ms(), None)) {
                    Ok(Read::Draft(copy)) => {
                        passphrase.set(String::new());
                        store.dispatch(Action::Load {
                            referral: copy.referral,
                            page: copy.page,
                            notice: Some(Notice::CopyOpened),
                        });
                    }
                    Ok(_) | Err(crypto::OpenError::NotACopy) => error.set(Some((
                        "hoth-open-file",
                        "The selected file is not a saved copy of this form".to_owned(),
                    ))),
                    Err(crypto::OpenError::WrongPassphrase) => {
                        error.set(Some((
                            "hoth-open-passphrase",
                            "The passphrase is not right for this copy: check it and try again"
                                .to_owned(),
                        )));
                        // Back to the passphrase, to type it again (its error is read with it).
                        if let Some(input) = file.cast::<web_sys::Element>() {
                            browser::focus_by_id(&input.into(), "hoth-open-passphrase");
                        }
                    }
                    Err(crypto::OpenError::Unavailable) => error.set(Some((
                        "hoth-open-file",
                        "This browser cannot open locked copies. Try an up-to-date browser."
                            .to_owned(),
                    ))),
                }
            });
        })
    };
    let error_for = |id: &str| {
        error
            .as_ref()
            .filter(|(at, _)| *at == id)
            .map(|(_, m)| m.as_str())
    };
    let file_error = error_for("hoth-open-file");
    html! {
        <details class="govuk-details" id="hoth-open-copy">
            <summary class="govuk-details__summary">
                <span class="govuk-details__summary-text">{ "Continue from a saved copy" }</span>
            </summary>
            <div class="govuk-details__text">
                <p class="govuk-body">{ "Open a copy you saved earlier. Its answers replace the ones on this form." }</p>
                <div class={classes!("govuk-form-group", file_error.is_some().then_some("govuk-form-group--error"))}>
                    <label class="govuk-label" for="hoth-open-file">{ "Your saved copy" }</label>
                    if let Some(message) = file_error {
                        <p class="govuk-error-message" id="hoth-open-file-error">
                            <span class="govuk-visually-hidden">{ "Error: " }</span>{ message.to_owned() }
                        </p>
                    }
                    <input
                        class={classes!("govuk-file-upload", file_error.is_some().then_some("govuk-file-upload--error"))}
                        id="hoth-open-file"
                        name="hoth-open-file"
                        type="file"
                        accept=".hoth"
                        aria-describedby={file_error.map(|_| "hoth-open-file-error")}
                        ref={file}
                    />
                </div>
                { password("hoth-open-passphrase", "Passphrase", "", "current-password", &passphrase, error_for("hoth-open-passphrase")) }
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-open-button" aria-disabled={busy.then_some("true")} {onclick}>
                    { "Open the copy" }
                </button>
            </div>
        </details>
    }
}
