//! The browser's Back and Forward buttons step through the wizard's pages.
//!
//! Each new page adds one history entry with `history.pushState(state, "")`: no URL, so the
//! portal's address (path, query and hash) is never changed. The entry's state is the state
//! the portal had on the entry it came from, with one key added, `hothReferral: {key, page}`
//! (`key` is the draft key, so two forms on one page keep apart). `popstate` reaching an entry
//! with this form's key shows that page; any other entry is the portal's business. When the
//! portal keeps something other than an object (or nothing it can merge) in
//! `history.state`, the widget leaves history alone.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{History, PopStateEvent};
use yew::Callback;

use crate::form::Page;

/// The key the widget adds to an entry's state.
pub const STATE_KEY: &str = "hothReferral";

fn history() -> Option<History> {
    web_sys::window()?.history().ok()
}

/// The entry's state with this form's page added, keeping the portal's own keys; `None`
/// when the portal's state is not an object to add to.
fn with_page(current: JsValue, key: &str, page: Page) -> Option<JsValue> {
    let next = js_sys::Object::new();
    if current.is_object() && !js_sys::Array::is_array(&current) {
        js_sys::Object::assign(&next, current.unchecked_ref());
    } else if !current.is_null() && !current.is_undefined() {
        return None;
    }
    let ours = js_sys::Object::new();
    js_sys::Reflect::set(&ours, &"key".into(), &key.into()).ok()?;
    js_sys::Reflect::set(&ours, &"page".into(), &page.code().into()).ok()?;
    js_sys::Reflect::set(&next, &STATE_KEY.into(), &ours).ok()?;
    Some(next.into())
}

/// Mark the entry the browser is on with the page shown (when the form starts).
pub fn mark(key: &str, page: Page) {
    if let Some(history) = history()
        && let Some(state) = history.state().ok().and_then(|s| with_page(s, key, page))
    {
        let _ = history.replace_state(&state, "");
    }
}

/// A new entry for a page the referrer moved to.
pub fn push(key: &str, page: Page) {
    if let Some(history) = history()
        && let Some(state) = history.state().ok().and_then(|s| with_page(s, key, page))
    {
        let _ = history.push_state(&state, "");
    }
}

/// The page an entry's state names for this form.
fn page_of(state: &JsValue, key: &str) -> Option<Page> {
    let ours = js_sys::Reflect::get(state, &STATE_KEY.into()).ok()?;
    let their_key = js_sys::Reflect::get(&ours, &"key".into())
        .ok()?
        .as_string()?;
    if their_key != key {
        return None;
    }
    let page = js_sys::Reflect::get(&ours, &"page".into())
        .ok()?
        .as_string()?;
    Page::from_code(&page)
}

/// Listening for Back and Forward while the form is on the page; dropped, it stops.
pub struct Listener {
    closure: Closure<dyn FnMut(PopStateEvent)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "popstate",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Call `visit` with the page of each entry of this form the browser goes back or forward to.
pub fn listen(key: String, visit: Callback<Page>) -> Option<Listener> {
    let window = web_sys::window()?;
    let closure = Closure::<dyn FnMut(PopStateEvent)>::new(move |event: PopStateEvent| {
        if let Some(page) = page_of(&event.state(), &key) {
            visit.emit(page);
        }
    });
    window
        .add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref())
        .ok()?;
    Some(Listener { closure })
}
