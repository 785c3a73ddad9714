//! Reading a referral from JSON of any shape.
//!
//! Serde stops at the first error; a referrer should see every problem at once. So we
//! deserialize, and on an error we record it as an issue at its path, take the offending value
//! out of a working copy of the JSON, and try again, until the rest reads cleanly. List items
//! taken out are remembered so that later issues still name each item by its original position.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use serde_path_to_error::{Path, Segment};

use super::fields::{Answer, field, label, sentence};
use super::{Issue, IssueCode};
use crate::referral::Referral;

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
        let error = match serde_path_to_error::deserialize::<_, Referral>(current) {
            Ok(referral) => return (referral, issues),
            Err(error) => error,
        };
        let message = error.inner().to_string();
        let segments = segments(error.path());
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
enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &Path) -> Vec<Seg> {
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            Segment::Unknown => None,
        })
        .collect()
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
