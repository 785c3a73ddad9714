//! Reusable pieces of the wizard: fields, the error summary, notices, the 999 panel, the
//! route panel and the answers summary. They read the [`Store`] from context.

pub mod drafts;
pub mod fields;
pub mod route;
pub mod summary;

use chrono::{Datelike, NaiveDate};
use web_sys::MouseEvent;
use yew::prelude::*;

use crate::browser;
use crate::form::Page;
use crate::state::path::{field_id, without_index};
use crate::state::{Action, Notice, State};

/// The state and its dispatcher, shared through context.
pub type Store = UseReducerHandle<State>;

/// "10 March 2026" from "2026-03-10"; the text itself when it is not a date.
pub fn long_date(text: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match hoth_core::validation::checks::date(text) {
        Some(date) => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
        None => text.to_owned(),
    }
}

/// "Tuesday 10 March 2026".
pub fn day_and_date(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    format!(
        "{} {}",
        DAYS[date.weekday().num_days_from_monday() as usize],
        long_date(&date.to_string())
    )
}

/// The GOV.UK error summary: focused after a failed Continue, each error a link that moves
/// focus to its field (on check-your-answers, to the page of the field).
#[component]
pub fn ErrorSummary() -> Html {
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    if store.errors.is_empty() {
        return Html::default();
    }
    let on_check = store.page == Page::Check;
    let items = store.errors.iter().map(|issue| {
        let path = issue.path.clone();
        let href = format!("#{}", field_id(without_index(&path)));
        let onclick = {
            let store = store.clone();
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                if on_check {
                    store.dispatch(Action::ChangeField(path.clone()));
                } else if let Some(target) = e.target() {
                    browser::focus_field(&target, &path);
                }
            })
        };
        html! { <li><a {href} {onclick}>{ issue.message.clone() }</a></li> }
    });
    html! {
        <div class="govuk-error-summary" id="hoth-error-summary" tabindex="-1" aria-labelledby="hoth-error-summary-title">
            <div role="alert">
                <h2 class="govuk-error-summary__title" id="hoth-error-summary-title">{ "There is a problem" }</h2>
                <div class="govuk-error-summary__body">
                    <ul class="govuk-list govuk-error-summary__list">{ for items }</ul>
                </div>
            </div>
        </div>
    }
}

/// Shown first, above everything else, whenever the referrer says the child is in immediate
/// danger.
#[component]
pub fn DangerPanel() -> Html {
    html! {
        <div class="hoth-danger" id="hoth-danger" role="alert">
            <h2 class="hoth-danger__title">{ "Call 999 now" }</h2>
            <p class="hoth-danger__body">
                { "The child is in immediate danger. Call the police on 999 before you do anything else. " }
                { "You can finish this referral afterwards: your answers are kept." }
            </p>
            <p class="hoth-danger__body">
                { "If you cannot speak, call 999 and press 55 when asked, or text 999 if you have registered for emergency SMS." }
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Notice,
    pub on_start_again: Callback<MouseEvent>,
    pub on_dismiss: Callback<MouseEvent>,
}

/// A notification banner about the draft or the device.
#[component]
pub fn NoticeBanner(props: &NoticeProps) -> Html {
    let (title, body, start_again) = match props.notice {
        Notice::DraftRestored => (
            "We restored your draft",
            "Your answers from earlier on this device are filled in. If this is not your referral, or you want to start with an empty form, start again.",
            true,
        ),
        Notice::DraftSetAside => (
            "We could not restore your draft",
            "A draft kept on this device could not be read, so we have set it aside and started an empty form.",
            false,
        ),
        Notice::DraftExpired => (
            "Your draft was deleted",
            "Drafts kept on this device are deleted after 72 hours, so we have started an empty form.",
            false,
        ),
        Notice::StorageUnavailable => (
            "Your answers cannot be saved on this device",
            "This browser is not letting the form keep a draft. Keep this page open until you have sent the referral, or save a copy to continue later.",
            false,
        ),
        Notice::CopyOpened => (
            "We opened your saved copy",
            "Check the answers from your saved copy before you send the referral.",
            true,
        ),
    };
    let warning = matches!(
        props.notice,
        Notice::StorageUnavailable | Notice::DraftSetAside
    );
    html! {
        <div
            class={classes!("govuk-notification-banner", warning.then_some("hoth-notification-banner--warning"))}
            role="region"
            aria-labelledby="hoth-notice-title"
            id="hoth-notice"
        >
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="hoth-notice-title">
                    { if warning { "Important" } else { "Draft" } }
                </h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{ title }</p>
                <p class="govuk-body">{ body }</p>
                <div class="govuk-button-group">
                    if start_again {
                        <button type="button" class="govuk-button govuk-button--secondary" id="hoth-start-again" onclick={props.on_start_again.clone()}>
                            { "Start again" }
                        </button>
                    }
                    <button type="button" class="hoth-link-button" onclick={props.on_dismiss.clone()}>
                        { "Hide this message" }
                    </button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_gov_uk() {
        assert_eq!(long_date("2026-03-10"), "10 March 2026");
        assert_eq!(long_date("2026-3"), "2026-3");
        let date = NaiveDate::from_ymd_opt(2026, 3, 10).map(day_and_date);
        assert_eq!(date.as_deref(), Some("Tuesday 10 March 2026"));
    }
}
