//! A decision: the recommended route for a referral under one council's policy, as the CLI,
//! the service and the JS module return it. The routing that makes one is
//! [`Policy::route`](crate::policy::Policy::route), in `policy/route.rs`.
//!
//! Every matched rule's outcomes, deduplicated by code and instruction (`detail`: two police
//! referrals to different teams are both kept; otherwise the first rule wins and the others
//! stay in the trace), ordered by kind (immediate first, so "call 999" leads whenever it
//! applies). The pathway is the most severe pathway outcome, the plan the most severe plan
//! outcome. Route-stage rules run first; follow-up rules then also see `pathway`, `plan` and
//! `turns18BeforeDue` (whether the young person turns 18 before a child-only step is due:
//! worked out from the due dates, so when it is true the follow-up stage runs once more with
//! it set, and the pack's transition rules apply).

use std::borrow::Cow;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes::{Level, codes};
use crate::facts::FactValues;
use crate::policy::{Actor, Basis, Cite, OutcomeCode, OutcomeKind, Stage, Strength};
use crate::safety_plan::SafetyTheme;

mod json;

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
    /// Why the level is above what the ticked signs give, when it is.
    pub level_reasons: Vec<LevelReason>,
    /// The most severe pathway outcome.
    pub pathway: Option<OutcomeCode>,
    /// The most severe plan outcome, if the threshold for one is met.
    pub plan: Option<OutcomeCode>,
    pub outcomes: Vec<Outcome>,
    /// Rules that matched to explain something without recommending an outcome.
    pub notes: Vec<Note>,
    /// When the young person turns 18 before a child-only step is due: the birthday and the
    /// steps.
    pub turns18: Option<Turns18>,
    /// Ideas for the safety plan from the council's own guidance, for the harm types in the
    /// referral (empty when the pack has none).
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

codes! {
    /// Why a level is above what the ticked signs give.
    LevelReasonCode {
        /// The screening tool's floor: under 13 (or unborn) or with SEND, and a sign of sexual
        /// harm or exploitation, is at least moderate.
        Floor = "floor",
        ProfessionalJudgement = "professional_judgement",
        ImmediateDanger = "immediate_danger",
    }
}

/// Why a level is above what the ticked signs give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LevelReason {
    pub code: LevelReasonCode,
    /// A plain sentence.
    pub text: Cow<'static, str>,
}

/// The young person turns 18 before a child-only step is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Turns18 {
    /// YYYY-MM-DD: the 18th birthday.
    pub date: String,
    /// The child-only steps due on or after it.
    pub steps: Vec<OutcomeCode>,
}

/// One recommended step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub code: OutcomeCode,
    pub kind: OutcomeKind,
    /// A plain name, e.g. "Strategy meeting".
    pub title: Cow<'static, str>,
    /// The instruction, where the same code carries different ones (e.g. which police team).
    pub detail: Option<Arc<str>>,
    /// Who acts: the referrer, the MASH, children's social care, the police or the partnership.
    pub actor: Actor,
    /// YYYY-MM-DD, when the guidance sets a deadline.
    pub due: Option<String>,
    /// Due the same calendar day, and that day is a weekend or bank holiday: out of hours the
    /// council's out-of-hours (emergency duty) service acts on it.
    pub out_of_hours: bool,
    pub strength: Strength,
    pub every: Option<Arc<str>>,
    pub first_every: Option<Arc<str>>,
    /// The id of the rule that recommends it.
    pub rule: Arc<str>,
    /// `council`: from the council's guidance (`cite`); `safety_default`: hoth's own safety
    /// default where the guidance is silent (no `cite`).
    pub basis: Basis,
    pub cite: Option<Arc<Cite>>,
    pub why: Arc<str>,
}

/// A matched rule with no outcome: something the MASH should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub rule: Arc<str>,
    pub why: Arc<str>,
    pub basis: Basis,
    pub cite: Option<Arc<Cite>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    pub rule: Arc<str>,
    pub stage: Stage,
    pub matched: bool,
}
