//! Check a policy pack file loads: `cargo run -p hoth-core --example pack_check -- FILE`.
fn main() {
    for path in std::env::args().skip(1) {
        match std::fs::read_to_string(&path) {
            Ok(text) => match hoth_core::Policy::from_json(&text) {
                Ok(policy) => println!("{path}: ok, {} rules", policy.pack().rules.len()),
                Err(e) => println!("{path}: {e}"),
            },
            Err(e) => println!("{path}: {e}"),
        }
    }
}
