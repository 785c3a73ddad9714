//! The notice about real data, once, at the top of the page.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::StoreProps;
use crate::state::Action;

/// The notice about real data, once, at the top of the page.
#[function_component(Warning)]
pub fn warning(props: &StoreProps) -> Html {
    if !props.store.warning_open {
        return html! {};
    }
    let dismiss = {
        let store = props.store.clone();
        Callback::from(move |_| {
            // Focus moves on to where the page starts (the notice and its button go away),
            // never to the top of the document.
            if let Some(heading) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("referral-heading"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = heading.focus();
            }
            store.dispatch(Action::DismissWarning)
        })
    };
    html! {
        <section class="notice" id="data-warning" aria-labelledby="data-warning-heading">
            <h2 id="data-warning-heading">{ "Do not use real children's details here" }</h2>
            <p>{ "This is a test tool. Use the fixtures, made-up referrals or the synthetic generator: never paste a real child's referral. Everything runs in this page: nothing is sent anywhere, and nothing is stored unless you download it." }</p>
            <button type="button" class="button button--secondary" id="data-warning-ok" onclick={dismiss}>{ "I understand" }</button>
        </section>
    }
}
