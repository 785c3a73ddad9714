//! The canonical layout of a policy pack file, as `hoth fmt` writes it: short enough to read
//! and sign off, the same bytes whoever edits it.
//!
//! - Two spaces of indent; keys in the order written.
//! - A value that fits on its line within [`WIDTH`] columns (indent, key and trailing comma
//!   counted) is written on that line, as `{"and": [{"var": "child"}, {"var": "adult"}]}`
//!   (a space after each `:` and `,`, none inside brackets), so a typical `when` is one line.
//! - A longer array or object has one item per line. An object with a single key (a JSONLogic
//!   operation such as `{"and": [...]}`) keeps the key on the opening line and closes with
//!   `]}`, so the operator reads first.
//! - Strings as serde_json writes them (only `"`, `\` and control characters escaped), a
//!   string longer than the width on one line regardless; the file ends with a newline.
//!
//! Pure, so the CLI, the tidy test and the sandbox give the same text.

use serde_json::Value;

/// The widest line the layout joins onto one line, in characters.
pub const WIDTH: usize = 100;

/// JSON text in the canonical layout, or the parse error.
///
/// # Errors
///
/// When `text` is not JSON.
pub fn tidy(text: &str) -> Result<String, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    Ok(layout(&value))
}

/// `value` in the canonical layout, ending with a newline.
#[must_use]
pub fn layout(value: &Value) -> String {
    let mut out = String::new();
    write(value, 0, 0, 0, &mut out);
    out.push('\n');
    out
}

/// Write `value` where `used` columns of its line are taken (indent and key) and `after` more
/// will follow it (a comma, closing brackets), indented by `indent` if it breaks.
fn write(value: &Value, indent: usize, used: usize, after: usize, out: &mut String) {
    let line = one_line(value);
    if used + line.chars().count() + after <= WIDTH {
        out.push_str(&line);
        return;
    }
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                let comma = usize::from(i + 1 < items.len());
                newline(indent + 2, out);
                write(item, indent + 2, indent + 2, comma, out);
                if comma == 1 {
                    out.push(',');
                }
            }
            newline(indent, out);
            out.push(']');
        }
        Value::Object(map) if map.len() == 1 => {
            // {"and": [ ... ]}: the operator on the opening line, the close as `]}`.
            let Some((key, inner)) = map.iter().next() else {
                return;
            };
            let key = string(key);
            out.push('{');
            out.push_str(&key);
            out.push_str(": ");
            let used = used + 1 + key.chars().count() + 2;
            write(inner, indent, used, after + 1, out);
            out.push('}');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                let comma = usize::from(i + 1 < map.len());
                newline(indent + 2, out);
                let key = string(key);
                out.push_str(&key);
                out.push_str(": ");
                let used = indent + 2 + key.chars().count() + 2;
                write(item, indent + 2, used, comma, out);
                if comma == 1 {
                    out.push(',');
                }
            }
            newline(indent, out);
            out.push('}');
        }
        _ => out.push_str(&line),
    }
}

fn newline(indent: usize, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `value` on one line: `{"a": [1, 2], "b": null}`.
fn one_line(value: &Value) -> String {
    let mut out = String::new();
    push_one_line(value, &mut out);
    out
}

fn push_one_line(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_one_line(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&string(key));
                out.push_str(": ");
                push_one_line(item, out);
            }
            out.push('}');
        }
        Value::String(s) => out.push_str(&string(s)),
        other => out.push_str(&other.to_string()),
    }
}

fn string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_values_stay_on_one_line() {
        assert_eq!(layout(&json!(null)), "null\n");
        assert_eq!(layout(&json!([])), "[]\n");
        assert_eq!(layout(&json!({})), "{}\n");
        assert_eq!(
            layout(
                &json!({"when": {"and": [{"var": "child"}, {"==": [{"var": "level"}, "significant"]}]}})
            ),
            "{\"when\": {\"and\": [{\"var\": \"child\"}, {\"==\": [{\"var\": \"level\"}, \"significant\"]}]}}\n"
        );
    }

    #[test]
    fn keys_keep_their_order() {
        let value: Value =
            serde_json::from_str(r#"{"z": 1, "a": 2, "m": {"y": 3, "b": 4}}"#).unwrap();
        assert_eq!(
            layout(&value),
            "{\"z\": 1, \"a\": 2, \"m\": {\"y\": 3, \"b\": 4}}\n"
        );
    }

    #[test]
    fn long_values_break_one_item_per_line() {
        let why = "x".repeat(90);
        let value = json!({
            "id": "a-rule",
            "when": {"and": [{"var": "child"}, {"var": "harmOutsideHome"}, {">=": [{"var": "levelNumber"}, 3]}, {"in": ["peer_abuse", {"var": "harmTypes"}]}]},
            "then": [{"code": "strategy_meeting", "due": {"sameDay": true}}],
            "why": why,
        });
        let expected = format!(
            r#"{{
  "id": "a-rule",
  "when": {{"and": [
    {{"var": "child"}},
    {{"var": "harmOutsideHome"}},
    {{">=": [{{"var": "levelNumber"}}, 3]}},
    {{"in": ["peer_abuse", {{"var": "harmTypes"}}]}}
  ]}},
  "then": [{{"code": "strategy_meeting", "due": {{"sameDay": true}}}}],
  "why": "{why}"
}}
"#
        );
        assert_eq!(layout(&value), expected);
    }

    #[test]
    fn the_width_counts_indent_key_comma_and_characters() {
        // {"k": "…", "l": 1} is 17 + n characters (not bytes: é is two).
        let outer = |n: usize| json!({"k": "é".repeat(n), "l": 1});
        assert_eq!(layout(&outer(WIDTH - 17)).lines().count(), 1);
        assert_eq!(layout(&outer(WIDTH - 16)).lines().count(), 4);
        // Inside, `  "k": ["…"],` is 2 + 5 + (n + 4) + 1 for the comma.
        let inner = |n: usize| json!({"k": ["é".repeat(n)], "l": 1});
        assert_eq!(layout(&inner(WIDTH - 12)).lines().count(), 4);
        assert_eq!(layout(&inner(WIDTH - 11)).lines().count(), 6);
        // A string never breaks, however long.
        let array = json!({"k": ["a".repeat(WIDTH), "b"]});
        assert_eq!(
            layout(&array),
            format!("{{\"k\": [\n  \"{}\",\n  \"b\"\n]}}\n", "a".repeat(WIDTH))
        );
    }

    #[test]
    fn nested_single_key_objects_hug() {
        let long = "y".repeat(WIDTH);
        let value = json!({"!": {"or": [{"var": "child"}, long]}});
        assert_eq!(
            layout(&value),
            format!("{{\"!\": {{\"or\": [\n  {{\"var\": \"child\"}},\n  \"{long}\"\n]}}}}\n")
        );
    }

    #[test]
    fn strings_numbers_and_escapes_survive() {
        let value = json!({"quote": "the child’s \"plan\"\n\\ end", "n": [0, -1, 2.5, 1e300, 18]});
        let text = layout(&value);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        assert!(text.contains("’"));
    }

    /// The layout only moves whitespace: the same JSON, and formatting twice changes nothing.
    #[test]
    fn the_builtin_packs_round_trip_and_are_stable() {
        for (id, json) in crate::policy::BUILTIN {
            let value: Value = serde_json::from_str(json).unwrap();
            let once = tidy(json).unwrap();
            assert_eq!(serde_json::from_str::<Value>(&once).unwrap(), value, "{id}");
            assert_eq!(tidy(&once).unwrap(), once, "{id}");
            assert!(once.lines().all(|l| !l.ends_with(' ')), "{id}");
        }
    }
}
