//! Reusable pieces of the wizard: fields, the error summary, notices, the 999 panel, the
//! route panel and the answers summary. They read the [`Store`] from context.

pub mod drafts;
pub mod fields;
pub mod route;
pub mod summary;

use chrono::NaiveDate;
use web_sys::MouseEvent;
use yew::prelude::*;

use crate::browser;
use crate::form::Page;
use crate::state::path::{field_id, without_index};
use crate::state::{Action, Notice, State};

/// The state and its dispatcher, shared through context.
pub type Store = UseReducerHandle<State>;

/// The level of the page's own heading (the `heading-level` attribute: 1 by default, 2 when
/// the portal keeps its own `h1`). Every heading of the widget is ranked from it, so none is
/// skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headings(pub u8);

impl Default for Headings {
    fn default() -> Self {
        Headings(1)
    }
}

impl Headings {
    /// From the attribute: 1 to 5 (a page heading of 6 would leave no level below it).
    pub fn from_attribute(value: Option<&str>) -> Headings {
        Headings(
            value
                .and_then(|v| v.trim().parse::<u8>().ok())
                .filter(|l| (1..=5).contains(l))
                .unwrap_or(1),
        )
    }

    /// The tag of a heading of `rank` (1 for the page heading, 2 below it, ...).
    pub fn tag(self, rank: u8) -> String {
        format!("h{}", (self.0 + rank - 1).clamp(1, 6))
    }

    /// A heading of `rank`. Every heading of the widget is made here: a dynamic tag in
    /// `html!` expands to its own code at each use, which the wasm would carry 20 times.
    #[inline(never)]
    pub fn heading(
        self,
        rank: u8,
        class: &'static str,
        id: Option<AttrValue>,
        focusable: bool,
        children: Html,
    ) -> Html {
        html! {
            <@{self.tag(rank)} {class} {id} tabindex={focusable.then_some("-1")}>{ children }</@>
        }
    }
}

/// The headings' levels from context.
#[hook]
pub fn use_headings() -> Headings {
    use_context::<Headings>().unwrap_or_default()
}

/// "10 March 2026" from "2026-03-10"; the text itself when it is not a date (the core's
/// words for dates, `hoth_core::advice`).
pub fn long_date(text: &str) -> String {
    match hoth_core::validation::checks::date(text) {
        Some(date) => hoth_core::advice::day_month_year(date),
        None => text.to_owned(),
    }
}

/// "Tuesday 10 March 2026".
pub fn day_and_date(date: NaiveDate) -> String {
    hoth_core::advice::format_long(date)
}

/// The GOV.UK error summary: focused after a failed Continue, each error a link that moves
/// focus to its field (on check-your-answers, to the page of the field).
#[component]
pub fn ErrorSummary() -> Html {
    let h = use_headings();
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
        <div class="govuk-error-summary" id="hoth-error-summary" tabindex="-1">
            <div role="alert">
                { h.heading(2, "govuk-error-summary__title", Some(AttrValue::Static("hoth-error-summary-title")), false, html! { <>{ "There is a problem" }</> }) }
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
    let h = use_headings();
    html! {
        <div class="hoth-danger" id="hoth-danger" role="alert" tabindex="-1">
            { h.heading(2, "hoth-danger__title", None, false, html! { <>{ "Call 999 now" }</> }) }
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

/// A notification banner about the draft or the device. "Start again" asks first: it
/// deletes the answers.
#[component]
pub fn NoticeBanner(props: &NoticeProps) -> Html {
    let h = use_headings();
    let confirming = use_state(|| false);
    let question = use_node_ref();
    let start = use_node_ref();
    // Focus follows the question: to it when asked, back to "Start again" when kept.
    {
        let (question, start) = (question.clone(), start.clone());
        let asked = use_mut_ref(|| false);
        use_effect_with(*confirming, move |now| {
            let before = std::mem::replace(&mut *asked.borrow_mut(), *now);
            let target = if *now { question } else { start };
            if *now != before
                && let Some(el) = target.cast::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }
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
                { h.heading(2, "govuk-notification-banner__title", Some(AttrValue::Static("hoth-notice-title")), false, html! { <>{ if warning { "Important" } else { "Draft" } }</> }) }
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{ title }</p>
                <p class="govuk-body">{ body }</p>
                if *confirming {
                    <div class="hoth-confirm" id="hoth-start-again-confirm">
                        <p class="govuk-body hoth-confirm__question" id="hoth-start-again-question" tabindex="-1" ref={question}>
                            <strong>{ "Are you sure you want to start again? Your answers on this form will be deleted." }</strong>
                        </p>
                        <div class="govuk-button-group">
                            <button type="button" class="govuk-button govuk-button--warning" id="hoth-start-again-yes" onclick={props.on_start_again.clone()}>
                                { "Yes, delete my answers" }
                            </button>
                            <button type="button" class="govuk-button govuk-button--secondary" id="hoth-start-again-no" onclick={{
                                let confirming = confirming.clone();
                                Callback::from(move |_: MouseEvent| confirming.set(false))
                            }}>
                                { "No, keep my answers" }
                            </button>
                        </div>
                    </div>
                } else {
                    <div class="govuk-button-group">
                        if start_again {
                            <button type="button" class="govuk-button govuk-button--secondary" id="hoth-start-again" ref={start} onclick={{
                                let confirming = confirming.clone();
                                Callback::from(move |_: MouseEvent| confirming.set(true))
                            }}>
                                { "Start again" }
                            </button>
                        }
                        <button type="button" class="hoth-link-button" onclick={props.on_dismiss.clone()}>
                            { "Hide this message" }
                        </button>
                    </div>
                }
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
