//! Reading a referral from JSON of any shape.
//!
//! Serde stops at the first error; a referrer should see every problem at once. So we
//! deserialize, and on an error we find it and its path (with [`Check`], which walks the JSON
//! as serde does), record it as an issue, take the offending value out of a working copy of
//! the JSON, and try again, until the rest reads cleanly. List items
//! taken out are remembered so that later issues still name each item by its original position.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::fields::{Answer, field, label, sentence};
use super::{Issue, IssueCode};
use crate::codes::Level;
use crate::referral::{
    Address, Agency, AgencyKind, Associate, CareStatus, Child, Concerns, Consent, ConsentStatus,
    Context, ContextKind, HarmLocation, HarmType, Hoth, HouseholdMember, OpenCase,
    ProfessionalJudgement, Referral, Referrer, Send,
};

/// More shape errors than this and we stop looking: the input is not a referral.
const MAX_SHAPE_ISSUES: usize = 200;

/// Read a referral from any JSON value, with an issue for every value of the wrong shape.
/// Always returns a referral (what could be read) and never panics.
pub fn read(value: &Value) -> (Referral, Vec<Issue>) {
    if !value.is_object() {
        let issue = Issue::new(
            "",
            IssueCode::InvalidType,
            format!(
                "The referral must be a JSON object with fields such as \"child\" and \"concerns\", not {}",
                describe(value)
            ),
        );
        return (Referral::default(), vec![issue]);
    }
    // The usual case, a referral of the right shape, needs no path tracking.
    if let Ok(referral) = Referral::deserialize(value) {
        return (referral, Vec::new());
    }
    let mut issues = Vec::new();
    let mut work: Option<Value> = None;
    // Original positions taken out of each list, keyed by the list's original path.
    let mut removed: HashMap<String, Vec<usize>> = HashMap::new();
    loop {
        let current = work.as_ref().unwrap_or(value);
        let mut segments = Vec::new();
        let Some(message) = Referral::check(current, &mut segments) else {
            return (Referral::deserialize(current).unwrap_or_default(), issues);
        };
        let original = original_path(&segments, &removed);
        let copy = work.get_or_insert_with(|| value.clone());
        let taken = take(copy, &segments, &message);
        issues.push(issue_for(&original.text, &message, taken.as_ref()));
        match (taken, original.list_item) {
            (Some(_), Some((list, index))) => {
                let list = removed.entry(list).or_default();
                let at = list.partition_point(|i| *i < index);
                list.insert(at, index);
            }
            (Some(_), None) => {}
            (None, _) => return (Referral::default(), issues),
        }
        if issues.len() >= MAX_SHAPE_ISSUES {
            issues.push(Issue::new(
                "",
                IssueCode::InvalidType,
                "There are too many problems with this referral to list them all: check it is a referral form",
            ));
            return (Referral::default(), issues);
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// The first error serde would meet reading `Self` from a JSON value, with `path` left at the
/// place `serde_path_to_error` would report: the same walk as the derived `Deserialize`
/// impls over `&Value` (fields in the object's order, lists in order, an array read
/// positionally as a struct, an enum as a string or a one-key object), with each message
/// taken from serde itself. Hand-written so that reading a referral of the wrong shape does
/// not instantiate a path-tracking copy of every `Deserialize` impl of the model.
pub(crate) trait Check {
    fn check(value: &Value, path: &mut Vec<Seg>) -> Option<String>;
}

pub(crate) fn message<T: for<'de> Deserialize<'de>>(value: &Value) -> Option<String> {
    T::deserialize(value).err().map(|e| e.to_string())
}

impl Check for String {
    fn check(value: &Value, _path: &mut Vec<Seg>) -> Option<String> {
        match value {
            Value::String(_) => None,
            _ => message::<String>(value),
        }
    }
}

impl Check for bool {
    fn check(value: &Value, _path: &mut Vec<Seg>) -> Option<String> {
        match value {
            Value::Bool(_) => None,
            _ => message::<bool>(value),
        }
    }
}

impl Check for u32 {
    fn check(value: &Value, _path: &mut Vec<Seg>) -> Option<String> {
        message::<u32>(value)
    }
}

impl<T: Check> Check for Option<T> {
    fn check(value: &Value, path: &mut Vec<Seg>) -> Option<String> {
        match value {
            Value::Null => None,
            _ => T::check(value, path),
        }
    }
}

impl<T: Check + for<'de> Deserialize<'de>> Check for Vec<T> {
    fn check(value: &Value, path: &mut Vec<Seg>) -> Option<String> {
        let Value::Array(items) = value else {
            return message::<Vec<T>>(value);
        };
        for (index, item) in items.iter().enumerate() {
            path.push(Seg::Index(index));
            if let Some(error) = T::check(item, path) {
                return Some(error);
            }
            path.pop();
        }
        None
    }
}

/// A code list (`codes!`): a known code as a string, or as a one-key object whose value is
/// null. serde reports a value under a known code at the code's own path.
macro_rules! check_codes {
    ($($ty:ty),+) => {$(
        impl Check for $ty {
            fn check(value: &Value, path: &mut Vec<Seg>) -> Option<String> {
                if let Value::String(code) = value
                    && <$ty>::from_code(code).is_some()
                {
                    return None;
                }
                let error = message::<$ty>(value)?;
                if let Value::Object(map) = value
                    && map.len() == 1
                    && let Some((code, _)) = map.iter().next()
                    && <$ty>::from_code(code).is_some()
                {
                    path.push(Seg::Key(code.clone()));
                }
                Some(error)
            }
        }
    )+};
}

pub(crate) use check_codes;

check_codes!(
    Send,
    CareStatus,
    OpenCase,
    AgencyKind,
    ConsentStatus,
    HarmLocation,
    HarmType,
    ContextKind,
    Level
);

/// A struct of the model: its fields by JSON name, in declaration order (serde reads an
/// array as the fields in that order).
macro_rules! check_struct {
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
                        None
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
                        if rest.next().is_some() {
                            let error: serde_json::Error = serde::de::Error::invalid_length(
                                items.len(),
                                &"fewer elements in array",
                            );
                            return Some(error.to_string());
                        }
                        None
                    }
                    _ => message::<$ty>(value),
                }
            }
        }
    )+};
}

check_struct! {
    Referral {
        "schemaVersion": Option<String>,
        "referralDate": Option<String>,
        "child": Option<Child>,
        "household": Vec<HouseholdMember>,
        "referrer": Option<Referrer>,
        "consent": Option<Consent>,
        "concerns": Option<Concerns>,
        "hoth": Option<Hoth>,
        "agencies": Vec<Agency>,
        "workerSafety": Option<String>,
    }
}

check_struct! {
    Child {
        "firstName": Option<String>,
        "lastName": Option<String>,
        "otherNames": Option<String>,
        "dateOfBirth": Option<String>,
        "expectedDueDate": Option<String>,
        "gender": Option<String>,
        "ethnicity": Option<String>,
        "firstLanguage": Option<String>,
        "interpreterNeeded": Option<bool>,
        "address": Option<Address>,
        "nhsNumber": Option<String>,
        "localId": Option<String>,
        "schoolOrSetting": Option<String>,
        "send": Option<Send>,
        "careStatus": Option<CareStatus>,
        "openCase": Option<OpenCase>,
    }
    Address {
        "line1": Option<String>,
        "line2": Option<String>,
        "town": Option<String>,
        "postcode": Option<String>,
    }
    HouseholdMember {
        "name": Option<String>,
        "relationship": Option<String>,
        "dateOfBirth": Option<String>,
        "parentalResponsibility": Option<bool>,
        "livesWithChild": Option<bool>,
    }
    Referrer {
        "name": Option<String>,
        "role": Option<String>,
        "organisation": Option<String>,
        "agency": Option<AgencyKind>,
        "email": Option<String>,
        "phone": Option<String>,
    }
    Consent {
        "parentsAware": Option<bool>,
        "consent": Option<ConsentStatus>,
        "reasonNotSought": Option<String>,
    }
    Concerns {
        "summary": Option<String>,
        "childsViews": Option<String>,
        "actionTaken": Option<String>,
        "immediateDanger": Option<bool>,
        "harmLocation": Option<HarmLocation>,
        "harmTypes": Vec<HarmType>,
        "predominantHarm": Option<HarmType>,
    }
    Hoth {
        "screeningCompleted": Option<bool>,
        "indicators": Vec<String>,
        "missingEpisodes90d": Option<u32>,
        "associates": Vec<Associate>,
        "contexts": Vec<Context>,
        "noAssociatesKnown": Option<bool>,
        "noContextsKnown": Option<bool>,
        "professionalJudgement": Option<ProfessionalJudgement>,
    }
    Associate {
        "description": Option<String>,
        "approxAge": Option<u32>,
        "relationship": Option<String>,
        "knownName": Option<String>,
    }
    Context {
        "kind": Option<ContextKind>,
        "name": Option<String>,
        "description": Option<String>,
        "otherChildrenAffected": Option<bool>,
    }
    ProfessionalJudgement {
        "level": Option<Level>,
        "reason": Option<String>,
    }
    Agency {
        "name": Option<String>,
        "role": Option<String>,
        "contact": Option<String>,
    }
}

struct Original {
    text: String,
    /// When the path ends at a list item: the list's original path and the item's position.
    list_item: Option<(String, usize)>,
}

/// The path as it was in the input, undoing the shifts of items already taken out.
fn original_path(segments: &[Seg], removed: &HashMap<String, Vec<usize>>) -> Original {
    let mut text = String::new();
    let mut list_item = None;
    for (n, seg) in segments.iter().enumerate() {
        match seg {
            Seg::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Seg::Index(index) => {
                let mut original = *index;
                if let Some(taken) = removed.get(&text) {
                    for t in taken {
                        if *t <= original {
                            original += 1;
                        } else {
                            break;
                        }
                    }
                }
                if n + 1 == segments.len() {
                    list_item = Some((text.clone(), original));
                }
                text.push_str(&format!("[{original}]"));
            }
        }
    }
    Original { text, list_item }
}

/// Take the value at `segments` out of `root` and return it. For an unknown field serde's
/// path stops at the object, so the field named in the message is taken out instead.
fn take(root: &mut Value, segments: &[Seg], message: &str) -> Option<Value> {
    let mut node = root;
    let (last, parents) = match segments.split_last() {
        Some(split) => split,
        None => return take_unknown_field(node, message),
    };
    for seg in parents {
        node = match (seg, node) {
            (Seg::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Seg::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    match (last, node) {
        (Seg::Key(k), Value::Object(map)) => match map.get_mut(k) {
            Some(Value::Object(inner)) if message.starts_with("unknown field") => {
                let mut inner = Value::Object(std::mem::take(inner));
                let taken = take_unknown_field(&mut inner, message);
                map.insert(k.clone(), inner);
                taken
            }
            _ => map.remove(k),
        },
        (Seg::Index(i), Value::Array(items)) if *i < items.len() => Some(items.remove(*i)),
        _ => None,
    }
}

fn take_unknown_field(node: &mut Value, message: &str) -> Option<Value> {
    let name = unknown_field_name(message)?;
    node.as_object_mut()?.remove(name)
}

fn unknown_field_name(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

fn issue_for(path: &str, message: &str, taken: Option<&Value>) -> Issue {
    if let Some(name) = unknown_field_name(message) {
        let full = if path.is_empty() || path.ends_with(&format!(".{name}")) || path == name {
            path.to_owned()
        } else {
            format!("{path}.{name}")
        };
        let full = if full.is_empty() {
            name.to_owned()
        } else {
            full
        };
        return Issue::new(
            &full,
            IssueCode::InvalidType,
            format!(
                "\"{name}\" is not a question on the referral form: check its spelling or remove it"
            ),
        );
    }
    let what = sentence(&label(path));
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let given = rest.split('`').next().unwrap_or_default();
        let allowed = rest
            .split_once("expected ")
            .map(|(_, e)| e.trim_start_matches("one of ").replace('`', ""))
            .unwrap_or_default();
        return Issue::new(
            path,
            IssueCode::UnknownValue,
            format!("{what} must be one of: {allowed} (\"{given}\" is not one of them)"),
        );
    }
    let expected = if message.contains("expected a boolean") {
        "true or false"
    } else if message.contains("expected u32") || message.contains("expected an integer") {
        "a whole number, 0 or more"
    } else if message.contains("expected a sequence") {
        "a list"
    } else if message.contains("expected struct") || message.contains("expected a map") {
        "a group of fields (a JSON object)"
    } else if message.contains("expected a string") {
        match field(path) {
            Some((_, Answer::Date)) => "a date written as text, like \"2012-03-27\"",
            _ => "text",
        }
    } else if message.contains("variant") {
        "one of the listed values"
    } else {
        "the right kind of value"
    };
    let found = taken
        .map(describe)
        .unwrap_or_else(|| "something else".to_owned());
    Issue::new(
        path,
        IssueCode::InvalidType,
        format!("{what} must be {expected}, not {found}"),
    )
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a long piece of text".to_owned(),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a group of fields".to_owned(),
    }
}

/// Test helpers shared by the referral's and the pack's shape tests: every place in a JSON
/// value, and the value at a place.
#[cfg(test)]
pub(crate) mod walk {
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::{Check, Seg, message};

    /// Every place in `value`, as a path from the root; `leaf` says where not to look inside.
    pub(crate) fn places(
        value: &Value,
        path: &mut Vec<Seg>,
        out: &mut Vec<Vec<Seg>>,
        leaf: &dyn Fn(&[Seg]) -> bool,
    ) {
        out.push(path.clone());
        if leaf(path) {
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    path.push(Seg::Key(key.clone()));
                    places(item, path, out, leaf);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    path.push(Seg::Index(index));
                    places(item, path, out, leaf);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// `T`'s walk names the same fields, in the same order, as serde's message for an unknown
    /// field of `T`.
    pub(crate) fn same<T: Check + for<'de> Deserialize<'de>>(name: &str) {
        let value = json!({"zzz": 1});
        assert_eq!(
            T::check(&value, &mut Vec::new()),
            message::<T>(&value),
            "{name}"
        );
    }

    /// The value at `path`, to change it.
    pub(crate) fn at<'v>(value: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
        let mut node = value;
        for seg in path {
            node = match (seg, node) {
                (Seg::Key(k), Value::Object(map)) => map.get_mut(k)?,
                (Seg::Index(i), Value::Array(items)) => items.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::walk::{at, places, same};

    use serde_json::json;

    use super::*;

    /// What `serde_path_to_error` reports for a referral: the first error's path and message.
    fn reference(value: &Value) -> Option<(Vec<Seg>, String)> {
        use serde_path_to_error::Segment;
        let error = serde_path_to_error::deserialize::<_, Referral>(value).err()?;
        let segments = error
            .path()
            .iter()
            .filter_map(|s| match s {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
                Segment::Unknown => None,
            })
            .collect();
        Some((segments, error.inner().to_string()))
    }

    fn ours(value: &Value) -> Option<(Vec<Seg>, String)> {
        let mut path = Vec::new();
        Referral::check(value, &mut path).map(|message| (path, message))
    }

    fn text(found: &Option<(Vec<Seg>, String)>) -> String {
        format!("{found:?}")
    }

    /// The hand-written walk finds the same first error at the same path as serde with
    /// `serde_path_to_error`, for every fixture with every value swapped for odd ones.
    #[test]
    fn check_finds_what_serde_finds() {
        let odd = [
            json!(null),
            json!(true),
            json!(5),
            json!(-1),
            json!(1.5),
            json!(5_000_000_000u64),
            json!("x"),
            json!("outside"),
            json!("criminal_exploitation"),
            json!([]),
            json!([null]),
            json!(["a", 1]),
            json!([true, "x", 3]),
            json!([
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"
            ]),
            json!([["a"], {"name": 1}]),
            json!({}),
            json!({"outside": null}),
            json!({"outside": 5}),
            json!({"nowhere": null}),
            json!({"outside": null, "inside": null}),
            json!({"zzz": 1}),
            json!({"name": 5, "zzz": 1}),
            json!({"line1": "a", "address": 1}),
        ];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut files = Vec::new();
        for dir in ["referrals", "validation"] {
            let mut stack = vec![root.join(dir)];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "json") {
                        files.push(path);
                    }
                }
            }
        }
        assert!(files.len() > 5);
        let mut compared = 0;
        for file in files {
            let Ok(value) = serde_json::from_str::<Value>(&std::fs::read_to_string(&file).unwrap())
            else {
                continue;
            };
            assert_eq!(text(&ours(&value)), text(&reference(&value)), "{file:?}");
            let mut all = Vec::new();
            places(&value, &mut Vec::new(), &mut all, &|_| false);
            for place in all.iter().filter(|p| !p.is_empty()) {
                for replacement in &odd {
                    let mut changed = value.clone();
                    if let Some(node) = at(&mut changed, place) {
                        *node = replacement.clone();
                    }
                    assert_eq!(
                        text(&ours(&changed)),
                        text(&reference(&changed)),
                        "{file:?} with {place:?} = {replacement}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    /// The field lists are serde's, in serde's order.
    #[test]
    fn field_lists_match_serde() {
        same::<Referral>("Referral");
        same::<Child>("Child");
        same::<Address>("Address");
        same::<HouseholdMember>("HouseholdMember");
        same::<Referrer>("Referrer");
        same::<Consent>("Consent");
        same::<Concerns>("Concerns");
        same::<Hoth>("Hoth");
        same::<Associate>("Associate");
        same::<Context>("Context");
        same::<ProfessionalJudgement>("ProfessionalJudgement");
        same::<Agency>("Agency");
    }
}
