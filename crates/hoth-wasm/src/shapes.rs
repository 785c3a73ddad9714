//! The JSON shapes that only the JavaScript boundary adds around the core's own types.
//!
//! They are the CLI's shapes (`hoth validate` prints a [`ValidationResult`]), so results are structurally equal to the CLI's JSON. `build.rs`
//! includes this file too, to generate their TypeScript types with the core's.

use hoth_core::Issue;
use schemars::JsonSchema;
use serde::Serialize;

/// What `validate` returns, and `route` when the referral is not valid: the JSON of
/// `hoth validate`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "ValidationResult")]
pub struct ValidationResult {
    /// True when there are no issues.
    pub valid: bool,
    /// Every problem at once, in the order of the form.
    pub issues: Vec<Issue>,
}

/// What went wrong, as the `code` of a thrown `Error`. Stable: compare codes, not messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(title = "ErrorCode")]
pub enum ErrorCode {
    /// The value cannot be read as JSON: a cycle, a BigInt, a getter that throws, or nesting
    /// deeper than 128 levels.
    UnreadableInput,
    /// The JSON is over the size limit (a referral or a policy pack over 1,000,000
    /// characters).
    InputTooLarge,
    /// An argument of the wrong type, such as a number for `policyId` or a `today` that is
    /// not a date like 2026-03-10.
    InvalidArgument,
    /// No built-in or loaded policy has this id.
    UnknownPolicy,
    /// `loadPolicy` was given a pack with a problem; `rule` and `field` say where.
    InvalidPolicy,
    /// `schema` was asked for a name it does not have.
    UnknownSchema,
    /// A result could not be handed to JavaScript (a bug: please report it).
    Internal,
}

/// The extra properties of every `Error` the module throws.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "ErrorDetails")]
pub struct ErrorDetails {
    pub code: ErrorCode,
    /// For `invalid_policy`: the rule with the problem, when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// For `invalid_policy`: the field with the problem, such as `when` or `then[0].code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `invalid_policy`: every problem of the pack (the first is the one in `rule` and
    /// `field`), each with its rule, field and message. Loading reports them all at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problems: Option<Vec<PolicyProblem>>,
}

/// One problem of a policy pack.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "PolicyProblem")]
pub struct PolicyProblem {
    /// The rule, when the problem is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The field, such as `when` or `then[0].code` (empty for the pack as a whole).
    pub field: String,
    pub message: String,
}
