//! Routing with arbitrary facts: every rule of every built-in pack, and any JSONLogic
//! condition the fuzzer writes, evaluated over fact values of any shape.
//!
//! Rules read only the facts (crates/hoth-core/src/facts.rs), one JSON value per slot, so
//! this reaches every path of the evaluator a referral could, and many it could not (a
//! number where a list belongs, facts missing off the end). Never panics, and the
//! short-circuit `matches_facts` agrees with the truthiness of the full `eval_facts`.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use hoth_core::facts::Fact;
use hoth_core::logic::{Logic, truthy};
use hoth_core::policy::{OutcomeCode, Policy, Stage};
use hoth_core::referral::{CareStatus, ContextKind, HarmLocation, HarmType, Send};
use hoth_core::screening::Level;
use libfuzzer_sys::fuzz_target;
use serde_json::{Number, Value, json};

#[derive(Debug, Arbitrary)]
enum FactValue {
    Null,
    Bool(bool),
    Int(i8),
    Big(i64),
    Float(f64),
    Code(u8),
    Text(String),
    Codes(Vec<u8>),
    List(Vec<FactValue>),
}

#[derive(Debug, Arbitrary)]
struct Input {
    facts: Vec<FactValue>,
    /// A condition of the fuzzer's own, as JSON text.
    condition: Option<String>,
}

fn codes() -> Vec<&'static str> {
    let mut all = vec!["", "0", "yes", "true", "null", "a.b", "1e308"];
    all.extend(Fact::ALL.iter().map(|c| c.code()));
    all.extend(Level::ALL.iter().map(|c| c.code()));
    all.extend(HarmType::ALL.iter().map(|c| c.code()));
    all.extend(HarmLocation::ALL.iter().map(|c| c.code()));
    all.extend(CareStatus::ALL.iter().map(|c| c.code()));
    all.extend(ContextKind::ALL.iter().map(|c| c.code()));
    all.extend(Send::ALL.iter().map(|c| c.code()));
    all.extend(OutcomeCode::ALL.iter().map(|c| c.code()));
    all
}

fn value(v: &FactValue, codes: &[&'static str]) -> Value {
    let code = |i: u8| json!(codes[usize::from(i) % codes.len()]);
    match v {
        FactValue::Null => Value::Null,
        FactValue::Bool(b) => json!(b),
        FactValue::Int(i) => json!(i),
        FactValue::Big(i) => json!(i),
        FactValue::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        FactValue::Code(i) => code(*i),
        FactValue::Text(s) => json!(s),
        FactValue::Codes(list) => Value::Array(list.iter().map(|i| code(*i)).collect()),
        FactValue::List(list) => Value::Array(list.iter().map(|v| value(v, codes)).collect()),
    }
}

/// Every rule of every built-in pack, compiled once as the pack loader compiles it.
fn builtin_rules() -> &'static [Logic] {
    static RULES: OnceLock<Vec<Logic>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut all = Vec::new();
        for id in Policy::builtin_ids() {
            let Some(policy) = Policy::builtin(id) else {
                panic!("built-in pack {id} does not load");
            };
            for rule in &policy.pack().rules {
                let stage = rule.stage;
                let resolve = |name: &str| {
                    Fact::from_code(name)
                        .filter(|f| stage == Stage::FollowUp || !f.after_route())
                        .map(Fact::slot)
                };
                match Logic::compile_facts(&rule.when, &resolve) {
                    Ok(logic) => all.push(logic),
                    Err(e) => panic!("{id}: rule {} loaded but does not compile: {e}", rule.id),
                }
            }
        }
        all
    })
}

fn check(logic: &Logic, facts: &[Value]) {
    let full = logic.eval_facts(facts);
    assert_eq!(
        logic.matches_facts(facts),
        truthy(&full),
        "matches_facts disagrees with eval_facts ({full})"
    );
}

fuzz_target!(|input: Input| {
    let codes = codes();
    let facts: Vec<Value> = input
        .facts
        .iter()
        .take(Fact::ALL.len() + 2)
        .map(|v| value(v, &codes))
        .collect();
    for logic in builtin_rules() {
        check(logic, &facts);
    }
    if let Some(text) = &input.condition
        && let Ok(rule) = serde_json::from_str::<Value>(text)
    {
        let resolve = |name: &str| Fact::from_code(name).map(Fact::slot);
        if let Ok(logic) = Logic::compile_facts(&rule, &resolve) {
            check(&logic, &facts);
        }
        if let Ok(logic) = Logic::compile_generic(&rule) {
            check(&logic, &facts);
            let data = Value::Array(facts.clone());
            assert_eq!(logic.matches_json(&data), truthy(&logic.eval_json(&data)));
        }
    }
});
