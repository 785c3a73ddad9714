//! Routing: a referral and a policy give a [`Decision`]. `Policy::validate`, `Policy::route`
//! (and `route_text`, from JSON text) and `Policy::decide` (over facts) live here, beside the
//! pack they run; the decision's types are in [`crate::decision`].

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::decision::{
    Decision, LevelReason, LevelReasonCode, Note, Outcome, PolicyRef, TraceEntry, Turns18,
};
use crate::facts::{Fact, FactValues, Facts};
use crate::policy::{DueSpec, OutcomeCode, OutcomeKind, Policy, Stage, Strength};
use crate::timescales::{Calendar, CalendarError};
use crate::validation::{Issue, IssueCode, ReferralText, Validated, checks, validate_value};

impl Policy {
    /// Plain validation plus this policy's own requirements (rules whose outcomes are
    /// requirements, such as the screening tool on every referral about harm outside the home).
    pub fn validate(&self, referral: &Value, today: NaiveDate) -> Validated {
        self.validate_with_facts(referral, today).0
    }

    /// [`Policy::validate`] of JSON text read once ([`ReferralText`]).
    pub fn validate_text(&self, referral: ReferralText, today: NaiveDate) -> Validated {
        let object = referral.is_object();
        self.with_facts(referral.validate(today), object).0
    }

    /// [`Policy::validate`] and the facts it worked out, so that routing, or deciding a
    /// provisional route over the facts of a referral not yet valid, derives them once: a form
    /// that checks every change validates once, not twice ([`Policy::route_validated`]).
    pub fn validate_with_facts(&self, referral: &Value, today: NaiveDate) -> (Validated, Facts) {
        self.with_facts(validate_value(referral, today), referral.is_object())
    }

    fn with_facts(&self, mut validated: Validated, object: bool) -> (Validated, Facts) {
        let facts = Facts::derive(&validated.referral, referral_date(&validated));
        if object {
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
            let mut requirements = rule
                .then
                .iter()
                .filter(|o| o.code.kind() == OutcomeKind::Requirement)
                .peekable();
            if requirements.peek().is_none() || !compiled.logic.matches_facts(facts.values()) {
                continue;
            }
            for outcome in requirements {
                let name = &self.pack().name;
                let (path, code, message) = match outcome.code {
                    OutcomeCode::PredominantHarmRequired => (
                        "concerns.predominantHarm",
                        IssueCode::PredominantHarmRequired,
                        format!("Select the main type of harm: {name} needs it on every referral"),
                    ),
                    OutcomeCode::ScreeningToolRequired => (
                        "hoth.screeningCompleted",
                        IssueCode::ScreeningToolRequired,
                        format!(
                            "Complete the screening tool: {name} needs it on every referral about harm outside the home"
                        ),
                    ),
                    OutcomeCode::AssociatesRequired => (
                        "hoth.associates",
                        IssueCode::AssociatesRequired,
                        format!(
                            "Add the people of concern, or say you know of none: {name} needs this on every referral about harm outside the home"
                        ),
                    ),
                    OutcomeCode::ContextsRequired => (
                        "hoth.contexts",
                        IssueCode::ContextsRequired,
                        format!(
                            "Add the places and groups of concern, or say you know of none: {name} needs this on every referral about harm outside the home"
                        ),
                    ),
                    // Only requirement outcomes reach here (filtered above); listed one by
                    // one so that a new requirement code must say its path and issue code.
                    OutcomeCode::Call999
                    | OutcomeCode::ShareLocationIntelligence
                    | OutcomeCode::AdviceAndSignposting
                    | OutcomeCode::EarlyHelp
                    | OutcomeCode::ChildAndFamilyAssessment
                    | OutcomeCode::StrategyMeeting
                    | OutcomeCode::EarlyHelpPlan
                    | OutcomeCode::UpdateExistingPlan
                    | OutcomeCode::CinPlan
                    | OutcomeCode::InitialChildProtectionConference
                    | OutcomeCode::MySafetyMeeting
                    | OutcomeCode::CarePlanUpdate
                    | OutcomeCode::BreakingTheCycle
                    | OutcomeCode::Section47Enquiry
                    | OutcomeCode::RiskAndHarmAssessment
                    | OutcomeCode::PoliceReferral
                    | OutcomeCode::ContextAssessment
                    | OutcomeCode::ContextMeeting
                    | OutcomeCode::MappingMeeting
                    | OutcomeCode::EnduringProfessional
                    | OutcomeCode::NrmReferral
                    | OutcomeCode::AdultSafeguardingS42
                    | OutcomeCode::AdultServicesSignpost
                    | OutcomeCode::PathwayPlan
                    | OutcomeCode::SafeguardOtherChildren
                    | OutcomeCode::CoreGroupMeeting
                    | OutcomeCode::ReviewConference
                    | OutcomeCode::SafetyPlanningMeeting
                    | OutcomeCode::PlanReviewMeeting
                    | OutcomeCode::Mace
                    | OutcomeCode::Emrac
                    | OutcomeCode::Marac
                    | OutcomeCode::PreventChannel
                    | OutcomeCode::HothDailyMeeting
                    | OutcomeCode::TransitionsPanel
                    | OutcomeCode::ChildOfMostConcern
                    | OutcomeCode::NotifyExploitationTeam
                    | OutcomeCode::ExploitationCoordinatorConsult
                    | OutcomeCode::InformIro
                    | OutcomeCode::FlagHealthAndPoliceSystems => continue,
                };
                if !issues.iter().any(|i| i.path == path) {
                    issues.push(Issue::new(path, code, message));
                }
            }
        }
    }

    /// Each rule's condition (`when`) over given facts, evaluated exactly as routing
    /// evaluates it (the same compiled condition): the rule ids in the pack's order, each
    /// with whether its condition holds. `facts` is an object of fact codes, as a decision's
    /// `facts`; a fact it does not give is null, a key that is not a fact is ignored, and
    /// anything but an object gives every fact null. Only the conditions: no validation, no
    /// facts derived, no outcomes. For a pack's author asking which rules hold for some
    /// facts, and to compare hoth's JSONLogic with another engine over the same facts.
    pub fn conditions(&self, facts: &Value) -> Vec<(&str, bool)> {
        // In slot order, as `FactValues` reads a decision's facts back.
        let values: Vec<Value> = Fact::ALL
            .iter()
            .map(|f| facts.get(f.code()).cloned().unwrap_or(Value::Null))
            .collect();
        self.compiled()
            .iter()
            .map(|compiled| (&*compiled.id, compiled.logic.matches_facts(&values)))
            .collect()
    }

    /// Validate a referral and, when it is valid, decide its route. An invalid referral
    /// gives its issues, never a decision.
    pub fn route(&self, referral: &Value, today: NaiveDate) -> Result<Decision, Vec<Issue>> {
        self.route_validated(self.validate_with_facts(referral, today))
    }

    /// [`Policy::route`] of JSON text read once ([`ReferralText`]).
    pub fn route_text(
        &self,
        referral: ReferralText,
        today: NaiveDate,
    ) -> Result<Decision, Vec<Issue>> {
        let object = referral.is_object();
        self.route_validated(self.with_facts(referral.validate(today), object))
    }

    /// [`Policy::route`] of what [`Policy::validate_with_facts`] returned for the same referral
    /// and day: the same decision, or the same issues.
    pub fn route_validated(
        &self,
        (validated, facts): (Validated, Facts),
    ) -> Result<Decision, Vec<Issue>> {
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
        let rules = self.pack().rules.len();
        let mut run = Run {
            // Every rule is traced once (a stage run again is rewound first).
            trace: Vec::with_capacity(rules),
            chosen: Vec::with_capacity(16),
            notes: Vec::new(),
        };
        self.run_stage(Stage::Route, &facts, &mut run);
        facts.set(Fact::Pathway, code_value(self.pathway(&run.chosen)));
        facts.set(
            Fact::Plan,
            code_value(most_severe(
                run.chosen.iter().map(|c| c.code),
                OutcomeKind::Plan,
            )),
        );
        facts.set(Fact::Turns18BeforeDue, Value::Bool(false));
        let after_route = run.marks();
        self.run_stage(Stage::FollowUp, &facts, &mut run);
        let mut dues = self.due_dates(&run.chosen, referral_date, calendar)?;
        let mut turns18 = turns_18(&facts, &run.chosen, &dues);
        if turns18.is_some() {
            // The transition rules read it: the follow-up stage again, knowing.
            facts.set(Fact::Turns18BeforeDue, Value::Bool(true));
            run.rewind(after_route);
            self.run_stage(Stage::FollowUp, &facts, &mut run);
            dues = self.due_dates(&run.chosen, referral_date, calendar)?;
            turns18 = turns_18(&facts, &run.chosen, &dues);
        }

        // Immediate first, then by kind; within a kind, in rule order.
        let mut order: Vec<usize> = (0..run.chosen.len()).collect();
        order.sort_by_key(|i| run.chosen[*i].code.kind());
        let mut outcomes = Vec::with_capacity(order.len());
        for i in order {
            let c = run.chosen[i];
            let due = dues[i];
            let compiled = &self.compiled()[c.rule];
            let rule = &self.pack().rules[c.rule];
            let spec = &rule.then[c.spec];
            let out_of_hours = match due {
                Some(date) if spec.due.is_some_and(|d| d.same_day == Some(true)) => {
                    !calendar.is_working_day(date)?
                }
                _ => false,
            };
            outcomes.push(Outcome {
                code: c.code,
                kind: c.code.kind(),
                title: Cow::Borrowed(c.code.title()),
                detail: compiled.detail.get(c.spec).cloned().flatten(),
                actor: spec.actor.unwrap_or(c.code.default_actor()),
                due: due.map(iso_date),
                out_of_hours,
                strength: spec.strength,
                every: compiled.every.get(c.spec).cloned().flatten(),
                first_every: compiled.first_every.get(c.spec).cloned().flatten(),
                rule: compiled.id.clone(),
                basis: rule.basis,
                cite: compiled.cite.clone(),
                why: compiled.why.clone(),
            });
        }
        let pathway = self.pathway(&run.chosen);
        let plan = most_severe(outcomes.iter().map(|o| o.code), OutcomeKind::Plan);
        let screening = facts.screening();
        let level = screening.level;
        let level_reasons = level_reasons(screening);
        let safety_plan = self.themes().for_harm_types(facts.get(Fact::HarmTypes));
        Ok(Decision {
            policy: PolicyRef {
                id: self.pack().id.clone(),
                version: self.pack().version.clone(),
            },
            referral_date: iso_date(referral_date),
            level,
            level_number: level.number(),
            level_reasons,
            pathway,
            plan,
            outcomes,
            notes: run.notes,
            turns18,
            safety_plan,
            facts: FactValues(facts.into_values()),
            trace: run.trace,
        })
    }

    /// The pathway: the most severe pathway outcome the guidance says will happen (`must`);
    /// only when none does, the most severe one to consider. A strategy meeting the MASH *may*
    /// convene does not replace the assessment it *will* start as the headline.
    fn pathway(&self, chosen: &[Chosen]) -> Option<OutcomeCode> {
        let strength = |c: &Chosen| self.pack().rules[c.rule].then[c.spec].strength;
        let musts = chosen
            .iter()
            .filter(|c| strength(c) == Strength::Must)
            .map(|c| c.code);
        most_severe(musts, OutcomeKind::Pathway)
            .or_else(|| most_severe(chosen.iter().map(|c| c.code), OutcomeKind::Pathway))
    }

    /// Run one stage's rules, adding their outcomes (each code and instruction once: the
    /// first rule wins), notes and trace entries.
    fn run_stage(&self, stage: Stage, facts: &Facts, run: &mut Run) {
        for (index, (rule, compiled)) in self.pack().rules.iter().zip(self.compiled()).enumerate() {
            if rule.stage != stage {
                continue;
            }
            let matched = compiled.logic.matches_facts(facts.values());
            run.trace.push(TraceEntry {
                rule: compiled.id.clone(),
                stage,
                matched,
            });
            if !matched {
                continue;
            }
            if rule.then.is_empty() {
                run.notes.push(Note {
                    rule: compiled.id.clone(),
                    why: compiled.why.clone(),
                    basis: rule.basis,
                    cite: compiled.cite.clone(),
                });
            }
            for (spec, outcome) in rule.then.iter().enumerate() {
                let detail = outcome.detail.as_deref();
                let seen = run.chosen.iter().any(|c| {
                    c.code == outcome.code
                        && self.pack().rules[c.rule].then[c.spec].detail.as_deref() == detail
                });
                if outcome.code.kind() != OutcomeKind::Requirement && !seen {
                    run.chosen.push(Chosen {
                        code: outcome.code,
                        rule: index,
                        spec,
                    });
                }
            }
        }
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
                // Counting from an outcome means from the first outcome with that code.
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

fn most_severe(codes: impl Iterator<Item = OutcomeCode>, kind: OutcomeKind) -> Option<OutcomeCode> {
    codes.filter(|c| c.kind() == kind).max()
}

/// What the stages have found so far.
#[derive(Debug, Default)]
struct Run {
    chosen: Vec<Chosen>,
    notes: Vec<Note>,
    trace: Vec<TraceEntry>,
}

impl Run {
    fn marks(&self) -> (usize, usize, usize) {
        (self.chosen.len(), self.notes.len(), self.trace.len())
    }

    fn rewind(&mut self, (chosen, notes, trace): (usize, usize, usize)) {
        self.chosen.truncate(chosen);
        self.notes.truncate(notes);
        self.trace.truncate(trace);
    }
}

fn due_date(
    spec: DueSpec,
    from: NaiveDate,
    calendar: &Calendar,
) -> Result<NaiveDate, CalendarError> {
    if let Some(days) = spec.working_days {
        calendar.add_working_days(from, days)
    } else if let Some(weeks) = spec.weeks {
        calendar.within_weeks(from, weeks)
    } else if let Some(months) = spec.months {
        calendar.within_months(from, months)
    } else {
        calendar.same_day(from)
    }
}

/// The 18th birthday and the child-only steps due on or after it, if any.
fn turns_18(facts: &Facts, chosen: &[Chosen], dues: &[Option<NaiveDate>]) -> Option<Turns18> {
    let birthday = facts.eighteenth_birthday()?;
    let mut steps: Vec<OutcomeCode> = chosen
        .iter()
        .zip(dues)
        .filter(|(c, due)| c.code.child_only() && due.is_some_and(|d| d >= birthday))
        .map(|(c, _)| c.code)
        .collect();
    steps.sort();
    steps.dedup();
    // Already 18 at the referral: the children's steps do not apply at all (the packs' adult
    // rules say so); this is about turning 18 on the way.
    let already_adult = facts.get(Fact::Age).as_u64().is_some_and(|age| age >= 18);
    (!steps.is_empty() && !already_adult).then(|| Turns18 {
        date: iso_date(birthday),
        steps,
    })
}

/// Why the level is above what the ticked signs give.
fn level_reasons(screening: &crate::screening::Screening) -> Vec<LevelReason> {
    let mut reasons = Vec::new();
    if screening.floor_applied {
        reasons.push(LevelReason {
            code: LevelReasonCode::Floor,
            text: Cow::Borrowed(
                "The child is under 13 (or unborn) or has special educational needs or disabilities, and a sign of sexual harm or exploitation was ticked, so the level is at least moderate.",
            ),
        });
    }
    if screening.judgement_applied {
        reasons.push(LevelReason {
            code: LevelReasonCode::ProfessionalJudgement,
            text: Cow::Borrowed(
                "The referrer's professional judgement raised the level above what the ticked signs give.",
            ),
        });
    }
    if screening.immediate_danger_applied {
        reasons.push(LevelReason {
            code: LevelReasonCode::ImmediateDanger,
            text: Cow::Borrowed(
                "The child is in immediate danger, so at risk of significant harm: the level is significant whatever signs were ticked.",
            ),
        });
    }
    reasons
}

/// YYYY-MM-DD ([`checks::iso`], on the routing hot path); a year outside 0-9999 as
/// `format!("{:04}-{:02}-{:02}")` writes it.
fn iso_date(date: NaiveDate) -> String {
    checks::iso(date)
        .unwrap_or_else(|| format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::NaiveDate;

    #[test]
    fn iso_date_is_the_format_strings_text() {
        for (y, m, d) in [
            (2026, 3, 10),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 7),
            (-262_000, 1, 2),
            (262_000, 11, 30),
            (999, 9, 9),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                super::iso_date(date),
                format!("{y:04}-{m:02}-{d:02}"),
                "{y}-{m}-{d}"
            );
        }
    }
}
