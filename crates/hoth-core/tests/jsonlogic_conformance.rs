//! Runs the official JSONLogic test cases (`tests/jsonlogic/tests.json`) against
//! `hoth_core::logic`.
//!
//! Each case is `[rule, data, expected]`. A case whose rule uses only accepted operators must
//! compile (generic mode) and evaluate to `expected`, numbers compared as `f64`. A case that
//! uses any other operator is skipped, and must fail to compile with `UnknownOperator`. The
//! number of passing and skipped cases must equal the counts committed in
//! `tests/jsonlogic/CONFORMANCE.md`, so that a drop in conformance fails the build.
//!
//! Run with `--nocapture` to see the per-operator table that CONFORMANCE.md records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hoth_core::logic::{Logic, LogicError, OPERATORS};
use serde_json::Value;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/jsonlogic")
}

/// The operators a rule uses, at any depth (an operator is the key of a one-key object).
fn operators(rule: &Value, out: &mut BTreeSet<String>) {
    match rule {
        Value::Array(items) => items.iter().for_each(|v| operators(v, out)),
        Value::Object(map) => {
            if map.len() == 1 {
                out.extend(map.keys().cloned());
            }
            map.values().for_each(|v| operators(v, out));
        }
        _ => {}
    }
}

/// JSON equality with numbers compared as f64 (so 1 matches 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| same(p, q)))
        }
        _ => a == b,
    }
}

/// Reads `key: N` from a line of CONFORMANCE.md.
fn committed(md: &str, key: &str) -> usize {
    md.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix(key)?
                .strip_prefix(':')?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("CONFORMANCE.md has no `{key}: N` line"))
}

#[test]
fn official_jsonlogic_cases() {
    let text = std::fs::read_to_string(suite_dir().join("tests.json")).expect("read tests.json");
    let suite: Vec<Value> = serde_json::from_str(&text).expect("tests.json is a JSON array");

    let (mut passed, mut skipped) = (0usize, 0usize);
    let mut failures = Vec::new();
    let mut per_op: BTreeMap<String, usize> = BTreeMap::new();
    let mut rejected: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading = String::new();

    for item in &suite {
        let case = match item {
            Value::String(h) => {
                heading.clone_from(h);
                continue;
            }
            Value::Array(case) if case.len() == 3 => case,
            other => panic!("unexpected item in tests.json: {other}"),
        };
        let (rule, data, expected) = (&case[0], &case[1], &case[2]);
        let mut used = BTreeSet::new();
        operators(rule, &mut used);

        let unknown: Vec<&String> = used
            .iter()
            .filter(|op| !OPERATORS.contains(&op.as_str()))
            .collect();
        if !unknown.is_empty() {
            skipped += 1;
            for op in &unknown {
                *rejected.entry((*op).clone()).or_default() += 1;
            }
            match Logic::compile_generic(rule) {
                Err(LogicError::UnknownOperator { op, .. }) => {
                    assert!(
                        unknown.contains(&&op),
                        "{rule}: rejected `{op}`, expected one of {unknown:?}"
                    );
                }
                other => failures.push(format!(
                    "[{heading}] {rule}: expected UnknownOperator, got {other:?}"
                )),
            }
            continue;
        }

        match Logic::compile_generic(rule) {
            Ok(logic) => {
                let got = logic.eval_json(data);
                if same(&got, expected) {
                    passed += 1;
                    if used.is_empty() {
                        *per_op
                            .entry("(no operator: literal)".to_owned())
                            .or_default() += 1;
                    }
                    for op in used {
                        *per_op.entry(op).or_default() += 1;
                    }
                } else {
                    failures.push(format!(
                        "[{heading}] {rule} on {data}: expected {expected}, got {got}"
                    ));
                }
            }
            Err(e) => failures.push(format!("[{heading}] {rule}: does not compile: {e}")),
        }
    }

    println!("| operator | cases passed |\n| --- | ---: |");
    for (op, n) in &per_op {
        println!("| `{op}` | {n} |");
    }
    println!(
        "\npassed: {passed}\nfailed: {}\nskipped: {skipped}",
        failures.len()
    );
    println!("rejected operators in skipped cases: {rejected:?}");

    assert!(
        failures.is_empty(),
        "{} official cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    let md =
        std::fs::read_to_string(suite_dir().join("CONFORMANCE.md")).expect("read CONFORMANCE.md");
    assert_eq!(
        passed,
        committed(&md, "passed"),
        "passed count differs from CONFORMANCE.md: update it if intended"
    );
    assert_eq!(
        skipped,
        committed(&md, "skipped"),
        "skipped count differs from CONFORMANCE.md: update it if intended"
    );
    assert_eq!(
        per_op,
        committed_table(&md),
        "per-operator table differs from CONFORMANCE.md: update it if intended"
    );
}

/// Reads the rows "| `op` | N |" of CONFORMANCE.md's per-operator table.
fn committed_table(md: &str) -> BTreeMap<String, usize> {
    md.lines()
        .filter_map(|line| {
            let mut cells = line.trim().strip_prefix("| `")?.split('|');
            let op = cells.next()?.trim().strip_suffix('`')?;
            let n = cells.next()?.trim().parse().ok()?;
            Some((op.to_owned(), n))
        })
        .collect()
}

/// Every case also runs in facts mode where it can: rules whose `var`s are literal top-level
/// names, over object data, must give the same result when the data is turned into facts.
#[test]
fn facts_mode_agrees_with_generic_mode() {
    let text = std::fs::read_to_string(suite_dir().join("tests.json")).expect("read tests.json");
    let suite: Vec<Value> = serde_json::from_str(&text).expect("tests.json is a JSON array");
    let mut compared = 0;
    for item in &suite {
        let Value::Array(case) = item else { continue };
        let (rule, data) = (&case[0], &case[1]);
        let Some(object) = data.as_object() else {
            continue;
        };
        let names: Vec<&String> = object.keys().collect();
        let resolve = |name: &str| names.iter().position(|n| *n == name);
        let Ok(logic) = Logic::compile_facts(rule, &resolve) else {
            continue;
        };
        let Ok(generic) = Logic::compile_generic(rule) else {
            continue;
        };
        // Facts mode reads null facts as absent, so skip data with nulls.
        if object.values().any(Value::is_null) {
            continue;
        }
        let facts: Vec<Value> = object.values().cloned().collect();
        let expected = generic.eval_json(data);
        assert!(
            same(&logic.eval_facts(&facts), &expected),
            "{rule} on {data}"
        );
        assert!(
            same(&logic.eval_json(data), &expected),
            "{rule} on {data} (by name)"
        );
        compared += 1;
    }
    assert!(compared > 100, "only {compared} cases compared");
}
