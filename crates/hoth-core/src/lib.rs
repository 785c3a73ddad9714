//! hoth-core: validation, screening and routing of referrals about children harmed outside
//! the home, from councils' policy packs.
//!
//! Pure Rust: no I/O, no clock, no web dependencies. Callers pass `today` and the referral;
//! the same code runs in the CLI, in a portal's back-end and, compiled to WebAssembly, in the
//! browser.

pub mod advice;
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
pub use policy::{Policy, PolicyError};
pub use referral::Referral;
pub use screening::Level;
pub use validation::{Issue, IssueCode, Validated, validate_str, validate_value};
