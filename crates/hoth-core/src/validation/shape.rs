//! Reading a referral from JSON of any shape.
//!
//! Serde stops at the first error; a referrer should see every problem at once. So we read
//! the referral with [`Read`] (which walks the JSON as serde's derived impls do, building the
//! referral as it goes), and on an error we take its path, record it as an issue, take the
//! offending value out of a working copy of the JSON, and try again, until the rest reads
//! cleanly. List items taken out are remembered so that later issues still name each item by
//! its original position.

use serde_json::Value;

use super::fields::{Answer, field, label, sentence};
use super::{Issue, IssueCode};
use crate::codes::Level;
use crate::read::{Read, Seg, read_at, read_codes, read_fields};
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
    let mut issues = Vec::new();
    let mut work: Option<Value> = None;
    // Original positions taken out of each list, keyed by the list's original path.
    let mut removed = Removed::default();
    loop {
        // The first pass reads the input itself: the usual case, a referral of the right
        // shape, is read in one walk.
        let current = work.as_ref().unwrap_or(value);
        let (segments, message) = match read_at::<Referral>(current) {
            Ok(referral) => return (referral, issues),
            Err(error) => error,
        };
        let original = original_path(&segments, &removed);
        let copy = work.get_or_insert_with(|| value.clone());
        let taken = take(copy, &segments, &message);
        issues.push(issue_for(&original.text, &message, taken.as_ref()));
        match (taken, original.list_item) {
            (Some(_), Some((list, index))) => {
                let list = removed.entry(list);
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

read_codes!(
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

/// A struct of the model: its fields and their JSON names, in declaration order, read with
/// [`read_fields`]. Every field of the referral's structs has `#[serde(default)]`, so a
/// missing field (or array element) is the field's default.
macro_rules! read_struct {
    ($($ty:ident { $($field:ident: $name:literal),+ $(,)? })+) => {$(
        impl Read for $ty {
            fn read(value: &Value, path: &mut Vec<Seg>) -> Result<Self, String> {
                let mut out = $ty::default();
                read_fields(value, path, stringify!($ty), &[$($name),+], 0, &mut |index, item, path| {
                    let mut at = 0usize;
                    $(
                        if index == at {
                            out.$field = Read::read(item, path)?;
                            return Ok(());
                        }
                        at += 1;
                    )+
                    let _ = at;
                    Ok(())
                })?;
                Ok(out)
            }
        }
    )+};
}

read_struct! {
    Referral {
        schema_version: "schemaVersion",
        referral_date: "referralDate",
        child: "child",
        household: "household",
        referrer: "referrer",
        consent: "consent",
        concerns: "concerns",
        hoth: "hoth",
        agencies: "agencies",
        worker_safety: "workerSafety",
    }
    Child {
        first_name: "firstName",
        last_name: "lastName",
        other_names: "otherNames",
        date_of_birth: "dateOfBirth",
        expected_due_date: "expectedDueDate",
        gender: "gender",
        ethnicity: "ethnicity",
        first_language: "firstLanguage",
        interpreter_needed: "interpreterNeeded",
        address: "address",
        nhs_number: "nhsNumber",
        local_id: "localId",
        school_or_setting: "schoolOrSetting",
        send: "send",
        care_status: "careStatus",
        open_case: "openCase",
    }
    Address {
        line1: "line1",
        line2: "line2",
        town: "town",
        postcode: "postcode",
    }
    HouseholdMember {
        name: "name",
        relationship: "relationship",
        date_of_birth: "dateOfBirth",
        parental_responsibility: "parentalResponsibility",
        lives_with_child: "livesWithChild",
    }
    Referrer {
        name: "name",
        role: "role",
        organisation: "organisation",
        agency: "agency",
        email: "email",
        phone: "phone",
    }
    Consent {
        parents_aware: "parentsAware",
        consent: "consent",
        reason_not_sought: "reasonNotSought",
    }
    Concerns {
        summary: "summary",
        childs_views: "childsViews",
        action_taken: "actionTaken",
        immediate_danger: "immediateDanger",
        harm_location: "harmLocation",
        harm_types: "harmTypes",
        predominant_harm: "predominantHarm",
    }
    Hoth {
        screening_completed: "screeningCompleted",
        indicators: "indicators",
        missing_episodes_90d: "missingEpisodes90d",
        associates: "associates",
        contexts: "contexts",
        no_associates_known: "noAssociatesKnown",
        no_contexts_known: "noContextsKnown",
        professional_judgement: "professionalJudgement",
    }
    Associate {
        description: "description",
        approx_age: "approxAge",
        relationship: "relationship",
        known_name: "knownName",
    }
    Context {
        kind: "kind",
        name: "name",
        description: "description",
        other_children_affected: "otherChildrenAffected",
    }
    ProfessionalJudgement {
        level: "level",
        reason: "reason",
    }
    Agency {
        name: "name",
        role: "role",
        contact: "contact",
    }
}

struct Original {
    text: String,
    /// When the path ends at a list item: the list's original path and the item's position.
    list_item: Option<(String, usize)>,
}

/// Original positions taken out of each list, by the list's original path: a handful of lists
/// at most, so a list of pairs (a `HashMap` here linked a second copy of std's hash table into
/// the browser builds).
#[derive(Default)]
struct Removed(Vec<(String, Vec<usize>)>);

impl Removed {
    fn get(&self, list: &str) -> Option<&Vec<usize>> {
        self.0
            .iter()
            .find(|(l, _)| l == list)
            .map(|(_, taken)| taken)
    }

    fn entry(&mut self, list: String) -> &mut Vec<usize> {
        let at = match self.0.iter().position(|(l, _)| *l == list) {
            Some(at) => at,
            None => {
                self.0.push((list, Vec::new()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }
}

/// The path as it was in the input, undoing the shifts of items already taken out.
fn original_path(segments: &[Seg], removed: &Removed) -> Original {
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
        // serde_json's own printing (a float as `Display` would print it but for huge and
        // tiny ones, "1e300" rather than 301 digits), not `Number`'s `Display`, which links
        // core's float formatter; written to a `Vec`, not through `Value`'s `Display`, whose
        // formatter adapter links std's string error and core's Unicode tables.
        Value::Number(n) => format!(
            "the number {}",
            serde_json::to_string(n).unwrap_or_default()
        ),
        Value::String(s) if s.chars().count() > 40 => "a long piece of text".to_owned(),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a group of fields".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::read::walk::{changes, places, same};

    /// What serde reads: the derived `Deserialize` impls with `serde_path_to_error`, the
    /// referral or the first error's path and message.
    fn reference(value: &Value) -> Result<Referral, (Vec<Seg>, String)> {
        use serde_path_to_error::Segment;
        serde_path_to_error::deserialize::<_, Referral>(value).map_err(|error| {
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
            (segments, error.inner().to_string())
        })
    }

    /// What the hand-written reader reads.
    fn ours(value: &Value) -> Result<Referral, (Vec<Seg>, String)> {
        read_at::<Referral>(value)
    }

    fn text(found: &Result<Referral, (Vec<Seg>, String)>) -> String {
        format!("{found:?}")
    }

    /// Every referral fixture (and validation fixture) that is JSON.
    fn fixtures() -> Vec<(String, Value)> {
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
        files.sort();
        files
            .into_iter()
            .filter_map(|file| {
                let value = serde_json::from_str::<Value>(&std::fs::read_to_string(&file).ok()?);
                Some((format!("{file:?}"), value.ok()?))
            })
            .collect()
    }

    /// The hand-written reader reads the same referral as serde's derived `Deserialize`, or
    /// finds the same first error (message and path, as `serde_path_to_error` reports it),
    /// for every fixture, with every value swapped for odd ones and with each key dropped.
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
            json!(-5_000_000_000i64),
            json!(""),
            json!("x"),
            json!("outside"),
            json!("criminal_exploitation"),
            json!("emerging"),
            json!([]),
            json!([null]),
            json!(["a", 1]),
            json!([true, "x", 3]),
            json!(["a", "b", "c"]),
            json!([
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"
            ]),
            json!([["a"], {"name": 1}]),
            json!([null, null, {"line1": "a"}]),
            json!(["outside", {"outside": null}]),
            json!({}),
            json!({"outside": null}),
            json!({"outside": 5}),
            json!({"outside": {}}),
            json!({"nowhere": null}),
            json!({"outside": null, "inside": null}),
            json!({"zzz": 1}),
            json!({"name": 5, "zzz": 1}),
            json!({"name": "a", "role": "b"}),
            json!({"line1": "a", "address": 1}),
            json!({"level": "emerging", "reason": "r"}),
            json!({"level": {"emerging": null}}),
        ];
        let fixtures = fixtures();
        assert!(fixtures.len() > 5);
        let mut compared = 0;
        let mut read = 0;
        for (file, value) in fixtures {
            assert_eq!(text(&ours(&value)), text(&reference(&value)), "{file}");
            let mut all = Vec::new();
            places(&value, &mut Vec::new(), &mut all, &|_| false);
            for place in all.iter().filter(|p| !p.is_empty()) {
                for (what, changed) in changes(&value, place, &odd) {
                    let reference = reference(&changed);
                    assert_eq!(
                        text(&ours(&changed)),
                        text(&reference),
                        "{file} with {what}"
                    );
                    compared += 1;
                    read += usize::from(reference.is_ok());
                }
            }
        }
        assert!(compared > 1000, "{compared}");
        assert!(read > 100, "{read}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// The same for mangled referrals and any JSON at all.
        #[test]
        fn reader_reads_what_serde_reads_mangled(value in hoth_testdata::mangled_referral()) {
            prop_assert_eq!(text(&ours(&value)), text(&reference(&value)));
        }

        #[test]
        fn reader_reads_what_serde_reads_valid(value in hoth_testdata::valid_referral()) {
            prop_assert_eq!(text(&ours(&value)), text(&reference(&value)));
        }

        #[test]
        fn reader_reads_what_serde_reads_any_json(value in hoth_testdata::any_json()) {
            prop_assert_eq!(text(&ours(&value)), text(&reference(&value)));
        }
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

    /// Every code of every code list reads as serde reads it, as a string and as a one-key
    /// object, and so does a code of another list.
    #[test]
    fn codes_read_as_serde_reads_them() {
        fn same<T: Read + std::fmt::Debug + for<'de> Deserialize<'de>>(codes: &[&str]) {
            let mut values = Vec::new();
            for code in codes.iter().chain(["none", "zzz", "Outside", ""].iter()) {
                values.push(json!(code));
                values.push(json!({ *code: null }));
                values.push(json!({ *code: 1 }));
                values.push(json!({ *code: [] }));
            }
            for value in values {
                let serde = serde_path_to_error::deserialize::<_, T>(&value)
                    .map_err(|e| (e.path().to_string(), e.inner().to_string()));
                let ours = read_at::<T>(&value).map_err(|(path, message)| {
                    let path = match path.as_slice() {
                        [] => ".".to_owned(),
                        [Seg::Key(key)] => key.clone(),
                        other => format!("{other:?}"),
                    };
                    (path, message)
                });
                assert_eq!(format!("{ours:?}"), format!("{serde:?}"), "{value}");
            }
        }
        same::<Send>(Send::CODES);
        same::<CareStatus>(CareStatus::CODES);
        same::<OpenCase>(OpenCase::CODES);
        same::<AgencyKind>(AgencyKind::CODES);
        same::<ConsentStatus>(ConsentStatus::CODES);
        same::<HarmLocation>(HarmLocation::CODES);
        same::<HarmType>(HarmType::CODES);
        same::<ContextKind>(ContextKind::CODES);
        same::<Level>(Level::CODES);
    }
}
