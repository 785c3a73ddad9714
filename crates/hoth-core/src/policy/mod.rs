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

#[path = "../../build/digest.rs"]
mod digest;
pub mod outcome;
mod registry;
mod route;
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

/// The ids of the packs built into this release, in the order `hoth policies` lists them.
/// Always compiled in, with or without the packs' text (the `builtin-packs` feature): the
/// widget, which is given its council's pack at run time, names them when a page asks for an
/// unknown one.
pub const BUILTIN_IDS: [&str; 3] = ["gloucestershire", "tower-hamlets", "wokingham"];

/// The packs built into this release, by id, as JSON text (`policies/`, minified by
/// `build.rs`), in the order of [`BUILTIN_IDS`]. Empty without the `builtin-packs` feature.
#[cfg(feature = "builtin-packs")]
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

/// Without the `builtin-packs` feature no pack's text is compiled in.
#[cfg(not(feature = "builtin-packs"))]
pub const BUILTIN: &[(&str, &str)] = &[];

/// Each built-in pack's id, the length of its text and its digest (FNV-1a, 64 bits), in the
/// order of [`BUILTIN_IDS`]: the minified text the core embeds and `./x build` serves beside the
/// widget (`policy-<id>.json`), written by `build.rs`. Compiled in with or without the packs'
/// text, so the widget can tell this release's pack from any other ([`Policy::from_builtin_text`]).
pub const BUILTIN_DIGESTS: [(&str, usize, u64); 3] =
    include!(concat!(env!("OUT_DIR"), "/pack_digests.rs"));

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
#[error("{}", self.describe_all())]
pub struct PolicyError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub field: String,
    pub message: String,
    /// Every other problem found in the same pack, in pack order: loading reports them all at
    /// once. Empty when this is the only one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<PolicyError>,
}

impl PolicyError {
    fn new(rule: Option<&str>, field: impl Into<String>, message: impl Into<String>) -> Self {
        PolicyError {
            rule: rule.map(str::to_owned),
            field: field.into(),
            message: message.into(),
            more: Vec::new(),
        }
    }

    /// Every problem as one error: the first, with the others in `more`; `None` for none.
    fn gather(errors: Vec<PolicyError>) -> Option<PolicyError> {
        let mut errors = errors.into_iter();
        let mut first = errors.next()?;
        first.more.extend(errors);
        Some(first)
    }

    /// Every problem, this one first, each without `more`.
    pub fn all(&self) -> impl Iterator<Item = PolicyError> + '_ {
        let first = PolicyError {
            more: Vec::new(),
            ..self.clone()
        };
        std::iter::once(first).chain(self.more.iter().cloned())
    }

    /// How many problems: this one and `more`.
    pub fn count(&self) -> usize {
        1 + self.more.len()
    }

    /// "policy pack: <the problem>", or for several "policy pack: N problems:" and one line
    /// per problem.
    fn describe_all(&self) -> String {
        if self.more.is_empty() {
            return format!("policy pack: {}", self.describe());
        }
        let mut text = format!("policy pack: {} problems:", self.count());
        for problem in std::iter::once(self).chain(&self.more) {
            text.push_str("\n  - ");
            text.push_str(&problem.describe());
        }
        text
    }

    /// This problem alone: `rule "x", field "when": ...`.
    pub fn describe(&self) -> String {
        match (&self.rule, self.field.as_str()) {
            (Some(rule), "") => format!("rule \"{rule}\": {}", self.message),
            (Some(rule), field) => format!("rule \"{rule}\", field \"{field}\": {}", self.message),
            (None, "") => self.message.clone(),
            (None, field) => format!("field \"{field}\": {}", self.message),
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
        Policy::from_value(&parse(json)?)
    }

    /// Load a pack from a JSON value, checking everything once.
    /// Every problem is reported at once (the first in the error, the others in its `more`).
    pub fn from_value(value: &Value) -> Result<Policy, PolicyError> {
        match shape::read(value) {
            Ok(pack) => Policy::from_pack(pack),
            Err((path, message)) => Err(shape_errors(value, &path, &message)),
        }
    }

    /// Check and compile a pack, reporting every problem at once.
    pub fn from_pack(pack: PolicyPack) -> Result<Policy, PolicyError> {
        let mut errors = Vec::new();
        let compiled = check_pack(&pack, pack.rules.len(), &mut errors);
        if let Some(error) = PolicyError::gather(errors) {
            return Err(error);
        }
        Ok(Policy::assemble(pack, compiled))
    }

    /// A built-in pack from its text as `./x build` serves it (`policy-<id>.json`), for a
    /// build that does not embed the packs (the widget). The text must be byte for byte the
    /// pack `id` of this release (its length and digest are compiled in: [`BUILTIN_DIGESTS`]);
    /// that pack was checked when the release was built and tested (`cargo test` loads every
    /// built-in pack with [`Policy::from_json`], which checks everything), so here it is only
    /// read and its conditions compiled: the checks and their messages are not needed at run
    /// time, and a page that loads its council's pack does not run them again. Any other text,
    /// even a valid pack, is refused.
    pub fn from_builtin_text(id: &str, text: &str) -> Result<Policy, PolicyError> {
        let Some((_, length, expected)) = BUILTIN_DIGESTS.iter().find(|(i, ..)| *i == id) else {
            return Err(PolicyError::new(
                None,
                "",
                format!("\"{id}\" is not one of this release's council policies"),
            ));
        };
        if text.len() != *length || digest::fnv1a(text.as_bytes()) != *expected {
            return Err(PolicyError::new(
                None,
                "",
                format!("this is not the \"{id}\" pack this release was built with"),
            ));
        }
        // The text is this release's pack, tested to be JSON: a parse error is only placed,
        // not described (serde_json's `Display` would bring all its messages into the widget).
        let value = serde_json::from_str(text).map_err(|e| {
            let place = format!("not valid JSON at line {} column {}", e.line(), e.column());
            PolicyError::new(None, "", place)
        })?;
        let pack =
            shape::read(&value).map_err(|(path, message)| PolicyError::new(None, path, message))?;
        let compiled = pack
            .rules
            .iter()
            .map(|rule| {
                Logic::compile_facts(&rule.when, &facts_for(rule.stage))
                    .map(|logic| compile_rule(rule, logic))
                    .map_err(|e| PolicyError::new(Some(&rule.id), "when", e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy::assemble(pack, compiled))
    }

    /// A policy from its pack and compiled rules.
    fn assemble(pack: PolicyPack, compiled: Vec<CompiledRule>) -> Policy {
        let themes = Themes::new(pack.safety_plan.as_ref());
        Policy {
            pack,
            compiled,
            themes,
        }
    }

    /// A built-in pack by id, loaded the first time it is asked for and then shared. Each
    /// pack is loaded on its own, so a page that routes under one council never parses the
    /// others. None for an unknown id, and for every id without the `builtin-packs` feature.
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

    /// The ids of the built-in packs ([`BUILTIN_IDS`]), with or without their text compiled in.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN_IDS.into_iter()
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

/// A pack's text as JSON, or the error saying it is not JSON.
fn parse(json: &str) -> Result<Value, PolicyError> {
    serde_json::from_str(json)
        .map_err(|e| PolicyError::new(None, "", format!("not valid JSON: {e}")))
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

/// Every problem of a pack whose shape is wrong: the header's shape, each rule's shape, and
/// the checks of everything that did read (so a bad code in one rule and a missing citation in
/// another are reported together).
fn shape_errors(value: &Value, path: &str, message: &str) -> PolicyError {
    let first = || shape_error(value, path, message);
    let Some(rules) = value.get("rules").and_then(Value::as_array) else {
        return first();
    };
    let mut errors = Vec::new();
    let mut header = value.clone();
    if let Some(slot) = header.get_mut("rules") {
        *slot = Value::Array(Vec::new());
    }
    let header = match shape::read(&header) {
        Ok(pack) => Some(pack),
        Err((path, message)) => {
            errors.push(shape_error(value, &path, &message));
            None
        }
    };
    let mut good = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        match shape::read_rule(rule) {
            Ok(rule) => good.push(rule),
            Err((path, message)) => {
                let path = if path == "." {
                    format!("rules[{index}]")
                } else {
                    format!("rules[{index}].{path}")
                };
                errors.push(shape_error(value, &path, &message));
            }
        }
    }
    if let Some(mut pack) = header {
        pack.rules = good;
        check_pack(&pack, rules.len(), &mut errors);
    }
    // In pack order: the header, then the rules in turn, then what spans the rules.
    let position = |error: &PolicyError| match &error.rule {
        None if error.field.starts_with("rules") || error.field.starts_with("safetyPlan") => {
            usize::MAX
        }
        None => 0,
        Some(rule) => rules
            .iter()
            .position(|r| r.get("id").and_then(Value::as_str) == Some(rule.as_str()))
            .or_else(|| {
                rule.strip_prefix("rules[")
                    .and_then(|r| r.strip_suffix(']'))
                    .and_then(|i| i.parse().ok())
            })
            .map_or(usize::MAX - 1, |i: usize| i + 1),
    };
    errors.sort_by_key(position);
    PolicyError::gather(errors).unwrap_or_else(first)
}

/// Check a pack read whole, pushing every problem; the compiled rules of those that compile.
/// `rule_count` is how many rules the file has (some may not have read).
fn check_pack(
    pack: &PolicyPack,
    rule_count: usize,
    errors: &mut Vec<PolicyError>,
) -> Vec<CompiledRule> {
    check_header(pack, rule_count, errors);
    let mut ids = HashSet::new();
    let mut compiled = Vec::with_capacity(pack.rules.len());
    let mut anchors: BTreeMap<OutcomeCode, BTreeSet<OutcomeCode>> = BTreeMap::new();
    for (index, rule) in pack.rules.iter().enumerate() {
        let id = rule.id.trim();
        if id.is_empty() {
            errors.push(PolicyError::new(
                None,
                format!("rules[{index}].id"),
                "every rule needs an id",
            ));
        } else if !ids.insert(id) {
            errors.push(PolicyError::new(
                Some(id),
                "id",
                "an earlier rule has this id too; rule ids must be unique",
            ));
        }
        if let Some(rule) = check_rule(rule, errors) {
            compiled.push(rule);
        }
        for outcome in &rule.then {
            if let Some(from) = outcome.due.and_then(|d| d.from) {
                anchors.entry(outcome.code).or_default().insert(from);
            }
        }
    }
    check_anchor_cycles(&anchors, errors);
    check_safety_plan(pack.safety_plan.as_ref(), errors);
    compiled
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

fn check_header(pack: &PolicyPack, rule_count: usize, errors: &mut Vec<PolicyError>) {
    let id_ok = !pack.id.is_empty()
        && pack.id.len() <= 64
        && pack
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        errors.push(PolicyError::new(
            None,
            "id",
            "the pack id must be 1-64 lower-case letters, digits or hyphens, like \"wokingham\"",
        ));
    }
    for (field, text) in [("name", &pack.name), ("version", &pack.version)] {
        if text.trim().is_empty() {
            errors.push(PolicyError::new(None, field, "must not be empty"));
        }
    }
    if pack.source.is_empty() {
        errors.push(PolicyError::new(
            None,
            "source",
            "name at least one guidance document",
        ));
    }
    if rule_count == 0 {
        errors.push(PolicyError::new(
            None,
            "rules",
            "a pack needs at least one rule",
        ));
    }
    if rule_count > MAX_RULES {
        errors.push(PolicyError::new(
            None,
            "rules",
            format!("a pack may have at most {MAX_RULES} rules"),
        ));
    }
}

/// The facts a rule at `stage` may read, by name: a route-stage rule not those known only after
/// routing.
fn facts_for(stage: Stage) -> impl Fn(&str) -> Option<usize> {
    move |name: &str| {
        Fact::from_code(name)
            .filter(|f| stage == Stage::FollowUp || !f.after_route())
            .map(Fact::slot)
    }
}

fn check_rule(rule: &Rule, errors: &mut Vec<PolicyError>) -> Option<CompiledRule> {
    let id = Some(rule.id.as_str());
    let stage = rule.stage;
    let logic = Logic::compile_facts(&rule.when, &facts_for(stage)).map_err(|e| {
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
    });
    let logic = match logic {
        Ok(logic) => Some(logic),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    if rule.why.trim().is_empty() {
        errors.push(PolicyError::new(
            id,
            "why",
            "say in a plain sentence why the rule applies",
        ));
    }
    match (rule.basis, &rule.cite) {
        (Basis::Council, None) => {
            errors.push(PolicyError::new(
                id,
                "cite",
                "every rule must cite its guidance (only a \"basis\": \"safety_default\" rule has no citation)",
            ));
        }
        (Basis::SafetyDefault, Some(_)) => {
            errors.push(PolicyError::new(
                id,
                "cite",
                "a \"safety_default\" rule is hoth's own default, not the council's guidance: remove the citation, or remove \"basis\" if the guidance says it",
            ));
        }
        (_, Some(cite)) => check_cite(id, cite, errors),
        (Basis::SafetyDefault, None) => {}
    }
    let mut seen = HashSet::new();
    for (i, outcome) in rule.then.iter().enumerate() {
        let field = |name: &str| format!("then[{i}].{name}");
        if !seen.insert((outcome.code, outcome.detail.as_deref())) {
            errors.push(PolicyError::new(
                id,
                field("code"),
                format!("\"{}\" is listed twice", outcome.code),
            ));
        }
        if outcome.detail.as_ref().is_some_and(|d| d.trim().is_empty()) {
            errors.push(PolicyError::new(
                id,
                field("detail"),
                "must not be empty: say the instruction, or leave \"detail\" out",
            ));
        }
        let requirement = outcome.code.kind() == OutcomeKind::Requirement;
        if requirement && stage != Stage::Route {
            errors.push(PolicyError::new(
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
                errors.push(PolicyError::new(
                    id,
                    field("due"),
                    "give exactly one of \"sameDay\": true, \"workingDays\": N, \"weeks\": N or \"months\": N",
                ));
            }
            for (name, count) in [("due.weeks", due.weeks), ("due.months", due.months)] {
                if count == Some(0) {
                    errors.push(PolicyError::new(id, field(name), "must be 1 or more"));
                }
            }
            if due.from == Some(outcome.code) {
                errors.push(PolicyError::new(
                    id,
                    field("due.from"),
                    "an outcome cannot count from itself",
                ));
            }
            if requirement {
                errors.push(PolicyError::new(
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
                errors.push(PolicyError::new(id, field(name), e.to_string()));
            }
        }
    }
    Some(compile_rule(rule, logic?))
}

/// A rule ready to run, from its compiled condition (the rule's texts shared, not copied).
fn compile_rule(rule: &Rule, logic: Logic) -> CompiledRule {
    CompiledRule {
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
    }
}

/// Safety-plan ideas are cited like rules: a document, and each theme a section and a short
/// passage, with at least one idea.
fn check_safety_plan(plan: Option<&SafetyPlan>, errors: &mut Vec<PolicyError>) {
    let Some(plan) = plan else { return };
    if plan.document.trim().is_empty() {
        errors.push(PolicyError::new(
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
                errors.push(PolicyError::new(None, field(name), "must not be empty"));
            }
        }
        let words = theme.quote.split_whitespace().count();
        if words > MAX_QUOTE_WORDS {
            errors.push(PolicyError::new(
                None,
                field("quote"),
                format!("the quote has {words} words; quote the passage in under 30 words"),
            ));
        }
        if theme.ideas.iter().all(|idea| idea.trim().is_empty()) {
            errors.push(PolicyError::new(
                None,
                field("ideas"),
                "give at least one idea",
            ));
        }
    }
}

/// A citation names the document, the section and a short passage.
fn check_cite(id: Option<&str>, cite: &Cite, errors: &mut Vec<PolicyError>) {
    for (field, text) in [
        ("cite.document", &cite.document),
        ("cite.section", &cite.section),
        ("cite.quote", &cite.quote),
    ] {
        if text.trim().is_empty() {
            errors.push(PolicyError::new(
                id,
                field,
                "every rule must cite its guidance: this is empty",
            ));
        }
    }
    let words = cite.quote.split_whitespace().count();
    if words > MAX_QUOTE_WORDS {
        errors.push(PolicyError::new(
            id,
            "cite.quote",
            format!("the quote has {words} words; quote the passage in under 30 words"),
        ));
    }
}

/// Deadlines that count from each other in a circle could never be worked out.
fn check_anchor_cycles(
    anchors: &BTreeMap<OutcomeCode, BTreeSet<OutcomeCode>>,
    errors: &mut Vec<PolicyError>,
) {
    for start in anchors.keys() {
        let mut seen = BTreeSet::new();
        let mut stack = vec![*start];
        while let Some(code) = stack.pop() {
            for next in anchors.get(&code).into_iter().flatten() {
                if next == start {
                    errors.push(PolicyError::new(
                        None,
                        "rules",
                        format!(
                            "the due date of \"{start}\" counts from itself through other outcomes' \"from\""
                        ),
                    ));
                    return;
                }
                if seen.insert(*next) {
                    stack.push(*next);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BUILTIN, BUILTIN_DIGESTS, BUILTIN_IDS, Policy};

    /// The widget's loader: each built-in pack's served text loads to the same policy as the
    /// checked load (the same pack, the same compiled rules, the same decision for the example
    /// referrals); any other text, a valid pack included, is refused, and so is another id.
    #[test]
    fn a_builtin_pack_from_its_served_text_is_the_checked_pack() {
        let digests: Vec<&str> = BUILTIN_DIGESTS.iter().map(|(id, ..)| *id).collect();
        assert_eq!(digests, BUILTIN_IDS);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let referrals: Vec<serde_json::Value> = ["charlene", "tower-hamlets-luca"]
            .iter()
            .map(|name| {
                let path = format!(
                    "{}/../../tests/fixtures/referrals/{name}.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
            })
            .collect();
        for (id, text) in BUILTIN {
            let checked = Policy::from_json(text).unwrap();
            let served = Policy::from_builtin_text(id, text).unwrap();
            assert_eq!(served.pack(), checked.pack());
            assert_eq!(
                format!("{:?}", served.compiled()),
                format!("{:?}", checked.compiled())
            );
            for referral in &referrals {
                assert_eq!(
                    served.route(referral, today).map(|d| d.json_bytes()),
                    checked.route(referral, today).map(|d| d.json_bytes()),
                );
            }
            // One byte more, a valid pack still: refused.
            let edited = text.replacen("\"rules\":[", "\"rules\": [", 1);
            assert!(Policy::from_json(&edited).is_ok());
            let refused = Policy::from_builtin_text(id, &edited).unwrap_err();
            assert_eq!(
                refused.message,
                format!("this is not the \"{id}\" pack this release was built with")
            );
            // Another council's pack under this id: refused.
            let (other, other_text) = BUILTIN.iter().find(|(o, _)| o != id).unwrap();
            assert!(Policy::from_builtin_text(id, other_text).is_err());
            assert!(Policy::from_builtin_text(other, other_text).is_ok());
        }
        assert_eq!(
            Policy::from_builtin_text("atlantis", BUILTIN[0].1)
                .unwrap_err()
                .message,
            "\"atlantis\" is not one of this release's council policies"
        );
    }

    /// The id list the widget relies on names exactly the packs whose text is compiled in, in
    /// the same order, and each pack's own id is the one it is listed under.
    #[test]
    fn builtin_ids_name_every_builtin_pack() {
        let embedded: Vec<&str> = BUILTIN.iter().map(|(id, _)| *id).collect();
        assert_eq!(embedded, BUILTIN_IDS);
        for id in BUILTIN_IDS {
            assert_eq!(Policy::builtin(id).map(Policy::id), Some(id));
        }
    }
}
