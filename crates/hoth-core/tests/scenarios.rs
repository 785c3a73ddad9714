//! Runs every scenario in `tests/scenarios/<policy>/*.json` against its built-in policy, and
//! checks that every rule of every built-in pack is named (`expect.rules`) by at least one
//! scenario, which checks that it fires.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use hoth_core::policy::Policy;
use hoth_core::scenario::Scenario;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn base(name: &str) -> Option<Value> {
    let path = root()
        .join("tests/fixtures/referrals")
        .join(format!("{name}.json"));
    serde_json::from_str(&fs::read_to_string(path).ok()?).ok()
}

/// (policy id, file name, scenario) for every scenario file.
fn scenarios() -> Vec<(String, String, Scenario)> {
    let mut all = Vec::new();
    let dir = root().join("tests/scenarios");
    let mut policies: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    policies.sort();
    for policy_dir in policies.into_iter().filter(|p| p.is_dir()) {
        let policy = policy_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<_> = fs::read_dir(&policy_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "json"))
        {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&file).unwrap();
            let scenario: Scenario = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{policy}/{name}: not a scenario: {e}"));
            all.push((policy.clone(), name, scenario));
        }
    }
    all
}

#[test]
fn every_scenario_gives_its_expected_decision() {
    let mut failures = Vec::new();
    let all = scenarios();
    for (policy_id, name, scenario) in &all {
        let Some(policy) = Policy::builtin(policy_id) else {
            failures.push(format!(
                "{policy_id}/{name}: no built-in policy \"{policy_id}\""
            ));
            continue;
        };
        let referral = match scenario.referral(&base) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{policy_id}/{name}: {e}"));
                continue;
            }
        };
        let (_, problems) = scenario.check(policy, &referral);
        for problem in problems {
            failures.push(format!("{policy_id}/{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        all.len() >= 45,
        "expected at least 45 scenarios, found {}",
        all.len()
    );
}

/// Every rule of every built-in pack is named (`expect.rules`) by at least one scenario: each
/// scenario checks that the rules it names fire, so every rule is shown to fire where the
/// guidance says it should. Rule ids only, so a rewritten condition keeps its scenarios.
#[test]
fn every_rule_is_named_by_a_scenario() {
    let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (policy_id, _, scenario) in scenarios() {
        named
            .entry(policy_id)
            .or_default()
            .extend(scenario.expect.rules.iter().cloned());
    }
    let mut unnamed = Vec::new();
    for id in Policy::builtin_ids() {
        let policy =
            Policy::builtin(id).unwrap_or_else(|| panic!("built-in pack {id} does not load"));
        for rule in &policy.pack().rules {
            if !named.get(id).is_some_and(|m| m.contains(&rule.id)) {
                unnamed.push(format!("{id}: {}", rule.id));
            }
        }
    }
    assert!(
        unnamed.is_empty(),
        "rules no scenario names in \"expect\": {{\"rules\": [...]}}:\n{}",
        unnamed.join("\n")
    );
}

/// A scenario that names a rule which does not fire for its referral fails.
#[test]
fn naming_a_rule_that_does_not_fire_fails() {
    let (policy_id, name, mut scenario) = scenarios()
        .into_iter()
        .find(|(_, _, s)| !s.expect.rules.is_empty() && s.expect.issues.is_empty())
        .unwrap();
    let policy = Policy::builtin(&policy_id).unwrap();
    let referral = scenario.referral(&base).unwrap();
    assert!(scenario.check(policy, &referral).1.is_empty(), "{name}");
    let today = chrono::NaiveDate::parse_from_str(&scenario.today, "%Y-%m-%d").unwrap();
    let decision = policy.route(&referral, today).unwrap();
    let silent = decision
        .trace
        .iter()
        .find(|t| !t.matched)
        .map(|t| t.rule.to_string())
        .unwrap();
    scenario.expect.rules.push(silent.clone());
    let problems = scenario.check(policy, &referral).1;
    assert_eq!(
        problems,
        vec![format!("rule {silent} should fire and did not")],
        "{name}"
    );
    scenario.expect.rules.push("no-such-rule".to_owned());
    let problems = scenario.check(policy, &referral).1;
    assert!(
        problems.contains(&"rule no-such-rule: the pack has no rule with this id".to_owned()),
        "{problems:?}"
    );
}

#[test]
fn every_policy_has_fifteen_scenarios() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (policy, _, _) in scenarios() {
        *counts.entry(policy).or_default() += 1;
    }
    for id in Policy::builtin_ids() {
        let n = counts.get(id).copied().unwrap_or(0);
        assert!(
            n >= 15,
            "{id} has {n} scenarios; every pack needs at least 15"
        );
    }
}
