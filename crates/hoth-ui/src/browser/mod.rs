//! The browser around the widget: the clock, focus, storage, events, files and WebCrypto.
//! Everything that touches the world goes through here, so the state stays pure.
//!
//! Nothing here writes to the console or makes a network request.

pub mod crypto;
pub mod events;
pub mod storage;

use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, Element, EventTarget, FocusOptions, HtmlElement, Node};

use crate::state::FocusTarget;
use crate::state::path::{field_id, without_index};

/// Today in the browser's local time zone: the only place the widget reads the clock for a
/// date (the core never does).
pub fn today() -> Option<NaiveDate> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
}

/// Milliseconds since 1970, for draft ages.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The element with this id in the same tree as `node` (the widget's shadow root).
fn by_id(node: &Node, id: &str) -> Option<Element> {
    let root = node.get_root_node();
    if let Some(fragment) = root.dyn_ref::<DocumentFragment>() {
        return fragment.get_element_by_id(id);
    }
    root.dyn_ref::<Document>()?.get_element_by_id(id)
}

fn focus(element: Option<Element>) -> bool {
    match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// Move focus to the field of an issue path (or the list of choices it is one of).
pub fn focus_field(target: &EventTarget, path: &str) {
    let Some(node) = target.dyn_ref::<Node>() else {
        return;
    };
    if !focus(by_id(node, &field_id(path))) {
        focus(by_id(node, &field_id(without_index(path))));
    }
}

/// Focus without scrolling (the caller decides what to show).
fn focus_quietly(element: Option<Element>) -> bool {
    let Some(element) = element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) else {
        return false;
    };
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    element.focus_with_options(&options).is_ok()
}

/// Carry out a focus request inside the widget whose root element is `root`. A field is
/// focused (and scrolled to); a new page or an error summary is focused with the top of the
/// widget in view, so the "Call 999 now" panel and any notice above the heading show too.
pub fn focus_target(root: &Element, target: &FocusTarget) {
    if let FocusTarget::Field(path) = target
        && (focus(by_id(root, &field_id(path)))
            || focus(by_id(root, &field_id(without_index(path)))))
    {
        return;
    }
    let summary =
        *target == FocusTarget::ErrorSummary && focus_quietly(by_id(root, "hoth-error-summary"));
    if !summary {
        focus_quietly(by_id(root, "hoth-heading"));
    }
    root.scroll_into_view();
}

/// Open the browser's print dialogue (the print stylesheet shows the summary only).
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
