//! What the sandbox needs from the browser: the date, the clock for timing a batch, reading a
//! chosen file, offering a download, and the batch worker.

use chrono::NaiveDate;
use wasm_bindgen::prelude::*;

/// The browser's local date.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Milliseconds, for timing a batch.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// The first file chosen in a file input.
pub fn chosen_file(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files().and_then(|files| files.get(0))
}

/// A file's text.
pub async fn read_text(file: &web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
}

/// Offer `text` as a file download (shared with the widget).
pub use hoth_web::download;

/// Start the batch worker (`batch-worker.js`, a module worker beside the page).
pub fn start_worker() -> Option<web_sys::Worker> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    web_sys::Worker::new_with_options("batch-worker.js", &options).ok()
}

/// Read a field of a message object.
pub fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A plain object from (key, value) pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// How many batch workers to start: one, unless `?workers=N` (1 to 4) in the page's address
/// asks for more. A second worker did not measure faster on the 2-core development machine
/// while other builds ran (BENCHMARKS.md, "Sandbox batch"), so it is not the default.
pub fn worker_count() -> usize {
    let Some(window) = web_sys::window() else {
        return 1;
    };
    let asked = window
        .location()
        .search()
        .ok()
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix("workers=").map(str::to_owned))
        })
        .and_then(|n| n.parse::<usize>().ok());
    asked.map_or(1, |n| n.clamp(1, 4))
}
