//! Native/browser parity, in headless Chromium: the scenario and validation fixture files the
//! native tests use, validated and routed through the module's exports, each result compared
//! with the one the core compiled for the build machine gave (`build.rs`), and each scenario's
//! expectations checked again in the browser.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

mod common;

use common::{bundle, diff, error_of, error_property, js, json, s};
use hoth_core::policy::Policy;
use hoth_core::scenario::Scenario;
use serde_json::Value;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn text<'a>(entry: &'a Value, key: &str) -> &'a str {
    entry[key].as_str().unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_native_fixtures_were_all_read() {
    let bundle = bundle();
    let errors = bundle["errors"].as_array().unwrap();
    assert!(
        errors.is_empty(),
        "fixtures build.rs could not read: {errors:?}"
    );
}

#[wasm_bindgen_test]
fn every_scenario_validates_and_routes_as_natively() {
    let bundle = bundle();
    let scenarios = bundle["scenarios"].as_array().unwrap();
    assert!(
        scenarios.len() >= 45,
        "expected the 45+ scenario files, found {}",
        scenarios.len()
    );
    let mut failures = Vec::new();
    for entry in scenarios {
        let name = text(entry, "name");
        let (policy, today) = (s(text(entry, "policy")), s(text(entry, "today")));
        let referral = js(&entry["referral"]);

        let validated = hoth_wasm::validate(referral.clone(), policy.clone(), today.clone())
            .map_err(|e| error_of(&e))
            .unwrap_or_else(|e| panic!("{name}: validate threw {e:?}"));
        if let Some(d) = diff("validate", &json(&validated), &entry["validate"]) {
            failures.push(format!("{name}: browser != native: {d}"));
        }

        let routed = hoth_wasm::route(referral, policy, today)
            .map_err(|e| error_of(&e))
            .unwrap_or_else(|e| panic!("{name}: route threw {e:?}"));
        if let Some(d) = diff("route", &json(&routed), &entry["route"]) {
            failures.push(format!("{name}: browser != native: {d}"));
        }

        // The scenario's own expectations, checked by the core compiled to WebAssembly.
        let scenario: Scenario = serde_json::from_value(entry["scenario"].clone()).unwrap();
        let policy = Policy::builtin(text(entry, "policy")).unwrap();
        let (_, problems) = scenario.check(policy, &entry["referral"]);
        failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(
        failures.is_empty(),
        "{} parity problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn every_validation_fixture_validates_and_routes_as_natively() {
    let bundle = bundle();
    let fixtures = bundle["validation"].as_array().unwrap();
    assert!(!fixtures.is_empty());
    let mut failures = Vec::new();
    for entry in fixtures {
        let name = text(entry, "name");
        let today = s(text(entry, "today"));
        let referral = js(&entry["referral"]);
        let policy = entry["policy"]
            .as_str()
            .map_or(JsValue::UNDEFINED, JsValue::from_str);
        let validated = hoth_wasm::validate(referral.clone(), policy, today.clone())
            .map_err(|e| error_of(&e))
            .unwrap_or_else(|e| panic!("{name}: validate threw {e:?}"));
        if let Some(d) = diff("validate", &json(&validated), &entry["validate"]) {
            failures.push(format!("{name}: {d}"));
        }
        for (policy, native) in entry["routes"].as_object().unwrap() {
            let routed = hoth_wasm::route(referral.clone(), s(policy), today.clone())
                .map_err(|e| error_of(&e))
                .unwrap_or_else(|e| panic!("{name} under {policy}: route threw {e:?}"));
            if let Some(d) = diff("route", &json(&routed), native) {
                failures.push(format!("{name} under {policy}: {d}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn every_policy_fixture_loads_or_fails_as_natively() {
    let bundle = bundle();
    let fixtures = bundle["policies"].as_array().unwrap();
    assert!(fixtures.len() >= 10, "expected the policy fixtures");
    let mut failures = Vec::new();
    for entry in fixtures {
        let name = text(entry, "name");
        let native = &entry["native"];
        match (
            hoth_wasm::load_policy(s(text(entry, "text"))),
            native.get("id"),
        ) {
            (Ok(id), Some(native_id)) => {
                if native_id.as_str() != Some(id.as_str()) {
                    failures.push(format!("{name}: loaded as {id}, natively {native_id}"));
                }
            }
            (Err(thrown), None) => {
                let (code, message) = error_of(&thrown);
                if code != "invalid_policy" {
                    failures.push(format!("{name}: code {code}"));
                }
                if native["error"].as_str() != Some(message.as_str()) {
                    failures.push(format!(
                        "{name}: message \"{message}\", natively {}",
                        native["error"]
                    ));
                }
                if error_property(&thrown, "rule").as_deref() != native["rule"].as_str() {
                    failures.push(format!("{name}: rule differs from {}", native["rule"]));
                }
                let field = native["field"].as_str().filter(|f| !f.is_empty());
                if error_property(&thrown, "field").as_deref() != field {
                    failures.push(format!("{name}: field differs from {}", native["field"]));
                }
            }
            (Ok(id), None) => failures.push(format!("{name}: loaded as {id}, natively an error")),
            (Err(e), Some(_)) => failures.push(format!("{name}: threw {:?}", error_of(&e))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
fn policies_schemas_and_the_catalogue_are_as_natively() {
    let bundle = bundle();
    let policies = json(&hoth_wasm::policies().unwrap());
    assert_eq!(diff("policies", &policies, &bundle["policiesList"]), None);
    for (name, native) in bundle["schemas"].as_object().unwrap() {
        let schema = json(&hoth_wasm::schema(s(name)).unwrap());
        assert_eq!(diff(name, &schema, native), None, "schema {name}");
    }
    let catalogue = json(&hoth_wasm::screening_catalogue().unwrap());
    assert_eq!(diff("catalogue", &catalogue, &bundle["catalogue"]), None);
}

#[wasm_bindgen_test]
fn a_built_in_pack_loaded_at_run_time_routes_like_the_built_in() {
    let bundle = bundle();
    let entries = bundle["scenarios"].as_array().unwrap();
    for (id, pack) in hoth_core::policy::BUILTIN {
        let loaded = hoth_wasm::load_policy(s(pack))
            .map_err(|e| error_of(&e))
            .unwrap();
        let version = Policy::builtin(id).unwrap().pack().version.clone();
        assert_eq!(
            loaded,
            format!("{id}@{version}"),
            "keeps the built-in reachable"
        );
        // Loading the parsed object instead of the text gives the same pack.
        let again = hoth_wasm::load_policy(js(&serde_json::from_str(pack).unwrap()))
            .map_err(|e| error_of(&e))
            .unwrap();
        assert_eq!(again, loaded);
        for entry in entries.iter().filter(|e| e["policy"] == *id) {
            let routed =
                hoth_wasm::route(js(&entry["referral"]), s(&loaded), s(text(entry, "today")))
                    .unwrap();
            assert_eq!(
                diff("route", &json(&routed), &entry["route"]),
                None,
                "{} under the loaded {loaded}",
                text(entry, "name")
            );
        }
    }
}

#[wasm_bindgen_test]
fn generated_referrals_validate_and_route_as_natively() {
    let bundle = bundle();
    let generated = bundle["generated"].as_array().unwrap();
    assert!(
        generated.len() >= 60,
        "expected the generated referrals, found {}",
        generated.len()
    );
    let mut failures = Vec::new();
    let mut routed_somewhere = 0;
    for entry in generated {
        let name = text(entry, "name");
        let today = s(text(entry, "today"));
        let referral = js(&entry["referral"]);
        for (policy, native) in entry["validate"].as_object().unwrap() {
            let validated = hoth_wasm::validate(referral.clone(), s(policy), today.clone())
                .map_err(|e| error_of(&e))
                .unwrap_or_else(|e| panic!("{name} under {policy}: validate threw {e:?}"));
            if let Some(d) = diff("validate", &json(&validated), native) {
                failures.push(format!("{name} under {policy}: {d}"));
            }
        }
        for (policy, native) in entry["routes"].as_object().unwrap() {
            let routed = hoth_wasm::route(referral.clone(), s(policy), today.clone())
                .map_err(|e| error_of(&e))
                .unwrap_or_else(|e| panic!("{name} under {policy}: route threw {e:?}"));
            if native.get("outcomes").is_some() {
                routed_somewhere += 1;
            }
            if let Some(d) = diff("route", &json(&routed), native) {
                failures.push(format!("{name} under {policy}: {d}"));
            }
        }
    }
    // Most generated referrals are valid and route to a decision (not just issues).
    assert!(
        routed_somewhere >= 60,
        "only {routed_somewhere} generated referrals routed"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
