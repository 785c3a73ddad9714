//! Runs every scenario in `tests/scenarios/<policy>/*.json` against its built-in policy, and
//! checks that every rule of every built-in pack is matched by at least one scenario.

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

#[test]
fn every_rule_is_matched_by_a_scenario() {
    let mut matched: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (policy_id, _, scenario) in scenarios() {
        let Some(policy) = Policy::builtin(&policy_id) else {
            continue;
        };
        let Ok(referral) = scenario.referral(&base) else {
            continue;
        };
        let today = chrono::NaiveDate::parse_from_str(&scenario.today, "%Y-%m-%d").unwrap();
        // Requirement rules match on invalid referrals: count those from validation.
        for rule in policy.requirement_rules_matched(&referral, today) {
            matched.entry(policy_id.clone()).or_default().insert(rule);
        }
        if let Ok(decision) = policy.route(&referral, today) {
            for entry in decision.trace.iter().filter(|t| t.matched) {
                matched
                    .entry(policy_id.clone())
                    .or_default()
                    .insert(entry.rule.to_string());
            }
        }
    }
    let mut unmatched = Vec::new();
    for id in Policy::builtin_ids() {
        let policy =
            Policy::builtin(id).unwrap_or_else(|| panic!("built-in pack {id} does not load"));
        for rule in &policy.pack().rules {
            if !matched.get(id).is_some_and(|m| m.contains(&rule.id)) {
                unmatched.push(format!("{id}: {}", rule.id));
            }
        }
    }
    assert!(
        unmatched.is_empty(),
        "rules no scenario matches:\n{}",
        unmatched.join("\n")
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
