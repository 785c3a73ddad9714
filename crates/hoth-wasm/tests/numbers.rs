//! JSONLogic's numbers against the browser's own, in headless Chromium: a number converted to
//! a string (`cat`) must be exactly JavaScript's `String(x)`, and a string read as a number
//! (`+`) exactly `parseFloat(s)`, on random doubles, on doubles built to be ties (the exact
//! value halfway between the two nearest shortest decimals, where rounding half up and half to
//! even differ), and around the layout thresholds (1e21, 1e-6, 1e-7).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use hoth_core::logic::Logic;
use serde_json::{Value, json};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// splitmix64: the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// hoth's `String(x)`: JSONLogic's `cat` of the number.
fn hoth_string(x: f64) -> String {
    let logic = Logic::compile_generic(&json!({ "cat": [x] })).unwrap();
    match logic.eval_json(&Value::Null) {
        Value::String(s) => s,
        other => panic!("cat gave {other}"),
    }
}

fn js_string(x: f64) -> String {
    js_sys::Number::from(x)
        .to_string_with_radix(10)
        .unwrap()
        .into()
}

/// A double whose exact value is halfway between two decimals of `t` fractional digits that
/// both read back as it: x = M × 2^e with 10^-t <= 2^e (both neighbours inside the rounding
/// interval) and M × 5^t × 2^(e+t) an odd multiple of one half.
fn tie(rng: &mut Rng) -> Option<f64> {
    // Up to 22 digits: beyond, M would need more than 53 bits (e falls 3.3 per digit).
    let t = i32::try_from(rng.next() % 22).unwrap() + 1;
    let mut e = (-f64::from(t) * std::f64::consts::LOG2_10).ceil() as i32;
    while 2f64.powi(e) < 10f64.powi(-t) {
        e += 1;
    }
    let r = -(t + 1) - e;
    if !(0..52).contains(&r) || e < -1074 + 52 {
        return None;
    }
    let m = (rng.next() & ((1 << 52) - 1)) | (1 << 52);
    let m = (m >> (r + 1) << (r + 1)) | (1 << r);
    // M < 2^53 is exact as an f64, and scaling by a power of two is exact while normal.
    Some(m as f64 * 2f64.powi(e))
}

#[wasm_bindgen_test]
fn numbers_convert_to_strings_as_javascript_does() {
    let mut rng = Rng(0x1707_2026);
    let mut checked = 0;
    let mut ties = 0;
    let mut check = |x: f64| {
        if !x.is_finite() {
            return; // not a JSON number (the native tests cover NaN and the infinities)
        }
        let (hoth, js) = (hoth_string(x), js_string(x));
        assert_eq!(hoth, js, "String({x:?}) (bits {:016x})", x.to_bits());
        checked += 1;
    };
    // Any bit pattern.
    for _ in 0..60_000 {
        check(f64::from_bits(rng.next()));
    }
    // 30,000 ties, each also negated.
    while ties < 30_000 {
        if let Some(x) = tie(&mut rng) {
            check(x);
            check(-x);
            ties += 1;
        }
    }
    // Integers, and the neighbours of every power of ten (the layout thresholds among them).
    for _ in 0..10_000 {
        check((rng.next() >> (rng.next() % 64)) as f64);
    }
    for p in -325..=310 {
        let x: f64 = format!("1e{p}").parse().unwrap();
        for y in [
            x,
            f64::from_bits(x.to_bits().wrapping_sub(1)),
            f64::from_bits(x.to_bits() + 1),
        ] {
            check(y);
        }
    }
    for x in [
        0.0,
        -0.0,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        1e21,
        1e-7,
        1e-6,
        123e-9,
    ] {
        check(x);
    }
    assert!(checked > 130_000, "only {checked} numbers were checked");
}

/// A decimal string JavaScript reads: digits, a fraction, an exponent, some leading zeros.
fn decimal(rng: &mut Rng) -> String {
    let digits = |rng: &mut Rng, n: u64| -> String {
        (0..n)
            .map(|_| char::from(b'0' + (rng.next() % 10) as u8))
            .collect()
    };
    let mut s = String::new();
    if rng.next().is_multiple_of(4) {
        s.push('-');
    }
    let n = rng.next() % 25;
    s.push_str(&digits(rng, n));
    if n == 0 || rng.next().is_multiple_of(2) {
        s.push('.');
        let f = rng.next() % 25 + 1;
        s.push_str(&digits(rng, f));
    }
    if rng.next().is_multiple_of(2) {
        s.push(if rng.next().is_multiple_of(2) {
            'e'
        } else {
            'E'
        });
        match rng.next() % 3 {
            0 => s.push('-'),
            1 => s.push('+'),
            _ => {}
        }
        let exp = rng.next() % 400;
        s.push_str(&exp.to_string());
    }
    s
}

#[wasm_bindgen_test]
fn strings_read_as_numbers_as_javascript_does() {
    let mut rng = Rng(0x2026_1707);
    let mut texts: Vec<String> = (0..30_000).map(|_| decimal(&mut rng)).collect();
    // Every printed double reads back as itself.
    texts.extend((0..10_000).map(|_| js_string(f64::from_bits(rng.next()))));
    texts.extend(
        [
            "007", ".5", "1.", "1e400", "-1e400", "1e-400", "0x10", " 12 ", "Infinity", "-0",
        ]
        .map(String::from),
    );
    for text in texts {
        let js = js_sys::parse_float(&text);
        let logic = Logic::compile_generic(&json!({ "+": [text] })).unwrap();
        let hoth = logic.eval_json(&Value::Null);
        if js.is_finite() {
            let got = hoth.as_f64().unwrap_or(f64::NAN);
            assert!(
                got == js,
                "parseFloat({text:?}): hoth {hoth}, JavaScript {js:?}"
            );
        } else {
            // NaN and the infinities are not JSON numbers: JSONLogic results hold them as null.
            assert_eq!(hoth, Value::Null, "parseFloat({text:?}) is {js:?}");
        }
    }
}
