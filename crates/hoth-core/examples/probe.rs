fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for arg in std::env::args().skip(1) {
        let v = hoth_core::validate_str(&arg, today);
        println!("{}", serde_json::to_string_pretty(&v.issues).unwrap());
    }
}
