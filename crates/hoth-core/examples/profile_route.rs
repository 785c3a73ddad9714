//! Route the bundled example many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile_route`.
fn main() {
    let Ok(referral) = serde_json::from_str::<serde_json::Value>(include_str!(
        "../../../tests/fixtures/referrals/charlene.json"
    )) else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 3, 10) else {
        return;
    };
    let Some(policy) = hoth_core::Policy::builtin("wokingham") else {
        return;
    };
    let mut matched = 0;
    for _ in 0..2000 {
        if let Ok(decision) = policy.route(std::hint::black_box(&referral), today) {
            matched += decision.outcomes.len();
        }
    }
    println!("{matched} outcomes");
}
