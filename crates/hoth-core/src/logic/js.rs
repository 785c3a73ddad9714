//! The JavaScript coercions that JSONLogic inherits from json-logic-js.
//!
//! The reference implementation is a thin layer over JavaScript operators, so its results
//! depend on JavaScript's conversion rules (ECMA-262 `ToPrimitive`, `ToNumber`, `ToString`,
//! `parseFloat`, abstract equality and relational comparison). This file reproduces the parts of
//! those rules that JSON values can reach, and nothing else.
//!
//! Operands are passed as [`Arg`], which besides JSON can hold what JavaScript's arithmetic
//! produces and JSON cannot: NaN, ±Infinity and -0.

use std::borrow::Cow;

use serde_json::{Number, Value};

/// An operand: `undefined` (an operand that was not given), a JSON value, or a computed number.
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg<'v> {
    Undefined,
    Json(&'v Value),
    Num(f64),
}

/// A JavaScript primitive, the result of `ToPrimitive` on an operand.
#[derive(Debug)]
pub(super) enum Prim<'a> {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'a, str>),
}

/// `ToPrimitive`: arrays become their `join(",")` string, objects become
/// `"[object Object]"`, everything else is already primitive.
pub(super) fn to_prim(v: Arg<'_>) -> Prim<'_> {
    match v {
        Arg::Undefined => Prim::Undefined,
        Arg::Num(x) => Prim::Num(x),
        Arg::Json(Value::Null) => Prim::Null,
        Arg::Json(Value::Bool(b)) => Prim::Bool(*b),
        Arg::Json(Value::Number(n)) => Prim::Num(num(n)),
        Arg::Json(Value::String(s)) => Prim::Str(Cow::Borrowed(s)),
        Arg::Json(Value::Array(items)) => Prim::Str(Cow::Owned(join(items))),
        Arg::Json(Value::Object(_)) => Prim::Str(Cow::Borrowed(OBJECT_STRING)),
    }
}

const OBJECT_STRING: &str = "[object Object]";

/// A JSON number as an `f64`, as JavaScript would hold it.
pub(super) fn num(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// `ToNumber` of a primitive.
pub(super) fn prim_to_number(p: &Prim<'_>) -> f64 {
    match p {
        Prim::Undefined => f64::NAN,
        Prim::Null => 0.0,
        Prim::Bool(b) => f64::from(u8::from(*b)),
        Prim::Num(x) => *x,
        Prim::Str(s) => string_to_number(s),
    }
}

/// `ToNumber` (the unary `-`, `/`, `%`, `min`, `max` and comparisons use it):
/// `null` is 0, `true` is 1, `""` is 0, `"12"` is 12, `"1x"` is NaN, `[5]` is 5, `[]` is 0.
pub(super) fn to_number(v: Arg<'_>) -> f64 {
    match v {
        // Fast paths: no primitive conversion needed.
        Arg::Num(x) => x,
        Arg::Json(Value::Number(n)) => num(n),
        _ => prim_to_number(&to_prim(v)),
    }
}

/// `parseFloat(String(v))`, which `+` and `*` use instead of `ToNumber`: it reads the longest
/// numeric prefix, so `"1x"` is 1, while `""`, `null` and booleans are NaN.
pub(super) fn parse_float(v: Arg<'_>) -> f64 {
    match v {
        // parseFloat(String(x)) is x for every number but -0, which it makes 0.
        Arg::Num(x) => x + 0.0,
        Arg::Json(Value::Number(n)) => num(n) + 0.0,
        Arg::Json(Value::String(s)) => parse_float_str(s),
        Arg::Json(Value::Array(items)) => parse_float_str(&join(items)),
        // "null", "true", "false", "undefined", "[object Object]": none start with a number.
        _ => f64::NAN,
    }
}

/// `String(v)`.
pub(super) fn to_js_string(v: Arg<'_>) -> Cow<'_, str> {
    match v {
        Arg::Undefined => Cow::Borrowed("undefined"),
        Arg::Num(x) => Cow::Owned(number_to_string(x)),
        Arg::Json(Value::Null) => Cow::Borrowed("null"),
        Arg::Json(Value::Bool(true)) => Cow::Borrowed("true"),
        Arg::Json(Value::Bool(false)) => Cow::Borrowed("false"),
        Arg::Json(Value::Number(n)) => Cow::Owned(number_to_string(num(n))),
        Arg::Json(Value::String(s)) => Cow::Borrowed(s),
        Arg::Json(Value::Array(items)) => Cow::Owned(join(items)),
        Arg::Json(Value::Object(_)) => Cow::Borrowed(OBJECT_STRING),
    }
}

/// Appends `v` as `Array.prototype.join` shows an element: `null` and `undefined` as the
/// empty string, anything else as `String(v)`. `cat` uses this.
pub(super) fn push_join_item(out: &mut String, v: Arg<'_>) {
    match v {
        Arg::Undefined | Arg::Json(Value::Null) => {}
        Arg::Json(Value::Array(items)) => push_join(out, items),
        other => out.push_str(&to_js_string(other)),
    }
}

/// `items.join(",")`, as JavaScript's `Array.prototype.toString` gives it.
pub(super) fn join(items: &[Value]) -> String {
    let mut out = String::new();
    push_join(&mut out, items);
    out
}

/// `join` without recursion, so that data nested arbitrarily deep cannot exhaust the stack.
fn push_join(out: &mut String, items: &[Value]) {
    // Each entry is an array being joined and whether it has produced an element yet.
    let mut stack: Vec<(std::slice::Iter<'_, Value>, bool)> = vec![(items.iter(), false)];
    while let Some((iter, started)) = stack.last_mut() {
        let Some(item) = iter.next() else {
            stack.pop();
            continue;
        };
        if *started {
            out.push(',');
        }
        *started = true;
        match item {
            Value::Null => {}
            Value::Array(inner) => stack.push((inner.iter(), false)),
            other => out.push_str(&to_js_string(Arg::Json(other))),
        }
    }
}

/// `Number.prototype.toString()` (ECMA-262 Number::toString): the shortest digits that read
/// back as `x`, the nearest to `x` when several are as short and the even one on a tie (as V8
/// does; Rust's `{:e}` rounds such ties up), integers without a fraction below 1e21, exponent
/// form from 1e21 and below 1e-6 (`1e+21`, `1e-7`).
///
/// The digits come from `zmij` (serde_json's own float printer, so linked anyway), which picks
/// exactly those; its own layout ("1.0", "1e30", "0.001234") is read back into digits and a
/// power of ten and laid out as JavaScript does.
pub(super) fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned(); // also -0
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let mut buffer = zmij::Buffer::new();
    let (digits, n) = shortest_digits(buffer.format_finite(x.abs()));
    let mut out = String::with_capacity(digits.len() + 8);
    if x < 0.0 {
        out.push('-');
    }
    // ECMA-262 Number::toString: x = 0.digits × 10^n, k digits.
    let k = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    let zeros = |out: &mut String, count: i32| {
        for _ in 0..count {
            out.push('0');
        }
    };
    let split = |at: i32| digits.split_at(usize::try_from(at).unwrap_or(0).min(digits.len()));
    if k <= n && n <= 21 {
        out.push_str(&digits);
        zeros(&mut out, n - k);
    } else if 0 < n && n <= 21 {
        let (int, frac) = split(n);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        zeros(&mut out, -n);
        out.push_str(&digits);
    } else {
        let (first, rest) = split(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        if n > 0 {
            out.push('+');
        }
        out.push_str(&(n - 1).to_string());
    }
    out
}

/// The significant digits of a positive decimal written as `zmij` writes it (`123.45`, `0.001`,
/// `1200.0`, `1.5e-7`, `1e30`), without leading or trailing zeros, and `n` such that the value
/// is 0.digits × 10^n.
fn shortest_digits(text: &str) -> (String, i32) {
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let mut exp: i32 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = String::with_capacity(int.len() + frac.len());
    digits.push_str(int);
    digits.push_str(frac);
    // value = digits × 10^(exp - frac.len())
    exp -= i32::try_from(frac.len()).unwrap_or(0);
    let trimmed_end = digits.trim_end_matches('0').len();
    exp += i32::try_from(digits.len() - trimmed_end).unwrap_or(0);
    digits.truncate(trimmed_end);
    let digits = digits.trim_start_matches('0').to_owned();
    let k = i32::try_from(digits.len()).unwrap_or(0);
    (digits, exp + k)
}

/// JavaScript's white space and line terminators, which `Number()` trims from both ends and
/// `parseFloat` from the start. Rust's `char::is_whitespace` differs only on U+0085 (not JS
/// white space) and U+FEFF (JS white space).
fn is_js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// `ToNumber` of a string: the whole trimmed string must be a number (decimal, `Infinity`, or
/// unsigned `0x`/`0o`/`0b`), the empty string is 0, anything else is NaN.
pub(super) fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    if let Some(x) = non_decimal(t) {
        return x;
    }
    if decimal_prefix_len(t) == t.len() {
        parse_decimal(t)
    } else {
        f64::NAN
    }
}

/// `parseFloat` of a string.
pub(super) fn parse_float_str(s: &str) -> f64 {
    let t = s.trim_start_matches(is_js_space);
    match t.get(..decimal_prefix_len(t)) {
        Some(prefix) if !prefix.is_empty() => parse_decimal(prefix),
        _ => f64::NAN,
    }
}

/// `0x1F`, `0o17`, `0b101` (no sign, no fraction). `None` if `t` has no such prefix.
fn non_decimal(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let radix = match (b.first(), b.get(1)) {
        (Some(b'0'), Some(b'x' | b'X')) => 16,
        (Some(b'0'), Some(b'o' | b'O')) => 8,
        (Some(b'0'), Some(b'b' | b'B')) => 2,
        _ => return None,
    };
    let digits = t.get(2..).unwrap_or("");
    if digits.is_empty() {
        return Some(f64::NAN);
    }
    let mut x = 0.0_f64;
    for c in digits.chars() {
        match c.to_digit(radix) {
            Some(d) => x = x * f64::from(radix) + f64::from(d),
            None => return Some(f64::NAN),
        }
    }
    Some(x)
}

/// Length of the longest prefix of `t` that is a JavaScript `StrDecimalLiteral`:
/// `[+-]? (Infinity | digits [. digits?] [exp] | . digits [exp])`, exp = `[eE][+-]?digits`.
/// Only ASCII is consumed, so the result is always a char boundary.
fn decimal_prefix_len(t: &str) -> usize {
    let b = t.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let digits_from = |mut i: usize| {
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    if matches!(at(0), Some(b'+' | b'-')) {
        i = 1;
    }
    if b.get(i..).is_some_and(|rest| rest.starts_with(b"Infinity")) {
        return i + "Infinity".len();
    }
    let int_end = digits_from(i);
    let int_digits = int_end - i;
    i = int_end;
    let mut frac_digits = 0;
    if at(i) == Some(b'.') {
        let frac_end = digits_from(i + 1);
        frac_digits = frac_end - (i + 1);
        if int_digits > 0 || frac_digits > 0 {
            i = frac_end;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return 0;
    }
    if matches!(at(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(at(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_end = digits_from(j);
        if exp_end > j {
            i = exp_end;
        }
    }
    i
}

/// Parses a string already known to be a `StrDecimalLiteral`.
fn parse_decimal(t: &str) -> f64 {
    let (negative, unsigned) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..).unwrap_or("")),
        Some(b'+') => (false, t.get(1..).unwrap_or("")),
        _ => (false, t),
    };
    let x = if unsigned == "Infinity" {
        f64::INFINITY
    } else {
        decimal_value(unsigned)
    };
    if negative { -x } else { x }
}

/// The value of an unsigned decimal (`1.`, `.5`, `007`, `1e5`: digits, an optional fraction
/// and exponent), correctly rounded. Read by serde_json (its `float_roundtrip` parser, which
/// the widget links anyway) rather than `str::parse::<f64>`, whose tables would be linked only
/// for this: the literal is first rewritten as JSON (no leading zeros, a digit on each side of
/// the point). serde_json refuses only a value too large for an `f64`, which is Infinity here.
fn decimal_value(unsigned: &str) -> f64 {
    let (mantissa, exp) = match unsigned.find(['e', 'E']) {
        Some(at) => unsigned.split_at(at),
        None => (unsigned, ""),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int = int.trim_start_matches('0');
    let mut json = String::with_capacity(unsigned.len() + 2);
    json.push_str(if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json.push('.');
        json.push_str(frac);
    }
    json.push_str(exp);
    // Read as a JSON value, not as an `f64`: the same digits give the same double (a whole
    // number that fits 64 bits is exact and converts with one rounding, any other reads with
    // serde_json's float parser either way), and serde_json's type-error path, which a typed
    // read links and which can print a float with core's formatter, stays out of the wasm.
    serde_json::from_str::<Value>(&json)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::INFINITY)
}

/// `ToIntegerOrInfinity`: NaN is 0, otherwise truncate toward zero.
pub(super) fn to_integer(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.trunc() + 0.0 }
}

/// Abstract equality, `a == b`.
///
/// Arrays and objects equal only themselves (the same value read from the same place in the
/// data, as JavaScript compares references); against a primitive they are first turned into
/// strings. `null` equals only `null`/`undefined`. Mixed primitives compare as numbers, so
/// `1 == "1"`, `true == "1"`, `0 == ""` and `[] == false` are all true.
pub(super) fn loose_eq(a: Arg<'_>, b: Arg<'_>) -> bool {
    if let (
        Arg::Json(x @ (Value::Array(_) | Value::Object(_))),
        Arg::Json(y @ (Value::Array(_) | Value::Object(_))),
    ) = (a, b)
    {
        return std::ptr::eq(x, y);
    }
    let (pa, pb) = (to_prim(a), to_prim(b));
    match (&pa, &pb) {
        (Prim::Undefined | Prim::Null, Prim::Undefined | Prim::Null) => true,
        (Prim::Undefined | Prim::Null, _) | (_, Prim::Undefined | Prim::Null) => false,
        (Prim::Bool(x), Prim::Bool(y)) => x == y,
        (Prim::Num(x), Prim::Num(y)) => x == y,
        (Prim::Str(x), Prim::Str(y)) => x == y,
        _ => prim_to_number(&pa) == prim_to_number(&pb),
    }
}

/// Strict equality, `a === b`: same type and same value; arrays and objects only by identity.
pub(super) fn strict_eq(a: Arg<'_>, b: Arg<'_>) -> bool {
    match (a, b) {
        (Arg::Undefined, Arg::Undefined) => true,
        (Arg::Num(x), Arg::Num(y)) => x == y,
        (Arg::Num(x), Arg::Json(Value::Number(n))) | (Arg::Json(Value::Number(n)), Arg::Num(x)) => {
            x == num(n)
        }
        (Arg::Json(x), Arg::Json(y)) => match (x, y) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(p), Value::Bool(q)) => p == q,
            (Value::Number(p), Value::Number(q)) => num(p) == num(q),
            (Value::String(p), Value::String(q)) => p == q,
            (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => {
                std::ptr::eq(x, y)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Abstract relational comparison, `a < b`: `None` where JavaScript gives `undefined` (a NaN
/// operand), which makes every one of `<`, `<=`, `>`, `>=` false.
///
/// Two strings (including arrays, which become strings) compare by UTF-16 code units;
/// anything else compares as numbers, so `"10" < 9` is false but `"10" < "9"` is true.
pub(super) fn less_than(a: Arg<'_>, b: Arg<'_>) -> Option<bool> {
    let (pa, pb) = (to_prim(a), to_prim(b));
    if let (Prim::Str(x), Prim::Str(y)) = (&pa, &pb) {
        return Some(x.encode_utf16().lt(y.encode_utf16()));
    }
    let (x, y) = (prim_to_number(&pa), prim_to_number(&pb));
    if x.is_nan() || y.is_nan() {
        None
    } else {
        Some(x < y)
    }
}

/// The numeric result of JavaScript's `x + v` where `x` is a number, as a later
/// `ToNumber` sees it: if `v` is (or becomes) a string, `+` concatenates, so `5 + "-1"` is
/// `"5-1"`, which is NaN. `substr` needs this for its negative-length quirk.
pub(super) fn add_to_number(x: f64, v: Arg<'_>) -> f64 {
    match to_prim(v) {
        Prim::Str(s) => string_to_number(&format!("{}{s}", number_to_string(x))),
        other => x + prim_to_number(&other),
    }
}

/// An `f64` result as JSON. Integers (within 2^53) become JSON integers so that `1 + 2` shows
/// as `3`, not `3.0`; `-0` shows as `0`; NaN and ±Infinity, which JSON cannot hold, become
/// `null` (as `JSON.stringify` would write them).
pub(super) fn number_value(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if !x.is_finite() {
        Value::Null
    } else if x == x.trunc() && x.abs() < EXACT {
        // Exact: an integer below 2^53 in magnitude fits an i64 without rounding.
        #[allow(clippy::cast_possible_truncation)]
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// JavaScript's length of a string, in UTF-16 code units.
pub(super) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_print_like_javascript() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-5.0, "-5"),
            (0.1, "0.1"),
            (0.5, "0.5"),
            (123.456, "123.456"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (-1.25e-7, "-1.25e-7"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (x, s) in cases {
            assert_eq!(number_to_string(x), s, "{x}");
        }
    }

    /// Ties (the exact value halfway between the two nearest shortest candidates), the extremes
    /// and the layout thresholds, each with what V8's `String(x)` gives (Node 20). Rust's `{:e}`
    /// rounded these ties up ("…257813").
    #[test]
    fn numbers_print_like_v8_on_ties_and_extremes() {
        let cases = [
            (0x420b_ee99_0402_1000_u64, "14995890304.257812"),
            (0x4056_6024_8000_0000, "89.50222778320312"),
            (0x3e60_0000_0000_0000, "2.9802322387695312e-8"),
            (0x42d1_67fd_c51a_9e68, "76553347426937.62"),
            (0x3f85_6100_0000_0000, "0.010438919067382812"),
            (0x4167_cc99_67c8_0000, "12477643.243164062"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x0000_0000_0000_0003, "1.5e-323"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            // The neighbours of 1e-6 and 1e21, where the layout changes.
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8e, "0.0000010000000000000002"),
            (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
            (0x444b_1ae4_d6e2_ef51, "1.0000000000000001e+21"),
        ];
        for (bits, s) in cases {
            let x = f64::from_bits(bits);
            assert_eq!(number_to_string(x), s, "{bits:x}");
            assert_eq!(number_to_string(-x), format!("-{s}"), "-{bits:x}");
        }
        for (x, s) in [
            (999_999_999_999_999_900_000.0, "999999999999999900000"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (1.000_000_000_000_000_1e-7, "1.0000000000000001e-7"),
            (1e-6, "0.000001"),
            (1.5e21, "1.5e+21"),
        ] {
            assert_eq!(number_to_string(x), s, "{x}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Every finite double prints as digits that read back as the same double, in exponent
        /// form only from 1e21 and below 1e-6.
        #[test]
        fn number_to_string_round_trips_shortest(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite() && x != 0.0);
            let s = number_to_string(x);
            proptest::prop_assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{}", s);
            proptest::prop_assert!(!s.contains("e+") || x.abs() >= 1e21, "{}", s);
            proptest::prop_assert!(!s.contains("e-") || x.abs() < 1e-6, "{}", s);
        }

        /// The decimals JavaScript reads (`007`, `.5`, `1.`, `1e5`, long and huge ones) read as
        /// core's float parser reads them, bit for bit, though it is serde_json that reads them.
        #[test]
        fn decimals_read_as_core_reads_them(
            int in "[0-9]{0,30}",
            frac in proptest::option::of("[0-9]{0,30}"),
            exp in proptest::option::of("[eE][+-]?[0-9]{1,5}"),
        ) {
            let text = format!("{int}{}{}", frac.map(|f| format!(".{f}")).unwrap_or_default(), exp.unwrap_or_default());
            proptest::prop_assume!(decimal_prefix_len(&text) == text.len() && !text.is_empty());
            let expected = text.parse::<f64>().unwrap();
            proptest::prop_assert_eq!(decimal_value(&text).to_bits(), expected.to_bits(), "{}", text);
        }

        /// Any double, printed in full or shortest, reads back bit for bit.
        #[test]
        fn printed_doubles_read_back(bits in proptest::prelude::any::<u64>()) {
            let x = f64::from_bits(bits).abs();
            proptest::prop_assume!(x.is_finite());
            for text in [format!("{x:e}"), format!("{x}"), format!("{x:.30e}")] {
                proptest::prop_assert_eq!(decimal_value(&text).to_bits(), text.parse::<f64>().unwrap().to_bits(), "{}", text);
            }
        }
    }

    #[test]
    fn strings_convert_like_javascript() {
        let nan = |x: f64| x.is_nan();
        assert_eq!(string_to_number(""), 0.0);
        assert_eq!(string_to_number("  \n"), 0.0);
        assert_eq!(string_to_number(" 12 "), 12.0);
        assert_eq!(string_to_number("-1.5e2"), -150.0);
        assert_eq!(string_to_number(".5"), 0.5);
        assert_eq!(string_to_number("5."), 5.0);
        assert_eq!(string_to_number("0x1F"), 31.0);
        assert_eq!(string_to_number("0b101"), 5.0);
        assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert!(nan(string_to_number("-0x1F")));
        assert!(nan(string_to_number("1x")));
        assert!(nan(string_to_number("inf")));
        assert!(nan(string_to_number("NaN")));
        assert!(nan(string_to_number(".")));
        assert!(nan(string_to_number("1e")));
        assert_eq!(parse_float_str("1e"), 1.0);
        assert_eq!(parse_float_str("  3.5kg"), 3.5);
        assert_eq!(parse_float_str("0x10"), 0.0);
        assert_eq!(parse_float_str("-.5e-1x"), -0.05);
        assert_eq!(parse_float_str("Infinityx"), f64::INFINITY);
        assert!(nan(parse_float_str("")));
        assert!(nan(parse_float_str("x1")));
        assert!(nan(parse_float(Arg::Json(&json!(null)))));
        assert!(nan(parse_float(Arg::Json(&json!(true)))));
        assert_eq!(parse_float(Arg::Json(&json!(["7", 8]))), 7.0);
    }

    #[test]
    fn primitives_of_containers() {
        assert_eq!(
            to_js_string(Arg::Json(&json!([1, [2, null], null, "a"]))),
            "1,2,,,a"
        );
        assert_eq!(to_js_string(Arg::Json(&json!([[], []]))), ",");
        assert_eq!(to_js_string(Arg::Json(&json!({"a": 1}))), "[object Object]");
        assert_eq!(to_number(Arg::Json(&json!([]))), 0.0);
        assert_eq!(to_number(Arg::Json(&json!([[" 5 "]]))), 5.0);
        assert!(to_number(Arg::Json(&json!([true]))).is_nan());
        assert!(to_number(Arg::Json(&json!([1, 2]))).is_nan());
    }

    #[test]
    fn equality_like_javascript() {
        let eq = |a: Value, b: Value| loose_eq(Arg::Json(&a), Arg::Json(&b));
        assert!(eq(json!(1), json!("1")));
        assert!(eq(json!(0), json!("")));
        assert!(eq(json!(true), json!("1")));
        assert!(eq(json!([]), json!(false)));
        assert!(eq(json!([1]), json!(1)));
        assert!(eq(json!([1, 2]), json!("1,2")));
        assert!(eq(json!({}), json!("[object Object]")));
        assert!(!eq(json!(null), json!(0)));
        assert!(!eq(json!(null), json!(false)));
        assert!(!eq(json!([]), json!([])));
        assert!(loose_eq(Arg::Undefined, Arg::Json(&json!(null))));
        let arr = json!([1]);
        assert!(loose_eq(Arg::Json(&arr), Arg::Json(&arr)));
        assert!(strict_eq(Arg::Json(&arr), Arg::Json(&arr)));
        assert!(!strict_eq(Arg::Json(&json!(1)), Arg::Json(&json!("1"))));
        assert!(strict_eq(Arg::Json(&json!(1)), Arg::Json(&json!(1.0))));
    }

    #[test]
    fn computed_numbers_keep_javascript_values() {
        let nan = Arg::Num(f64::NAN);
        assert!(!strict_eq(nan, nan));
        assert!(!loose_eq(nan, nan));
        assert!(loose_eq(
            Arg::Num(f64::INFINITY),
            Arg::Json(&json!("Infinity"))
        ));
        assert!(strict_eq(Arg::Num(2.0), Arg::Json(&json!(2))));
        assert!(strict_eq(Arg::Num(-0.0), Arg::Json(&json!(0))));
        assert_eq!(to_js_string(Arg::Num(f64::NAN)), "NaN");
        assert_eq!(to_js_string(Arg::Num(-0.0)), "0");
        assert!(parse_float(Arg::Num(-0.0)).is_sign_positive());
        assert_eq!(less_than(nan, Arg::Num(1.0)), None);
    }

    #[test]
    fn comparison_like_javascript() {
        let lt = |a: Value, b: Value| less_than(Arg::Json(&a), Arg::Json(&b));
        assert_eq!(lt(json!("10"), json!("9")), Some(true));
        assert_eq!(lt(json!("10"), json!(9)), Some(false));
        assert_eq!(lt(json!(null), json!(1)), Some(true));
        assert_eq!(lt(json!("a"), json!(1)), None);
        assert_eq!(lt(json!([2]), json!(10)), Some(true));
        assert_eq!(lt(json!([2]), json!("10")), Some(false));
        // UTF-16 order: U+FF61 sorts after U+1F600's high surrogate (U+D83D).
        assert_eq!(lt(json!("\u{1F600}"), json!("\u{FF61}")), Some(true));
        assert_eq!(less_than(Arg::Undefined, Arg::Json(&json!(1))), None);
    }

    #[test]
    fn number_values() {
        assert_eq!(number_value(3.0), json!(3));
        assert_eq!(number_value(-0.0), json!(0));
        assert_eq!(number_value(0.5), json!(0.5));
        assert_eq!(number_value(f64::NAN), json!(null));
        assert_eq!(number_value(f64::INFINITY), json!(null));
        assert_eq!(number_value(1e300), json!(1e300));
        assert!(add_to_number(5.0, Arg::Json(&json!("-1"))).is_nan());
        assert_eq!(add_to_number(5.0, Arg::Json(&json!(-1))), 4.0);
        assert_eq!(add_to_number(5.0, Arg::Json(&json!(null))), 5.0);
    }
}
