//! Validate + route one full referral per built-in pack, natively.
//! `./x bench` (or `cargo bench -p hoth-core --bench route`); figures go in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use hoth_core::policy::Policy;
use serde_json::Value;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let referral: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    ))
    .unwrap_or(Value::Null);
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default();
    let mut group = c.benchmark_group("validate_and_route");
    for id in Policy::builtin_ids() {
        let Some(policy) = Policy::builtin(id) else {
            continue;
        };
        group.bench_function(id, |b| b.iter(|| policy.route(black_box(&referral), today)));
    }
    group.finish();
    c.bench_function("validate_only", |b| {
        b.iter(|| hoth_core::validate_value(black_box(&referral), today))
    });

    // What hoth-server does with a request's body under wokingham: JSON text in, the
    // decision's JSON text out. "text" is the service's way (read once, written directly),
    // "value" the way before (text to a Value, validate and route it, serde writes the JSON).
    let text = include_bytes!("../../../tests/fixtures/referrals/charlene.json");
    if let Some(policy) = Policy::builtin("wokingham") {
        let mut group = c.benchmark_group("service_route_wokingham");
        group.bench_function("text", |b| {
            b.iter(|| {
                let referral = hoth_core::ReferralText::parse(black_box(text)).unwrap();
                policy.route_text(referral, today).unwrap().json_bytes()
            })
        });
        group.bench_function("value", |b| {
            b.iter(|| {
                let referral: Value = serde_json::from_slice(black_box(text)).unwrap();
                hoth_core::json_bytes(&policy.route(&referral, today).unwrap()).unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
