//! Helpers shared by the browser tests: moving JSON in and out as a page would, the native
//! results from `build.rs`, and a structural comparison that names the first difference.

#![allow(dead_code)] // each test file uses a different part

use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Every scenario and fixture with its native result (see `build/parity.rs`).
pub fn bundle() -> Value {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/parity.json")))
        .expect("the parity bundle is JSON")
}

/// A JSON value as a page would hand it over: `JSON.parse` of its text.
pub fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).expect("JSON.parse")
}

/// A result as JSON (through `JSON.stringify`, independent of serde-wasm-bindgen).
pub fn json(value: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(value)
        .expect("JSON.stringify")
        .as_string()
        .expect("a string");
    serde_json::from_str(&text).expect("JSON")
}

/// Evaluate a JavaScript expression (to build values Rust cannot: cycles, getters, BigInt).
pub fn eval(expression: &str) -> JsValue {
    js_sys::eval(expression).expect("the expression runs")
}

/// The first structural difference between two JSON values, or `None` when they are equal
/// as JavaScript sees them (numbers compare by value, objects ignore key order).
pub fn diff(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64() != y.as_f64()).then(|| format!("{path}: {x} != {y}"))
        }
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = diff(&format!("{path}.{key}"), u, v) {
                            return Some(d);
                        }
                    }
                    (u, v) => {
                        return Some(format!(
                            "{path}.{key}: {} != {}",
                            short(u.unwrap_or(&Value::Null)),
                            short(v.unwrap_or(&Value::Null))
                        ));
                    }
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} items != {} items", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (u, v))| diff(&format!("{path}[{i}]"), u, v))
        }
        _ => (a != b).then(|| format!("{path}: {} != {}", short(a), short(b))),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 120 {
        format!("{}...", text.chars().take(120).collect::<String>())
    } else {
        text
    }
}

/// A thrown value as (code, message), when it is an `Error`.
pub fn error_of(thrown: &JsValue) -> (String, String) {
    let error = thrown
        .dyn_ref::<js_sys::Error>()
        .expect("the module throws Error objects");
    let code = js_sys::Reflect::get(error, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default();
    (code, error.message().into())
}

/// A property of a thrown `Error`, as a string.
pub fn error_property(thrown: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(thrown, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

/// Charlene, the bundled complete referral.
pub fn charlene() -> Value {
    serde_json::from_str(include_str!(
        "../../../../tests/fixtures/referrals/charlene.json"
    ))
    .expect("charlene.json is JSON")
}

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}
