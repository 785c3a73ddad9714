//! hoth-sandbox: the partner sandbox page (`www/sandbox/`). A partner agency tries referrals
//! against one or several councils' policies before go-live: load or paste a referral (or
//! pick a scenario fixture), compare the councils' decisions with the differences
//! highlighted, read each rule's trace, check a policy pack of their own and run it over the
//! scenario library, and route whole files of referrals in a Web Worker.
//!
//! A separate crate from the widget (`hoth-ui`) so the widget's size budget never pays for
//! it. Everything runs in the page over `hoth-core`; nothing is sent or stored.
//!
//! Layout, bottom up: `library` (the embedded fixtures and the regression run), `engine` (one
//! referral under the chosen policies: decisions, differences, explanations), `batch` (the
//! worker's entry point, [`BatchJob`]), `state` (the page's state and its reducer, pure),
//! `worker` (the batch worker's message protocol), `browser` (files, downloads, the worker,
//! the clock), `views` (one Yew module per panel) and `app` (the root component). Imports only
//! point down that list: the views never import `app`.

pub mod app;
pub mod batch;
pub mod browser;
pub mod engine;
pub mod library;
pub mod state;
pub mod views;
pub mod worker;

pub use batch::BatchJob;

use wasm_bindgen::prelude::*;

/// Start the sandbox in `root` (the page's module script calls this; the batch worker loads
/// the same module and never does).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    yew::Renderer::<app::App>::with_root(root).render();
}
