//! Batches: many referrals routed under one or several policies, one row per referral and
//! policy, written as CSV or JSON Lines.
//!
//! The row shape lives here so that `hoth batch` and the partner sandbox in the browser write
//! the same bytes for the same file. A batch file is a JSON array of referrals, or JSON Lines
//! (one referral per line; blank lines skipped). A line that is not JSON is not fatal: it
//! becomes an invalid row saying so, and the rest of the batch still runs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decision::Decision;
use crate::policy::{OutcomeCode, Policy};
use crate::validation::Issue;

/// One referral of a batch file, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Referral(Value),
    /// Not JSON: what was wrong, with the line.
    Unreadable(String),
}

/// Read a batch file: a JSON array, JSON Lines, or a single referral object.
pub fn parse(text: &str) -> Result<Vec<Input>, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Array(items)) => Ok(items.into_iter().map(Input::Referral).collect()),
            Ok(_) => Err("the file is not a JSON array of referrals".to_owned()),
            Err(e) => Err(format!("the file is not a JSON array of referrals: {e}")),
        };
    }
    // A single (possibly pretty-printed) referral.
    if let Ok(value @ Value::Object(_)) = serde_json::from_str::<Value>(trimmed) {
        return Ok(vec![Input::Referral(value)]);
    }
    Ok(trimmed
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| match serde_json::from_str::<Value>(line) {
            Ok(value) => Input::Referral(value),
            Err(e) => Input::Unreadable(format!("line {} is not JSON: {e}", number + 1)),
        })
        .collect())
}

/// The CSV header, in column order.
pub const CSV_HEADER: &str =
    "index,policy,policyVersion,valid,level,levelNumber,pathway,plan,outcomes,due,issues";

/// One referral under one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// The referral's position in the file, from 1.
    pub index: usize,
    pub policy: String,
    pub policy_version: String,
    pub valid: bool,
    /// The screening level code; empty when invalid.
    pub level: String,
    /// 1-4; 0 when invalid.
    pub level_number: u8,
    /// Pathway outcome code; empty for none.
    pub pathway: String,
    /// Plan outcome code; empty for none.
    pub plan: String,
    /// Outcome codes in the decision's order, separated by spaces.
    pub outcomes: String,
    /// `code=YYYY-MM-DD` for each outcome with a due date, separated by spaces.
    pub due: String,
    /// `path:code` for each issue, separated by spaces (`path` is empty for the whole file).
    pub issues: String,
}

fn code(c: Option<OutcomeCode>) -> String {
    c.map_or_else(String::new, |c| c.code().to_owned())
}

impl Row {
    pub fn new(index: usize, policy: &Policy, result: &Result<Decision, Vec<Issue>>) -> Row {
        let mut row = Row {
            index,
            policy: policy.id().to_owned(),
            policy_version: policy.pack().version.clone(),
            valid: result.is_ok(),
            level: String::new(),
            level_number: 0,
            pathway: String::new(),
            plan: String::new(),
            outcomes: String::new(),
            due: String::new(),
            issues: String::new(),
        };
        match result {
            Ok(decision) => {
                row.level = decision.level.code().to_owned();
                row.level_number = decision.level_number;
                row.pathway = code(decision.pathway);
                row.plan = code(decision.plan);
                row.outcomes = join(decision.outcomes.iter().map(|o| o.code.code().to_owned()));
                row.due = join(
                    decision
                        .outcomes
                        .iter()
                        .filter_map(|o| o.due.as_ref().map(|d| format!("{}={d}", o.code))),
                );
            }
            Err(issues) => {
                row.issues = join(issues.iter().map(|i| format!("{}:{}", i.path, i.code)));
            }
        }
        row
    }

    /// A row for an input that is not JSON.
    pub fn unreadable(index: usize, policy: &Policy) -> Row {
        let mut row = Row::new(index, policy, &Err(Vec::new()));
        row.issues = ":not_json".to_owned();
        row
    }

    /// One CSV record (RFC 4180 quoting), without the line ending.
    pub fn to_csv(&self) -> String {
        let fields = [
            self.index.to_string(),
            self.policy.clone(),
            self.policy_version.clone(),
            self.valid.to_string(),
            self.level.clone(),
            self.level_number.to_string(),
            self.pathway.clone(),
            self.plan.clone(),
            self.outcomes.clone(),
            self.due.clone(),
            self.issues.clone(),
        ];
        fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// One JSON Lines record, without the line ending.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(" ")
}

/// Quote a CSV field when it holds a comma, quote or line break.
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Route the inputs `first..` (numbered from `first + 1`) under every policy: one row per
/// referral and policy, referral by referral, policies in the order given.
pub fn route(inputs: &[Input], first: usize, policies: &[&Policy], today: NaiveDate) -> Vec<Row> {
    let mut rows = Vec::with_capacity(inputs.len() * policies.len());
    for (offset, input) in inputs.iter().enumerate() {
        let index = first + offset + 1;
        for policy in policies {
            rows.push(match input {
                Input::Referral(referral) => {
                    Row::new(index, policy, &policy.route(referral, today))
                }
                Input::Unreadable(_) => Row::unreadable(index, policy),
            });
        }
    }
    rows
}

/// The whole CSV file: header, then one line per row, each ending in CRLF (RFC 4180).
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::with_capacity(64 * (rows.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.to_csv());
        out.push_str("\r\n");
    }
    out
}

/// The whole JSON Lines file: one row per line, each ending in LF.
pub fn to_json_lines(rows: &[Row]) -> String {
    let mut out = String::with_capacity(160 * rows.len());
    for row in rows {
        out.push_str(&row.to_json_line());
        out.push('\n');
    }
    out
}
