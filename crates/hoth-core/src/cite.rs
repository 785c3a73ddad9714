//! A citation of a council's guidance: what a rule, a safety-plan theme or a scenario rests
//! on. Imports nothing of the crate, so the pack's parts can share it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a rule comes from in the council's guidance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cite {
    /// "<council> - <document title>".
    pub document: String,
    /// The heading or part of the document.
    pub section: String,
    /// The passage, under 30 words.
    pub quote: String,
}
