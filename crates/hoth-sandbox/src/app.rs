//! The root component: the page's state, the referral routed once per change, and the panels.

use yew::prelude::*;

use crate::browser;
use crate::engine::{self, Evaluation};
use crate::state::State;
use crate::views::{BatchPanel, ComparePanel, ExplainPanel, PacksPanel, ReferralPanel, Warning};

#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| State::new(browser::today()));
    // Routed once per change, shared by the referral, compare and explain panels.
    let evaluation = {
        let state = store.clone();
        use_memo(
            (
                store.text.clone(),
                store.selected.clone(),
                store.today,
                store.loaded,
            ),
            move |_| {
                if state.text.trim().is_empty() {
                    return Evaluation::default();
                }
                engine::evaluate(&state.text, &state.chosen(), state.today)
            },
        )
    };
    html! {
        <>
            <Warning store={store.clone()} />
            <ReferralPanel store={store.clone()} evaluation={evaluation.clone()} />
            <ComparePanel store={store.clone()} evaluation={evaluation.clone()} />
            <ExplainPanel store={store.clone()} {evaluation} />
            <PacksPanel store={store.clone()} />
            <BatchPanel store={store} />
        </>
    }
}
