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

/// One entry of a batch file and where it is in the file: its `index` is the line number for
/// JSON Lines (counting blank lines, from 1), the position from 1 in a JSON array, and 1 for a
/// file holding one referral. A row's `index` is this number, so a partner can go straight
/// from a row of the results to the line that made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub index: usize,
    pub input: Input,
}

impl Entry {
    pub fn new(index: usize, input: Input) -> Entry {
        Entry { index, input }
    }
}

/// Read a batch file: a JSON array, JSON Lines, or a single referral object.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(Value::Array(items)) => Ok(items
                .into_iter()
                .enumerate()
                .map(|(at, item)| Entry::new(at + 1, Input::Referral(item)))
                .collect()),
            Ok(_) => Err("the file is not a JSON array of referrals".to_owned()),
            Err(e) => Err(format!("the file is not a JSON array of referrals: {e}")),
        };
    }
    // A single (possibly pretty-printed) referral: its first line.
    if let Ok(value @ Value::Object(_)) = serde_json::from_str::<Value>(trimmed) {
        let first = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0);
        return Ok(vec![Entry::new(first + 1, Input::Referral(value))]);
    }
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(at, line)| {
            let input = match serde_json::from_str::<Value>(line) {
                Ok(value) => Input::Referral(value),
                Err(e) => Input::Unreadable(format!("line {} is not JSON: {e}", at + 1)),
            };
            Entry::new(at + 1, input)
        })
        .collect())
}

/// Synthetic referrals as batch entries, numbered as the lines of the JSON Lines file
/// `hoth synth` writes for them.
pub fn entries(referrals: impl IntoIterator<Item = Value>) -> Vec<Entry> {
    referrals
        .into_iter()
        .enumerate()
        .map(|(at, referral)| Entry::new(at + 1, Input::Referral(referral)))
        .collect()
}

/// The CSV columns before the outcome columns, in order.
pub const CSV_FIXED: [&str; 9] = [
    "index",
    "policy",
    "policyVersion",
    "valid",
    "level",
    "levelNumber",
    "pathway",
    "plan",
    "issues",
];

/// The CSV header: the fixed columns, then two for every outcome code (in
/// [`OutcomeCode::ALL`] order): `<code>`, its strength (`must` or `consider`, empty when the
/// decision does not have it), and `<code>_due`, its due date. One column per code, whatever
/// the policy, so files from several policies or runs line up and a spreadsheet can filter
/// and pivot on any outcome.
pub fn csv_header() -> String {
    let mut columns: Vec<String> = CSV_FIXED.iter().map(|c| (*c).to_owned()).collect();
    for code in OutcomeCode::ALL {
        columns.push(code.code().to_owned());
        columns.push(format!("{}_due", code.code()));
    }
    columns.join(",")
}

/// One outcome of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOutcome {
    pub code: String,
    /// `must` or `consider`.
    pub strength: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// One issue of a row: where (empty for the whole file) and its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowIssue {
    pub path: String,
    pub code: String,
}

/// One referral under one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    /// Where the referral is in the file ([`Entry::index`]).
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
    /// The decision's outcomes, in its order; empty when invalid.
    pub outcomes: Vec<RowOutcome>,
    /// Why the referral is not valid under this policy; empty when it is.
    pub issues: Vec<RowIssue>,
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
            outcomes: Vec::new(),
            issues: Vec::new(),
        };
        match result {
            Ok(decision) => {
                row.level = decision.level.code().to_owned();
                row.level_number = decision.level_number;
                row.pathway = code(decision.pathway);
                row.plan = code(decision.plan);
                row.outcomes = decision
                    .outcomes
                    .iter()
                    .map(|o| RowOutcome {
                        code: o.code.code().to_owned(),
                        strength: o.strength.code().to_owned(),
                        due: o.due.clone(),
                    })
                    .collect();
            }
            Err(issues) => {
                row.issues = issues
                    .iter()
                    .map(|i| RowIssue {
                        path: i.path.clone(),
                        code: i.code.code().to_owned(),
                    })
                    .collect();
            }
        }
        row
    }

    /// A row for an input that is not JSON.
    pub fn unreadable(index: usize, policy: &Policy) -> Row {
        let mut row = Row::new(index, policy, &Err(Vec::new()));
        row.issues = vec![RowIssue {
            path: String::new(),
            code: "not_json".to_owned(),
        }];
        row
    }

    /// The outcome codes, in the decision's order, separated by spaces (for a table cell).
    pub fn codes(&self) -> String {
        join(self.outcomes.iter().map(|o| o.code.clone()))
    }

    /// The issues as `path:code`, separated by spaces (`path` is empty for the whole file).
    pub fn issue_list(&self) -> String {
        join(self.issues.iter().map(|i| format!("{}:{}", i.path, i.code)))
    }

    /// One CSV record (RFC 4180 quoting), without the line ending, in [`csv_header`]'s
    /// columns. Where a decision has one code twice (with different instructions), its
    /// column says `must` if either is a must, and its due column the earlier date.
    pub fn to_csv(&self) -> String {
        let mut fields = vec![
            self.index.to_string(),
            self.policy.clone(),
            self.policy_version.clone(),
            self.valid.to_string(),
            self.level.clone(),
            self.level_number.to_string(),
            self.pathway.clone(),
            self.plan.clone(),
            self.issue_list(),
        ];
        for code in OutcomeCode::ALL {
            let mut strength = "";
            let mut due: Option<&str> = None;
            for o in self.outcomes.iter().filter(|o| o.code == code.code()) {
                if strength != "must" {
                    strength = if o.strength == "must" {
                        "must"
                    } else {
                        "consider"
                    };
                }
                if let Some(d) = o.due.as_deref()
                    && due.is_none_or(|earlier| d < earlier)
                {
                    due = Some(d);
                }
            }
            fields.push(strength.to_owned());
            fields.push(due.unwrap_or_default().to_owned());
        }
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

/// Route the entries under every policy: one row per entry and policy, entry by entry,
/// policies in the order given.
pub fn route(entries: &[Entry], policies: &[&Policy], today: NaiveDate) -> Vec<Row> {
    let mut rows = Vec::with_capacity(entries.len() * policies.len());
    for entry in entries {
        for policy in policies {
            rows.push(match &entry.input {
                Input::Referral(referral) => {
                    Row::new(entry.index, policy, &policy.route(referral, today))
                }
                Input::Unreadable(_) => Row::unreadable(entry.index, policy),
            });
        }
    }
    rows
}

/// The whole CSV file: header, then one line per row, each ending in CRLF (RFC 4180).
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::with_capacity(256 * (rows.len() + 1));
    out.push_str(&csv_header());
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
