//! Reading the core's JSON data into its types by hand, as serde's derived `Deserialize` impls
//! read them over a `serde_json::Value`: the referral (`validation::shape`), a policy pack
//! (`policy::shape`), the screening catalogue and the bank holiday table. One small reader
//! instead of a derived deserializer per type, so the browser builds carry none of them, with
//! serde's own messages and the paths `serde_path_to_error` reports (each type's tests compare
//! the two). Imports nothing of the crate.

use serde_json::Value;

#[derive(Debug, Clone)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A type of the referral (or of a policy pack, `policy::shape`) read from a JSON value as
/// its derived `Deserialize` impl reads it over `&Value`, value for value, or the first error
/// serde would meet, with serde's message and the path `serde_path_to_error` would report:
/// fields in the object's order, lists in order, an array read positionally as a struct (a
/// missing element is the field's default, one too many an error), unknown fields denied, an
/// enum as a string or a one-key object. Hand-written so that the widget and the module read
/// a referral or a pack, and find every problem in it, without any derived `Deserialize` impl
/// of the model (tested against them here and in `policy::shape`).
///
/// On an error, `path` receives the segments from `value` down to the error, innermost
/// first: each level adds its own as the error returns, so a value of the right shape is
/// read without building any path. [`read_at`] gives the path in order.
pub(crate) trait Read: Sized {
    fn read(value: &Value, path: &mut Vec<Seg>) -> Result<Self, String>;
}

/// `T` read from `value`, or the first error's path (from the root) and message.
pub(crate) fn read_at<T: Read>(value: &Value) -> Result<T, (Vec<Seg>, String)> {
    let mut path = Vec::new();
    T::read(value, &mut path).map_err(|message| {
        path.reverse();
        (path, message)
    })
}

/// `result`, with `seg` added to the path when it is an error.
pub(crate) fn within<T>(
    result: Result<T, String>,
    path: &mut Vec<Seg>,
    seg: impl FnOnce() -> Seg,
) -> Result<T, String> {
    if result.is_err() {
        path.push(seg());
    }
    result
}

/// serde_json's message for a value of the wrong type, `expected` being what the visitor
/// expects (`struct Child`, `a sequence`): "invalid type: {found}, expected {expected}", the
/// value described as serde_json describes it. Written here rather than through serde's
/// `Unexpected`, whose `Display` can print any float with core's float formatting, several KB
/// of the browser builds for a message that never needs it (serde_json prints a float here
/// with its own printer, as [`unexpected`] does).
pub(crate) fn wrong_type(value: &Value, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(value))
}

/// serde's message for a key that is not a field of a struct with `fields`.
///
/// These messages are serde's own words (its `de::Error` defaults, which serde_json prints as
/// they are), written here rather than by making a `serde_json::Error` and printing it: that
/// `Display` links all of serde_json's error messages and std's I/O error kinds, about 1.5 KB
/// of the widget for text it never shows. The parity walks hold them to serde's.
pub(crate) fn unknown_field(key: &str, fields: &'static [&'static str]) -> String {
    match fields {
        [] => format!("unknown field `{key}`, there are no fields"),
        _ => format!("unknown field `{key}`, expected {}", one_of(fields)),
    }
}

/// serde's list of the names that were expected (its `OneOf`): `` `a` ``, `` `a` or `b` ``,
/// `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// serde_json's message for a value of the right type that is out of range for `expected`.
fn wrong_value(value: &Value, expected: &str) -> String {
    format!("invalid value: {}, expected {expected}", unexpected(value))
}

/// How serde_json describes a value in an error (its `JsonUnexpected`): `null`, ``boolean
/// `true` ``, ``integer `5` ``, ``floating point `1.5` ``, `string "text"`, `sequence`, `map`.
pub(crate) fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), ..) => format!("integer `{u}`"),
            (None, Some(i), _) => format!("integer `{i}`"),
            (None, None, x) => format!(
                "floating point `{}`",
                zmij::Buffer::new().format(x.unwrap_or_default())
            ),
        },
        Value::String(s) => format!("string {}", quoted(s)),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

/// `text` in double quotes for a message, as `{:?}` writes a string: serde's own messages do,
/// so the reader's must. `{:?}` escapes non-ASCII characters by Unicode's printable and
/// grapheme-extend tables (about 3 KB of the wasm, compressed); without the `exact-quotes`
/// feature (the widget, which never shows such a message: the referral's shape issues are
/// reworded, and its packs and tables are checked at build time) ASCII is escaped the same
/// way and other characters are written as they are.
pub(crate) fn quoted(text: &str) -> String {
    #[cfg(feature = "exact-quotes")]
    {
        format!("{text:?}")
    }
    #[cfg(not(feature = "exact-quotes"))]
    {
        quoted_as_ascii(text)
    }
}

/// [`quoted`] without Unicode's tables: `{:?}`'s escapes for ASCII, other characters as they
/// are (the same text as `{:?}` for any string of printable characters).
#[cfg_attr(feature = "exact-quotes", allow(dead_code))]
fn quoted_as_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The leaves (text, true or false, a whole number), read as serde reads them from a
/// `Value`, with its messages.
impl Read for String {
    fn read(value: &Value, _path: &mut Vec<Seg>) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(wrong_type(value, "a string")),
        }
    }
}

impl Read for bool {
    fn read(value: &Value, _path: &mut Vec<Seg>) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            _ => Err(wrong_type(value, "a boolean")),
        }
    }
}

/// A whole number of type `T` (`name` as serde names it): a float is the wrong type, a whole
/// number out of `T`'s range the wrong value.
fn whole<T: TryFrom<u64> + TryFrom<i64>>(value: &Value, name: &str) -> Result<T, String> {
    let Value::Number(n) = value else {
        return Err(wrong_type(value, name));
    };
    let read = match (n.as_u64(), n.as_i64()) {
        (Some(u), _) => T::try_from(u).ok(),
        (None, Some(i)) => T::try_from(i).ok(),
        (None, None) => return Err(wrong_type(value, name)),
    };
    read.ok_or_else(|| wrong_value(value, name))
}

impl Read for u32 {
    fn read(value: &Value, _path: &mut Vec<Seg>) -> Result<Self, String> {
        whole(value, "u32")
    }
}

impl Read for i32 {
    fn read(value: &Value, _path: &mut Vec<Seg>) -> Result<Self, String> {
        whole(value, "i32")
    }
}

impl<T: Read> Read for Option<T> {
    fn read(value: &Value, path: &mut Vec<Seg>) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            _ => T::read(value, path).map(Some),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(value: &Value, path: &mut Vec<Seg>) -> Result<Self, String> {
        let mut out = Vec::with_capacity(value.as_array().map_or(0, Vec::len));
        read_items(value, path, &mut |item, path| {
            out.push(T::read(item, path)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// A part read (a field set, an item pushed), or serde's message for why it could not be.
pub(crate) type Done = Result<(), String>;

/// A list read item by item with `push`, each error at its item's index: one function for
/// every list, so each item type adds only its `push`.
fn read_items(
    value: &Value,
    path: &mut Vec<Seg>,
    push: &mut dyn FnMut(&Value, &mut Vec<Seg>) -> Done,
) -> Done {
    let Value::Array(items) = value else {
        return Err(wrong_type(value, "a sequence"));
    };
    for (index, item) in items.iter().enumerate() {
        within(push(item, path), path, || Seg::Index(index))?;
    }
    Ok(())
}

/// A code list (`codes!`): a known code as a string, or as a one-key object whose value is
/// null (a unit variant). serde reports a value under a known code at the code's own path.
/// The reading is one function for every code list ([`read_code`]), given the list's codes
/// and values.
macro_rules! read_codes {
    ($($ty:ty),+) => {$(
        impl $crate::read::Read for $ty {
            fn read(value: &::serde_json::Value, path: &mut Vec<$crate::read::Seg>) -> Result<Self, String> {
                $crate::read::read_code(value, path, <$ty>::CODES, <$ty>::ALL)
            }
        }
    )+};
}

/// serde's message for a code that is not one of `codes`.
pub(crate) fn unknown_code(code: &str, codes: &'static [&'static str]) -> String {
    match codes {
        [] => format!("unknown variant `{code}`, there are no variants"),
        _ => format!("unknown variant `{code}`, expected {}", one_of(codes)),
    }
}

/// The value of `all` whose code (in `codes`, the same order) `value` names, read as serde
/// reads a unit enum: the code as a string, or a one-key object `{code: null}`; else serde's
/// message (a value under a known code is reported at the code's own path).
pub(crate) fn read_code<T: Copy>(
    value: &Value,
    path: &mut Vec<Seg>,
    codes: &'static [&'static str],
    all: &'static [T],
) -> Result<T, String> {
    let find = |code: &str| {
        codes
            .iter()
            .zip(all)
            .find(|(c, _)| **c == code)
            .map(|(_, value)| *value)
            .ok_or_else(|| unknown_code(code, codes))
    };
    match value {
        Value::String(code) => find(code),
        Value::Object(map) => {
            let mut entries = map.iter();
            let (Some((code, inner)), None) = (entries.next(), entries.next()) else {
                return Err("invalid value: map, expected map with a single key".to_owned());
            };
            let read = find(code)?;
            if !inner.is_null() {
                path.push(Seg::Key(code.clone()));
                return Err(wrong_type(inner, "unit"));
            }
            Ok(read)
        }
        _ => Err(wrong_type(value, "string or map")),
    }
}

pub(crate) use read_codes;

/// A rule's condition (JSONLogic) is read as it is and compiled later.
impl Read for Value {
    fn read(value: &Value, _path: &mut Vec<Seg>) -> Result<Self, String> {
        Ok(value.clone())
    }
}

/// The first expression if there is one, else the second.
macro_rules! or_else {
    (; $missing:expr) => {
        $missing
    };
    ($default:expr; $missing:expr) => {
        $default
    };
}

/// Whether a field has a default (`or ...` in [`read_pack_struct`]).
macro_rules! defaulted {
    () => {
        false
    };
    ($default:expr) => {
        true
    };
}

/// The fields of a struct read as its derived `Deserialize` impl reads them: one function for
/// every struct, so each struct adds only its `set` (field `index` from a value). `ty` is the
/// struct's name, `names` its fields' JSON names in declaration order, `required` a bit per
/// field with no default (a struct has at most 64 fields).
///
/// From an object: each key in the object's order (an unknown key is an error at that key,
/// as `serde_path_to_error` reports it), then the first field with no default that was not
/// there, in declaration order (serde's `missing field`). From an array: the elements as
/// the fields in order (one too many is an error once the fields are read), then the first
/// field with no default past the array's end (serde's `invalid length`).
pub(crate) fn read_fields(
    value: &Value,
    path: &mut Vec<Seg>,
    ty: &'static str,
    names: &'static [&'static str],
    required: u64,
    set: &mut dyn FnMut(usize, &Value, &mut Vec<Seg>) -> Done,
) -> Done {
    let given = match value {
        Value::Object(map) => {
            let mut given = 0u64;
            // Keys mostly come in declaration order: look from the field after the last one.
            let mut next = 0;
            for (key, item) in map {
                let at = || Seg::Key(key.clone());
                let found = (next..names.len())
                    .chain(0..next)
                    .find(|&index| names.get(index).is_some_and(|name| name == key));
                let Some(index) = found else {
                    path.push(at());
                    return Err(unknown_field(key, names));
                };
                next = index + 1;
                within(set(index, item, path), path, at)?;
                given |= 1u64.checked_shl(index as u32).unwrap_or_default();
            }
            given
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if index == names.len() {
                    return Err(too_long(items.len()));
                }
                within(set(index, item, path), path, || Seg::Index(index))?;
            }
            // The fields the array reached: a mask of its length, at most every field.
            u64::MAX
                .checked_shl(items.len() as u32)
                .map_or(u64::MAX, |past| !past)
        }
        _ => return Err(wrong_type(value, &format!("struct {ty}"))),
    };
    let missing = required & !given;
    if missing == 0 {
        return Ok(());
    }
    let index = missing.trailing_zeros() as usize;
    let name = names.get(index).copied().unwrap_or_default();
    Err(match value {
        Value::Array(_) => too_short(index, names.len(), ty),
        _ => missing_field(name),
    })
}

/// A struct of the pack, read as its derived `Deserialize` impl reads it ([`read_fields`]):
/// its fields, their types and JSON names in declaration order, each field with
/// `#[serde(default)]` given its default after `or`. Unlike the referral's (every field
/// optional), a pack's struct can be wrong with every field right: a field with no default
/// missing (serde's `missing field`), or an array too short for one (`invalid length`),
/// reported at the struct itself.
macro_rules! read_pack_struct {
    ($($ty:ident { $($field:ident: $fty:ty = $name:literal $(or $default:expr)?),+ $(,)? })+) => {$(
        impl $crate::read::Read for $ty {
            fn read(value: &::serde_json::Value, path: &mut Vec<$crate::read::Seg>) -> Result<Self, String> {
                let mut required = 0u64;
                let mut at = 0u32;
                $(
                    if !$crate::read::defaulted!($($default)?) {
                        required |= 1 << at;
                    }
                    at += 1;
                )+
                let _ = at;
                $(let mut $field: Option<$fty> = None;)+
                $crate::read::read_fields(value, path, stringify!($ty), &[$($name),+], required, &mut |index, item, path| {
                    let mut at = 0usize;
                    $(
                        if index == at {
                            $field = Some($crate::read::Read::read(item, path)?);
                            return Ok(());
                        }
                        at += 1;
                    )+
                    let _ = at;
                    Ok(())
                })?;
                Ok($ty {
                    $($field: match $field {
                        Some(read) => read,
                        // read_fields has refused the struct already when a field with no
                        // default is missing.
                        None => $crate::read::or_else!($($default)?; return Err($crate::read::missing_field($name))),
                    }),+
                })
            }
        }
    )+};
}

/// serde's message for a field with no default missing from an object.
pub(crate) fn missing_field(name: &'static str) -> String {
    format!("missing field `{name}`")
}

/// serde's message for an array that ends before field `index` (one with no default) of the
/// struct `ty` with `count` fields.
fn too_short(index: usize, count: usize, ty: &str) -> String {
    let expected = match count {
        1 => format!("struct {ty} with 1 element"),
        n => format!("struct {ty} with {n} elements"),
    };
    format!("invalid length {index}, expected {expected}")
}

/// serde_json's message for an array with more elements than the struct has fields.
fn too_long(len: usize) -> String {
    format!("invalid length {len}, expected fewer elements in array")
}

pub(crate) use {defaulted, or_else, read_pack_struct};

/// Test helpers shared by the shape tests of the referral, the pack, the catalogue and the bank
/// holiday table: every place in a JSON value, the value at a place, and the damaged copies of
/// a value at a place.
#[cfg(test)]
mod quoting {
    #![allow(clippy::unwrap_used)]

    /// Without Unicode's tables, quoting is `{:?}`'s for every ASCII character and for
    /// printable text in any script.
    #[test]
    fn quoted_as_ascii_is_debug_for_ascii_and_printable_text() {
        let mut texts: Vec<String> = (0u8..128).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(
            [
                "",
                "Zoë Ó Briain",
                "Łódź",
                "日本語",
                "'single'",
                "tab\there",
            ]
            .map(String::from),
        );
        for text in texts {
            assert_eq!(
                super::quoted_as_ascii(&text),
                format!("{text:?}"),
                "{text:?}"
            );
        }
    }
}

#[cfg(test)]
mod serde_words {
    /// The messages written here are serde's own, as serde_json prints them, for every length
    /// of the list of names (the types the parity walks read have no one-name list).
    #[test]
    fn unknown_fields_and_codes_and_missing_fields_are_in_serdes_words() {
        const LISTS: [&[&str]; 4] = [&[], &["only"], &["one", "two"], &["a", "b", "c", "d"]];
        for names in LISTS {
            for key in ["x", "", "with `ticks`", "Zoë"] {
                let field: serde_json::Error = serde::de::Error::unknown_field(key, names);
                assert_eq!(super::unknown_field(key, names), field.to_string());
                let code: serde_json::Error = serde::de::Error::unknown_variant(key, names);
                assert_eq!(super::unknown_code(key, names), code.to_string());
            }
        }
        let missing: serde_json::Error = serde::de::Error::missing_field("childName");
        assert_eq!(super::missing_field("childName"), missing.to_string());
        let long: serde_json::Error =
            serde::de::Error::invalid_length(4, &"fewer elements in array");
        assert_eq!(super::too_long(4), long.to_string());
        for count in [1, 2, 3] {
            let expected = match count {
                1 => "struct Thing with 1 element".to_owned(),
                n => format!("struct Thing with {n} elements"),
            };
            let short: serde_json::Error = serde::de::Error::invalid_length(0, &expected.as_str());
            assert_eq!(super::too_short(0, count, "Thing"), short.to_string());
        }
    }
}

#[cfg(test)]
pub(crate) mod walk {
    use serde::Deserialize;
    use serde_json::{Value, json};

    use super::{Read, Seg, read_at};

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

    /// `T`'s reader names the same fields, in the same order, as serde's message for an
    /// unknown field of `T`.
    pub(crate) fn same<T: Read + std::fmt::Debug + for<'de> Deserialize<'de>>(name: &str) {
        let value = json!({"zzz": 1});
        let serde = T::deserialize(&value).map_err(|e| e.to_string());
        assert_eq!(
            format!("{:?}", read_at::<T>(&value).map_err(|(_, m)| m)),
            format!("{serde:?}"),
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

    /// Copies of `value` damaged at `place`: the value there swapped for each of `odd`, and,
    /// for an object's key, the key dropped. Each with what was done, for the message.
    pub(crate) fn changes(value: &Value, place: &[Seg], odd: &[Value]) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for replacement in odd {
            let mut changed = value.clone();
            if let Some(node) = at(&mut changed, place) {
                *node = replacement.clone();
            }
            out.push((format!("{place:?} = {replacement}"), changed));
        }
        if let Some((Seg::Key(key), parent)) = place.split_last() {
            let mut changed = value.clone();
            if let Some(Value::Object(map)) = at(&mut changed, parent) {
                map.shift_remove(key);
            }
            out.push((format!("{place:?} removed"), changed));
        }
        // An object as an array of its values (serde reads an array positionally as a
        // struct): every prefix, so each field is in turn the first one past the end, and
        // one element too many.
        if let Some(Value::Object(map)) = at(&mut value.clone(), place).map(|node| node.clone()) {
            let values: Vec<Value> = map.values().cloned().collect();
            let mut arrays: Vec<Vec<Value>> =
                (0..=values.len()).map(|n| values[..n].to_vec()).collect();
            arrays.push(values.iter().cloned().chain([Value::Null]).collect());
            for array in arrays {
                let mut changed = value.clone();
                let len = array.len();
                if let Some(node) = at(&mut changed, place) {
                    *node = Value::Array(array);
                }
                out.push((format!("{place:?} as an array of {len}"), changed));
            }
        }
        out
    }

    /// `T` read by this module and by serde's derived impl, from `value` and from every
    /// damaged copy of it ([`changes`] at every place but the root, with eleven odd values),
    /// must agree value for value or message for message. Returns how many were compared.
    pub(crate) fn agrees_with_serde<T>(value: &Value) -> usize
    where
        T: Read + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
    {
        let odd = [
            Value::Null,
            Value::Bool(true),
            json!(-1),
            json!(1.5),
            json!(5_000_000_000u64),
            json!(""),
            json!("x"),
            json!([]),
            json!(["a", 1]),
            json!({}),
            json!({"zzz": 1}),
        ];
        let mut all = Vec::new();
        places(value, &mut Vec::new(), &mut all, &|_| false);
        let mut compared = 0;
        let copies = all
            .iter()
            .filter(|place| !place.is_empty())
            .flat_map(|place| changes(value, place, &odd))
            .chain([("unchanged".to_owned(), value.clone())]);
        for (what, changed) in copies {
            let ours = read_at::<T>(&changed).map_err(|(_, message)| message);
            let theirs = T::deserialize(&changed).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{what}");
            compared += 1;
        }
        compared
    }
}
