//! Test data only: generated referrals, shared by hoth-core's property tests
//! (`tests/properties.rs`, `tests/invariants.rs`) and the native/browser parity bundle
//! (`crates/hoth-wasm/build/parity.rs`, which draws a fixed, deterministic sample of them so
//! the browser must route them exactly as natively). A crate of its own, so neither borrows
//! the other's test files by path; nothing shipped depends on it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a fixture may stop at the first surprise

use chrono::{Duration, NaiveDate};
use hoth_core::referral::{HarmLocation, HarmType};
use hoth_core::screening::Catalogue;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Arbitrary JSON, a few levels deep.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::String),
        prop::sample::select(vec![
            "child",
            "concerns",
            "hoth",
            "2026-02-30",
            "outside",
            "missing_for_days",
            "ehcp"
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "schemaVersion",
                    "referralDate",
                    "child",
                    "dateOfBirth",
                    "firstName",
                    "address",
                    "postcode",
                    "concerns",
                    "harmTypes",
                    "harmLocation",
                    "hoth",
                    "indicators",
                    "contexts",
                    "kind",
                    "professionalJudgement",
                    "level",
                    "consent",
                    "referrer",
                    "household",
                    "x",
                ])
                .prop_map(str::to_owned),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A field-by-field mangled copy of a complete referral.
pub fn mangled_referral() -> impl Strategy<Value = Value> {
    let base: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    ))
    .unwrap();
    let paths = vec![
        "/referralDate",
        "/child/dateOfBirth",
        "/child/send",
        "/child/careStatus",
        "/child/address",
        "/child/nhsNumber",
        "/concerns/harmTypes",
        "/concerns/harmLocation",
        "/concerns/immediateDanger",
        "/concerns/predominantHarm",
        "/hoth",
        "/hoth/indicators",
        "/hoth/missingEpisodes90d",
        "/hoth/contexts",
        "/consent/consent",
        "/referrer/email",
        "/household",
    ];
    prop::collection::vec((prop::sample::select(paths), any_json()), 0..6).prop_map(move |edits| {
        let mut referral = base.clone();
        for (path, value) in edits {
            if let Some(slot) = referral.pointer_mut(path) {
                *slot = value;
            }
        }
        referral
    })
}

pub fn indicator_ids() -> Vec<String> {
    Catalogue::builtin()
        .indicators
        .iter()
        .map(|i| i.id.clone())
        .collect()
}

/// A valid referral with generated screening answers, harm and child details.
pub fn valid_referral() -> impl Strategy<Value = Value> {
    let base: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    ))
    .unwrap();
    let harms: Vec<&'static str> = HarmType::ALL.iter().map(|h| h.code()).collect();
    let locations: Vec<&'static str> = HarmLocation::ALL.iter().map(|h| h.code()).collect();
    (
        prop::sample::subsequence(indicator_ids(), 0..12),
        prop::sample::subsequence(harms, 1..4),
        prop::sample::select(locations),
        0u32..9000,
        any::<bool>(),
        prop::sample::select(vec!["none", "child_in_care", "care_leaver"]),
        prop::sample::select(vec!["none", "sen_support", "ehcp", "unknown"]),
        prop::option::of(0u32..12),
        0usize..3,
        0u32..700,
    )
        .prop_map(
            move |(
                indicators,
                harms,
                location,
                age_days,
                danger,
                care,
                send,
                missing,
                contexts,
                offset,
            )| {
                let mut r = base.clone();
                let referral_date = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()
                    + Duration::days(i64::from(offset));
                let dob = referral_date - Duration::days(i64::from(age_days) + 1);
                r["referralDate"] = json!(referral_date.format("%Y-%m-%d").to_string());
                r["child"]["dateOfBirth"] = json!(dob.format("%Y-%m-%d").to_string());
                r["child"]["careStatus"] = json!(care);
                r["child"]["send"] = json!(send);
                r["concerns"]["harmTypes"] = json!(harms);
                r["concerns"]["predominantHarm"] = json!(harms[0]);
                r["concerns"]["harmLocation"] = json!(location);
                r["concerns"]["immediateDanger"] = json!(danger);
                r["hoth"]["indicators"] = json!(indicators);
                r["hoth"]["missingEpisodes90d"] = missing.map_or(Value::Null, |m| json!(m));
                let all_contexts = r["hoth"]["contexts"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                r["hoth"]["contexts"] =
                    json!(all_contexts.into_iter().take(contexts).collect::<Vec<_>>());
                r
            },
        )
}
