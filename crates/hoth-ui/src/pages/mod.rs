//! The wizard's pages: question pages (from the form tables), check your answers, and the
//! confirmation with its printable summary.

pub mod question;
pub mod screening;

use web_sys::{MouseEvent, SubmitEvent};
use yew::prelude::*;

use crate::browser;
use crate::components::drafts::DraftTools;
use crate::components::route::RoutePanel;
use crate::components::summary::AnswersSummary;
use crate::components::{ErrorSummary, Headings, Store, day_and_date, use_headings};
use crate::form::Page;
use crate::state::Action;
use question::Questions;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub council: AttrValue,
}

/// The step's heading. While the error summary shows, it starts "Error: " for screen readers
/// (as GOV.UK starts the page title), so the step and its state are read together.
fn heading(h: Headings, text: &str, error: bool) -> Html {
    let children = html! {
        <>
            if error {
                <span class="govuk-visually-hidden">{ "Error: " }</span>
            }
            { text.to_owned() }
        </>
    };
    h.heading(
        1,
        "govuk-heading-l",
        Some("hoth-heading".into()),
        true,
        children,
    )
}

/// A question page: caption, heading, questions and Continue, in a form so Enter continues.
#[component]
pub fn QuestionPage(props: &PageProps) -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let onsubmit = {
        let store = store.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            store.dispatch(Action::Continue);
        })
    };
    let pages = store.question_pages();
    let step = pages.iter().position(|p| *p == store.page).unwrap_or(0) + 1;
    html! {
        <>
            <ErrorSummary />
            <form class="hoth-form" novalidate=true {onsubmit} id={format!("hoth-page-{}", store.page.code())}>
                <span class="govuk-caption-l">{ format!("Step {step} of {}", pages.len()) }<span class="govuk-visually-hidden">{ format!(" of your referral to {}", props.council) }</span></span>
                { heading(h, store.page.title(), !store.errors.is_empty()) }
                <Questions />
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" id="hoth-continue">
                        { if store.checking { "Save and return to check your answers" } else { "Continue" } }
                    </button>
                </div>
            </form>
            <DraftTools />
        </>
    }
}

/// Check your answers: every page with a change link, then send.
#[component]
pub fn CheckPage() -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let onclick = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Submit))
    };
    let sending = store.sending.is_some();
    // Not sent: said plainly, with everything kept.
    let failed = store.send_error.as_ref().map(|message| {
        html! {
            <div class="govuk-error-summary hoth-send-error" id="hoth-send-error" tabindex="-1">
                <div role="alert">
                    { h.heading(2, "govuk-error-summary__title", None, false, html! { <>{ "Your referral has not been sent" }</> }) }
                    <div class="govuk-error-summary__body">
                        if !message.is_empty() {
                            <p class="govuk-body" id="hoth-send-error-message">{ message.clone() }</p>
                        }
                        <p class="govuk-body">
                            { "Your answers are kept on this page. Try sending it again. If it still does not send, phone the council's children's services front door. If a child is in immediate danger, call 999." }
                        </p>
                    </div>
                </div>
            </div>
        }
    });
    html! {
        <>
            <ErrorSummary />
            { failed.unwrap_or_default() }
            { heading(h, Page::Check.title(), !store.errors.is_empty()) }
            <AnswersSummary change_links=true />
            { h.heading(2, "govuk-heading-m", None, false, html! { <>{ "Now send your referral" }</> }) }
            <p class="govuk-body">
                { "By sending this referral you confirm that, to the best of your knowledge, the details you are giving are correct." }
            </p>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" id="hoth-submit" aria-disabled={sending.then_some("true")} {onclick}>
                    { if sending { "Sending your referral\u{2026}" } else { "Accept and send" } }
                </button>
            </div>
            <p class="govuk-body" role="status" id="hoth-send-status">
                { if sending { "Sending your referral. Keep this page open." } else { "" } }
            </p>
            <DraftTools />
        </>
    }
}

/// When the MASH will act, from the decision: the earliest "Must" with a due date (the same
/// day for a same-day strategy meeting), else the usual timescale.
pub fn when_the_mash_acts(state: &crate::state::State) -> String {
    use hoth_core::policy::Strength;
    let first = state.route.as_ref().and_then(|route| {
        route
            .decision
            .outcomes
            .iter()
            .filter(|o| o.strength == Strength::Must)
            .filter_map(|o| {
                let due = hoth_core::validation::checks::date(o.due.as_deref()?)?;
                Some((due, o.title.to_string(), o.out_of_hours))
            })
            .min_by_key(|(due, _, _)| *due)
    });
    match first {
        Some((due, what, out_of_hours)) if due <= state.today => format!(
            "The front door team (MASH) will act on your referral today. The guidance says: {} today.{} They may contact you for more information.",
            what.to_lowercase_first(),
            if out_of_hours {
                " Today is a weekend or bank holiday, so the council's out-of-hours (emergency duty) service acts on it."
            } else {
                ""
            }
        ),
        Some((due, what, _)) => format!(
            "The front door team (MASH) will look at your referral and decide what happens next. The guidance says: {} by {}. They may contact you for more information.",
            what.to_lowercase_first(),
            day_and_date(due)
        ),
        None => "The front door team (MASH) will look at your referral and decide what happens next, usually by the end of the next working day. They may contact you for more information.".to_owned(),
    }
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    /// "Strategy meeting" -> "strategy meeting" (a title read inside a sentence). The titles
    /// are hoth's own outcome titles, in English: an ASCII first letter is lowered and any
    /// other left as it is (Unicode's case tables would add several KB to the widget).
    fn to_lowercase_first(&self) -> String {
        let mut out = self.clone();
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        out
    }
}

/// The confirmation: the route with every reason open, and the answers, ready to print.
#[component]
pub fn ConfirmationPage(props: &PageProps) -> Html {
    let h = use_headings();
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let print = Callback::from(|_: MouseEvent| browser::print());
    let again = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::StartAgain))
    };
    let sent = store.sent.clone();
    let reference = sent
        .as_ref()
        .map(|s| s.reference.clone())
        .filter(|r| !r.is_empty());
    html! {
        <>
            <div class="govuk-panel govuk-panel--confirmation">
                { h.heading(1, "govuk-panel__title", Some(AttrValue::Static("hoth-heading")), true, html! { <>{ Page::Confirmation.title() }</> }) }
                <div class="govuk-panel__body">
                    { format!("Your referral has been sent to {}", props.council) }
                    if let Some(reference) = reference {
                        <br />{ "Your reference" }<br /><strong id="hoth-reference">{ reference }</strong>
                    }
                </div>
            </div>
            if let Some(sent) = sent {
                <p class="govuk-body" id="hoth-sent-at">{ format!("Sent on {}.", sent.at) }</p>
            }
            { h.heading(2, "govuk-heading-m", None, false, html! { <>{ "What happens next" }</> }) }
            <p class="govuk-body" id="hoth-next">{ when_the_mash_acts(&store) }</p>
            <p class="govuk-body">{ "If the child is in immediate danger, call 999." }</p>
            <div class="govuk-button-group hoth-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-print" onclick={print}>
                    { "Print this summary" }
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-another" onclick={again}>
                    { "Make another referral" }
                </button>
            </div>
            { h.heading(2, "govuk-heading-l", Some(AttrValue::Static("hoth-your-answers")), false, html! { <>{ "Your answers" }</> }) }
            <AnswersSummary rank=3 />
            <div class="hoth-print-route">
                <RoutePanel council={props.council.clone()} expanded=true />
            </div>
        </>
    }
}
