//! The batch worker's message protocol (`www/sandbox/batch-worker.js` is the other end).
//!
//! To the worker: a [`Job`]: `{ file }` or `{ seed, count }`, plus `{ policies: [built-in id
//! or pack JSON], today, chunk, part, parts }`. From it: `{ kind: "start", total }` (referrals
//! in the whole batch), `{ kind: "rows", routed, rows }` (rows as JSON Lines; `routed` so far in
//! this part), `{ kind: "done" }`, or `{ kind: "error", message }`. [`FromWorker::read`] turns
//! a message into a value the page can act on, without touching the browser, so it is tested
//! natively.

use chrono::NaiveDate;
use hoth_core::batch::Row;
use wasm_bindgen::prelude::*;

use crate::browser;

/// Referrals per chunk: the worker reports progress after each.
pub const CHUNK: u32 = 500;

/// Where the referrals of a batch come from.
#[derive(Clone)]
pub enum Source {
    /// A batch file the user chose.
    File(web_sys::File),
    /// `count` synthetic referrals from `seed`.
    Synthetic { seed: u64, count: usize },
}

/// What one worker is asked to do.
pub struct Job<'a> {
    pub source: &'a Source,
    /// Built-in ids or packs' JSON text.
    pub policies: &'a [String],
    pub today: NaiveDate,
    pub part: usize,
    pub parts: usize,
}

impl Job<'_> {
    /// The message that starts the worker.
    pub fn message(&self) -> JsValue {
        let policies = js_sys::Array::new();
        for p in self.policies {
            policies.push(&JsValue::from_str(p));
        }
        let mut pairs: Vec<(&str, JsValue)> = match self.source {
            Source::File(file) => vec![("file", file.clone().into())],
            Source::Synthetic { seed, count } => vec![
                ("seed", JsValue::from(*seed as f64)),
                ("count", JsValue::from(*count as u32)),
            ],
        };
        pairs.push(("policies", policies.into()));
        pairs.push((
            "today",
            JsValue::from_str(&self.today.format("%Y-%m-%d").to_string()),
        ));
        pairs.push(("chunk", JsValue::from(CHUNK)));
        pairs.push(("part", JsValue::from(self.part as u32)));
        pairs.push(("parts", JsValue::from(self.parts as u32)));
        browser::object(&pairs)
    }
}

/// A message from a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum FromWorker {
    /// How many referrals the whole batch has.
    Start { total: usize },
    /// More rows of this worker's part, and how many of its referrals are routed so far.
    Rows { routed: usize, rows: Vec<Row> },
    /// This worker's part is routed.
    Done,
    /// The batch could not run: why, for the user.
    Failed(String),
}

impl FromWorker {
    /// Read a message from its fields (`kind`, `total`, `routed`, `rows`, `message`).
    pub fn read(
        kind: &str,
        total: Option<f64>,
        routed: Option<f64>,
        rows: Option<&str>,
        message: Option<String>,
    ) -> FromWorker {
        let count =
            |n: Option<f64>| n.filter(|n| n.is_finite() && *n >= 0.0).unwrap_or(0.0) as usize;
        match kind {
            "start" => FromWorker::Start {
                total: count(total),
            },
            "rows" => FromWorker::Rows {
                routed: count(routed),
                rows: rows
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| serde_json::from_str(l).ok())
                    .collect(),
            },
            "done" => FromWorker::Done,
            _ => FromWorker::Failed(format!(
                "The batch could not run: {}",
                message.unwrap_or_else(|| "the batch stopped".to_owned())
            )),
        }
    }

    /// Read a worker's message event data.
    pub fn from_js(data: &JsValue) -> FromWorker {
        let text = |key| browser::field(data, key).as_string();
        let number = |key| browser::field(data, key).as_f64();
        FromWorker::read(
            &text("kind").unwrap_or_default(),
            number("total"),
            number("routed"),
            text("rows").as_deref(),
            text("message"),
        )
    }
}
