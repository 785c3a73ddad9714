//! Property tests: validation and routing never panic, and the invariants of screening,
//! routing and timescales hold on generated referrals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use hoth_core::policy::{Basis, OutcomeCode, Policy};
use hoth_core::referral::Referral;
use hoth_core::screening::{Level, ScreeningInput, screen};
use hoth_core::timescales::Calendar;
use proptest::prelude::*;

use hoth_testdata::{any_json, indicator_ids, mangled_referral, valid_referral};
use serde_json::json;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn validate_never_panics_on_any_json(value in any_json()) {
        let _ = hoth_core::validate_value(&value, today());
        for id in Policy::builtin_ids() {
            let _ = Policy::builtin(id).unwrap().route(&value, today());
        }
    }

    #[test]
    fn validate_never_panics_on_mangled_referrals(value in mangled_referral()) {
        let validated = hoth_core::validate_value(&value, today());
        for issue in &validated.issues {
            prop_assert!(!issue.message.is_empty());
        }
        for id in Policy::builtin_ids() {
            let _ = Policy::builtin(id).unwrap().route(&value, today());
        }
    }

    #[test]
    fn validate_never_panics_on_any_text(text in ".{0,200}") {
        let _ = hoth_core::validate_str(&text, today());
    }

    #[test]
    fn a_valid_referral_stays_valid_after_a_json_round_trip(value in valid_referral()) {
        let validated = hoth_core::validate_value(&value, today());
        prop_assume!(validated.is_valid());
        let text = serde_json::to_string(&validated.referral).unwrap();
        let again = hoth_core::validate_str(&text, today());
        prop_assert!(again.is_valid(), "{:?}", again.issues);
        prop_assert_eq!(&again.referral, &validated.referral);
        let typed: Referral = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(typed, validated.referral);
    }

    #[test]
    fn adding_an_indicator_never_lowers_the_level(
        indicators in prop::sample::subsequence(indicator_ids(), 0..10),
        extra in prop::sample::select(indicator_ids()),
        age in prop::option::of(0u32..25),
        send in any::<bool>(),
        missing in prop::option::of(0u32..10),
    ) {
        let input = |ids: &[String]| screen(&ScreeningInput {
            indicators: ids, missing_episodes_90d: missing, age, unborn: false, send, judgement: None, immediate_danger: false,
        }).level;
        let before = input(&indicators);
        let mut more = indicators.clone();
        more.push(extra);
        prop_assert!(input(&more) >= before);
    }

    #[test]
    fn judgement_never_lowers_the_level(
        indicators in prop::sample::subsequence(indicator_ids(), 0..10),
        judgement in prop::sample::select(Level::ALL.to_vec()),
    ) {
        let without = screen(&ScreeningInput { indicators: &indicators, ..ScreeningInput::default() });
        let with = screen(&ScreeningInput { indicators: &indicators, judgement: Some(judgement), ..ScreeningInput::default() });
        prop_assert!(with.level >= without.level);
        prop_assert!(with.level >= judgement);
        prop_assert_eq!(with.computed, without.computed);
    }

    #[test]
    fn decisions_are_deterministic_cited_and_well_formed(value in valid_referral()) {
        for id in Policy::builtin_ids() {
            let policy = Policy::builtin(id).unwrap();
            let Ok(first) = policy.route(&value, today()) else { continue };
            let second = policy.route(&value, today()).unwrap();
            prop_assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap());
            // A young adult's route can be a plan alone (Gloucestershire's My Safety Meeting for a
            // care experienced young adult at Significant is not "advice and signposting").
            prop_assert!(first.pathway.is_some() || first.plan.is_some(), "{id}: every referral gets a route");
            let mut seen = std::collections::HashSet::new();
            for outcome in &first.outcomes {
                prop_assert!(OutcomeCode::from_code(outcome.code.code()).is_some());
                match (outcome.basis, &outcome.cite) {
                    (Basis::Council, Some(cite)) => prop_assert!(!cite.document.is_empty() && !cite.quote.is_empty()),
                    (Basis::SafetyDefault, None) => {}
                    (basis, cite) => prop_assert!(false, "{id}: {} is {basis} with cite {cite:?}", outcome.code),
                }
                prop_assert!(!outcome.why.is_empty());
                prop_assert!(seen.insert((outcome.code, outcome.detail.clone())), "{id}: {} twice", outcome.code);
                if let Some(due) = &outcome.due {
                    let date = NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap();
                    // Only a same-day step may fall on a weekend or bank holiday, and then it
                    // says who acts out of hours.
                    let working = Calendar::builtin().is_working_day(date).unwrap();
                    prop_assert_eq!(working, !outcome.out_of_hours, "{}: {} due on {}", id, outcome.code, due);
                }
            }
            let kinds: Vec<_> = first.outcomes.iter().map(|o| o.kind).collect();
            prop_assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{id}: outcomes ordered by kind");
            if value["concerns"]["immediateDanger"] == json!(true) {
                prop_assert_eq!(first.outcomes.first().map(|o| o.code), Some(OutcomeCode::Call999));
            }
        }
    }

    /// No pack starts a new plan for a child who already has one (SPEC section 13): on a
    /// child protection plan, no Initial Child Protection Conference and no Child in Need plan,
    /// whatever the strength, and the existing plan is updated; every outcome says who acts.
    #[test]
    fn no_new_plan_contradicts_an_open_child_protection_plan(mut value in valid_referral()) {
        value["child"]["openCase"] = json!("child_protection");
        for id in Policy::builtin_ids() {
            let policy = Policy::builtin(id).unwrap();
            let Ok(decision) = policy.route(&value, today()) else { continue };
            let child = decision.facts.get(hoth_core::facts::Fact::Age).as_u64().is_none_or(|age| age < 18);
            for outcome in &decision.outcomes {
                prop_assert!(
                    !matches!(outcome.code, OutcomeCode::InitialChildProtectionConference | OutcomeCode::CinPlan),
                    "{id}: {} for a child already on a child protection plan", outcome.code
                );
            }
            if child {
                prop_assert!(
                    decision.outcomes.iter().any(|o| o.code == OutcomeCode::UpdateExistingPlan),
                    "{id}: the existing plan is not updated"
                );
            }
            let json = serde_json::to_value(&decision).unwrap();
            for outcome in json["outcomes"].as_array().unwrap() {
                prop_assert!(outcome["actor"].is_string(), "{id}: an outcome without an actor");
            }
        }
    }

    #[test]
    fn working_days_are_monotonic_and_never_weekends_or_holidays(
        offset in 0i64..2500,
        n in 0u32..60,
    ) {
        let calendar = Calendar::builtin();
        let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Duration::days(offset);
        if let (Ok(a), Ok(b)) = (calendar.add_working_days(from, n), calendar.add_working_days(from, n + 1)) {
            // From a weekend or bank holiday, day 0 and day 1 are both the next working day.
            prop_assert!(b >= a);
            if n > 0 || calendar.is_working_day(from).unwrap() {
                prop_assert!(b > a);
            }
            prop_assert!(!matches!(b.weekday(), Weekday::Sat | Weekday::Sun));
            prop_assert!(calendar.bank_holiday(b).is_none());
            prop_assert!(calendar.is_working_day(a).unwrap());
        }
    }
}
