//! Where a policy pack of the wrong shape goes wrong: the rule and field of the first value
//! serde cannot read, with serde's own message (the loader reads the header and each rule on
//! its own, to report the first error of each).
//!
//! A pack of the right shape is read straight from its JSON value. Only when that fails do we
//! walk the value as the derived `Deserialize` impls do (the same [`Check`] walk the referral
//! uses, `validation::shape`), to find the path `serde_path_to_error` would report, without
//! compiling a path-tracking copy of every `Deserialize` impl of the pack into the module.

use serde::Deserialize;
use serde_json::Value;

use super::{
    Actor, Basis, Cite, DueSpec, OutcomeCode, OutcomeSpec, PolicyPack, Rule, SourceDocument, Stage,
    Strength,
};
use crate::referral::HarmType;
use crate::safety_plan::{SafetyPlan, ThemeSpec};
use crate::validation::shape::{Check, Seg, check_codes, message};

/// A pack read from a JSON value, or the first shape error: its path as `serde_path_to_error`
/// prints it (`rules[3].then[0].code`, `.` for the whole pack) and serde's message.
pub(super) fn read(value: &Value) -> Result<PolicyPack, (String, String)> {
    PolicyPack::deserialize(value).map_err(|error| {
        let mut path = Vec::new();
        let message = PolicyPack::check(value, &mut path).unwrap_or_else(|| error.to_string());
        (path_text(&path), message)
    })
}

/// One rule read from a JSON value, or its first shape error, with the path within the rule
/// (`then[0].code`, `.` for the rule itself).
pub(super) fn read_rule(value: &Value) -> Result<Rule, (String, String)> {
    Rule::deserialize(value).map_err(|error| {
        let mut path = Vec::new();
        let message = Rule::check(value, &mut path).unwrap_or_else(|| error.to_string());
        (path_text(&path), message)
    })
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

impl Check for Value {
    fn check(_value: &Value, _path: &mut Vec<Seg>) -> Option<String> {
        None
    }
}

check_codes!(Stage, Strength, OutcomeCode, Actor, Basis);

/// A struct of the pack: its fields by JSON name, in declaration order. Unlike the referral's
/// (every field optional), a pack's struct can be wrong with every field right (a required
/// field missing, an array of the wrong length): that error is serde's, at the struct itself.
macro_rules! check_pack_struct {
    ($($ty:ty { $($name:literal: $field:ty),+ $(,)? })+) => {$(
        impl Check for $ty {
            fn check(value: &Value, path: &mut Vec<Seg>) -> Option<String> {
                const FIELDS: &[&str] = &[$($name),+];
                match value {
                    Value::Object(map) => {
                        for (key, item) in map {
                            path.push(Seg::Key(key.clone()));
                            let error = match key.as_str() {
                                $($name => <$field as Check>::check(item, path),)+
                                _ => {
                                    // serde_path_to_error names the unknown key too.
                                    let error: serde_json::Error =
                                        serde::de::Error::unknown_field(key, FIELDS);
                                    return Some(error.to_string());
                                }
                            };
                            if error.is_some() {
                                return error;
                            }
                            path.pop();
                        }
                    }
                    Value::Array(items) => {
                        let mut rest = items.iter().enumerate();
                        $(
                            if let Some((index, item)) = rest.next() {
                                path.push(Seg::Index(index));
                                if let Some(error) = <$field as Check>::check(item, path) {
                                    return Some(error);
                                }
                                path.pop();
                            }
                        )+
                    }
                    _ => {}
                }
                message::<$ty>(value)
            }
        }
    )+};
}

check_pack_struct! {
    PolicyPack {
        "id": String,
        "name": String,
        "version": String,
        "source": Vec<SourceDocument>,
        "rules": Vec<Rule>,
        "safetyPlan": Option<SafetyPlan>,
    }
    SafetyPlan {
        "document": String,
        "themes": Vec<ThemeSpec>,
    }
    ThemeSpec {
        "id": String,
        "title": String,
        "harmTypes": Vec<HarmType>,
        "ideas": Vec<String>,
        "section": String,
        "quote": String,
    }
    SourceDocument {
        "document": String,
        "date": String,
    }
    Rule {
        "id": String,
        "stage": Stage,
        "when": Value,
        "then": Vec<OutcomeSpec>,
        "why": String,
        "basis": Basis,
        "cite": Option<Cite>,
    }
    OutcomeSpec {
        "code": OutcomeCode,
        "actor": Option<Actor>,
        "detail": Option<String>,
        "due": Option<DueSpec>,
        "strength": Strength,
        "every": Option<String>,
        "firstEvery": Option<String>,
    }
    DueSpec {
        "sameDay": Option<bool>,
        "workingDays": Option<u32>,
        "weeks": Option<u32>,
        "months": Option<u32>,
        "from": Option<OutcomeCode>,
    }
    Cite {
        "document": String,
        "section": String,
        "quote": String,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::policy::BUILTIN;
    use crate::validation::shape::walk::{at, places, same};

    /// What `serde_path_to_error` reports for a pack: the first error's path and message.
    fn reference(value: &Value) -> Result<(), (String, String)> {
        serde_path_to_error::deserialize::<_, PolicyPack>(value)
            .map(drop)
            .map_err(|e| (e.path().to_string(), e.inner().to_string()))
    }

    fn ours(value: &Value) -> Result<(), (String, String)> {
        read(value).map(drop)
    }

    /// The walk finds the same first error at the same path as serde with
    /// `serde_path_to_error`, for the malformed-pack fixtures and the first rules of every
    /// built-in pack with every value swapped for odd ones, and with keys dropped.
    #[test]
    fn check_finds_what_serde_finds() {
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
                let mut changes = Vec::new();
                for replacement in &odd {
                    let mut changed = value.clone();
                    if let Some(node) = at(&mut changed, place) {
                        *node = replacement.clone();
                    }
                    changes.push((format!("{place:?} = {replacement}"), changed));
                }
                if let Some((Seg::Key(key), parent)) = place.split_last() {
                    let mut changed = value.clone();
                    if let Some(Value::Object(map)) = at(&mut changed, parent) {
                        map.shift_remove(key);
                    }
                    changes.push((format!("{place:?} removed"), changed));
                }
                for (what, changed) in changes {
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
