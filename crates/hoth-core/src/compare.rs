//! Comparing councils: where decisions for the same referral under several policies differ,
//! and which facts a rule's condition reads (for explaining a rule trace).

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::decision::Decision;

/// What differs between decisions for one referral.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Differences {
    pub level: bool,
    pub pathway: bool,
    pub plan: bool,
    /// Outcome codes some decisions recommend and others do not.
    pub outcomes: BTreeSet<String>,
    /// Outcome codes in every decision whose due dates differ.
    pub due: BTreeSet<String>,
}

impl Differences {
    pub fn any(&self) -> bool {
        self.level || self.pathway || self.plan || !self.outcomes.is_empty() || !self.due.is_empty()
    }
}

/// Compare decisions side by side (fewer than two never differ).
pub fn differences(decisions: &[&Decision]) -> Differences {
    let mut out = Differences::default();
    let Some((first, rest)) = decisions.split_first() else {
        return out;
    };
    out.level = rest.iter().any(|d| d.level != first.level);
    out.pathway = rest.iter().any(|d| d.pathway != first.pathway);
    out.plan = rest.iter().any(|d| d.plan != first.plan);
    let all: BTreeSet<String> = decisions
        .iter()
        .flat_map(|d| d.outcomes.iter().map(|o| o.code.code().to_owned()))
        .collect();
    for code in all {
        let found: Vec<Option<&String>> = decisions
            .iter()
            .map(|d| {
                d.outcomes
                    .iter()
                    .find(|o| o.code.code() == code)
                    .map(|o| o.due.as_ref())
            })
            .map(|o| o.flatten())
            .collect();
        let present = decisions
            .iter()
            .filter(|d| d.outcomes.iter().any(|o| o.code.code() == code))
            .count();
        if present != decisions.len() {
            out.outcomes.insert(code);
        } else if found.iter().any(|due| *due != found[0]) {
            out.due.insert(code);
        }
    }
    out
}

/// The fact names a JSONLogic condition reads (`{"var": "age"}`), in first-seen order.
pub fn facts_read(condition: &Value) -> Vec<String> {
    let mut names = Vec::new();
    collect_vars(condition, &mut names);
    names
}

fn collect_vars(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, arg) in map {
                if key == "var" {
                    let name = match arg {
                        Value::String(s) => Some(s.as_str()),
                        Value::Array(items) => items.first().and_then(Value::as_str),
                        _ => None,
                    };
                    if let Some(name) = name {
                        let name = name.split('.').next().unwrap_or(name);
                        if !name.is_empty() && !names.iter().any(|n| n == name) {
                            names.push(name.to_owned());
                        }
                    }
                } else {
                    collect_vars(arg, names);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_vars(v, names)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn facts_read_finds_every_var_once() {
        let when = json!({"and": [{">=": [{"var": "age"}, 13]},
            {"in": ["missing", {"var": ["harmTypes", []]}]}, {"==": [{"var": "age"}, 1]}]});
        assert_eq!(facts_read(&when), vec!["age", "harmTypes"]);
    }
}
