//! The element's events for the portal: `hoth-change` on every change and `hoth-submit` when
//! a valid referral is sent, both bubbling and composed (they leave the shadow root), with
//! plain JSON objects as `detail`.

use serde_json::Value;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// A JSON value as a JavaScript object (through `JSON.parse`, the smallest way across).
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
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
