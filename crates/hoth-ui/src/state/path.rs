//! Reading and writing the referral being edited, by the JSON paths validation issues use
//! (`child.dateOfBirth`, `household[1].name`).
//!
//! The form keeps the referral as JSON rather than as the core's typed model, so that what a
//! referrer types is never lost: "ten" in a number field stays as text and the core reports it
//! (`invalid_type`) instead of the form dropping it.

use serde_json::{Map, Value};

/// One step of a path: an object key or a list position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `household[1].name` -> `[Key("household"), Index(1), Key("name")]`. A malformed path
/// gives no steps (and so reads as nothing and writes nowhere).
pub fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    if path.is_empty() {
        return out;
    }
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else {
                return Vec::new();
            };
            let Ok(index) = inner[..end].parse() else {
                return Vec::new();
            };
            out.push(Step::Index(index));
            rest = &inner[end + 1..];
        }
    }
    out
}

/// The value at `path`, if there is one.
pub fn get<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).iter().try_fold(root, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(i) => value.get(i),
    })
}

/// The text at `path` ("" when absent; numbers and booleans as they print).
pub fn text(root: &Value, path: &str) -> String {
    match get(root, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => crate::json_text(other),
    }
}

/// Set the value at `path`, creating objects on the way; `None` removes it. A list position
/// past the end of a list, or a step through something that is not an object or list, is
/// ignored: the form only writes where it has rendered a field.
pub fn set(root: &mut Value, path: &str, value: Option<Value>) {
    let steps = steps(path);
    let Some((last, parents)) = steps.split_last() else {
        return;
    };
    // Lists are never created on the way: a position must already exist.
    let mut cursor = Some(&*root);
    for step in parents {
        cursor = match step {
            Step::Key(key) => cursor.and_then(|c| c.get(key)),
            Step::Index(i) => match cursor.and_then(|c| c.get(i)) {
                Some(item) => Some(item),
                None => return,
            },
        };
    }
    let mut at = root;
    for step in parents {
        at = match step {
            Step::Key(key) => {
                if !at.is_object() {
                    if value.is_none() {
                        return;
                    }
                    *at = Value::Object(Map::new());
                }
                let Value::Object(map) = at else { return };
                map.entry(key.to_string())
                    .or_insert_with(|| Value::Object(Map::new()))
            }
            Step::Index(i) => match at.get_mut(i) {
                Some(item) => item,
                None => return,
            },
        };
    }
    match (last, value) {
        (Step::Key(key), Some(value)) => {
            if !at.is_object() {
                *at = Value::Object(Map::new());
            }
            if let Value::Object(map) = at {
                map.insert(key.to_string(), value);
            }
        }
        (Step::Key(key), None) => {
            if let Value::Object(map) = at {
                map.remove(*key);
            }
        }
        (Step::Index(i), Some(value)) => {
            if let Some(item) = at.get_mut(i) {
                *item = value;
            }
        }
        (Step::Index(i), None) => {
            if let Value::Array(list) = at
                && *i < list.len()
            {
                list.remove(*i);
            }
        }
    }
}

/// The list at `path` (empty when absent or not a list).
pub fn list<'v>(root: &'v Value, path: &str) -> &'v [Value] {
    get(root, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Append `item` to the list at `path`, creating the list.
pub fn push(root: &mut Value, path: &str, item: Value) {
    let mut items = list(root, path).to_vec();
    items.push(item);
    set(root, path, Some(Value::Array(items)));
}

/// Remove item `index` of the list at `path`; an empty list is removed altogether.
pub fn remove(root: &mut Value, path: &str, index: usize) {
    let mut items = list(root, path).to_vec();
    if index < items.len() {
        items.remove(index);
    }
    set(
        root,
        path,
        (!items.is_empty()).then_some(Value::Array(items)),
    );
}

/// The id of the input for a field path, so that an error-summary link finds its field:
/// `child.dateOfBirth` -> `hoth-child-dateOfBirth`, `household[0].name` ->
/// `hoth-household-0-name`.
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 5);
    id.push_str("hoth");
    let mut dash = true;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            if dash {
                id.push('-');
                dash = false;
            }
            id.push(c);
        } else {
            dash = true;
        }
    }
    id
}

/// `path` is `outer` or something inside it (`consent.reason` is within `consent`, not
/// within `consent.rea`).
pub fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The path without a trailing list position (`concerns.harmTypes[1]` -> `concerns.harmTypes`),
/// for an issue about one item of a list of choices.
pub fn without_index(path: &str) -> &str {
    match path.strip_suffix(']').and_then(|p| p.rfind('[')) {
        Some(i) => &path[..i],
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn steps_of_paths() {
        assert_eq!(
            steps("household[1].name"),
            vec![Step::Key("household"), Step::Index(1), Step::Key("name")]
        );
        assert_eq!(steps("a[x]"), vec![]);
        assert_eq!(steps(""), vec![]);
    }

    #[test]
    fn set_creates_and_removes() {
        let mut v = json!({});
        set(&mut v, "child.address.postcode", Some(json!("RG40 1BN")));
        assert_eq!(v, json!({"child": {"address": {"postcode": "RG40 1BN"}}}));
        set(&mut v, "child.address.postcode", None);
        assert_eq!(v, json!({"child": {"address": {}}}));
        set(&mut v, "household[3].name", Some(json!("x")));
        assert_eq!(get(&v, "household"), None);
    }

    #[test]
    fn lists() {
        let mut v = json!({});
        push(&mut v, "agencies", json!({"name": "a"}));
        push(&mut v, "agencies", json!({"name": "b"}));
        set(&mut v, "agencies[1].role", Some(json!("r")));
        assert_eq!(text(&v, "agencies[1].role"), "r");
        remove(&mut v, "agencies", 0);
        assert_eq!(v, json!({"agencies": [{"name": "b", "role": "r"}]}));
        remove(&mut v, "agencies", 0);
        assert_eq!(v, json!({}));
    }

    #[test]
    fn ids_and_indexes() {
        assert_eq!(field_id("child.dateOfBirth"), "hoth-child-dateOfBirth");
        assert_eq!(field_id("household[0].name"), "hoth-household-0-name");
        assert_eq!(without_index("concerns.harmTypes[1]"), "concerns.harmTypes");
        assert_eq!(without_index("household[1].name"), "household[1].name");
        assert!(within("consent.reasonNotSought", "consent.reasonNotSought"));
        assert!(within("household[1].name", "household[1]"));
        assert!(!within(
            "consent.reasonNotSoughtX",
            "consent.reasonNotSought"
        ));
    }
}
