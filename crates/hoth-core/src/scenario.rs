//! Scenario fixtures: a referral, the policy it runs under, and what the decision must say.
//!
//! The same files (`tests/scenarios/<policy>/<name>.json`) run natively and in the browser,
//! so the checking lives here, in the core, for both test runners to call.
//!
//! ```json
//! { "description": "...", "cite": {"document": "...", "section": "...", "quote": "..."},
//!   "today": "2026-03-10",
//!   "base": "charlene", "patch": { "concerns": { "immediateDanger": true } },
//!   "expect": { "level": "significant", "pathway": "strategy_meeting",
//!               "plan": "initial_child_protection_conference",
//!               "present": ["call_999"], "absent": ["marac"],
//!               "due": {"strategy_meeting": "2026-03-10"},
//!               "strength": {"emrac": "consider"}, "actor": {"call_999": "referrer"},
//!               "basis": {"call_999": "safety_default"}, "count": {"police_referral": 2},
//!               "outOfHours": ["strategy_meeting"], "levelReasons": ["immediate_danger"],
//!               "turns18": "2026-03-11", "safetyPlan": false,
//!               "issues": [{"path": "hoth.screeningCompleted", "code": "screening_tool_required"}],
//!               "rules": ["level-4-strategy-meeting", "immediate-danger-999"] } }
//! ```
//! `rules` names the rules the scenario exercises: each must fire (for an invalid referral,
//! the requirement rules that matched).
//! `base` names a referral in `tests/fixtures/referrals/`; `patch` is a JSON Merge Patch
//! (RFC 7396) applied to it. Or give the whole `referral` instead. With `issues`, the referral
//! must be invalid with at least those issues; otherwise it must route.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::decision::Decision;
use crate::policy::{Cite, Policy};
use crate::validation::Issue;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario exercises, in a sentence.
    pub description: String,
    /// The guidance passage it tests.
    pub cite: Cite,
    /// The date validation treats as today.
    pub today: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Value>,
    pub expect: Expect,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Expect {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The pathway code, or null for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pathway: Option<Value>,
    /// The plan code, or null for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub present: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// Outcome code to due date (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub due: BTreeMap<String, String>,
    /// Outcome code to `must` or `consider`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strength: BTreeMap<String, String>,
    /// Outcome code to `every` text (e.g. "8 weeks").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub every: BTreeMap<String, String>,
    /// Rule ids of notes that must be in the decision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Outcome code to who acts (`referrer`, `mash`, `children_social_care`, `police`,
    /// `partnership`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actor: BTreeMap<String, String>,
    /// Outcome code to `council` or `safety_default`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub basis: BTreeMap<String, String>,
    /// Outcome code to how many times it appears (once per instruction).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub count: BTreeMap<String, usize>,
    /// Outcome codes due the same calendar day on a weekend or bank holiday (out of hours).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub out_of_hours: Vec<String>,
    /// The level reasons' codes, in order (`floor`, `professional_judgement`,
    /// `immediate_danger`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_reasons: Option<Vec<String>>,
    /// The 18th birthday the decision names because a child-only step is due on or after it,
    /// or null for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turns18: Option<Value>,
    /// Whether the decision carries safety-plan ideas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_plan: Option<bool>,
    /// The referral must be invalid with (at least) these issues.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<ExpectedIssue>,
    /// The ids of the pack's rules this scenario exercises: each must fire (match the
    /// referral). The rulebook lists each rule's scenarios, and every rule of every built-in
    /// pack must be named by one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedIssue {
    pub path: String,
    pub code: String,
}

/// JSON Merge Patch (RFC 7396).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

impl Scenario {
    /// The referral this scenario routes; `base` is looked up with `bases`.
    pub fn referral(&self, bases: &dyn Fn(&str) -> Option<Value>) -> Result<Value, String> {
        let mut referral = match (&self.referral, &self.base) {
            (Some(referral), None) => referral.clone(),
            (None, Some(base)) => {
                bases(base).ok_or_else(|| format!("no base referral called \"{base}\""))?
            }
            _ => return Err("give either \"referral\" or \"base\"".to_owned()),
        };
        if let Some(patch) = &self.patch {
            merge_patch(&mut referral, patch);
        }
        Ok(referral)
    }

    /// Run the scenario under `policy` and list every way the result differs from `expect`.
    /// Returns the decision (when there is one) for the caller to compare across platforms.
    pub fn check(
        &self,
        policy: &Policy,
        referral: &Value,
    ) -> (Result<Decision, Vec<Issue>>, Vec<String>) {
        let mut problems = Vec::new();
        if self.cite.document.trim().is_empty() || self.cite.quote.trim().is_empty() {
            problems.push("the scenario must cite the guidance passage it tests".to_owned());
        }
        let Some(today) = NaiveDate::parse_from_str(&self.today, "%Y-%m-%d").ok() else {
            problems.push(format!("today \"{}\" is not a date", self.today));
            return (Err(Vec::new()), problems);
        };
        let result = policy.route(referral, today);
        let expect = &self.expect;
        if !expect.rules.is_empty() {
            let fired: Vec<String> = match &result {
                Ok(decision) => decision
                    .trace
                    .iter()
                    .filter(|t| t.matched)
                    .map(|t| t.rule.to_string())
                    .collect(),
                Err(_) => policy.requirement_rules_matched(referral, today),
            };
            for rule in &expect.rules {
                if !policy.pack().rules.iter().any(|r| r.id == *rule) {
                    problems.push(format!("rule {rule}: the pack has no rule with this id"));
                } else if !fired.contains(rule) {
                    problems.push(format!("rule {rule} should fire and did not"));
                }
            }
        }
        match &result {
            Err(issues) if expect.issues.is_empty() => {
                problems.push(format!(
                    "expected a decision, got issues: {}",
                    serde_json::to_string(issues).unwrap_or_default()
                ));
            }
            Err(issues) => {
                for want in &expect.issues {
                    if !issues
                        .iter()
                        .any(|i| i.path == want.path && i.code.code() == want.code)
                    {
                        problems.push(format!(
                            "expected issue {} at {}, got: {}",
                            want.code,
                            want.path,
                            serde_json::to_string(issues).unwrap_or_default()
                        ));
                    }
                }
            }
            Ok(_) if !expect.issues.is_empty() => {
                problems.push("expected issues, got a decision".to_owned())
            }
            Ok(decision) => check_decision(expect, decision, &mut problems),
        }
        (result, problems)
    }
}

/// Items for a message: "a, b and c", or "none".
fn list<T: AsRef<str>>(items: &[T]) -> String {
    match items {
        [] => "none".to_owned(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

fn check_decision(expect: &Expect, decision: &Decision, problems: &mut Vec<String>) {
    let codes: Vec<&str> = decision.outcomes.iter().map(|o| o.code.code()).collect();
    if let Some(level) = &expect.level
        && decision.level.code() != level
    {
        problems.push(format!("level: expected {level}, got {}", decision.level));
    }
    let as_value = |c: Option<crate::policy::OutcomeCode>| {
        c.map_or(Value::Null, |c| Value::String(c.code().to_owned()))
    };
    // In a message: the code, or "none".
    let said = |v: &Value| v.as_str().unwrap_or("none").to_owned();
    if let Some(pathway) = &expect.pathway
        && as_value(decision.pathway) != *pathway
    {
        problems.push(format!(
            "pathway: expected {}, got {}",
            said(pathway),
            said(&as_value(decision.pathway))
        ));
    }
    if let Some(plan) = &expect.plan
        && as_value(decision.plan) != *plan
    {
        problems.push(format!(
            "plan: expected {}, got {}",
            said(plan),
            said(&as_value(decision.plan))
        ));
    }
    for code in &expect.present {
        if !codes.contains(&code.as_str()) {
            problems.push(format!(
                "expected outcome {code}; the outcomes were {}",
                list(&codes)
            ));
        }
    }
    for code in &expect.absent {
        if codes.contains(&code.as_str()) {
            problems.push(format!("outcome {code} should be absent"));
        }
    }
    let find = |code: &str| decision.outcomes.iter().find(|o| o.code.code() == code);
    for (code, due) in &expect.due {
        match find(code) {
            Some(o) if o.due.as_deref() == Some(due.as_str()) => {}
            Some(o) => problems.push(format!(
                "{code} due: expected {due}, got {}",
                o.due.as_deref().unwrap_or("no due date")
            )),
            None => problems.push(format!("{code} (due {due}) is not in the decision")),
        }
    }
    for (code, strength) in &expect.strength {
        match find(code) {
            Some(o) if o.strength.code() == strength => {}
            Some(o) => problems.push(format!(
                "{code} strength: expected {strength}, got {}",
                o.strength
            )),
            None => problems.push(format!("{code} ({strength}) is not in the decision")),
        }
    }
    for (code, every) in &expect.every {
        match find(code) {
            Some(o) if o.every.as_deref() == Some(every.as_str()) => {}
            Some(o) => problems.push(format!(
                "{code} every: expected {every}, got {}",
                o.every.as_deref().unwrap_or("no cadence")
            )),
            None => problems.push(format!("{code} (every {every}) is not in the decision")),
        }
    }
    for rule in &expect.notes {
        if !decision.notes.iter().any(|n| *n.rule == **rule) {
            problems.push(format!("expected the note of rule {rule}"));
        }
    }
    for (code, actor) in &expect.actor {
        let actors: Vec<&str> = decision
            .outcomes
            .iter()
            .filter(|o| o.code.code() == code)
            .map(|o| o.actor.code())
            .collect();
        if !actors.contains(&actor.as_str()) {
            problems.push(format!(
                "{code} actor: expected {actor}, got {}",
                list(&actors)
            ));
        }
    }
    for (code, basis) in &expect.basis {
        match find(code) {
            Some(o) if o.basis.code() == basis => {}
            Some(o) => problems.push(format!("{code} basis: expected {basis}, got {}", o.basis)),
            None => problems.push(format!("{code} (basis {basis}) is not in the decision")),
        }
    }
    for (code, count) in &expect.count {
        let got = codes.iter().filter(|c| **c == code).count();
        if got != *count {
            problems.push(format!("{code}: expected {count} of them, got {got}"));
        }
    }
    for code in &expect.out_of_hours {
        match find(code) {
            Some(o) if o.out_of_hours => {}
            Some(o) => problems.push(format!(
                "{code} should be out of hours (due {} on a weekend or bank holiday)",
                o.due.as_deref().unwrap_or("with no date")
            )),
            None => problems.push(format!("{code} (out of hours) is not in the decision")),
        }
    }
    if let Some(want) = &expect.level_reasons {
        let got: Vec<&str> = decision
            .level_reasons
            .iter()
            .map(|r| r.code.code())
            .collect();
        if got != want.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!(
                "level reasons: expected {}, got {}",
                list(want),
                list(&got)
            ));
        }
    }
    if let Some(want) = &expect.turns18 {
        let got = decision
            .turns18
            .as_ref()
            .map_or(Value::Null, |t| Value::String(t.date.clone()));
        if got != *want {
            problems.push(format!(
                "turns 18: expected {}, got {}",
                said(want),
                said(&got)
            ));
        }
    }
    if let Some(want) = expect.safety_plan
        && want == decision.safety_plan.is_empty()
    {
        problems.push(format!(
            "safety-plan ideas: expected {}, got {} themes",
            if want { "some" } else { "none" },
            decision.safety_plan.len()
        ));
    }
    if let Some(first) = decision.outcomes.first()
        && codes.contains(&"call_999")
        && first.code.code() != "call_999"
    {
        problems.push("call_999 must lead the outcomes".to_owned());
    }
}
