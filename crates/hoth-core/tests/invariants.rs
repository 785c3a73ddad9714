//! Invariants on generated policy packs and deadlines:
//! - a pack that loads re-serialises (compact, pretty, or as a JSON value) to a pack that
//!   loads back equal, and re-serialises to the same text;
//! - no referral, pack or date makes a due date fall on a weekend or a bank holiday, or before
//!   the day it counts from.
//!
//! The packs are the built-in ones with rules dropped, conditions replaced and deadlines
//! rewritten (any unit, any count, counted from any outcome).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use hoth_core::facts::Fact;
use hoth_core::policy::{BUILTIN, DueSpec, OutcomeCode, Policy, PolicyPack, Stage, Strength};
use hoth_core::timescales::{Calendar, Due};
use proptest::prelude::*;
use serde_json::{Value, json};

use hoth_testdata::valid_referral;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn builtin_packs() -> Vec<PolicyPack> {
    BUILTIN
        .iter()
        .map(|(_, json)| serde_json::from_str(json).unwrap())
        .collect()
}

/// A condition over route-stage facts.
fn condition() -> impl Strategy<Value = Value> {
    let fact = prop::sample::select(
        Fact::ALL
            .iter()
            .filter(|f| !f.after_route())
            .map(|f| f.code())
            .collect::<Vec<_>>(),
    );
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (fact.clone(), 0i64..6).prop_map(|(f, n)| json!({">=": [{"var": f}, n]})),
        (fact.clone(), "[a-z_]{0,12}").prop_map(|(f, s)| json!({"==": [{"var": f}, s]})),
        (
            prop::sample::select(vec!["criminal_exploitation", "online_harm", "gangs"]),
            fact.clone()
        )
            .prop_map(|(code, f)| json!({"in": [code, {"var": f}]})),
        fact.prop_map(|f| json!({"!!": [{"var": f}]})),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"and": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"or": v})),
            inner.prop_map(|v| json!({"!": [v]})),
        ]
    })
}

fn due_spec() -> impl Strategy<Value = Option<DueSpec>> {
    let from = prop::option::of(prop::sample::select(OutcomeCode::ALL.to_vec()));
    prop::option::of(
        (0u8..4, 0u32..120, from).prop_map(|(unit, count, from)| DueSpec {
            same_day: (unit == 0).then_some(true),
            working_days: (unit == 1).then_some(count),
            months: (unit == 2).then_some(count % 25),
            weeks: (unit == 3).then_some(count % 25),
            from,
        }),
    )
}

/// A built-in pack with some rules dropped and the kept ones' conditions, deadlines and
/// strengths rewritten.
fn generated_pack() -> impl Strategy<Value = PolicyPack> {
    let packs = builtin_packs();
    (
        0..packs.len(),
        prop::collection::vec(
            (
                any::<bool>(),
                prop::option::of(condition()),
                due_spec(),
                any::<bool>(),
            ),
            80,
        ),
    )
        .prop_map(move |(which, edits)| {
            let mut pack = packs[which].clone();
            let mut rules = Vec::new();
            for (mut rule, (keep, when, due, consider)) in pack.rules.into_iter().zip(edits) {
                if !keep {
                    continue;
                }
                if let Some(when) = when.filter(|_| rule.stage == Stage::Route) {
                    rule.when = when;
                }
                if let Some(outcome) = rule.then.first_mut() {
                    outcome.due = due;
                    if consider {
                        outcome.strength = Strength::Consider;
                    }
                }
                rules.push(rule);
            }
            pack.rules = rules;
            pack
        })
}

fn assert_round_trips(policy: &Policy) {
    let compact = serde_json::to_string(policy.pack()).unwrap();
    let pretty = serde_json::to_string_pretty(policy.pack()).unwrap();
    let value = serde_json::to_value(policy.pack()).unwrap();
    for (how, again) in [
        ("compact", Policy::from_json(&compact)),
        ("pretty", Policy::from_json(&pretty)),
        ("value", Policy::from_value(&value)),
    ] {
        let again = again.unwrap_or_else(|e| panic!("{how}: a loaded pack does not reload: {e}"));
        assert_eq!(again.pack(), policy.pack(), "{how}: the pack changed");
        assert_eq!(
            serde_json::to_string(again.pack()).unwrap(),
            compact,
            "{how}: re-serialising changed the text"
        );
    }
}

fn assert_working_day(calendar: &Calendar, date: NaiveDate, what: &str) {
    assert!(
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        "{what}: {date} is a weekend"
    );
    assert!(
        calendar.bank_holiday(date).is_none(),
        "{what}: {date} is a bank holiday"
    );
}

#[test]
fn every_built_in_pack_round_trips_compact_pretty_and_as_a_value() {
    for id in Policy::builtin_ids() {
        assert_round_trips(Policy::builtin(id).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn a_generated_pack_that_loads_round_trips(pack in generated_pack()) {
        if let Ok(policy) = Policy::from_pack(pack) {
            assert_round_trips(&policy);
        }
    }

    #[test]
    fn only_a_same_day_step_is_due_on_a_weekend_or_bank_holiday_and_then_out_of_hours(
        pack in generated_pack(),
        referral in valid_referral(),
    ) {
        let calendar = Calendar::builtin();
        let Ok(policy) = Policy::from_pack(pack) else {
            return Ok(());
        };
        let Ok(decision) = policy.route(&referral, today()) else {
            return Ok(());
        };
        let referral_date = NaiveDate::parse_from_str(&decision.referral_date, "%Y-%m-%d").unwrap();
        for outcome in &decision.outcomes {
            if let Some(due) = &outcome.due {
                let due = NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap();
                if outcome.out_of_hours {
                    // The same calendar day, a weekend or bank holiday (SPEC section 13).
                    prop_assert!(!calendar.is_working_day(due).unwrap());
                } else {
                    assert_working_day(calendar, due, outcome.code.code());
                }
                prop_assert!(due >= referral_date, "{:?} due {due} before the referral", outcome.code);
            }
        }
    }

    #[test]
    fn no_count_gives_a_due_date_on_a_weekend_or_bank_holiday(
        offset in -400i64..3000,
        count in 0u32..400,
        months in 0u32..30,
    ) {
        let calendar = Calendar::builtin();
        let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(offset);
        // Same day is the calendar day itself (SPEC: never moved to a working day).
        match Due::SameDay.due_date(calendar, from) {
            Ok(date) => prop_assert_eq!(date, from),
            Err(e) => prop_assert!(e.to_string().contains("outside the bank holiday table")),
        }
        let weeks = months;
        for due in [Due::WorkingDays { count }, Due::Weeks { count: weeks.max(1) }, Due::Months { count: months }] {
            match due.due_date(calendar, from) {
                Ok(date) => {
                    assert_working_day(calendar, date, &due.to_string());
                    prop_assert!(date >= from, "{due} from {from} gave {date}");
                }
                // Outside the table is an error naming the date, never a guess.
                Err(e) => prop_assert!(e.to_string().contains("outside the bank holiday table")),
            }
        }
    }
}

/// Found by the `policy_pack` fuzz target (docs/RELIABILITY.md): a condition holding a number
/// whose shortest form has 17 significant digits and a large exponent, such as
/// `186666...6` (123 digits), read back one unit in the last place off, so a loaded pack did
/// not re-serialise to itself. serde_json's `float_roundtrip` parser reads it exactly.
#[test]
fn a_pack_with_a_seventeen_digit_number_round_trips() {
    let text = include_str!("../../../tests/fixtures/policies/valid-minimal.json");
    for number in [
        "186666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666666",
        "1.8666666666666668e122",
        "0.30000000000000004",
        "4.9406564584124654e-324",
        "1.7976931348623157e308",
    ] {
        let pack = text.replacen("4\n", &format!("{number}\n"), 1);
        assert_ne!(pack, text, "the fixture has a 4 to replace");
        let policy = Policy::from_json(&pack).unwrap();
        assert_round_trips(&policy);
    }
}
