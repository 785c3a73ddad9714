//! Reading a policy pack from a JSON value: the pack, or the rule and field of the first value
//! serde cannot read, with serde's own message (the loader reads the header and each rule on
//! its own, to report the first error of each).
//!
//! The pack is read with the hand-written [`Read`] walk the referral uses
//! (`crate::read`), which reads a value as the derived `Deserialize` impls do and finds
//! the path `serde_path_to_error` would report, so that neither the derived impls of the pack
//! nor a path-tracking copy of them is compiled into the module or the widget.

use serde_json::Value;

use super::{
    Actor, Basis, Cite, DueSpec, OutcomeCode, OutcomeSpec, PolicyPack, Rule, SourceDocument, Stage,
    Strength, council_basis, must, route_stage,
};
use crate::read::{Seg, read_at, read_codes, read_pack_struct};
use crate::referral::HarmType;
use crate::safety_plan::{SafetyPlan, ThemeSpec};

/// A pack read from a JSON value, or the first shape error: its path as `serde_path_to_error`
/// prints it (`rules[3].then[0].code`, `.` for the whole pack) and serde's message.
pub(super) fn read(value: &Value) -> Result<PolicyPack, (String, String)> {
    read_at::<PolicyPack>(value).map_err(|(path, message)| (path_text(&path), message))
}

/// One rule read from a JSON value, or its first shape error, with the path within the rule
/// (`then[0].code`, `.` for the rule itself).
pub(super) fn read_rule(value: &Value) -> Result<Rule, (String, String)> {
    read_at::<Rule>(value).map_err(|(path, message)| (path_text(&path), message))
}

/// `serde_path_to_error`'s `Display` of a path: keys joined by dots, indices in brackets.
fn path_text(path: &[Seg]) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let mut text = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Seg::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

read_codes!(Stage, Strength, OutcomeCode, Actor, Basis);

read_pack_struct! {
    PolicyPack {
        id: String = "id",
        name: String = "name",
        version: String = "version",
        source: Vec<SourceDocument> = "source",
        rules: Vec<Rule> = "rules",
        safety_plan: Option<SafetyPlan> = "safetyPlan" or None,
    }
    SafetyPlan {
        document: String = "document",
        themes: Vec<ThemeSpec> = "themes",
    }
    ThemeSpec {
        id: String = "id",
        title: String = "title",
        harm_types: Vec<HarmType> = "harmTypes",
        ideas: Vec<String> = "ideas",
        section: String = "section",
        quote: String = "quote",
    }
    SourceDocument {
        document: String = "document",
        date: String = "date",
    }
    Rule {
        id: String = "id",
        stage: Stage = "stage" or route_stage(),
        when: Value = "when",
        then: Vec<OutcomeSpec> = "then",
        why: String = "why",
        basis: Basis = "basis" or council_basis(),
        cite: Option<Cite> = "cite" or None,
    }
    OutcomeSpec {
        code: OutcomeCode = "code",
        actor: Option<Actor> = "actor" or None,
        detail: Option<String> = "detail" or None,
        due: Option<DueSpec> = "due" or None,
        strength: Strength = "strength" or must(),
        every: Option<String> = "every" or None,
        first_every: Option<String> = "firstEvery" or None,
    }
    DueSpec {
        same_day: Option<bool> = "sameDay" or None,
        working_days: Option<u32> = "workingDays" or None,
        weeks: Option<u32> = "weeks" or None,
        months: Option<u32> = "months" or None,
        from: Option<OutcomeCode> = "from" or None,
    }
    Cite {
        document: String = "document",
        section: String = "section",
        quote: String = "quote",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::policy::BUILTIN;
    use crate::read::walk::{changes, places, same};

    /// What serde reads: the derived `Deserialize` impls with `serde_path_to_error`, the
    /// pack or the first error's path and message.
    fn reference(value: &Value) -> Result<PolicyPack, (String, String)> {
        serde_path_to_error::deserialize::<_, PolicyPack>(value)
            .map_err(|e| (e.path().to_string(), e.inner().to_string()))
    }

    fn ours(value: &Value) -> Result<PolicyPack, (String, String)> {
        read(value)
    }

    /// The reader reads the same pack as serde's derived `Deserialize`, or finds the same
    /// first error at the same path as serde with `serde_path_to_error`, for the
    /// malformed-pack fixtures and the first rules of every built-in pack with every value
    /// swapped for odd ones, and with keys dropped.
    #[test]
    fn reader_reads_what_serde_reads() {
        let odd = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(5),
            json!(-1),
            json!(1.5),
            json!(5_000_000_000u64),
            json!("x"),
            json!("follow_up"),
            json!("consider"),
            json!("strategy_meeting"),
            json!([]),
            json!([null]),
            json!(["a", 1]),
            json!(["a", "b"]),
            json!(["a", "b", "c"]),
            json!(["a", "b", "c", "d"]),
            json!(["id", "name", "1", [], [], "extra"]),
            json!(["strategy_meeting", null, "must", null, null, null]),
            json!(["strategy_meeting"]),
            json!(["strategy_meeting", "police", null, {"weeks": 2}]),
            json!(["a"]),
            json!(["a", "route"]),
            json!(["a", "follow_up", {"==": [1, 1]}, [], "why"]),
            json!([
                "a",
                "route",
                true,
                [["strategy_meeting"]],
                "why",
                "statutory",
                null
            ]),
            json!(["d", "s"]),
            json!(["d", "s", "q"]),
            json!({}),
            json!({"route": null}),
            json!({"route": 5}),
            json!({"strategy_meeting": null}),
            json!({"nowhere": null}),
            json!({"must": null, "consider": null}),
            json!({"zzz": 1}),
            json!({"document": "d", "zzz": 1}),
            json!({"document": 5}),
            json!({"workingDays": 2, "from": "police_referral"}),
            json!({"sameDay": "yes"}),
            json!({"code": "mace", "due": {"months": -1}}),
        ];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/policies");
        let mut packs = Vec::new();
        for entry in std::fs::read_dir(&root).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json")
                && !path.ends_with("expected.json")
                && let Ok(value) =
                    serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap())
            {
                packs.push((format!("{path:?}"), value));
            }
        }
        for (id, json) in BUILTIN {
            let mut value: Value = serde_json::from_str(json).unwrap();
            // Every rule of every pack reads as serde reads it, alone and in the whole pack.
            assert_eq!(ours(&value), reference(&value), "{id}");
            for rule in value["rules"].as_array().unwrap() {
                let serde = serde_path_to_error::deserialize::<_, Rule>(rule)
                    .map_err(|e| (e.path().to_string(), e.inner().to_string()));
                assert_eq!(read_rule(rule), serde, "{id}");
            }
            // Three rules are enough for every field; all of them would take minutes.
            value["rules"].as_array_mut().unwrap().truncate(3);
            packs.push(((*id).to_owned(), value));
        }
        assert!(packs.len() > 10);
        let mut compared = 0;
        for (name, value) in packs {
            assert_eq!(ours(&value), reference(&value), "{name}");
            let mut all = Vec::new();
            places(
                &value,
                &mut Vec::new(),
                &mut all,
                &|path| matches!(path.last(), Some(Seg::Key(k)) if k == "when"),
            );
            for place in &all {
                for (what, changed) in changes(&value, place, &odd) {
                    assert_eq!(ours(&changed), reference(&changed), "{name} with {what}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 5000, "{compared}");
    }

    /// The field lists are serde's, in serde's order.
    #[test]
    fn field_lists_match_serde() {
        same::<PolicyPack>("PolicyPack");
        same::<SourceDocument>("SourceDocument");
        same::<Rule>("Rule");
        same::<OutcomeSpec>("OutcomeSpec");
        same::<DueSpec>("DueSpec");
        same::<Cite>("Cite");
        same::<SafetyPlan>("SafetyPlan");
        same::<ThemeSpec>("ThemeSpec");
    }
}
