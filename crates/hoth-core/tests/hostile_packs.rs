//! Malicious or broken policy packs: deeply nested conditions, huge arrays, oversized files,
//! cyclic-looking deadline references and absurd counts. Each is refused with a clear message
//! (or, where harmless, loads and routes); none hangs or exhausts memory. The limits are
//! documented in the README (policy packs) and docs/RELIABILITY.md, with measured times.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use chrono::{Datelike, NaiveDate, Weekday};
use hoth_core::logic::{MAX_DEPTH, MAX_NODES};
use hoth_core::policy::{MAX_PACK_BYTES, MAX_RULES, OutcomeCode, Policy};
use hoth_core::timescales::Calendar;
use serde_json::{Value, json};

const CHARLENE: &str = include_str!("../../../tests/fixtures/referrals/charlene.json");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn cite() -> Value {
    json!({
        "document": "Wokingham Borough Council - Harm Outside the Home Process",
        "section": "Strategy Meetings",
        "quote": "The Strategy Meeting should be held on the same day that the new information is received"
    })
}

fn rule(id: &str, when: Value, then: Value) -> Value {
    json!({ "id": id, "when": when, "then": then, "why": "Test rule.", "cite": cite() })
}

fn pack(rules: Vec<Value>) -> Value {
    json!({
        "id": "hostile",
        "name": "A test council",
        "version": "0",
        "source": [{ "document": "Wokingham Borough Council - Harm Outside the Home Process", "date": "2024" }],
        "rules": rules,
    })
}

fn load(pack: &Value) -> Result<Policy, String> {
    Policy::from_json(&pack.to_string()).map_err(|e| e.to_string())
}

/// `{"!": {"!": ... true ...}}`, `depth` levels deep, as text (a serde_json value that deep
/// could not be built from text, and would overflow the stack when dropped).
fn nested_not_text(depth: usize) -> String {
    let when = format!("{}true{}", "{\"!\": ".repeat(depth), "}".repeat(depth));
    let mut text = pack(vec![rule("deep", json!("WHEN"), json!([]))]).to_string();
    text = text.replace("\"WHEN\"", &when);
    text
}

#[test]
fn nesting_just_within_the_limit_loads_and_evaluates() {
    let policy = Policy::from_json(&nested_not_text(MAX_DEPTH)).unwrap();
    let referral: Value = serde_json::from_str(CHARLENE).unwrap();
    policy.route(&referral, today()).unwrap();
}

#[test]
fn deeply_nested_conditions_are_refused_with_a_clear_message() {
    for depth in [MAX_DEPTH + 1, 100, 127, 128, 1_000, 100_000, 400_000] {
        let error = Policy::from_json(&nested_not_text(depth))
            .err()
            .unwrap_or_else(|| panic!("{depth} levels should not load"))
            .to_string();
        assert!(
            error.contains("nested")
                || error.contains("recursion limit")
                || error.contains("may be at most"),
            "{depth} levels: {error}"
        );
        assert!(error.starts_with("policy pack"), "{depth} levels: {error}");
    }
}

#[test]
fn deeply_nested_arrays_anywhere_in_the_pack_are_refused() {
    let text = pack(vec![]).to_string().replace(
        "\"rules\":[]",
        &format!("\"rules\":{}{}", "[".repeat(50_000), "]".repeat(50_000)),
    );
    let error = Policy::from_json(&text).unwrap_err().to_string();
    assert!(error.contains("recursion limit"), "{error}");
}

#[test]
fn a_huge_array_in_a_condition_is_refused_at_the_node_limit() {
    let list: Vec<Value> = (0..MAX_NODES + 10).map(|i| json!(i)).collect();
    let when = json!({ "in": [{ "var": "levelNumber" }, list] });
    let error = load(&pack(vec![rule("huge", when, json!([]))])).unwrap_err();
    assert!(
        error.contains(&MAX_NODES.to_string()) && error.contains("rule \"huge\""),
        "{error}"
    );
}

#[test]
fn more_than_the_maximum_number_of_rules_is_refused() {
    let rules = (0..=MAX_RULES)
        .map(|i| rule(&format!("r{i}"), json!(true), json!([])))
        .collect();
    let error = load(&pack(rules)).unwrap_err();
    assert!(
        error.contains(&format!("at most {MAX_RULES} rules")),
        "{error}"
    );
}

#[test]
fn the_largest_pack_allowed_loads_and_routes() {
    // As many rules as fit, each with a condition of many parts: the worst routing cost a
    // pack within the limits can ask for.
    let when = json!({ "or": (0..200).map(|i| json!({ "==": [{ "var": "age" }, i + 1000] })).collect::<Vec<_>>() });
    let one = rule("r0000", when, json!([])).to_string().len();
    let count = (MAX_PACK_BYTES - 2_000) / (one + 1);
    let rules: Vec<Value> = (0..count.min(MAX_RULES))
        .map(|i| {
            let mut r = rule(&format!("r{i:04}"), json!(null), json!([]));
            r["when"] = json!({ "or": (0..200).map(|j| json!({ "==": [{ "var": "age" }, j + 1000] })).collect::<Vec<_>>() });
            r
        })
        .collect();
    let text = pack(rules).to_string();
    assert!(text.len() <= MAX_PACK_BYTES, "{} bytes", text.len());
    let policy = Policy::from_json(&text).unwrap();
    let referral: Value = serde_json::from_str(CHARLENE).unwrap();
    let decision = policy.route(&referral, today()).unwrap();
    assert_eq!(decision.trace.len(), policy.pack().rules.len());
    assert!(
        decision.notes.is_empty(),
        "no rule matches an age over 1000"
    );
}

#[test]
fn a_50_megabyte_pack_is_refused_before_it_is_parsed() {
    let padding = "x".repeat(50 * 1024 * 1024);
    let text = format!("{{\"id\": \"hostile\", \"name\": \"{padding}\"}}");
    let error = Policy::from_json(&text).unwrap_err().to_string();
    assert!(
        error.contains(&format!("at most {MAX_PACK_BYTES}")),
        "{error}"
    );
    // Not JSON at all, and as large: the same message, not a parse error.
    let junk = "[".repeat(50 * 1024 * 1024);
    let error = Policy::from_json(&junk).unwrap_err().to_string();
    assert!(error.contains("at most"), "{error}");
}

fn due_rule(id: &str, code: OutcomeCode, due: Value) -> Value {
    rule(
        id,
        json!(true),
        json!([{ "code": code.code(), "due": due }]),
    )
}

#[test]
fn cyclic_deadline_references_are_refused_naming_the_cycle() {
    use OutcomeCode::*;
    let cases = [
        // A deadline counted from itself.
        vec![due_rule(
            "a",
            StrategyMeeting,
            json!({ "workingDays": 1, "from": "strategy_meeting" }),
        )],
        // Two outcomes counted from each other, in two rules.
        vec![
            due_rule(
                "a",
                StrategyMeeting,
                json!({ "workingDays": 1, "from": "section_47_enquiry" }),
            ),
            due_rule(
                "b",
                Section47Enquiry,
                json!({ "workingDays": 1, "from": "strategy_meeting" }),
            ),
        ],
        // A ring through five outcomes.
        vec![
            due_rule(
                "a",
                StrategyMeeting,
                json!({ "sameDay": true, "from": "context_meeting" }),
            ),
            due_rule(
                "b",
                Section47Enquiry,
                json!({ "workingDays": 2, "from": "strategy_meeting" }),
            ),
            due_rule(
                "c",
                InitialChildProtectionConference,
                json!({ "workingDays": 15, "from": "section_47_enquiry" }),
            ),
            due_rule(
                "d",
                CoreGroupMeeting,
                json!({ "months": 1, "from": "initial_child_protection_conference" }),
            ),
            due_rule(
                "e",
                ContextMeeting,
                json!({ "workingDays": 3, "from": "core_group_meeting" }),
            ),
        ],
    ];
    for rules in cases {
        let n = rules.len();
        let error = load(&pack(rules)).unwrap_err();
        assert!(
            error.contains("cycle") || error.contains("itself") || error.contains("each other"),
            "{n} rules: {error}"
        );
    }
}

#[test]
fn a_long_chain_of_deadlines_that_only_looks_cyclic_loads_and_counts_in_order() {
    // Every outcome that may carry a deadline counted from the one before it, the rules
    // listed in reverse so each anchor is settled only after the outcome that needs it.
    let codes: Vec<OutcomeCode> = OutcomeCode::ALL
        .iter()
        .copied()
        .filter(|c| {
            !matches!(
                c.kind(),
                hoth_core::policy::OutcomeKind::Requirement
                    | hoth_core::policy::OutcomeKind::Immediate
            )
        })
        .collect();
    let mut rules = vec![due_rule("r00", codes[0], json!({ "workingDays": 1 }))];
    for (i, pair) in codes.windows(2).enumerate() {
        rules.push(due_rule(
            &format!("r{:02}", i + 1),
            pair[1],
            json!({ "workingDays": 1, "from": pair[0].code() }),
        ));
    }
    rules.reverse();
    let policy = match load(&pack(rules)) {
        Ok(policy) => policy,
        Err(e) => panic!("{e}"),
    };
    let referral: Value = serde_json::from_str(CHARLENE).unwrap();
    let decision = policy.route(&referral, today()).unwrap();
    let calendar = Calendar::builtin();
    let due = |code: OutcomeCode| {
        let outcome = decision.outcomes.iter().find(|o| o.code == code).unwrap();
        NaiveDate::parse_from_str(outcome.due.as_deref().unwrap(), "%Y-%m-%d").unwrap()
    };
    let mut expected = today();
    for code in &codes {
        expected = calendar.add_working_days(expected, 1).unwrap();
        assert_eq!(due(*code), expected, "{code:?}");
        assert!(!matches!(expected.weekday(), Weekday::Sat | Weekday::Sun));
    }
}

#[test]
fn a_deadline_beyond_the_calendar_is_a_clear_error_not_a_guess_or_a_hang() {
    for due in [
        json!({ "workingDays": u32::MAX }),
        json!({ "months": u32::MAX }),
        json!({ "workingDays": 5000 }),
    ] {
        let policy = load(&pack(vec![due_rule(
            "far",
            OutcomeCode::StrategyMeeting,
            due.clone(),
        )]));
        let Ok(policy) = policy else {
            // Refused at load is as good, with a message.
            assert!(policy.unwrap_err().contains("policy pack"));
            continue;
        };
        let referral: Value = serde_json::from_str(CHARLENE).unwrap();
        let issues = policy.route(&referral, today()).unwrap_err();
        assert!(
            issues[0].message.contains("outside the bank holiday table"),
            "{due}: {:?}",
            issues[0].message
        );
    }
}

#[test]
fn long_strings_and_odd_text_are_refused_or_kept_verbatim() {
    let long_id = "a".repeat(900_000);
    let mut p = pack(vec![rule("r", json!(true), json!([]))]);
    p["id"] = json!(long_id);
    let error = load(&p).unwrap_err();
    assert!(
        error.starts_with("policy pack"),
        "{}",
        &error[..200.min(error.len())]
    );
    assert!(
        error.len() < 2_000,
        "the message does not echo the whole id"
    );

    // Markup and control characters in a reason are data, kept as written.
    let mut p = pack(vec![rule("r", json!(true), json!([]))]);
    p["rules"][0]["why"] = json!("<img src=x onerror=alert(1)>\u{0000}\u{202e}");
    let policy = load(&p).unwrap();
    let referral: Value = serde_json::from_str(CHARLENE).unwrap();
    let decision = policy.route(&referral, today()).unwrap();
    assert_eq!(
        &*decision.notes[0].why,
        "<img src=x onerror=alert(1)>\u{0000}\u{202e}"
    );
}
