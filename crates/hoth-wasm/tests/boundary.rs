//! The boundary, in headless Chromium: whatever JavaScript passes, the module answers with
//! issues or throws an `Error` with a stable `code` and a clear message; it never traps, and
//! it works as before afterwards.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

mod common;

use common::{charlene, diff, error_of, error_property, eval, js, json, s};
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TODAY: &str = "2026-03-10";

fn validate(referral: JsValue) -> Result<Value, (String, String)> {
    hoth_wasm::validate(referral, JsValue::UNDEFINED, s(TODAY))
        .map(|v| json(&v))
        .map_err(|e| error_of(&e))
}

/// The module still gives Charlene's full decision, exactly as before.
fn still_works(expected: &Value) {
    let routed = hoth_wasm::route(js(&charlene()), s("wokingham"), s(TODAY)).unwrap();
    assert_eq!(diff("route", &json(&routed), expected), None);
    let validated = validate(js(&charlene())).unwrap();
    assert_eq!(validated, json!({ "valid": true, "issues": [] }));
}

fn charlene_decision() -> Value {
    json(&hoth_wasm::route(js(&charlene()), s("wokingham"), s(TODAY)).unwrap())
}

fn assert_throws(result: Result<Value, (String, String)>, code: &str, needle: &str) {
    match result {
        Ok(value) => panic!("expected an Error {code}, got {value}"),
        Err((got, message)) => {
            assert_eq!(got, code, "code of \"{message}\"");
            assert!(
                message.contains(needle),
                "\"{message}\" should mention \"{needle}\""
            );
        }
    }
}

#[wasm_bindgen_test]
fn values_that_are_not_a_referral_give_an_issue_not_an_exception() {
    let expected = charlene_decision();
    for (what, value) in [
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("a number", JsValue::from_f64(42.0)),
        ("NaN", JsValue::from_f64(f64::NAN)),
        ("a string", s("{\"child\": {}}")),
        ("a boolean", JsValue::TRUE),
        ("an array", eval("[1, 2, 3]")),
        ("a function", eval("(() => function () {})()")),
        ("a symbol", eval("Symbol('x')")),
    ] {
        let result = validate(value).unwrap_or_else(|e| panic!("{what}: threw {e:?}"));
        assert_eq!(result["valid"], false, "{what}");
        assert_eq!(result["issues"][0]["path"], "", "{what}");
        assert_eq!(result["issues"][0]["code"], "invalid_type", "{what}");
    }
    still_works(&expected);
}

#[wasm_bindgen_test]
fn fields_of_the_wrong_type_or_missing_give_issues_with_paths() {
    let referral = eval(
        "({ referralDate: 20260310, child: { firstName: 7, dateOfBirth: undefined, \
           interpreterNeeded: 'yes', address: [] }, household: {}, \
           concerns: { harmTypes: 'criminal_exploitation', immediateDanger: null }, \
           hoth: { missingEpisodes90d: -1, indicators: [1, {}, null] }, extra: new Date(0) })",
    );
    let result = validate(referral).unwrap();
    assert_eq!(result["valid"], false);
    let paths: Vec<&str> = result["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    for path in [
        "referralDate",
        "child.firstName",
        "child.interpreterNeeded",
        "household",
        "concerns.harmTypes",
        "hoth.missingEpisodes90d",
    ] {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    // An empty object is a draft with everything still to do.
    let empty = validate(eval("({})")).unwrap();
    assert_eq!(empty["valid"], false);
    assert!(empty["issues"].as_array().unwrap().len() > 3);
}

#[wasm_bindgen_test]
fn values_json_cannot_hold_throw_an_error_and_the_module_carries_on() {
    let expected = charlene_decision();
    let cases = [
        (
            "a cycle",
            "(() => { const r = { child: {} }; r.child.self = r; return r; })()",
            "circular",
        ),
        (
            "a BigInt",
            "({ hoth: { missingEpisodes90d: 10n } })",
            "BigInt",
        ),
        (
            "a getter that throws",
            "({ get child() { throw new Error('no access'); } })",
            "no access",
        ),
        (
            "a Proxy that throws",
            "new Proxy({}, { ownKeys() { throw new TypeError('trap'); } })",
            "trap",
        ),
        (
            "nesting 100,000 deep",
            "(() => { let v = {}; for (let i = 0; i < 100000; i++) v = { a: v }; return v; })()",
            "",
        ),
        (
            "nesting 200 deep",
            "(() => { let v = {}; for (let i = 0; i < 200; i++) v = [v]; return { child: v }; })()",
            "recursion limit",
        ),
    ];
    // Many times over: an exception must not leak the module's stack or memory.
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    let before = memory();
    for _ in 0..50 {
        for (what, expression, needle) in cases {
            let result = validate(eval(expression));
            assert_throws(result.clone(), "unreadable_input", needle);
            let routed = hoth_wasm::route(eval(expression), s("wokingham"), s(TODAY));
            assert!(routed.is_err(), "{what}: route must throw too");
        }
    }
    assert!(
        memory() <= before + (4 << 20),
        "memory grew from {before} to {} bytes over 600 failures",
        memory()
    );
    still_works(&expected);
}

#[wasm_bindgen_test]
fn huge_strings_are_refused_before_they_are_copied() {
    let expected = charlene_decision();
    // Just under the limit: read and judged like any other referral.
    let mut big = charlene();
    big["concerns"]["summary"] = Value::String("x".repeat(900_000));
    let result = validate(js(&big)).unwrap();
    assert_eq!(result["valid"], true);
    // Over it: refused with a clear message, whatever the field.
    let mut huge = charlene();
    huge["child"]["firstName"] = Value::String("y".repeat(5_000_000));
    assert_throws(validate(js(&huge)), "input_too_large", "at most 1000000");
    let huge_string = eval("'z'.repeat(50000000)");
    assert_throws(
        validate(huge_string.clone()),
        "input_too_large",
        "characters",
    );
    let pack = hoth_wasm::load_policy(huge_string).map_err(|e| error_of(&e));
    assert_eq!(pack.unwrap_err().0, "input_too_large");
    still_works(&expected);
}

#[wasm_bindgen_test]
fn arguments_of_the_wrong_type_throw_a_clear_error() {
    let expected = charlene_decision();
    let referral = js(&charlene());
    let call = |policy: JsValue, today: JsValue| {
        hoth_wasm::validate(referral.clone(), policy, today)
            .map(|v| json(&v))
            .map_err(|e| error_of(&e))
    };
    assert_throws(
        call(JsValue::from_f64(3.0), s(TODAY)),
        "invalid_argument",
        "policyId must be a string",
    );
    assert_throws(call(s("nowhere"), s(TODAY)), "unknown_policy", "wokingham");
    assert_throws(
        call(JsValue::NULL, s("2026-02-30")),
        "invalid_argument",
        "today must be a date",
    );
    assert_throws(
        call(JsValue::NULL, s("10/03/2026")),
        "invalid_argument",
        "2026-03-10",
    );
    assert_throws(
        call(JsValue::NULL, JsValue::from_f64(20260310.0)),
        "invalid_argument",
        "a number",
    );
    assert_throws(
        call(JsValue::NULL, eval("new Date()")),
        "invalid_argument",
        "an object",
    );

    let route = |policy: JsValue| {
        hoth_wasm::route(referral.clone(), policy, s(TODAY))
            .map(|v| json(&v))
            .map_err(|e| error_of(&e))
    };
    assert_throws(
        route(JsValue::UNDEFINED),
        "invalid_argument",
        "route needs a policy",
    );
    assert_throws(
        route(eval("({ id: 'wokingham' })")),
        "invalid_argument",
        "an object",
    );
    assert_throws(
        route(s("Wokingham")),
        "unknown_policy",
        "unknown policy \"Wokingham\"",
    );

    let schema = |name: JsValue| {
        hoth_wasm::schema(name)
            .map(|v| json(&v))
            .map_err(|e| error_of(&e))
    };
    assert_throws(
        schema(s("referal")),
        "unknown_schema",
        "referral, policy, decision",
    );
    assert_throws(schema(JsValue::UNDEFINED), "invalid_argument", "undefined");

    let load = |value: JsValue| {
        hoth_wasm::load_policy(value)
            .map(Value::String)
            .map_err(|e| error_of(&e))
    };
    assert_throws(
        load(JsValue::UNDEFINED),
        "invalid_argument",
        "JSON text or an object",
    );
    assert_throws(load(JsValue::from_f64(1.0)), "invalid_argument", "a number");
    assert_throws(load(s("{ not json")), "invalid_policy", "not valid JSON");
    assert_throws(load(eval("({ id: 'x' })")), "invalid_policy", "policy pack");
    still_works(&expected);
}

#[wasm_bindgen_test]
fn thrown_errors_are_errors_with_a_code_and_a_policy_error_names_rule_and_field() {
    let pack = include_str!("../../../tests/fixtures/policies/unknown-operator.json");
    let thrown = hoth_wasm::load_policy(s(pack)).unwrap_err();
    assert!(thrown.is_instance_of::<js_sys::Error>());
    let (code, message) = error_of(&thrown);
    assert_eq!(code, "invalid_policy");
    let rule = error_property(&thrown, "rule").expect("a rule");
    let field = error_property(&thrown, "field").expect("a field");
    assert!(message.contains(&rule), "{message} names {rule}");
    assert!(message.contains(&field), "{message} names {field}");
}

#[wasm_bindgen_test]
fn a_loaded_pack_is_used_by_id_and_reloading_replaces_it() {
    let pack = include_str!("../../../tests/fixtures/policies/valid-minimal.json");
    let id = hoth_wasm::load_policy(s(pack)).unwrap();
    let routed = json(&hoth_wasm::route(js(&charlene()), s(&id), s(TODAY)).unwrap());
    assert_eq!(routed["policy"]["id"], id.as_str());
    let mut changed: Value = serde_json::from_str(pack).unwrap();
    changed["version"] = json!("9.9.9");
    assert_eq!(hoth_wasm::load_policy(js(&changed)).unwrap(), id);
    let routed = json(&hoth_wasm::route(js(&charlene()), s(&id), s(TODAY)).unwrap());
    assert_eq!(routed["policy"]["version"], "9.9.9");
    // Validation under it works too.
    let validated = json(&hoth_wasm::validate(js(&charlene()), s(&id), s(TODAY)).unwrap());
    assert_eq!(validated["valid"], true);
}

#[wasm_bindgen_test]
fn today_defaults_to_the_browsers_local_date() {
    let date = |offset_days: f64| {
        let d = js_sys::Date::new_0();
        d.set_date((d.get_date() as f64 + offset_days) as u32);
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        )
    };
    let with_date = |date: &str| {
        let mut referral = charlene();
        referral["referralDate"] = Value::String(date.to_owned());
        hoth_wasm::validate(js(&referral), JsValue::UNDEFINED, JsValue::UNDEFINED)
            .map(|v| json(&v))
            .unwrap()
    };
    let today = date(0.0);
    let on_today = with_date(&today);
    let tomorrow = with_date(&date(1.0));
    if date(0.0) != today {
        return; // midnight passed during the test: nothing to conclude
    }
    assert_eq!(on_today["valid"], true, "{on_today}");
    let codes: Vec<&str> = tomorrow["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"date_in_future"), "{codes:?}");
}

#[wasm_bindgen_test]
fn an_invalid_referral_routes_to_its_issues_not_a_decision() {
    let mut referral = charlene();
    referral["child"]["dateOfBirth"] = json!("2011-02-30");
    let routed = json(&hoth_wasm::route(js(&referral), s("tower-hamlets"), s(TODAY)).unwrap());
    assert_eq!(routed["valid"], false);
    assert_eq!(routed["issues"][0]["code"], "invalid_date");
    assert!(routed.get("outcomes").is_none());
}
