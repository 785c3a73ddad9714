//! hoth-core: validation, screening and routing of referrals about children harmed outside
//! the home, from councils' policy packs.
//!
//! Pure Rust: no I/O, no clock, no web dependencies. Callers pass `today` and the referral;
//! the same code runs in the CLI, in a portal's back-end and, compiled to WebAssembly, in the
//! browser.

pub mod batch;
pub mod compare;
pub mod decision;
pub mod facts;
pub mod logic;
pub mod policy;
pub mod referral;
pub mod safety_plan;
pub mod scenario;
pub mod schema;
pub mod screening;
pub mod synthetic;
pub mod timescales;
pub mod validation;

pub use decision::Decision;
pub use policy::{Policy, PolicyError, Registry};
pub use referral::Referral;
pub use screening::Level;
pub use validation::{Issue, IssueCode, Validated, ValidationResult, validate_str, validate_value};

/// JSON text as the `hoth` command prints it (and the back-end service sends it): pretty,
/// two-space indented, ending in a newline. One function, so the two are the same bytes.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}
