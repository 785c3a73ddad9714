//! A decision as JSON text, written directly: the same bytes as [`crate::json_bytes`] (serde_json's
//! pretty printer, two-space indent, a newline at the end) without going through serde.
//!
//! Most of a decision is text from the pack (titles, reasons, citations), and serde_json checks
//! every byte of every string, keys included, one at a time; here a string with nothing to
//! escape (nearly all of them) is checked in one pass the compiler vectorises and copied whole,
//! and keys are written as literals. Anything that does need escaping goes through serde_json
//! itself, so the escapes are its own. `tests` checks the two agree on every scenario.

use serde_json::Value;

use super::{Decision, LevelReason, Note, Outcome, TraceEntry, Turns18};
use crate::codes::json_escapes;
use crate::facts::{Fact, FactValues};
use crate::policy::Cite;
use crate::safety_plan::SafetyTheme;

impl Decision {
    /// The decision as `hoth route` prints it: byte for byte [`crate::json_bytes`] of it,
    /// written about three times as fast (the back-end service sends these bytes).
    #[must_use]
    pub fn json_bytes(&self) -> Vec<u8> {
        let mut out = self.written(false);
        out.push(b'\n');
        out
    }

    /// The decision as compact JSON: byte for byte `serde_json::to_vec` of it (no spaces, no
    /// new lines). What the JS module hands to `JSON.parse`: the same objects as
    /// [`Decision::json_bytes`] in about a third fewer bytes to decode and parse.
    #[must_use]
    pub fn json_compact(&self) -> Vec<u8> {
        self.written(true)
    }

    fn written(&self, compact: bool) -> Vec<u8> {
        let mut w = Writer {
            out: Vec::with_capacity(if compact { 16 } else { 32 } * 1024),
            depth: 0,
            compact,
        };
        w.decision(self);
        w.out
    }
}

/// `"name": ` after a comma and a new line unless it is the first, with the key as a literal.
macro_rules! key {
    ($w:expr, $first:expr, $name:literal) => {
        $w.quoted_key($first, concat!("\"", $name, "\": "))
    };
}

/// serde_json's `PrettyFormatter` with a two-space indent, or (`compact`) its
/// `CompactFormatter`.
struct Writer {
    out: Vec<u8>,
    depth: usize,
    compact: bool,
}

impl Writer {
    fn newline(&mut self) {
        if self.compact {
            return;
        }
        // A decision nests at most a few levels (facts hold codes and numbers); deeper JSON
        // (never from a pack) takes the loop.
        const LINE: &[u8] = b"\n                                ";
        match LINE.get(..1 + 2 * self.depth) {
            Some(line) => self.out.extend_from_slice(line),
            None => {
                self.out.push(b'\n');
                for _ in 0..self.depth {
                    self.out.extend_from_slice(b"  ");
                }
            }
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
    }

    /// Closes a non-empty object or array.
    fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.out.push(bracket);
    }

    /// `"key": ` (given with its quotes, colon and space) on a new line, after a comma unless
    /// it is the first: one copy for the key ([`key!`] builds the literal).
    fn quoted_key(&mut self, first: bool, quoted: &'static str) {
        if !first {
            self.out.push(b',');
        }
        self.newline();
        let quoted = quoted.as_bytes();
        // The literal ends in ": "; compact JSON has no space.
        let end = quoted.len() - usize::from(self.compact);
        self.out
            .extend_from_slice(quoted.get(..end).unwrap_or(quoted));
    }

    /// After a key: `": "`, or `":"` when compact.
    fn colon(&mut self) {
        self.out
            .extend_from_slice(if self.compact { b":" } else { b": " });
    }

    /// `"key": ` on a new line (after a comma unless it is the first); `key` is a fact's name,
    /// which needs no escapes.
    fn key(&mut self, first: bool, key: &str) {
        if !first {
            self.out.push(b',');
        }
        self.newline();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.push(b'"');
        self.colon();
    }

    /// Before an array item.
    fn item(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        self.newline();
    }

    fn str(&mut self, text: &str) {
        if plain(text.as_bytes()) {
            self.out.reserve(text.len() + 2);
            self.out.push(b'"');
            self.out.extend_from_slice(text.as_bytes());
            self.out.push(b'"');
        } else {
            // serde_json's own escapes (a string always serialises; the Vec never fails).
            let _ = serde_json::to_writer(&mut self.out, text);
        }
    }

    /// A code from the `codes!` vocabulary, which is checked at compile time to need no
    /// escapes ([`crate::codes::json_plain`]): copied without looking.
    fn code(&mut self, code: &'static str) {
        debug_assert!(plain(code.as_bytes()));
        self.out.reserve(code.len() + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(code.as_bytes());
        self.out.push(b'"');
    }

    fn opt_code(&mut self, code: Option<&'static str>) {
        match code {
            Some(code) => self.code(code),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.str(text),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    /// A whole number in decimal, as serde_json writes it.
    fn number(&mut self, mut value: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            // The remainder is below 10: the cast never truncates.
            digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[at..]);
    }

    fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// A list: `[]` when empty, else one item per line.
    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.out.extend_from_slice(b"[]");
            return;
        }
        self.open(b'[');
        for (i, item) in items.iter().enumerate() {
            self.item(i == 0);
            each(self, item);
        }
        self.close(b']');
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::String(text) => self.str(text),
            Value::Array(items) => self.list(items, |w, v| w.value(v)),
            Value::Object(map) if !map.is_empty() => {
                self.open(b'{');
                for (i, (key, v)) in map.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.newline();
                    self.str(key);
                    self.colon();
                    self.value(v);
                }
                self.close(b'}');
            }
            // null, booleans, numbers and `{}`: serde_json's text, which is the same compact
            // or pretty.
            scalar => {
                let _ = serde_json::to_writer(&mut self.out, scalar);
            }
        }
    }

    fn decision(&mut self, d: &Decision) {
        self.open(b'{');
        key!(self, true, "policy");
        self.open(b'{');
        key!(self, true, "id");
        self.str(&d.policy.id);
        key!(self, false, "version");
        self.str(&d.policy.version);
        self.close(b'}');
        key!(self, false, "referralDate");
        self.str(&d.referral_date);
        key!(self, false, "level");
        self.code(d.level.code());
        key!(self, false, "levelNumber");
        self.number(u64::from(d.level_number));
        key!(self, false, "levelReasons");
        self.list(&d.level_reasons, Self::level_reason);
        key!(self, false, "pathway");
        self.opt_code(d.pathway.map(|c| c.code()));
        key!(self, false, "plan");
        self.opt_code(d.plan.map(|c| c.code()));
        key!(self, false, "outcomes");
        self.list(&d.outcomes, Self::outcome);
        key!(self, false, "notes");
        self.list(&d.notes, Self::note);
        key!(self, false, "turns18");
        match &d.turns18 {
            Some(turns18) => self.turns18(turns18),
            None => self.out.extend_from_slice(b"null"),
        }
        key!(self, false, "safetyPlan");
        self.list(&d.safety_plan, |w, theme| w.theme(theme));
        key!(self, false, "facts");
        self.facts(&d.facts);
        key!(self, false, "trace");
        self.list(&d.trace, Self::trace);
        self.close(b'}');
    }

    fn level_reason(&mut self, reason: &LevelReason) {
        self.open(b'{');
        key!(self, true, "code");
        self.code(reason.code.code());
        key!(self, false, "text");
        self.str(&reason.text);
        self.close(b'}');
    }

    fn outcome(&mut self, o: &Outcome) {
        self.open(b'{');
        key!(self, true, "code");
        self.code(o.code.code());
        key!(self, false, "kind");
        self.code(o.kind.code());
        key!(self, false, "title");
        self.str(&o.title);
        key!(self, false, "detail");
        self.opt_str(o.detail.as_deref());
        key!(self, false, "actor");
        self.code(o.actor.code());
        key!(self, false, "due");
        self.opt_str(o.due.as_deref());
        key!(self, false, "outOfHours");
        self.bool(o.out_of_hours);
        key!(self, false, "strength");
        self.code(o.strength.code());
        key!(self, false, "every");
        self.opt_str(o.every.as_deref());
        key!(self, false, "firstEvery");
        self.opt_str(o.first_every.as_deref());
        key!(self, false, "rule");
        self.str(&o.rule);
        key!(self, false, "basis");
        self.code(o.basis.code());
        key!(self, false, "cite");
        self.opt_cite(o.cite.as_deref());
        key!(self, false, "why");
        self.str(&o.why);
        self.close(b'}');
    }

    fn note(&mut self, n: &Note) {
        self.open(b'{');
        key!(self, true, "rule");
        self.str(&n.rule);
        key!(self, false, "why");
        self.str(&n.why);
        key!(self, false, "basis");
        self.code(n.basis.code());
        key!(self, false, "cite");
        self.opt_cite(n.cite.as_deref());
        self.close(b'}');
    }

    fn opt_cite(&mut self, cite: Option<&Cite>) {
        match cite {
            Some(cite) => self.cite(cite),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn cite(&mut self, cite: &Cite) {
        self.open(b'{');
        key!(self, true, "document");
        self.str(&cite.document);
        key!(self, false, "section");
        self.str(&cite.section);
        key!(self, false, "quote");
        self.str(&cite.quote);
        self.close(b'}');
    }

    fn turns18(&mut self, t: &Turns18) {
        self.open(b'{');
        key!(self, true, "date");
        self.str(&t.date);
        key!(self, false, "steps");
        self.list(&t.steps, |w, code| w.code(code.code()));
        self.close(b'}');
    }

    fn theme(&mut self, theme: &SafetyTheme) {
        self.open(b'{');
        key!(self, true, "id");
        self.str(&theme.id);
        key!(self, false, "title");
        self.str(&theme.title);
        key!(self, false, "ideas");
        self.list(&theme.ideas, |w, idea| w.str(idea));
        key!(self, false, "cite");
        self.cite(&theme.cite);
        self.close(b'}');
    }

    fn facts(&mut self, facts: &FactValues) {
        // As `FactValues`' Serialize: each fact by name, as far as both lists go.
        let mut first = true;
        for (fact, value) in Fact::ALL.iter().zip(&facts.0) {
            if first {
                self.open(b'{');
            }
            self.key(first, fact.code());
            first = false;
            self.value(value);
        }
        if first {
            self.out.extend_from_slice(b"{}");
        } else {
            self.close(b'}');
        }
    }

    fn trace(&mut self, t: &TraceEntry) {
        self.open(b'{');
        key!(self, true, "rule");
        self.str(&t.rule);
        key!(self, false, "stage");
        self.code(t.stage.code());
        key!(self, false, "matched");
        self.bool(t.matched);
        self.close(b'}');
    }
}

/// Whether a string has nothing JSON escapes: no control character, `"` or `\\`. Checked 32
/// bytes at a time without an early exit inside a block, which the compiler turns into a few
/// vector instructions per block (a byte at a time with an exit on each was most of the writer's
/// time), then 8 bytes at a time in a `u64`: most of a decision's strings are shorter than a
/// block, and a byte-at-a-time tail was then most of the time again.
fn plain(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(false, |any, &b| any | json_escapes(b)) {
            return false;
        }
    }
    let mut words = blocks.remainder().chunks_exact(8);
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        if escaped_in(u64::from_le_bytes(eight)) {
            return false;
        }
    }
    // The last 0-7 bytes, padded with spaces.
    let mut last = [b' '; 8];
    for (to, from) in last.iter_mut().zip(words.remainder()) {
        *to = *from;
    }
    !escaped_in(u64::from_le_bytes(last))
}

/// Whether any of the eight bytes in `word` is below 0x20, `"` or `\\` (the classic
/// "has a zero byte" and "has a byte less than n" tests, which are exact about whether there
/// is one).
fn escaped_in(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    // 0x22 is `"`, 0x5c is `\\`.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space | has_zero(word ^ (ONES * 0x22)) | has_zero(word ^ (ONES * 0x5c))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::sync::Arc;

    use chrono::NaiveDate;
    use serde_json::json;

    use crate::policy::Policy;

    fn same(decision: &super::Decision) {
        let serde = crate::json_bytes(decision).unwrap();
        let ours = decision.json_bytes();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
        let serde = serde_json::to_vec(decision).unwrap();
        let ours = decision.json_compact();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&serde)
        );
    }

    #[test]
    fn the_same_bytes_as_serde_json_for_every_scenario_and_pack() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests");
        let read = |path: &std::path::Path| -> Option<serde_json::Value> {
            serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
        };
        let bases = |name: &str| read(format!("{dir}/fixtures/referrals/{name}.json").as_ref());
        let mut referrals = Vec::new();
        for entry in std::fs::read_dir(format!("{dir}/fixtures/referrals")).unwrap() {
            referrals.extend(read(&entry.unwrap().path()));
        }
        for pack in std::fs::read_dir(format!("{dir}/scenarios")).unwrap() {
            for entry in std::fs::read_dir(pack.unwrap().path()).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let scenario: crate::scenario::Scenario = serde_json::from_str(&text).unwrap();
                referrals.push(scenario.referral(&bases).unwrap());
            }
        }
        assert!(referrals.len() > 100, "found {} referrals", referrals.len());
        let mut routed = 0;
        for id in Policy::builtin_ids() {
            let policy = Policy::builtin(id).unwrap();
            for referral in &referrals {
                for day in [today, NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()] {
                    if let Ok(decision) = policy.route(referral, day) {
                        same(&decision);
                        routed += 1;
                    }
                }
            }
        }
        assert!(routed > 200, "routed {routed}");
    }

    #[test]
    fn plain_finds_everything_json_escapes() {
        for b in 0..=255u8 {
            let escaped = b < 0x20 || b == b'"' || b == b'\\';
            for len in [1, 7, 8, 9, 15, 16, 23, 31, 32, 33, 39, 40, 41, 47, 64, 70] {
                for at in 0..len {
                    let mut text = vec![b'a'; len];
                    text[at] = b;
                    assert_eq!(super::plain(&text), !escaped, "{b} at {at} of {len}");
                    text.fill(0xc3);
                    text[at] = b;
                    assert_eq!(
                        super::plain(&text),
                        !escaped,
                        "{b} at {at} among high bytes"
                    );
                }
            }
        }
    }

    #[test]
    fn escapes_and_odd_values_are_serde_jsons() {
        let policy = Policy::builtin("wokingham").unwrap();
        let referral: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/referrals/charlene.json"
        ))
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut d = policy.route(&referral, today).unwrap();
        let odd =
            "a \"quote\", a back\\slash, a tab\t, a newline\n, \u{1} \u{1f} \u{7f} é 😀 </script>";
        d.policy.id = odd.to_owned();
        d.referral_date = String::new();
        if let Some(o) = d.outcomes.first_mut() {
            o.why = Arc::from(odd);
            o.detail = Some(Arc::from("\r\u{8}\u{c}"));
        }
        d.facts.0[0] =
            json!({"a": [], "b": {}, "c": [1, -2, 2.5, 1e300, null, true, {"d\"": "\u{0}"}]});
        d.facts.0[1] = json!([[], [[]], {}]);
        d.facts.0[2] = json!(-0.0);
        d.facts.0[3] = json!(u64::MAX);
        d.facts.0[4] = json!(i64::MIN);
        same(&d);
        d.outcomes.clear();
        d.trace.clear();
        d.safety_plan.clear();
        d.facts.0.clear();
        d.level_reasons.clear();
        d.notes.clear();
        d.turns18 = Some(super::Turns18 {
            date: "2030-01-01".into(),
            steps: Vec::new(),
        });
        same(&d);
    }
}

#[cfg(test)]
mod text_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use chrono::NaiveDate;
    use serde_json::Value;

    use crate::policy::Policy;
    use crate::validation::{ReferralText, validate_value};

    /// Reading JSON text once gives what parsing it to a Value and then validating or routing
    /// gives, for the right shape and the wrong.
    fn same(text: &str) {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let value = serde_json::from_str::<Value>(text);
        let read = ReferralText::parse(text.as_bytes());
        let (value, read) = match (value, read) {
            (Ok(value), Ok(read)) => (value, read),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string());
                return;
            }
            (a, b) => panic!("{text}: {a:?} / {b:?}"),
        };
        assert_eq!(
            read.clone().validate(today),
            validate_value(&value, today),
            "{text}"
        );
        for id in Policy::builtin_ids() {
            let policy = Policy::builtin(id).unwrap();
            assert_eq!(
                policy.validate_text(read.clone(), today),
                policy.validate(&value, today),
                "{text}"
            );
            assert_eq!(
                policy.route_text(read.clone(), today),
                policy.route(&value, today),
                "{text}"
            );
        }
    }

    #[test]
    fn text_read_once_is_the_value_read() {
        let charlene = include_str!("../../../../tests/fixtures/referrals/charlene.json");
        same(charlene);
        let mut value: Value = serde_json::from_str(charlene).unwrap();
        same(&value.to_string());
        // A duplicate key: the Value keeps the last.
        same(&charlene.replacen('{', "{\"referralDate\": \"2020-01-01\",", 1));
        value["child"]["firstName"] = Value::from(3);
        same(&value.to_string());
        value["unknown"] = Value::from("x");
        same(&value.to_string());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
        for sub in ["referrals", "validation"] {
            for entry in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(path).unwrap();
                    same(&text);
                    // A validation fixture patches charlene: the patched referral, both ways.
                    let fixture: Value = serde_json::from_str(&text).unwrap();
                    if let Some(patch) = fixture.get("patch") {
                        let mut referral: Value = serde_json::from_str(charlene).unwrap();
                        crate::scenario::merge_patch(&mut referral, patch);
                        same(&referral.to_string());
                        same(&serde_json::to_string_pretty(&referral).unwrap());
                    }
                }
            }
        }
        for odd in [
            "",
            " ",
            "{}",
            " {} ",
            "[]",
            "[{}]",
            "null",
            "3",
            "\"x\"",
            "{",
            "{} x",
            "{\"child\": []}",
            "{\"child\": {\"firstName\": \"\\u00e9\\n\"}}",
            "{\"hoth\": {\"missingEpisodes90d\": 2.0}}",
            "{\"hoth\": {\"missingEpisodes90d\": -1}}",
            "{\"schemaVersion\": \"1\", \"schemaVersion\": 1}",
            "[\"1\", \"2026-03-01\"]",
        ] {
            same(odd);
        }
    }
}
