//! What the page shows for one referral: the policies chosen, each decision (or its issues),
//! the differences between councils and the explanation of every rule. Pure: tested natively.

use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::compare::{self, Differences};
use hoth_core::{Decision, Issue, Policy, PolicyError};
use serde_json::Value;

/// A policy the page can route with: built in, or a pack loaded from a file.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Unique on the page: the built-in id, or `file:<n>` for a loaded pack.
    pub key: String,
    /// What the user sees: the council's name and the pack version.
    pub label: String,
    pub policy: Rc<Policy>,
    /// The pack's JSON text, for a loaded pack (the batch worker loads it again).
    pub source: Option<String>,
}

impl PartialEq for Choice {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Choice {
    /// How the batch worker finds the policy: a built-in id or the pack's JSON.
    pub fn spec(&self) -> String {
        self.source.clone().unwrap_or_else(|| self.key.clone())
    }
}

/// The built-in packs, in the order `hoth policies` lists them.
pub fn builtins() -> Vec<Choice> {
    Policy::builtin_ids()
        .filter_map(|id| {
            let policy = Policy::builtin(id)?;
            Some(Choice {
                key: id.to_owned(),
                label: format!("{} ({})", policy.pack().name, policy.pack().version),
                policy: Rc::new(policy.clone()),
                source: None,
            })
        })
        .collect()
}

/// Load a pack file; `n` numbers it on the page.
pub fn load_pack(n: usize, file_name: &str, text: &str) -> Result<Choice, PolicyError> {
    let policy = Policy::from_json(text)?;
    Ok(Choice {
        key: format!("file:{n}"),
        label: format!(
            "{} ({}, from {file_name})",
            policy.pack().name,
            policy.pack().version
        ),
        policy: Rc::new(policy),
        source: Some(text.to_owned()),
    })
}

/// The result under one policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub result: Result<Decision, Vec<Issue>>,
}

/// Everything the page shows for the referral in the editor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    /// The editor's text is not JSON: where and why.
    pub not_json: Option<String>,
    /// Plain validation, before any policy's own requirements.
    pub issues: Vec<Issue>,
    pub columns: Vec<Column>,
    pub differences: Differences,
}

pub fn evaluate(text: &str, choices: &[&Choice], today: NaiveDate) -> Evaluation {
    let referral: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return Evaluation {
                not_json: Some(format!(
                    "This is not JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                )),
                ..Evaluation::default()
            };
        }
    };
    let issues = hoth_core::validate_value(&referral, today).issues;
    let columns: Vec<Column> = choices
        .iter()
        .map(|c| Column {
            key: c.key.clone(),
            label: c.label.clone(),
            result: c.policy.route(&referral, today),
        })
        .collect();
    let decisions: Vec<&Decision> = columns
        .iter()
        .filter_map(|c| c.result.as_ref().ok())
        .collect();
    let differences = compare::differences(&decisions);
    Evaluation {
        not_json: None,
        issues,
        columns,
        differences,
    }
}

/// One line of a rule trace, for the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub rule: String,
    pub stage: String,
    pub matched: bool,
    /// The JSONLogic condition, as compact JSON.
    pub condition: String,
    /// The facts it read, with their values for this referral.
    pub facts: Vec<(String, String)>,
    pub why: String,
    /// "document, section: quote".
    pub cite: String,
}

/// The rule trace of a decision with each rule's condition, facts read and citation.
pub fn explain(policy: &Policy, decision: &Decision) -> Vec<Explained> {
    let facts = serde_json::to_value(&decision.facts).unwrap_or(Value::Null);
    decision
        .trace
        .iter()
        .filter_map(|entry| {
            let rule = policy.pack().rules.iter().find(|r| *r.id == *entry.rule)?;
            Some(Explained {
                rule: rule.id.clone(),
                stage: entry.stage.code().to_owned(),
                matched: entry.matched,
                condition: serde_json::to_string(&rule.when).unwrap_or_default(),
                facts: compare::facts_read(&rule.when)
                    .into_iter()
                    .map(|name| {
                        let value = facts
                            .get(&name)
                            .map_or_else(|| "null".to_owned(), Value::to_string);
                        (name, value)
                    })
                    .collect(),
                why: rule.why.clone(),
                cite: match &rule.cite {
                    Some(cite) => {
                        format!("{}, {}: \"{}\"", cite.document, cite.section, cite.quote)
                    }
                    None => "hoth's safety default (no council guidance cited)".to_owned(),
                },
            })
        })
        .collect()
}

/// The facts of a decision as (name, value) rows.
pub fn facts_table(decision: &Decision) -> Vec<(String, String)> {
    match serde_json::to_value(&decision.facts) {
        Ok(Value::Object(map)) => map.into_iter().map(|(k, v)| (k, v.to_string())).collect(),
        _ => Vec::new(),
    }
}
