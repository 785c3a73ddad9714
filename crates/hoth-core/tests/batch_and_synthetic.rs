//! The batch row shape (CSV, JSON Lines), batch file reading, the comparison of decisions, and
//! the synthetic referral generator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use hoth_core::batch::{self, Entry, Input, Row};
use hoth_core::compare;
use hoth_core::policy::{OutcomeCode, Policy};
use hoth_core::synthetic;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn builtins() -> Vec<&'static Policy> {
    Policy::builtin_ids()
        .map(|id| Policy::builtin(id).unwrap())
        .collect()
}

#[test]
fn same_seed_same_referrals_other_seed_others() {
    let a = synthetic::referrals(42, 50, today());
    let b = synthetic::referrals(42, 50, today());
    let c = synthetic::referrals(43, 50, today());
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.len(), 50);
    // A prefix of a longer run is the shorter run.
    assert_eq!(synthetic::referrals(42, 10, today())[..], a[..10]);
}

#[test]
fn every_synthetic_referral_routes_under_every_builtin_policy() {
    for seed in [1, 2, 3] {
        for (n, referral) in synthetic::referrals(seed, 400, today()).iter().enumerate() {
            for policy in builtins() {
                if let Err(issues) = policy.route(referral, today()) {
                    panic!(
                        "seed {seed} referral {} under {}: {issues:?}\n{referral:#}",
                        n + 1,
                        policy.id()
                    );
                }
            }
        }
    }
}

#[test]
fn synthetic_referrals_reach_every_level_and_many_pathways() {
    let referrals = synthetic::referrals(7, 2000, today());
    for policy in builtins() {
        let mut levels = BTreeSet::new();
        let mut pathways = BTreeSet::new();
        let mut plans = BTreeSet::new();
        for referral in &referrals {
            let decision = policy.route(referral, today()).unwrap();
            levels.insert(decision.level.code());
            pathways.insert(decision.pathway.map(|p| p.code()));
            plans.insert(decision.plan.map(|p| p.code()));
        }
        assert_eq!(levels.len(), 4, "{}: levels {levels:?}", policy.id());
        // Every pathway and plan any rule of the pack can recommend comes up.
        let mut reachable_pathways = BTreeSet::new();
        for rule in &policy.pack().rules {
            for outcome in &rule.then {
                if outcome.code.kind() == hoth_core::policy::OutcomeKind::Pathway {
                    reachable_pathways.insert(Some(outcome.code.code()));
                }
            }
        }
        let missing: Vec<_> = reachable_pathways.difference(&pathways).collect();
        assert!(
            missing.is_empty(),
            "{}: pathways never reached {missing:?}",
            policy.id()
        );
        assert!(plans.len() >= 2, "{}: plans {plans:?}", policy.id());
    }
}

#[test]
fn batch_files_are_arrays_json_lines_or_one_referral() {
    let a = json!({"schemaVersion": "1"});
    let array = batch::parse("[{\"schemaVersion\":\"1\"}, 3]").unwrap();
    assert_eq!(
        array,
        vec![
            Entry::new(1, Input::Referral(a.clone())),
            Entry::new(2, Input::Referral(json!(3)))
        ]
    );
    // Numbered by line in the file, blank lines (even leading ones) counted.
    let lines = batch::parse("\n{\"schemaVersion\":\"1\"}\n\n  \nnot json\n{}\n").unwrap();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], Entry::new(2, Input::Referral(a.clone())));
    assert_eq!(lines[1].index, 5);
    assert!(matches!(&lines[1].input, Input::Unreadable(m) if m.starts_with("line 5 is not JSON")));
    assert_eq!(lines[2].index, 6);
    let pretty = batch::parse("\n{\n  \"schemaVersion\": \"1\"\n}\n").unwrap();
    assert_eq!(pretty, vec![Entry::new(2, Input::Referral(a))]);
    assert!(batch::parse("[1, 2").is_err());
    assert_eq!(batch::parse(" \n").unwrap(), vec![]);
}

#[test]
fn rows_say_the_route_or_the_issues() {
    let charlene: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    ))
    .unwrap();
    let entries = vec![
        Entry::new(1, Input::Referral(charlene.clone())),
        Entry::new(3, Input::Referral(json!({}))),
        Entry::new(4, Input::Unreadable("line 4 is not JSON".into())),
    ];
    let policy = Policy::builtin("wokingham").unwrap();
    let rows = batch::route(&entries, &[policy], today());
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), [1, 3, 4]);
    let decision = policy.route(&charlene, today()).unwrap();
    assert_eq!(rows[0], Row::new(1, policy, &Ok(decision.clone())));
    assert!(rows[0].valid);
    assert_eq!(rows[0].level, decision.level.code());
    assert_eq!(rows[0].outcomes.len(), decision.outcomes.len());
    assert!(!rows[1].valid && rows[1].issue_list().contains("child:required"));
    assert_eq!(rows[2].issue_list(), ":not_json");
    let csv = batch::to_csv(&rows);
    let mut lines = csv.split("\r\n");
    let header = batch::csv_header();
    assert_eq!(lines.next(), Some(header.as_str()));
    let first = lines.next().unwrap();
    assert!(first.starts_with("1,wokingham,"));
    assert_eq!(csv.matches("\r\n").count(), 4);
    // One column per outcome code: its strength and its due date, in the header's places.
    let columns: Vec<&str> = header.split(',').collect();
    let cells: Vec<&str> = first.split(',').collect();
    assert_eq!(columns.len(), cells.len());
    assert_eq!(
        columns.len(),
        batch::CSV_FIXED.len() + 2 * OutcomeCode::ALL.len()
    );
    for outcome in &decision.outcomes {
        let at = columns
            .iter()
            .position(|c| *c == outcome.code.code())
            .unwrap();
        assert!(
            ["must", "consider"].contains(&cells[at]),
            "{}",
            outcome.code
        );
        assert_eq!(columns[at + 1], format!("{}_due", outcome.code));
        if let Some(due) = &outcome.due {
            assert!(cells[at + 1] <= due.as_str(), "{}", outcome.code);
        }
    }
    for (at, column) in columns
        .iter()
        .enumerate()
        .skip(batch::CSV_FIXED.len())
        .step_by(2)
    {
        if !decision.outcomes.iter().any(|o| o.code.code() == *column) {
            assert_eq!((cells[at], cells[at + 1]), ("", ""), "{column}");
        }
    }
    let jsonl = batch::to_json_lines(&rows);
    let back: Vec<Row> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, rows);
}

#[test]
fn a_code_twice_gives_must_and_the_earlier_date() {
    let policy = Policy::builtin("wokingham").unwrap();
    let mut row = Row::new(1, policy, &Err(Vec::new()));
    row.valid = true;
    let outcome = |strength: &str, due: &str| batch::RowOutcome {
        code: "police_referral".to_owned(),
        strength: strength.to_owned(),
        due: Some(due.to_owned()),
    };
    row.outcomes = vec![
        outcome("consider", "2026-03-12"),
        outcome("must", "2026-03-11"),
    ];
    let header = batch::csv_header();
    let at = header
        .split(',')
        .position(|c| c == "police_referral")
        .unwrap();
    let csv = row.to_csv();
    let cells: Vec<&str> = csv.split(',').collect();
    assert_eq!((cells[at], cells[at + 1]), ("must", "2026-03-11"));
}

#[test]
fn csv_fields_are_quoted_when_they_must_be() {
    assert_eq!(batch::csv_field("plain"), "plain");
    assert_eq!(batch::csv_field("a,b"), "\"a,b\"");
    assert_eq!(batch::csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

#[test]
fn differences_between_councils() {
    let charlene: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    ))
    .unwrap();
    let decisions: Vec<_> = builtins()
        .iter()
        .map(|p| p.route(&charlene, today()).unwrap())
        .collect();
    let refs: Vec<_> = decisions.iter().collect();
    let diff = compare::differences(&refs);
    assert!(diff.any());
    assert!(
        !diff.level,
        "the screening level is the same tool everywhere"
    );
    for code in &diff.outcomes {
        let present = decisions
            .iter()
            .filter(|d| d.outcomes.iter().any(|o| o.code.code() == code))
            .count();
        assert!(present > 0 && present < decisions.len(), "{code}");
    }
    let same = compare::differences(&[&decisions[0], &decisions[0]]);
    assert!(!same.any());
}

/// `Policy::conditions` over a decision's own `facts` (as JSON, as a JavaScript caller has
/// them) says of every rule what the decision's trace says: the same compiled conditions.
/// Rules the trace leaves out (a follow-up stage that did not run) are not compared.
#[test]
fn conditions_over_a_decisions_facts_agree_with_its_trace() {
    let mut compared = 0;
    for (n, referral) in synthetic::referrals(7, 300, today()).iter().enumerate() {
        for policy in builtins() {
            let Ok(decision) = policy.route(referral, today()) else {
                continue;
            };
            let json = serde_json::to_value(&decision).unwrap();
            let conditions = policy.conditions(&json["facts"]);
            assert_eq!(
                conditions.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
                policy
                    .pack()
                    .rules
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>(),
                "every rule, in the pack's order"
            );
            for entry in json["trace"].as_array().unwrap() {
                let rule = entry["rule"].as_str().unwrap();
                let held = conditions.iter().find(|(id, _)| *id == rule).map(|c| c.1);
                assert_eq!(
                    held,
                    entry["matched"].as_bool(),
                    "referral {n}, {} rule {rule}",
                    policy.id()
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 10_000, "{compared} rule results compared");
    // Nothing given: every fact null (no panic, every rule answered).
    let policy = Policy::builtin("wokingham").unwrap();
    assert_eq!(
        policy.conditions(&json!(null)).len(),
        policy.pack().rules.len()
    );
    assert_eq!(
        policy.conditions(&json!({"notAFact": 1})),
        policy.conditions(&json!({}))
    );
}
