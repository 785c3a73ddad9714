//! Council policy packs: which council does what, as data.
//!
//! A pack (`policies/<id>.json`, in the layout of [`crate::layout`]) is an ordered list of
//! rules. Each rule has a `when` condition in JSONLogic over [facts](crate::facts), derived
//! ones such as `child` included, the outcomes it recommends, a plain
//! `why`, and a `cite` of the council's guidance. Loading a pack checks everything once (every
//! operator, every fact name, every outcome code, every citation, rule ids unique, deadlines
//! well formed) and compiles the conditions; a loaded [`Policy`] is then reused for every
//! referral. Loading never panics: a malformed pack is a [`PolicyError`] naming the rule and
//! the field.

pub mod outcome;
mod registry;
mod shape;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::cite::Cite;
use crate::codes::codes;
use crate::facts::Fact;
use crate::logic::{Logic, LogicError};
use crate::safety_plan::{SafetyPlan, Themes};
use crate::timescales::Cadence;
pub use outcome::{Actor, Basis, OutcomeCode, OutcomeKind};
pub use registry::{Registry, UnknownPolicy};

/// The packs built into this release, by id, as JSON text (`policies/`, minified by
/// `build.rs`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "gloucestershire",
        include_str!(concat!(env!("OUT_DIR"), "/policies/gloucestershire.json")),
    ),
    (
        "tower-hamlets",
        include_str!(concat!(env!("OUT_DIR"), "/policies/tower-hamlets.json")),
    ),
    (
        "wokingham",
        include_str!(concat!(env!("OUT_DIR"), "/policies/wokingham.json")),
    ),
];

/// A quote longer than this many words is rejected: cite the passage, do not copy the document.
pub const MAX_QUOTE_WORDS: usize = 29;
/// A pack file larger than this is rejected before parsing.
pub const MAX_PACK_BYTES: usize = 1_000_000;
/// More rules than this is not a policy pack.
pub const MAX_RULES: usize = 1_000;

/// A council's policy pack, as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "PolicyPack", extend("$id" = "https://hoth.example/schemas/policy.schema.json"))]
pub struct PolicyPack {
    /// Lower-case letters, digits and hyphens, e.g. `wokingham`.
    pub id: String,
    /// The council, e.g. "Wokingham Borough Council".
    pub name: String,
    /// The pack's own version; bump it whenever a rule changes.
    pub version: String,
    /// The guidance documents the rules cite.
    pub source: Vec<SourceDocument>,
    /// The rules, in order. Route rules run first, then follow-up rules.
    pub rules: Vec<Rule>,
    /// Ideas for the safety plan from this council's own guidance, by theme (only a pack whose
    /// guidance has them carries them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety_plan: Option<SafetyPlan>,
}

/// A policy pack in brief: what `hoth policies` lists for each built-in pack.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "PolicySummary")]
pub struct PolicySummary {
    /// The id to pass to `validate` and `route`, e.g. `wokingham`.
    pub id: String,
    /// The council.
    pub name: String,
    /// The pack's own version.
    pub version: String,
    /// How many rules the pack has.
    pub rules: usize,
    /// The guidance documents its rules cite.
    pub source: Vec<SourceDocument>,
}

/// A document a pack is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceDocument {
    /// "<council> - <document title>", as the rules' citations name it.
    pub document: String,
    /// When the council published it (or "undated").
    pub date: String,
}

codes! {
    /// When a rule runs.
    Stage {
        /// Decides pathway and plan (the default).
        Route = "route",
        /// Runs afterwards and may also read the facts `pathway` and `plan`.
        FollowUp = "follow_up",
    }
}

/// One rule of a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    /// Unique within the pack, e.g. `level-4-strategy-meeting`.
    pub id: String,
    #[serde(default = "route_stage", skip_serializing_if = "is_route")]
    pub stage: Stage,
    /// A JSONLogic condition over facts (listed in the README), such as
    /// `{"and": [{"var": "child"}, {"var": "harmOutsideHome"}]}`; `child`, `adult`,
    /// `careExperiencedYoungAdult` and `harmOutsideHome` are derived from the others.
    #[schemars(with = "serde_json::Value")]
    pub when: Value,
    /// What the rule recommends when it matches. Empty for a note that only explains.
    pub then: Vec<OutcomeSpec>,
    /// A plain sentence saying why, for the referrer and the MASH.
    pub why: String,
    /// `council` (the default): the rule follows the council's guidance, cited in `cite`.
    /// `safety_default`: hoth's own safety default where the guidance is silent; no `cite`.
    #[serde(default = "council_basis", skip_serializing_if = "is_council")]
    pub basis: Basis,
    /// The passage of the council's guidance. Required unless `basis` is `safety_default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Cite>,
}

fn council_basis() -> Basis {
    Basis::Council
}

fn is_council(basis: &Basis) -> bool {
    *basis == Basis::Council
}

fn route_stage() -> Stage {
    Stage::Route
}

fn is_route(stage: &Stage) -> bool {
    *stage == Stage::Route
}

/// An outcome as a rule writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutcomeSpec {
    pub code: OutcomeCode,
    /// Who acts, when not the code's default (see the outcome table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// The instruction, where one code carries different instructions (two police referrals
    /// to different teams): outcomes with the same code and different details are both kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DueSpec>,
    #[serde(default = "must", skip_serializing_if = "is_must")]
    pub strength: Strength,
    /// How often the meeting recurs, e.g. "8 weeks".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// How often at first, e.g. "6 weeks".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_every: Option<String>,
}

fn must() -> Strength {
    Strength::Must
}

fn is_must(strength: &Strength) -> bool {
    *strength == Strength::Must
}

codes! {
    /// How firmly the guidance puts it.
    Strength {
        /// The guidance says it must or will happen.
        Must = "must",
        /// The guidance says consider, may, or depends on what assessment finds.
        Consider = "consider",
    }
}

/// A deadline: exactly one of `sameDay`, `workingDays`, `weeks` or `months`, counted from the
/// referral date or from another outcome's due date (`from`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DueSpec {
    /// Due on the calendar day it counts from, even a weekend or bank holiday (out of hours,
    /// the council's out-of-hours service acts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_day: Option<bool>,
    /// Due on the Nth working day after the day it counts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// Due within N calendar weeks (the last working day on or before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    /// Due within N calendar months (the last working day on or before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// Count from this outcome's due date instead of the referral date (when the decision has
    /// no such outcome, from the referral date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<OutcomeCode>,
}

/// A pack that could not be loaded. `rule` names the rule (when the problem is in one) and
/// `field` the field, such as `when` or `then[0].code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[error("{}", self.describe())]
pub struct PolicyError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub field: String,
    pub message: String,
}

impl PolicyError {
    fn new(rule: Option<&str>, field: impl Into<String>, message: impl Into<String>) -> Self {
        PolicyError {
            rule: rule.map(str::to_owned),
            field: field.into(),
            message: message.into(),
        }
    }

    fn describe(&self) -> String {
        match (&self.rule, self.field.as_str()) {
            (Some(rule), "") => format!("policy pack: rule \"{rule}\": {}", self.message),
            (Some(rule), field) => format!(
                "policy pack: rule \"{rule}\", field \"{field}\": {}",
                self.message
            ),
            (None, "") => format!("policy pack: {}", self.message),
            (None, field) => format!("policy pack: field \"{field}\": {}", self.message),
        }
    }
}

/// A rule ready to run.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub(crate) logic: Logic,
    /// Shared with every decision that cites the rule, so routing copies no text.
    pub(crate) id: Arc<str>,
    pub(crate) why: Arc<str>,
    pub(crate) cite: Option<Arc<Cite>>,
    pub(crate) detail: Vec<Option<Arc<str>>>,
    pub(crate) every: Vec<Option<Arc<str>>>,
    pub(crate) first_every: Vec<Option<Arc<str>>>,
}

/// A loaded, checked and compiled policy pack.
#[derive(Debug, Clone)]
pub struct Policy {
    pack: PolicyPack,
    compiled: Vec<CompiledRule>,
    themes: Themes,
}

impl Policy {
    /// Load a pack from JSON text, checking everything once.
    pub fn from_json(json: &str) -> Result<Policy, PolicyError> {
        if json.len() > MAX_PACK_BYTES {
            return Err(PolicyError::new(
                None,
                "",
                format!(
                    "the file is {} bytes; a pack may be at most {MAX_PACK_BYTES}",
                    json.len()
                ),
            ));
        }
        let value: Value = serde_json::from_str(json)
            .map_err(|e| PolicyError::new(None, "", format!("not valid JSON: {e}")))?;
        Policy::from_value(&value)
    }

    /// Load a pack from a JSON value, checking everything once.
    pub fn from_value(value: &Value) -> Result<Policy, PolicyError> {
        let pack =
            shape::read(value).map_err(|(path, message)| shape_error(value, &path, &message))?;
        Policy::from_pack(pack)
    }

    /// Check and compile a pack.
    pub fn from_pack(pack: PolicyPack) -> Result<Policy, PolicyError> {
        check_header(&pack)?;
        let mut ids = HashSet::new();
        let mut compiled = Vec::with_capacity(pack.rules.len());
        let mut anchors: BTreeMap<OutcomeCode, BTreeSet<OutcomeCode>> = BTreeMap::new();
        for (index, rule) in pack.rules.iter().enumerate() {
            let id = rule.id.trim();
            if id.is_empty() {
                return Err(PolicyError::new(
                    None,
                    format!("rules[{index}].id"),
                    "every rule needs an id",
                ));
            }
            if !ids.insert(id) {
                return Err(PolicyError::new(
                    Some(id),
                    "id",
                    "two rules have this id; rule ids must be unique",
                ));
            }
            compiled.push(check_rule(rule)?);
            for outcome in &rule.then {
                if let Some(from) = outcome.due.and_then(|d| d.from) {
                    anchors.entry(outcome.code).or_default().insert(from);
                }
            }
        }
        check_anchor_cycles(&anchors)?;
        check_safety_plan(pack.safety_plan.as_ref())?;
        let themes = Themes::new(pack.safety_plan.as_ref());
        Ok(Policy {
            pack,
            compiled,
            themes,
        })
    }

    /// A built-in pack by id, loaded the first time it is asked for and then shared. Each
    /// pack is loaded on its own, so a page that routes under one council never parses the
    /// others (the widget's first render waits for exactly one).
    pub fn builtin(id: &str) -> Option<&'static Policy> {
        static LOADED: [OnceLock<Option<Policy>>; BUILTIN.len()] =
            [const { OnceLock::new() }; BUILTIN.len()];
        let index = BUILTIN.iter().position(|(builtin, _)| *builtin == id)?;
        let (_, json) = BUILTIN.get(index)?;
        LOADED
            .get(index)?
            .get_or_init(|| Policy::from_json(json).ok())
            .as_ref()
    }

    /// The ids of the built-in packs.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    pub fn pack(&self) -> &PolicyPack {
        &self.pack
    }

    /// The pack in brief, as `hoth policies` and the JS module's `policies()` list it.
    pub fn summary(&self) -> PolicySummary {
        PolicySummary {
            id: self.pack.id.clone(),
            name: self.pack.name.clone(),
            version: self.pack.version.clone(),
            rules: self.pack.rules.len(),
            source: self.pack.source.clone(),
        }
    }

    pub fn id(&self) -> &str {
        &self.pack.id
    }

    pub(crate) fn compiled(&self) -> &[CompiledRule] {
        &self.compiled
    }

    pub(crate) fn themes(&self) -> &Themes {
        &self.themes
    }
}

/// A shape error at `path` (as `serde_path_to_error` prints it) as the rule and field.
fn shape_error(value: &Value, path: &str, message: &str) -> PolicyError {
    // "rules[3].then[0].code" -> rule id of rules[3], field "then[0].code"
    if let Some(rest) = path.strip_prefix("rules[")
        && let Some((index, field)) = rest.split_once(']')
    {
        let index: usize = index.parse().unwrap_or(usize::MAX);
        let id = value
            .get("rules")
            .and_then(|r| r.get(index))
            .and_then(|r| r.get("id"))
            .and_then(Value::as_str)
            .map_or_else(|| format!("rules[{index}]"), str::to_owned);
        let field = field.trim_start_matches('.');
        return PolicyError::new(Some(&id), field, explain_serde(message));
    }
    let field = if path == "." { "" } else { path };
    PolicyError::new(None, field, explain_serde(message))
}

fn explain_serde(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let given = rest.split('`').next().unwrap_or_default();
        let expected = rest
            .split_once("expected ")
            .map_or("", |(_, e)| e)
            .replace('`', "");
        return format!("\"{given}\" is not a known code; expected {expected}");
    }
    message.to_owned()
}

fn check_header(pack: &PolicyPack) -> Result<(), PolicyError> {
    let id_ok = !pack.id.is_empty()
        && pack.id.len() <= 64
        && pack
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err(PolicyError::new(
            None,
            "id",
            "the pack id must be 1-64 lower-case letters, digits or hyphens, like \"wokingham\"",
        ));
    }
    for (field, text) in [("name", &pack.name), ("version", &pack.version)] {
        if text.trim().is_empty() {
            return Err(PolicyError::new(None, field, "must not be empty"));
        }
    }
    if pack.source.is_empty() {
        return Err(PolicyError::new(
            None,
            "source",
            "name at least one guidance document",
        ));
    }
    if pack.rules.is_empty() {
        return Err(PolicyError::new(
            None,
            "rules",
            "a pack needs at least one rule",
        ));
    }
    if pack.rules.len() > MAX_RULES {
        return Err(PolicyError::new(
            None,
            "rules",
            format!("a pack may have at most {MAX_RULES} rules"),
        ));
    }
    Ok(())
}

fn check_rule(rule: &Rule) -> Result<CompiledRule, PolicyError> {
    let id = Some(rule.id.as_str());
    let stage = rule.stage;
    let resolve = |name: &str| {
        Fact::from_code(name)
            .filter(|f| stage == Stage::FollowUp || !f.after_route())
            .map(Fact::slot)
    };
    let logic = Logic::compile_facts(&rule.when, &resolve).map_err(|e| {
        let message = match &e {
            LogicError::UnknownVar { name, .. } if Fact::from_code(name).is_some() => format!(
                "\"{name}\" is only known after routing: move the rule to \"stage\": \"follow_up\""
            ),
            LogicError::UnknownVar { name, at } => format!(
                "\"{name}\" is not a known fact (at {}); the facts are: {}",
                if at.is_empty() {
                    "the top of the condition"
                } else {
                    at
                },
                Fact::ALL
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => other.to_string(),
        };
        PolicyError::new(id, "when", message)
    })?;
    if rule.why.trim().is_empty() {
        return Err(PolicyError::new(
            id,
            "why",
            "say in a plain sentence why the rule applies",
        ));
    }
    match (rule.basis, &rule.cite) {
        (Basis::Council, None) => {
            return Err(PolicyError::new(
                id,
                "cite",
                "every rule must cite its guidance (only a \"basis\": \"safety_default\" rule has no citation)",
            ));
        }
        (Basis::SafetyDefault, Some(_)) => {
            return Err(PolicyError::new(
                id,
                "cite",
                "a \"safety_default\" rule is hoth's own default, not the council's guidance: remove the citation, or remove \"basis\" if the guidance says it",
            ));
        }
        (_, Some(cite)) => check_cite(id, cite)?,
        (Basis::SafetyDefault, None) => {}
    }
    let mut seen = HashSet::new();
    for (i, outcome) in rule.then.iter().enumerate() {
        let field = |name: &str| format!("then[{i}].{name}");
        if !seen.insert((outcome.code, outcome.detail.as_deref())) {
            return Err(PolicyError::new(
                id,
                field("code"),
                format!("\"{}\" is listed twice", outcome.code),
            ));
        }
        if outcome.detail.as_ref().is_some_and(|d| d.trim().is_empty()) {
            return Err(PolicyError::new(
                id,
                field("detail"),
                "must not be empty: say the instruction, or leave \"detail\" out",
            ));
        }
        let requirement = outcome.code.kind() == OutcomeKind::Requirement;
        if requirement && stage != Stage::Route {
            return Err(PolicyError::new(
                id,
                field("code"),
                "requirements must be route-stage rules",
            ));
        }
        if let Some(due) = outcome.due {
            let set = [
                due.same_day.is_some(),
                due.working_days.is_some(),
                due.weeks.is_some(),
                due.months.is_some(),
            ];
            if set.iter().filter(|s| **s).count() != 1 || due.same_day == Some(false) {
                return Err(PolicyError::new(
                    id,
                    field("due"),
                    "give exactly one of \"sameDay\": true, \"workingDays\": N, \"weeks\": N or \"months\": N",
                ));
            }
            for (name, count) in [("due.weeks", due.weeks), ("due.months", due.months)] {
                if count == Some(0) {
                    return Err(PolicyError::new(id, field(name), "must be 1 or more"));
                }
            }
            if due.from == Some(outcome.code) {
                return Err(PolicyError::new(
                    id,
                    field("due.from"),
                    "an outcome cannot count from itself",
                ));
            }
            if requirement {
                return Err(PolicyError::new(
                    id,
                    field("due"),
                    "a requirement has no due date",
                ));
            }
        }
        for (name, cadence) in [
            ("every", &outcome.every),
            ("firstEvery", &outcome.first_every),
        ] {
            if let Some(text) = cadence
                && let Err(e) = text.parse::<Cadence>()
            {
                return Err(PolicyError::new(id, field(name), e.to_string()));
            }
        }
    }
    Ok(CompiledRule {
        logic,
        id: Arc::from(rule.id.as_str()),
        why: Arc::from(rule.why.as_str()),
        cite: rule.cite.clone().map(Arc::new),
        detail: rule
            .then
            .iter()
            .map(|o| o.detail.as_deref().map(Arc::from))
            .collect(),
        every: rule
            .then
            .iter()
            .map(|o| o.every.as_deref().map(Arc::from))
            .collect(),
        first_every: rule
            .then
            .iter()
            .map(|o| o.first_every.as_deref().map(Arc::from))
            .collect(),
    })
}

/// Safety-plan ideas are cited like rules: a document, and each theme a section and a short
/// passage, with at least one idea.
fn check_safety_plan(plan: Option<&SafetyPlan>) -> Result<(), PolicyError> {
    let Some(plan) = plan else { return Ok(()) };
    if plan.document.trim().is_empty() {
        return Err(PolicyError::new(
            None,
            "safetyPlan.document",
            "name the guidance the ideas come from",
        ));
    }
    for (i, theme) in plan.themes.iter().enumerate() {
        let field = |name: &str| format!("safetyPlan.themes[{i}].{name}");
        for (name, text) in [
            ("id", &theme.id),
            ("title", &theme.title),
            ("section", &theme.section),
            ("quote", &theme.quote),
        ] {
            if text.trim().is_empty() {
                return Err(PolicyError::new(None, field(name), "must not be empty"));
            }
        }
        let words = theme.quote.split_whitespace().count();
        if words > MAX_QUOTE_WORDS {
            return Err(PolicyError::new(
                None,
                field("quote"),
                format!("the quote has {words} words; quote the passage in under 30 words"),
            ));
        }
        if theme.ideas.iter().all(|idea| idea.trim().is_empty()) {
            return Err(PolicyError::new(
                None,
                field("ideas"),
                "give at least one idea",
            ));
        }
    }
    Ok(())
}

/// A citation names the document, the section and a short passage.
fn check_cite(id: Option<&str>, cite: &Cite) -> Result<(), PolicyError> {
    for (field, text) in [
        ("cite.document", &cite.document),
        ("cite.section", &cite.section),
        ("cite.quote", &cite.quote),
    ] {
        if text.trim().is_empty() {
            return Err(PolicyError::new(
                id,
                field,
                "every rule must cite its guidance: this is empty",
            ));
        }
    }
    let words = cite.quote.split_whitespace().count();
    if words > MAX_QUOTE_WORDS {
        return Err(PolicyError::new(
            id,
            "cite.quote",
            format!("the quote has {words} words; quote the passage in under 30 words"),
        ));
    }
    Ok(())
}

/// Deadlines that count from each other in a circle could never be worked out.
fn check_anchor_cycles(
    anchors: &BTreeMap<OutcomeCode, BTreeSet<OutcomeCode>>,
) -> Result<(), PolicyError> {
    for start in anchors.keys() {
        let mut seen = BTreeSet::new();
        let mut stack = vec![*start];
        while let Some(code) = stack.pop() {
            for next in anchors.get(&code).into_iter().flatten() {
                if next == start {
                    return Err(PolicyError::new(
                        None,
                        "rules",
                        format!(
                            "the due date of \"{start}\" counts from itself through other outcomes' \"from\""
                        ),
                    ));
                }
                if seen.insert(*next) {
                    stack.push(*next);
                }
            }
        }
    }
    Ok(())
}
