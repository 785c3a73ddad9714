//! The native side of the parity tests: every scenario and validation fixture, validated and
//! routed by the core compiled for this machine, with the results the browser must match.
//!
//! A fixture that cannot be read is recorded under `errors` (the browser test fails on it)
//! rather than failing the build.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use hoth_core::policy::Policy;
use hoth_core::scenario::{Scenario, merge_patch};
use serde_json::{Map, Value, json};

use crate::shapes::ValidationResult;

pub fn bundle(root: &Path) -> Value {
    let mut errors = Vec::new();
    let bases = read_dir_json(&root.join("tests/fixtures/referrals"), &mut errors);
    let base = |name: &str| {
        bases
            .iter()
            .find(|(file, _)| file.strip_suffix(".json") == Some(name))
            .map(|(_, value)| value.clone())
    };

    let mut scenarios = Vec::new();
    let mut policy_dirs = list(&root.join("tests/scenarios"), &mut errors);
    policy_dirs.retain(|p| p.is_dir());
    for dir in policy_dirs {
        let policy_id = file_name(&dir);
        for (file, raw) in read_dir_json(&dir, &mut errors) {
            let name = format!("{policy_id}/{file}");
            let scenario: Scenario = match serde_json::from_value(raw.clone()) {
                Ok(s) => s,
                Err(e) => {
                    errors.push(format!("{name}: not a scenario: {e}"));
                    continue;
                }
            };
            let referral = match scenario.referral(&base) {
                Ok(r) => r,
                Err(e) => {
                    errors.push(format!("{name}: {e}"));
                    continue;
                }
            };
            let Some(today) = date(&scenario.today) else {
                errors.push(format!("{name}: today is not a date"));
                continue;
            };
            let Some(policy) = Policy::builtin(&policy_id) else {
                errors.push(format!("{name}: no built-in policy {policy_id}"));
                continue;
            };
            scenarios.push(json!({
                "name": name,
                "policy": policy_id,
                "today": scenario.today,
                "scenario": raw,
                "referral": referral,
                "validate": validation(policy.validate(&referral, today)),
                "route": route(policy, &referral, today),
            }));
        }
    }

    let mut validation_fixtures = Vec::new();
    for (file, raw) in read_dir_json(&root.join("tests/fixtures/validation"), &mut errors) {
        let (Some(today), Some(base_name)) = (
            raw.get("today").and_then(Value::as_str),
            raw.get("base").and_then(Value::as_str),
        ) else {
            errors.push(format!("validation/{file}: needs today and base"));
            continue;
        };
        let (Some(date), Some(mut referral)) = (date(today), base(base_name)) else {
            errors.push(format!("validation/{file}: bad today or unknown base"));
            continue;
        };
        merge_patch(&mut referral, raw.get("patch").unwrap_or(&Value::Null));
        let policy_id = raw.get("policy").and_then(Value::as_str);
        let validated = match policy_id.and_then(Policy::builtin) {
            Some(policy) => policy.validate(&referral, date),
            None => hoth_core::validate_value(&referral, date),
        };
        let routes: Map<String, Value> = Policy::builtin_ids()
            .filter_map(|id| Some((id.to_owned(), route(Policy::builtin(id)?, &referral, date))))
            .collect();
        validation_fixtures.push(json!({
            "name": format!("validation/{file}"),
            "policy": policy_id,
            "today": today,
            "referral": referral,
            "validate": validation(validated),
            "routes": routes,
        }));
    }

    let mut policy_fixtures = Vec::new();
    for path in list(&root.join("tests/fixtures/policies"), &mut errors) {
        let file = file_name(&path);
        if !file.ends_with(".json") || file == "expected.json" {
            continue;
        }
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("policies/{file}: {e}"));
                continue;
            }
        };
        let native = match Policy::from_json(&text) {
            Ok(policy) => json!({ "id": policy.id() }),
            Err(e) => json!({ "error": e.to_string(), "rule": e.rule, "field": e.field }),
        };
        policy_fixtures
            .push(json!({ "name": format!("policies/{file}"), "text": text, "native": native }));
    }

    let policies: Vec<Value> = Policy::builtin_ids()
        .filter_map(Policy::builtin)
        .map(|policy| to_value(&policy.summary()))
        .collect();
    let schemas: Map<String, Value> = hoth_core::schema::NAMES
        .iter()
        .map(|name| {
            let schema = hoth_core::schema::schema(name)
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or(Value::Null);
            ((*name).to_owned(), schema)
        })
        .collect();

    json!({
        "errors": errors,
        "generated": generated(),
        "policiesList": policies,
        "schemas": schemas,
        "catalogue": to_value(hoth_core::screening::Catalogue::builtin()),
        "scenarios": scenarios,
        "validation": validation_fixtures,
        "policies": policy_fixtures,
    })
}

/// How many generated referrals the browser must route as natively: valid ones with generated
/// screening answers, harm and child details, and complete referrals mangled field by field.
pub const GENERATED_VALID: usize = 48;
pub const GENERATED_MANGLED: usize = 24;

/// A fixed sample of the property tests' generated referrals (proptest's deterministic
/// runner: the same referrals on every machine), each validated and routed natively under
/// every built-in pack as at one date.
fn generated() -> Vec<Value> {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;

    let today = "2026-11-23";
    let Some(date) = date(today) else {
        return Vec::new();
    };
    let mut runner = TestRunner::deterministic();
    let mut referrals = Vec::new();
    let valid = hoth_testdata::valid_referral();
    let mangled = hoth_testdata::mangled_referral();
    for _ in 0..GENERATED_VALID {
        if let Ok(tree) = valid.new_tree(&mut runner) {
            referrals.push(("valid", tree.current()));
        }
    }
    for _ in 0..GENERATED_MANGLED {
        if let Ok(tree) = mangled.new_tree(&mut runner) {
            referrals.push(("mangled", tree.current()));
        }
    }
    referrals
        .into_iter()
        .enumerate()
        .map(|(i, (kind, referral))| {
            let referral = as_a_page_sends_it(referral);
            let validate: Map<String, Value> = Policy::builtin_ids()
                .filter_map(|id| {
                    Some((
                        id.to_owned(),
                        validation(Policy::builtin(id)?.validate(&referral, date)),
                    ))
                })
                .collect();
            let routes: Map<String, Value> = Policy::builtin_ids()
                .filter_map(|id| {
                    Some((id.to_owned(), route(Policy::builtin(id)?, &referral, date)))
                })
                .collect();
            json!({
                "name": format!("generated/{kind}-{i:03}"),
                "today": today,
                "referral": referral,
                "validate": validate,
                "routes": routes,
            })
        })
        .collect()
}

/// A page's numbers are doubles: an integer beyond 2^53 reaches the module as the nearest
/// double (JSON.parse), which is what the browser is given, so the native side must route
/// that number too. Other values are unchanged.
fn as_a_page_sends_it(value: Value) -> Value {
    const EXACT: u64 = 1 << 53;
    match value {
        Value::Number(n) if n.as_i64().map_or(n.is_u64(), |i| i.unsigned_abs() > EXACT) => {
            let nearest = n.as_f64().unwrap_or_default();
            // Printed as JavaScript prints it below 1e21: every digit, no exponent.
            serde_json::from_str(&format!("{nearest}")).unwrap_or(Value::Number(n))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(as_a_page_sends_it).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, as_a_page_sends_it(v)))
                .collect(),
        ),
        other => other,
    }
}

fn validation(validated: hoth_core::Validated) -> Value {
    to_value(&ValidationResult {
        valid: validated.is_valid(),
        issues: validated.issues,
    })
}

fn route(policy: &Policy, referral: &Value, today: NaiveDate) -> Value {
    match policy.route(referral, today) {
        Ok(decision) => to_value(&decision),
        Err(issues) => to_value(&ValidationResult {
            valid: false,
            issues,
        }),
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_else(|e| json!({ "serializationError": e.to_string() }))
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entries of a folder, sorted.
fn list(dir: &Path, errors: &mut Vec<String>) -> Vec<std::path::PathBuf> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            Vec::new()
        }
    }
}

/// Every `*.json` file of a folder, parsed, by file name, sorted.
fn read_dir_json(dir: &Path, errors: &mut Vec<String>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for path in list(dir, errors) {
        let file = file_name(&path);
        if !file.ends_with(".json") {
            continue;
        }
        match fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(value) => out.push((file, value)),
            Err(e) => errors.push(format!("{file}: {e}")),
        }
    }
    out
}
