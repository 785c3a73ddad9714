//! Referral parsing, validation and routing: any bytes as a referral's JSON text.
//!
//! Never panics; a valid referral routes under every built-in pack, and every due date in
//! the decision is a working day (not a weekend, not a bank holiday), but a same-day step
//! out of hours, due on the referral's own day.
#![no_main]

use chrono::NaiveDate;
use hoth_core::policy::Policy;
use hoth_core::timescales::Calendar;
use hoth_core::validate_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(today) = NaiveDate::from_ymd_opt(2026, 3, 10) else {
        return;
    };
    let validated = validate_str(text, today);
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        assert!(
            !validated.is_valid(),
            "text that is not JSON cannot be valid"
        );
        return;
    };
    let calendar = Calendar::builtin();
    for id in Policy::builtin_ids() {
        let Some(policy) = Policy::builtin(id) else {
            panic!("built-in pack {id} does not load");
        };
        let policy_issues = policy.validate(&value, today);
        match policy.route(&value, today) {
            Ok(decision) => {
                assert!(policy_issues.is_valid(), "{id}: routed an invalid referral");
                for outcome in &decision.outcomes {
                    if let Some(due) = &outcome.due {
                        let date = NaiveDate::parse_from_str(due, "%Y-%m-%d")
                            .unwrap_or_else(|e| panic!("{id}: due date {due}: {e}"));
                        // Only a same-day step falls on a weekend or bank holiday, and it is then
                        // out of hours: due the referral's own day (as tests/invariants.rs holds).
                        let expected = if outcome.out_of_hours {
                            assert_eq!(
                                due, &decision.referral_date,
                                "{id}: {:?} is out of hours but not due on the referral's day",
                                outcome.code
                            );
                            Ok(false)
                        } else {
                            Ok(true)
                        };
                        assert_eq!(
                            calendar.is_working_day(date),
                            expected,
                            "{id}: {:?} due {due}: working day or not, against out of hours",
                            outcome.code
                        );
                    }
                }
                if let Err(e) = serde_json::to_string(&decision) {
                    panic!("{id}: decision does not serialise: {e}");
                }
            }
            Err(issues) => assert!(!issues.is_empty(), "{id}: refused without an issue"),
        }
    }
});
