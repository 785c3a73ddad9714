//! The panels of the sandbox page (Yew), one module each. Every domain answer comes from
//! `hoth-core` through `engine`, `library` and the batch worker; these only lay it out. They
//! read the page's [`State`] and send it [`Action`](crate::state::Action)s; nothing here
//! imports the root component.

mod batch;
mod compare;
mod explain;
mod packs;
mod referral;
mod warning;

use std::rc::Rc;

use hoth_core::Issue;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use crate::engine::Evaluation;
use crate::state::{Action, State};

pub use batch::BatchPanel;
pub use compare::ComparePanel;
pub use explain::ExplainPanel;
pub use packs::PacksPanel;
pub use referral::ReferralPanel;
pub use warning::Warning;

#[derive(Properties, PartialEq, Clone)]
pub struct StoreProps {
    pub store: UseReducerHandle<State>,
}

#[derive(Properties, PartialEq, Clone)]
pub struct EvalProps {
    pub store: UseReducerHandle<State>,
    pub evaluation: Rc<Evaluation>,
}

#[derive(Properties, PartialEq)]
pub(crate) struct IssuesProps {
    pub issues: Vec<Issue>,
}

#[function_component(IssueList)]
pub(crate) fn issue_list(props: &IssuesProps) -> Html {
    html! {
        <ul class="issues">
            { for props.issues.iter().map(|i| html! {
                <li><code>{ if i.path.is_empty() { "(the referral)".to_owned() } else { i.path.clone() } }</code>{ " " }{ &i.message }</li>
            }) }
        </ul>
    }
}

/// A file input's change handler: read the chosen file and dispatch `action(name, text)`;
/// `clear` empties the input afterwards, so choosing the same file again loads it again.
pub(crate) fn read_file(
    store: &UseReducerHandle<State>,
    action: fn(String, String) -> Action,
    clear: bool,
) -> Callback<Event> {
    let store = store.clone();
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        if let Some(file) = browser::chosen_file(&input) {
            let store = store.clone();
            spawn_local(async move {
                let text = browser::read_text(&file).await.unwrap_or_default();
                store.dispatch(action(file.name(), text));
            });
        }
        if clear {
            input.set_value("");
        }
    })
}
