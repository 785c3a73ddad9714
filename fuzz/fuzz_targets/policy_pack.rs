//! Policy-pack loading: any bytes as a pack's JSON text.
//!
//! Never panics; a pack that loads re-serialises to JSON that loads to the same pack, and
//! routes the example referral without panicking.
#![no_main]

use chrono::NaiveDate;
use hoth_core::policy::Policy;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const CHARLENE: &str = include_str!("../../tests/fixtures/referrals/charlene.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(policy) = Policy::from_json(text) else {
        return;
    };
    let again = match serde_json::to_string(policy.pack()) {
        Ok(again) => again,
        Err(e) => panic!("a loaded pack does not serialise: {e}"),
    };
    match Policy::from_json(&again) {
        Ok(reloaded) => assert_eq!(
            reloaded.pack(),
            policy.pack(),
            "round trip changed the pack"
        ),
        Err(e) => panic!("a loaded pack does not reload after serialising: {e}"),
    }
    let (Ok(referral), Some(today)) = (
        serde_json::from_str::<Value>(CHARLENE),
        NaiveDate::from_ymd_opt(2026, 3, 10),
    ) else {
        return;
    };
    let _ = policy.route(&referral, today);
});
