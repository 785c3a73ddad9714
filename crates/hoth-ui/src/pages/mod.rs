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
use crate::components::{ErrorSummary, Store};
use crate::form::Page;
use crate::state::Action;
use question::Questions;

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub council: AttrValue,
}

fn heading(text: &str) -> Html {
    html! { <h1 class="govuk-heading-l" id="hoth-heading" tabindex="-1">{ text.to_owned() }</h1> }
}

/// A question page: caption, heading, questions and Continue, in a form so Enter continues.
#[component]
pub fn QuestionPage(props: &PageProps) -> Html {
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
                { heading(store.page.title()) }
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
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let onclick = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::Submit))
    };
    html! {
        <>
            <ErrorSummary />
            { heading(Page::Check.title()) }
            <AnswersSummary change_links=true />
            <h2 class="govuk-heading-m">{ "Now send your referral" }</h2>
            <p class="govuk-body">
                { "By sending this referral you confirm that, to the best of your knowledge, the details you are giving are correct." }
            </p>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" id="hoth-submit" {onclick}>{ "Accept and send" }</button>
            </div>
            <DraftTools />
        </>
    }
}

/// The confirmation: the route with every reason open, and the answers, ready to print.
#[component]
pub fn ConfirmationPage(props: &PageProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return Html::default();
    };
    let print = Callback::from(|_: MouseEvent| browser::print());
    let again = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::StartAgain))
    };
    html! {
        <>
            <div class="govuk-panel govuk-panel--confirmation">
                <h1 class="govuk-panel__title" id="hoth-heading" tabindex="-1">{ Page::Confirmation.title() }</h1>
                <div class="govuk-panel__body">{ format!("Your referral has been sent to {}", props.council) }</div>
            </div>
            <h2 class="govuk-heading-m">{ "What happens next" }</h2>
            <p class="govuk-body">
                { "The front door team (MASH) will look at your referral and decide what happens next, usually by the end of the next working day. They may contact you for more information." }
            </p>
            <p class="govuk-body">{ "If the child is in immediate danger, call 999." }</p>
            <div class="govuk-button-group hoth-no-print">
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-print" onclick={print}>
                    { "Print this summary" }
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" id="hoth-another" onclick={again}>
                    { "Make another referral" }
                </button>
            </div>
            <RoutePanel council={props.council.clone()} expanded=true />
            <h2 class="govuk-heading-l hoth-print-break">{ "Your answers" }</h2>
            <AnswersSummary />
        </>
    }
}
