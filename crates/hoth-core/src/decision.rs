//! Routing: a referral and a policy give a decision.
//!
//! Every matched rule's outcomes, deduplicated by code (the first rule wins; the others stay
//! in the trace), ordered by kind (immediate first, so "call 999" leads whenever it applies).
//! The pathway is the most severe pathway outcome, the plan the most severe plan outcome.
//! Route-stage rules run first; follow-up rules then also see `pathway` and `plan`.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::facts::{Fact, FactValues, Facts};
use crate::policy::{Cite, DueSpec, OutcomeCode, OutcomeKind, Policy, Stage, Strength};
use crate::safety_plan::{self, SafetyTheme};
use crate::screening::Level;
use crate::timescales::{Calendar, CalendarError};
use crate::validation::{Issue, IssueCode, Validated, checks, validate_value};

/// The recommended route for a referral under one council's policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "Decision", extend("$id" = "https://hoth.example/schemas/decision.schema.json"))]
pub struct Decision {
    pub policy: PolicyRef,
    /// The date everything counts from.
    pub referral_date: String,
    pub level: Level,
    /// The Berkshire threshold level, 1-4.
    pub level_number: u8,
    /// The most severe pathway outcome.
    pub pathway: Option<OutcomeCode>,
    /// The most severe plan outcome, if the threshold for one is met.
    pub plan: Option<OutcomeCode>,
    pub outcomes: Vec<Outcome>,
    /// Rules that matched to explain something without recommending an outcome.
    pub notes: Vec<Note>,
    /// Ideas for the safety plan, for the harm types in the referral.
    pub safety_plan: Vec<Arc<SafetyTheme>>,
    /// The facts the rules read, by name.
    pub facts: FactValues,
    /// Every rule, matched or not, in the order they ran.
    pub trace: Vec<TraceEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRef {
    pub id: String,
    pub version: String,
}

/// One recommended step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub code: OutcomeCode,
    pub kind: OutcomeKind,
    /// A plain name, e.g. "Strategy meeting".
    pub title: Cow<'static, str>,
    /// YYYY-MM-DD, when the guidance sets a deadline.
    pub due: Option<String>,
    pub strength: Strength,
    pub every: Option<Arc<str>>,
    pub first_every: Option<Arc<str>>,
    /// The id of the rule that recommends it.
    pub rule: Arc<str>,
    pub cite: Arc<Cite>,
    pub why: Arc<str>,
}

/// A matched rule with no outcome: something the MASH should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub rule: Arc<str>,
    pub why: Arc<str>,
    pub cite: Arc<Cite>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    pub rule: Arc<str>,
    pub stage: Stage,
    pub matched: bool,
}

impl Policy {
    /// Plain validation plus this policy's own requirements (rules whose outcomes are
    /// requirements, such as the screening tool on every referral about harm outside the home).
    pub fn validate(&self, referral: &Value, today: NaiveDate) -> Validated {
        self.validate_with_facts(referral, today).0
    }

    /// Validation and the facts it worked out, so routing derives them once.
    fn validate_with_facts(&self, referral: &Value, today: NaiveDate) -> (Validated, Facts) {
        let mut validated = validate_value(referral, today);
        let facts = Facts::derive(&validated.referral, referral_date(&validated));
        if referral.is_object() {
            self.requirements(&facts, &mut validated.issues);
        }
        (validated, facts)
    }

    /// The ids of the requirement rules that match this referral (for coverage reports).
    pub fn requirement_rules_matched(&self, referral: &Value, today: NaiveDate) -> Vec<String> {
        let validated = validate_value(referral, today);
        let facts = Facts::derive(&validated.referral, referral_date(&validated));
        self.pack()
            .rules
            .iter()
            .zip(self.compiled())
            .filter(|(rule, compiled)| {
                rule.then
                    .iter()
                    .any(|o| o.code.kind() == OutcomeKind::Requirement)
                    && compiled.logic.matches_facts(facts.values())
            })
            .map(|(rule, _)| rule.id.clone())
            .collect()
    }

    fn requirements(&self, facts: &Facts, issues: &mut Vec<Issue>) {
        for (rule, compiled) in self.pack().rules.iter().zip(self.compiled()) {
            let requirements: Vec<_> = rule
                .then
                .iter()
                .filter(|o| o.code.kind() == OutcomeKind::Requirement)
                .collect();
            if requirements.is_empty() || !compiled.logic.matches_facts(facts.values()) {
                continue;
            }
            for outcome in requirements {
                let (path, code, message) = match outcome.code {
                    OutcomeCode::PredominantHarmRequired => (
                        "concerns.predominantHarm",
                        IssueCode::PredominantHarmRequired,
                        format!(
                            "Select the main type of harm: {} needs it on every referral",
                            self.pack().name
                        ),
                    ),
                    _ => (
                        "hoth.screeningCompleted",
                        IssueCode::ScreeningToolRequired,
                        format!(
                            "Complete the screening tool: {} needs it on every referral about harm outside the home",
                            self.pack().name
                        ),
                    ),
                };
                if !issues.iter().any(|i| i.path == path) {
                    issues.push(Issue::new(path, code, message));
                }
            }
        }
    }

    /// Validate a referral and, when it is valid, decide its route. An invalid referral
    /// gives its issues, never a decision.
    pub fn route(&self, referral: &Value, today: NaiveDate) -> Result<Decision, Vec<Issue>> {
        let (validated, facts) = self.validate_with_facts(referral, today);
        if !validated.is_valid() {
            return Err(validated.issues);
        }
        let Some(date) = referral_date(&validated) else {
            return Err(vec![Issue::new(
                "referralDate",
                IssueCode::InvalidDate,
                "The date of the referral must be a real date, like 2026-03-27",
            )]);
        };
        self.decide(facts, date, Calendar::builtin()).map_err(|e| {
            vec![Issue::new(
                "referralDate",
                IssueCode::InvalidDate,
                format!("Due dates cannot be worked out: {e}"),
            )]
        })
    }

    /// Run the rules over facts. Only fails when a due date falls outside the calendar.
    pub fn decide(
        &self,
        mut facts: Facts,
        referral_date: NaiveDate,
        calendar: &Calendar,
    ) -> Result<Decision, CalendarError> {
        let mut chosen: Vec<Chosen> = Vec::new();
        let mut notes = Vec::new();
        let mut trace = Vec::with_capacity(self.pack().rules.len());
        for stage in [Stage::Route, Stage::FollowUp] {
            if stage == Stage::FollowUp {
                let most_severe = |kind| {
                    chosen
                        .iter()
                        .map(|c| c.code)
                        .filter(|c| c.kind() == kind)
                        .max()
                };
                facts.set(Fact::Pathway, code_value(most_severe(OutcomeKind::Pathway)));
                facts.set(Fact::Plan, code_value(most_severe(OutcomeKind::Plan)));
            }
            for (index, (rule, compiled)) in
                self.pack().rules.iter().zip(self.compiled()).enumerate()
            {
                if rule.stage != stage {
                    continue;
                }
                let matched = compiled.logic.matches_facts(facts.values());
                trace.push(TraceEntry {
                    rule: compiled.id.clone(),
                    stage,
                    matched,
                });
                if !matched {
                    continue;
                }
                if rule.then.is_empty() {
                    notes.push(Note {
                        rule: compiled.id.clone(),
                        why: compiled.why.clone(),
                        cite: compiled.cite.clone(),
                    });
                }
                for (spec, outcome) in rule.then.iter().enumerate() {
                    if outcome.code.kind() != OutcomeKind::Requirement
                        && !chosen.iter().any(|c| c.code == outcome.code)
                    {
                        chosen.push(Chosen {
                            code: outcome.code,
                            rule: index,
                            spec,
                        });
                    }
                }
            }
        }
        // Immediate first, then by kind; within a kind, in rule order.
        chosen.sort_by_key(|c| c.code.kind());

        let dues = self.due_dates(&chosen, referral_date, calendar)?;
        let outcomes = chosen
            .iter()
            .zip(dues)
            .map(|(c, due)| {
                let compiled = &self.compiled()[c.rule];
                let spec = &self.pack().rules[c.rule].then[c.spec];
                Outcome {
                    code: c.code,
                    kind: c.code.kind(),
                    title: Cow::Borrowed(c.code.title()),
                    due: due.map(iso_date),
                    strength: spec.strength,
                    every: compiled.every.get(c.spec).cloned().flatten(),
                    first_every: compiled.first_every.get(c.spec).cloned().flatten(),
                    rule: compiled.id.clone(),
                    cite: compiled.cite.clone(),
                    why: compiled.why.clone(),
                }
            })
            .collect::<Vec<_>>();
        let most_severe = |kind| {
            outcomes
                .iter()
                .map(|o| o.code)
                .filter(|c| c.kind() == kind)
                .max()
        };
        let level = facts.screening().level;
        let safety_plan = safety_plan::for_harm_types(facts.get(Fact::HarmTypes));
        Ok(Decision {
            policy: PolicyRef {
                id: self.pack().id.clone(),
                version: self.pack().version.clone(),
            },
            referral_date: iso_date(referral_date),
            level,
            level_number: level.number(),
            pathway: most_severe(OutcomeKind::Pathway),
            plan: most_severe(OutcomeKind::Plan),
            outcomes,
            notes,
            safety_plan,
            facts: FactValues(facts.into_values()),
            trace,
        })
    }

    /// Work out each outcome's due date, counting from the referral date or from another
    /// outcome's due date (anchors cannot form a circle: loading checks that).
    fn due_dates(
        &self,
        chosen: &[Chosen],
        referral_date: NaiveDate,
        calendar: &Calendar,
    ) -> Result<Vec<Option<NaiveDate>>, CalendarError> {
        let specs: Vec<Option<DueSpec>> = chosen
            .iter()
            .map(|c| self.pack().rules[c.rule].then[c.spec].due)
            .collect();
        let mut dues: Vec<Option<NaiveDate>> = vec![None; chosen.len()];
        let mut done = vec![false; chosen.len()];
        // Each pass settles at least one deadline whose anchor is settled; at most n passes.
        for _ in 0..=chosen.len() {
            let mut progress = false;
            for i in 0..chosen.len() {
                if done[i] {
                    continue;
                }
                let Some(spec) = specs[i] else {
                    done[i] = true;
                    progress = true;
                    continue;
                };
                let anchor = match spec
                    .from
                    .and_then(|from| chosen.iter().position(|c| c.code == from))
                {
                    None => Some(referral_date),
                    Some(j) if done[j] => Some(dues[j].unwrap_or(referral_date)),
                    Some(_) => None,
                };
                let Some(anchor) = anchor else { continue };
                dues[i] = Some(due_date(spec, anchor, calendar)?);
                done[i] = true;
                progress = true;
            }
            if !progress {
                break;
            }
        }
        Ok(dues)
    }
}

#[derive(Debug, Clone, Copy)]
struct Chosen {
    code: OutcomeCode,
    rule: usize,
    spec: usize,
}

fn due_date(
    spec: DueSpec,
    from: NaiveDate,
    calendar: &Calendar,
) -> Result<NaiveDate, CalendarError> {
    if let Some(days) = spec.working_days {
        calendar.add_working_days(from, days)
    } else if let Some(months) = spec.months {
        calendar.within_months(from, months)
    } else {
        calendar.add_working_days(from, 0)
    }
}

/// YYYY-MM-DD, without chrono's format-string parsing (this is on the routing hot path).
fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn code_value(code: Option<OutcomeCode>) -> Value {
    code.map_or(Value::Null, |c| Value::String(c.code().to_owned()))
}

fn referral_date(validated: &Validated) -> Option<NaiveDate> {
    validated
        .referral
        .referral_date
        .as_deref()
        .and_then(checks::date)
}
