//! Malformed policy packs: one fixture per load error in `tests/fixtures/policies/`, with the
//! rule, field and message each must give in `expected.json`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::fs;
use std::path::{Path, PathBuf};

use hoth_core::policy::Policy;
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/policies")
}

#[test]
fn every_malformed_pack_names_its_rule_and_field() {
    let expected: Value =
        serde_json::from_str(&fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let cases = expected.as_object().unwrap();
    assert!(cases.len() >= 15);
    for (name, want) in cases {
        let text = fs::read_to_string(dir().join(format!("{name}.json"))).unwrap();
        let error = Policy::from_json(&text)
            .err()
            .unwrap_or_else(|| panic!("{name} should not load"));
        assert_eq!(
            error.rule.as_deref(),
            want["rule"].as_str(),
            "{name}: rule ({error})"
        );
        assert_eq!(
            error.field,
            want["field"].as_str().unwrap(),
            "{name}: field ({error})"
        );
        let contains = want["contains"].as_str().unwrap();
        assert!(
            error.to_string().contains(contains),
            "{name}: \"{error}\" should contain \"{contains}\""
        );
    }
}

#[test]
fn the_minimal_pack_loads_and_round_trips() {
    let text = fs::read_to_string(dir().join("valid-minimal.json")).unwrap();
    let policy = Policy::from_json(&text).unwrap();
    let again = serde_json::to_string(policy.pack()).unwrap();
    assert_eq!(Policy::from_json(&again).unwrap().pack(), policy.pack());
}

#[test]
fn built_in_packs_load_and_round_trip() {
    for id in Policy::builtin_ids() {
        let policy = Policy::builtin(id).unwrap_or_else(|| {
            let text = hoth_core::policy::BUILTIN
                .iter()
                .find(|(i, _)| *i == id)
                .unwrap()
                .1;
            panic!("{id}: {}", Policy::from_json(text).unwrap_err())
        });
        assert_eq!(policy.id(), id);
        let again = serde_json::to_string(policy.pack()).unwrap();
        assert_eq!(Policy::from_json(&again).unwrap().pack(), policy.pack());
    }
}

#[test]
fn a_huge_pack_is_refused_before_parsing() {
    let huge = format!(
        "{{\"id\": \"x\", \"pad\": \"{}\"}}",
        "a".repeat(hoth_core::policy::MAX_PACK_BYTES)
    );
    let error = Policy::from_json(&huge).unwrap_err();
    assert!(error.to_string().contains("at most"));
}
