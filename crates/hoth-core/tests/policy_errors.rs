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

/// A pack with several problems reports them all at once, in pack order, each naming its rule
/// and field: the header, a rule that cannot be read, and the checks of the rules that can.
#[test]
fn every_problem_is_reported_at_once() {
    let text = fs::read_to_string(dir().join("several-errors.json")).unwrap();
    let error = Policy::from_json(&text).err().unwrap();
    let all: Vec<(Option<String>, String)> = error
        .all()
        .map(|e| (e.rule.clone(), e.field.clone()))
        .collect();
    let rule = |id: &str| Some(id.to_owned());
    assert_eq!(
        all,
        vec![
            (None, "version".to_owned()),
            (rule("level-4-strategy-meeting"), "then[0].code".to_owned()),
            (rule("catch-all-advice"), "why".to_owned()),
            (rule("catch-all-advice"), "cite.quote".to_owned()),
            (rule("catch-all-advice"), "id".to_owned()),
            (rule("catch-all-advice"), "when".to_owned()),
        ]
    );
    assert_eq!(error.count(), 6);
    // The first problem is the error's own, as before; the message has a line for each.
    assert_eq!(error.field, "version");
    let message = error.to_string();
    assert!(message.starts_with("policy pack: 6 problems:"), "{message}");
    assert_eq!(message.lines().count(), 7, "{message}");
    assert!(message.contains("\"strategy_meating\" is not a known code"));
    assert!(message.contains("\"levelNumbr\" is not a known fact"));
    assert!(message.contains("31 words"));

    // The same problems in a pack that reads whole (no shape error) are all reported too.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["rules"][0]["then"][0]["code"] = "strategy_meeting".into();
    let error = Policy::from_value(&value).err().unwrap();
    assert_eq!(error.count(), 5, "{error}");
}

/// Each problem of a rule is reported, not only the first.
#[test]
fn one_rule_with_several_problems_reports_each() {
    let text = fs::read_to_string(dir().join("valid-minimal.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rule = &mut value["rules"][1];
    rule["why"] = " ".into();
    rule["then"][0]["due"] = serde_json::json!({"weeks": 0});
    rule["cite"]["section"] = "".into();
    let error = Policy::from_value(&value).err().unwrap();
    let fields: Vec<String> = error.all().map(|e| e.field).collect();
    assert_eq!(
        fields,
        ["why", "cite.section", "then[0].due.weeks"],
        "{error}"
    );
    assert!(
        error
            .all()
            .all(|e| e.rule.as_deref() == Some("catch-all-advice"))
    );
}
