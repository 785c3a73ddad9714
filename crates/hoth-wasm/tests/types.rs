//! The TypeScript types `build.rs` generated: complete, with nothing it could not translate.
//! (`tests/js/usage.ts`, checked with `tsc --strict` by `./x test`, shows they are precise.)

#![cfg(not(target_arch = "wasm32"))] // native: it reads what build.rs wrote
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

const TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));
const PROBLEMS: &str = include_str!(concat!(env!("OUT_DIR"), "/types-problems.txt"));

#[test]
fn every_schema_translates_to_typescript() {
    assert!(
        PROBLEMS.trim().is_empty(),
        "build.rs could not translate:\n{PROBLEMS}"
    );
}

#[test]
fn the_types_of_every_function_and_result_are_declared() {
    for name in [
        "interface Referral ",
        "interface Issue ",
        "type IssueCode = ",
        "interface ValidationResult ",
        "interface Decision ",
        "interface Outcome ",
        "type OutcomeCode = ",
        "type RouteResult = Decision | ValidationResult;",
        "interface PolicySummary ",
        "interface PolicyPack ",
        "interface ScreeningCatalogue ",
        "type SchemaName = ",
        "type HothError = Error & ErrorDetails;",
        "type ErrorCode = ",
    ] {
        assert!(
            TYPES.contains(&format!("export {name}")),
            "export {name} is missing"
        );
    }
    assert!(!TYPES.contains("= unknown;"), "a type fell back to unknown");
}
