//! The batch worker's entry point: a file of referrals (or a synthetic set) routed under the
//! chosen policies, a chunk at a time so the worker can report progress between chunks.

use chrono::NaiveDate;
use hoth_core::Policy;
use hoth_core::batch::{self, Entry};
use hoth_core::synthetic;
use wasm_bindgen::prelude::*;

/// A batch in progress.
#[wasm_bindgen]
pub struct BatchJob {
    entries: Vec<Entry>,
    policies: Vec<Policy>,
    today: NaiveDate,
    next: usize,
    /// Where this job stops: the end of the batch, or of its part.
    end: usize,
}

/// A policy spec: a built-in id, or a pack's JSON text.
fn policy(spec: &str) -> Result<Policy, String> {
    if spec.trim_start().starts_with('{') {
        return Policy::from_json(spec).map_err(|e| e.to_string());
    }
    Policy::builtin(spec)
        .cloned()
        .ok_or_else(|| format!("there is no built-in policy called \"{spec}\""))
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| format!("\"{text}\" is not a date"))
}

impl BatchJob {
    /// A job over batch-file text (a JSON array or JSON Lines).
    pub fn from_text(text: &str, specs: &[String], today: &str) -> Result<BatchJob, String> {
        let entries = batch::parse(text)?;
        Ok(BatchJob {
            end: entries.len(),
            entries,
            policies: specs.iter().map(|s| policy(s)).collect::<Result<_, _>>()?,
            today: date(today)?,
            next: 0,
        })
    }

    /// A job over `count` synthetic referrals from `seed`, made today.
    pub fn from_seed(
        seed: u64,
        count: usize,
        specs: &[String],
        today: &str,
    ) -> Result<BatchJob, String> {
        let today = date(today)?;
        let entries = batch::entries(synthetic::referrals(seed, count, today));
        Ok(BatchJob {
            end: entries.len(),
            entries,
            policies: specs.iter().map(|s| policy(s)).collect::<Result<_, _>>()?,
            today,
            next: 0,
        })
    }

    /// Keep to part `part` of `parts` equal parts of the batch (for one of several workers).
    pub fn keep_part(&mut self, part: usize, parts: usize) {
        let parts = parts.max(1);
        let total = self.entries.len();
        self.next = (total * part.min(parts) / parts).min(total);
        self.end = (total * (part + 1).min(parts) / parts).min(total);
    }

    /// True when this job (or its part) is routed.
    pub fn finished(&self) -> bool {
        self.next >= self.end
    }

    /// Route the next `count` referrals: their rows, as JSON Lines.
    pub fn run_chunk(&mut self, count: usize) -> String {
        let end = (self.next + count.max(1)).min(self.end);
        let refs: Vec<&Policy> = self.policies.iter().collect();
        let rows = batch::route(&self.entries[self.next..end], &refs, self.today);
        self.next = end;
        batch::to_json_lines(&rows)
    }
}

fn specs(policies: &js_sys::Array) -> Vec<String> {
    policies.iter().filter_map(|p| p.as_string()).collect()
}

#[wasm_bindgen]
impl BatchJob {
    /// `policies`: built-in ids or packs' JSON text; `today`: YYYY-MM-DD.
    #[wasm_bindgen(js_name = fromText)]
    pub fn js_from_text(
        text: &str,
        policies: js_sys::Array,
        today: &str,
    ) -> Result<BatchJob, JsError> {
        BatchJob::from_text(text, &specs(&policies), today).map_err(|e| JsError::new(&e))
    }

    #[wasm_bindgen(js_name = fromSeed)]
    pub fn js_from_seed(
        seed: f64,
        count: u32,
        policies: js_sys::Array,
        today: &str,
    ) -> Result<BatchJob, JsError> {
        BatchJob::from_seed(seed as u64, count as usize, &specs(&policies), today)
            .map_err(|e| JsError::new(&e))
    }

    /// How many referrals the batch has.
    pub fn total(&self) -> usize {
        self.entries.len()
    }

    /// Where routing has reached (an index into the batch).
    pub fn done(&self) -> usize {
        self.next
    }

    /// Route only part `part` of `parts` equal parts (the batch is split between workers).
    pub fn part(&mut self, part: usize, parts: usize) {
        self.keep_part(part, parts);
    }

    /// True when this job's part is routed.
    #[wasm_bindgen(js_name = isFinished)]
    pub fn is_finished(&self) -> bool {
        self.finished()
    }

    /// How many referrals this job's part has.
    #[wasm_bindgen(js_name = partSize)]
    pub fn part_size(&self) -> usize {
        self.end - self.next
    }

    /// Route the next `count` referrals and return their rows as JSON Lines.
    pub fn run(&mut self, count: usize) -> String {
        self.run_chunk(count)
    }
}
