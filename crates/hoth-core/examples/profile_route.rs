//! Route the bundled example many times, for a profiler or an instruction count:
//! `valgrind --tool=callgrind target/release/examples/profile_route [service] [N]`.
//!
//! By default `policy.route` from a parsed `Value`, 2000 times; with `service`, what
//! `hoth-server` does with a body (JSON text read once, routed, the decision written as text).
//! Compare instruction counts of N and 0 iterations to get the cost of one.
const TEXT: &str = include_str!("../../../tests/fixtures/referrals/charlene.json");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let service = args.iter().any(|a| a == "service");
    let times = args
        .iter()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(2000);
    let Ok(referral) = serde_json::from_str::<serde_json::Value>(TEXT) else {
        return;
    };
    let Some(today) = chrono::NaiveDate::from_ymd_opt(2026, 3, 10) else {
        return;
    };
    let Some(policy) = hoth_core::Policy::builtin("wokingham") else {
        return;
    };
    let mut total = 0;
    for _ in 0..times {
        if service {
            let Ok(referral) =
                hoth_core::ReferralText::parse(std::hint::black_box(TEXT.as_bytes()))
            else {
                return;
            };
            if let Ok(decision) = policy.route_text(referral, today) {
                total += decision.json_bytes().len();
            }
        } else if let Ok(decision) = policy.route(std::hint::black_box(&referral), today) {
            total += decision.outcomes.len();
        }
    }
    println!("{total}");
}
