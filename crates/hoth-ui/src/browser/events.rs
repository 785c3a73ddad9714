//! The element's events for the portal: `hoth-change` on every change and `hoth-submit` when
//! a valid referral is sent, both bubbling and composed (they leave the shadow root), with
//! plain JSON objects as `detail`.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::Callback;

use crate::state::SendAnswer;

/// A JSON value as a JavaScript object (through `JSON.parse`, the smallest way across).
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&crate::json_text(value)).unwrap_or(JsValue::NULL)
}

/// A JavaScript value as JSON (through `JSON.stringify`); `None` for what JSON cannot hold.
pub fn from_js(value: &JsValue) -> Option<Value> {
    if value.is_undefined() {
        return None;
    }
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Fire `name` on `host` with `detail`.
pub fn dispatch(host: &Element, name: &str, detail: &Value) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&to_js(detail));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// What the portal did with `hoth-submit` while it was being dispatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandOver {
    /// It called `confirm` or `fail` at once.
    Answered,
    /// It called `preventDefault()`: it will answer later (or not in time).
    Waiting,
    /// Nobody answered and nobody said they would: the referral was not taken.
    Unheard,
}

/// The longest reference or message kept from the portal.
const MAX_TEXT: usize = 200;

fn text_of(value: &JsValue) -> String {
    // A number as JavaScript writes it (JSON), without Rust's float formatting in the wasm.
    let text = match value.as_string() {
        Some(text) => text,
        None if value.as_f64().is_some() => js_sys::JSON::stringify(value)
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        None => String::new(),
    };
    text.trim().chars().take(MAX_TEXT).collect()
}

/// Hand the referral to the portal: a cancelable `hoth-submit` whose detail carries
/// `confirm(reference)` and `fail(message)`. The first answer counts and `answer` gets it;
/// each returns `true` when it counted and `false` when it came too late (after another
/// answer, or after the widget stopped waiting: `settled` is set then too).
pub fn submit(
    host: &Element,
    detail: &Value,
    settled: Rc<Cell<bool>>,
    answer: Callback<SendAnswer>,
) -> HandOver {
    let answered = settled;
    let confirm = {
        let (answered, answer) = (answered.clone(), answer.clone());
        Closure::<dyn FnMut(JsValue) -> bool>::new(move |reference: JsValue| {
            if answered.replace(true) {
                return false;
            }
            answer.emit(SendAnswer::Confirmed {
                reference: text_of(&reference),
                at: crate::browser::now_as_text(),
            });
            true
        })
        .into_js_value()
    };
    let fail = {
        let answered = answered.clone();
        Closure::<dyn FnMut(JsValue) -> bool>::new(move |message: JsValue| {
            if answered.replace(true) {
                return false;
            }
            answer.emit(SendAnswer::Failed(text_of(&message)));
            true
        })
        .into_js_value()
    };
    let detail = to_js(detail);
    let _ = js_sys::Reflect::set(&detail, &"confirm".into(), &confirm);
    let _ = js_sys::Reflect::set(&detail, &"fail".into(), &fail);
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail);
    let Ok(event) = CustomEvent::new_with_event_init_dict("hoth-submit", &init) else {
        return HandOver::Unheard;
    };
    let _ = host.dispatch_event(&event);
    if answered.get() {
        HandOver::Answered
    } else if event.default_prevented() {
        HandOver::Waiting
    } else {
        answered.set(true);
        HandOver::Unheard
    }
}
