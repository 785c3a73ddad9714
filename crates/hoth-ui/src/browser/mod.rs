//! The browser around the widget: the clock, focus, storage, events, files and WebCrypto.
//! Everything that touches the world goes through here, so the state stays pure.
//!
//! Nothing here writes to the console or makes a network request.

pub mod crypto;
pub mod events;
pub mod history;
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

/// Move focus to the element with this id in the same tree as `target` (scrolled to).
pub fn focus_by_id(target: &EventTarget, id: &str) {
    if let Some(node) = target.dyn_ref::<Node>() {
        focus(by_id(node, id));
    }
}

/// Move focus to the element with this id and scroll its top into view (a panel taller than
/// the screen would otherwise show its middle).
pub fn focus_and_show(target: &EventTarget, id: &str) {
    if let Some(element) = target.dyn_ref::<Node>().and_then(|node| by_id(node, id)) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Start);
        element.scroll_into_view_with_scroll_into_view_options(&options);
        focus_quietly(Some(element));
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
    if let FocusTarget::Element(id) = target
        && focus(by_id(root, id))
    {
        return;
    }
    if *target == FocusTarget::Danger
        && let Some(panel) = by_id(root, "hoth-danger")
    {
        // Into view from its top (on a phone the answer is far below it), then focused.
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Start);
        panel.scroll_into_view_with_scroll_into_view_options(&options);
        focus_quietly(Some(panel));
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

/// "27 March 2026 at 2:05am": now, in the browser's time zone, as GOV.UK writes times.
pub fn now_as_text() -> String {
    let now = js_sys::Date::new_0();
    let date = NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .map(hoth_core::advice::day_month_year)
    .unwrap_or_default();
    let (hours, minutes) = (now.get_hours(), now.get_minutes());
    let (hour, half) = match hours {
        0 => (12, "am"),
        1..=11 => (hours, "am"),
        12 => (12, "pm"),
        _ => (hours - 12, "pm"),
    };
    format!("{date} at {hour}:{minutes:02}{half}")
}

/// Set the document's title (only when the portal opted in with `page-title`).
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Run `then` once the browser has painted what is on screen now: in a task after the next
/// animation frame. (In a page that is not shown, frames wait until it is.)
pub fn after_paint(then: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(move || after(0, then));
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}

/// Run `then` once after `ms` milliseconds.
pub fn after(ms: u32, then: impl FnOnce() + 'static) {
    let callback = wasm_bindgen::closure::Closure::once_into_js(then);
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        );
    }
}
