//! hoth-core: validation, screening and routing of referrals about children harmed outside
//! the home, from councils' policy packs.
//!
//! Pure Rust: no I/O, no clock, no web dependencies. Callers pass `today` and the referral;
//! the same code runs in the CLI, in a portal's back-end and, compiled to WebAssembly, in the
//! browser.

pub mod advice;
pub mod batch;
mod cite;
mod codes;
pub mod compare;
pub mod decision;
pub mod facts;
pub mod layout;
pub mod logic;
pub mod policy;
mod read;
pub mod referral;
pub mod rulebook;
pub mod safety_plan;
pub mod scenario;
pub mod schema;
pub mod screening;
pub mod synthetic;
pub mod timescales;
pub mod validation;

pub use codes::Level;
pub use decision::Decision;
pub use policy::{Policy, PolicyError, Registry};
pub use referral::Referral;
pub use validation::{
    Issue, IssueCode, ReferralText, Validated, ValidationResult, validate_str, validate_value,
};

/// JSON text as the `hoth` command prints it (and the back-end service sends it): pretty,
/// two-space indented, ending in a newline. One function, so the two are the same bytes.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    String::from_utf8(json_bytes(value)?).map_err(serde::ser::Error::custom)
}

/// [`json_text`] as bytes (serde_json writes UTF-8 only), written into one buffer sized for a
/// decision with its trace (about 20 KB), so the service does not copy it while it grows.
pub fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(32 * 1024);
    serde_json::to_writer_pretty(&mut out, value)?;
    out.push(b'\n');
    Ok(out)
}
