//! A policy pack in words, for the safeguarding partnership that signs it off: `hoth rulebook`,
//! `docs/rulebooks/<id>.md` and the partner sandbox.
//!
//! A header (the council, the pack's version, its source documents), then every rule in order:
//! its condition in words ("**When** the level is significant and the young person is aged 16
//! or over"), each outcome with its plain title, who acts, how firmly (will / may) and by when,
//! its reason, its basis (the council's guidance or hoth's safety default), the citation, and
//! the scenarios that test it.
//!
//! Pure: the caller passes the scenarios by rule id ([`tested_by`] builds that from scenario
//! files already read), so the browser can call it too.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::advice;
use crate::policy::{Basis, DueSpec, OutcomeCode, OutcomeSpec, PolicyPack, Rule, Stage};
use crate::scenario::Scenario;

/// How a fact reads in a sentence.
#[derive(Debug, Clone, Copy)]
pub enum Phrase {
    /// A yes/no fact: the words when it is true, and when it is false.
    Flag(&'static str, &'static str),
    /// A number, with its subject ("the level number").
    Number(&'static str),
    /// The young person's age in years.
    Age,
    /// One code: the subject, then "is" and the value's words ("the level is significant").
    Code(&'static str),
    /// A list of codes: a value "is among" the list's name ("among the harms").
    List(&'static str),
}

/// The words for every fact, by name. Keyed by name (not by [`crate::facts::Fact`]) so that a
/// phrase may be written before its fact exists; a test checks every fact has one.
pub const PHRASES: &[(&str, Phrase)] = &[
    ("age", Phrase::Age),
    (
        "unborn",
        Phrase::Flag(
            "the referral is about an unborn baby",
            "the referral is not about an unborn baby",
        ),
    ),
    ("careStatus", Phrase::Code("the care status")),
    (
        "careExperienced",
        Phrase::Flag(
            "the young person is care-experienced (in care or a care leaver)",
            "the young person is not care-experienced",
        ),
    ),
    (
        "send",
        Phrase::Flag(
            "the young person has special educational needs or disabilities",
            "the young person has no known special educational needs or disabilities",
        ),
    ),
    ("openCase", Phrase::Code("the open case")),
    ("harmLocation", Phrase::Code("harm")),
    ("harmTypes", Phrase::List("the harms")),
    ("predominantHarm", Phrase::Code("the predominant harm")),
    ("level", Phrase::Code("the level")),
    ("levelNumber", Phrase::Number("the level number")),
    (
        "immediateDanger",
        Phrase::Flag(
            "the young person is in immediate danger",
            "the young person is not in immediate danger",
        ),
    ),
    (
        "missingEpisodes90d",
        Phrase::Number("the number of missing episodes in the last 90 days"),
    ),
    (
        "contextsWithOtherChildren",
        Phrase::Number("the number of places or groups where other children are affected"),
    ),
    (
        "exploitation",
        Phrase::Flag(
            "the harms include exploitation (criminal or sexual exploitation, trafficking or modern slavery)",
            "the harms include no exploitation",
        ),
    ),
    (
        "violenceOrDrugs",
        Phrase::Flag(
            "the harms include serious youth violence or criminal exploitation",
            "the harms include neither serious youth violence nor criminal exploitation",
        ),
    ),
    ("consent", Phrase::Code("consent")),
    (
        "screeningComplete",
        Phrase::Flag(
            "the screening tool is completed",
            "the screening tool is not completed",
        ),
    ),
    ("indicators", Phrase::List("the screening indicators")),
    (
        "indicatorCategories",
        Phrase::List("the screening indicators' categories"),
    ),
    ("contextKinds", Phrase::List("the kinds of place or group")),
    (
        "placeOrGroupContext",
        Phrase::Flag(
            "a place or a peer group is named",
            "no place or peer group is named",
        ),
    ),
    (
        "missingFrequently",
        Phrase::Flag(
            "the young person goes missing frequently",
            "the young person does not go missing frequently",
        ),
    ),
    (
        "otherChildren",
        Phrase::Flag(
            "other children may be affected (in the household or the same places or groups)",
            "no other children are known to be affected",
        ),
    ),
    (
        "careAndSupportNeeds",
        Phrase::Flag(
            "the young person has care and support needs (an EHCP)",
            "the young person has no known care and support needs",
        ),
    ),
    (
        "associatesAnswered",
        Phrase::Flag(
            "the associates question is answered",
            "the associates question is not answered",
        ),
    ),
    (
        "contextsAnswered",
        Phrase::Flag(
            "the places and groups question is answered",
            "the places and groups question is not answered",
        ),
    ),
    ("pathway", Phrase::Code("the pathway")),
    ("plan", Phrase::Code("the plan")),
    (
        "turns18BeforeDue",
        Phrase::Flag(
            "the young person turns 18 before a child-only step is due",
            "the young person does not turn 18 before a child-only step is due",
        ),
    ),
    // Derived facts, being added to `facts.rs`.
    (
        "child",
        Phrase::Flag(
            "the young person is a child (under 18, or age not known)",
            "the young person is not a child (18 or over)",
        ),
    ),
    (
        "adult",
        Phrase::Flag(
            "the young person is 18 or over",
            "the young person is not 18 or over (or the age is not known)",
        ),
    ),
    (
        "careExperiencedYoungAdult",
        Phrase::Flag(
            YOUNG_ADULT,
            "the young person is not a care-experienced young adult (18 to 25)",
        ),
    ),
    (
        "harmOutsideHome",
        Phrase::Flag(
            "harm is outside the home (or both, or not sure)",
            "harm is inside the home only",
        ),
    ),
];

/// A flag fact's words when true (`yes`) or false.
fn flag_phrase(fact: &str, yes: bool) -> Option<&'static str> {
    match phrase(fact)? {
        Phrase::Flag(t, f) => Some(if yes { t } else { f }),
        _ => None,
    }
}

/// The phrase for a fact, by name.
pub fn phrase(fact: &str) -> Option<Phrase> {
    PHRASES.iter().find(|(n, _)| *n == fact).map(|(_, p)| *p)
}

/// A code's value in words: "outside" for `harmLocation` is "outside the home", a pathway or
/// plan code its plain title, any other code its words ("child in care").
fn value_words(fact: &str, code: &str) -> String {
    let special = match (fact, code) {
        ("harmLocation", "outside") => Some("outside the home"),
        ("harmLocation", "inside") => Some("inside the home"),
        ("harmLocation", "both") => Some("both inside and outside the home"),
        ("harmLocation", "unsure") => Some("somewhere the referrer is not sure of"),
        ("level", "none") => Some("none (no concerns found)"),
        ("openCase", "none") => Some("none"),
        ("consent", "not_sought") => Some("not sought"),
        ("harmTypes" | "predominantHarm", "missing") => Some("going missing"),
        ("send", "ehcp") => Some("an EHCP"),
        ("openCase", "early_help") => Some("Early Help"),
        ("openCase", "child_in_need") => Some("Child in Need"),
        _ => None,
    };
    if let Some(words) = special {
        return words.to_owned();
    }
    if matches!(fact, "pathway" | "plan")
        && let Some(outcome) = OutcomeCode::from_code(code)
    {
        return lower_title(outcome);
    }
    code.replace('_', " ")
}

/// A condition in words, e.g. "the level is significant and the young person is aged 16 or
/// over". Every operator the evaluator accepts has words; anything else reads as its JSON.
pub fn condition(when: &Value) -> String {
    simplify(cond(when)).text(false)
}

/// A condition as a tree of words, so that nesting can be grouped clearly and the common
/// patterns read as one phrase ("under 18 or age not known" is "a child").
#[derive(Debug, Clone, PartialEq)]
enum Words {
    Plain(String),
    /// A choice of values ("the level is emerging or moderate"): bracketed beside others.
    Choice(String),
    /// The age compared with a number.
    Age(&'static str, f64),
    /// Whether the age is known.
    AgeKnown(bool),
    All(Vec<Words>),
    Any(Vec<Words>),
}

const CHILD: &str = "the young person is a child (under 18, or age not known)";
const YOUNG_ADULT: &str = "the young person is a care-experienced young adult (18 to 25)";
const OUTSIDE: &str = "harm is outside the home (or both, or not sure)";

/// The three ways harm may be outside the home, as single comparisons read.
const OUTSIDE_PARTS: [&str; 3] = [
    "harm is outside the home",
    "harm is both inside and outside the home",
    "harm is somewhere the referrer is not sure of",
];

fn age_words(op: &str, n: f64) -> String {
    let text = match op {
        "==" => format!("aged {n}"),
        "!=" => format!("not aged {n}"),
        ">" => format!("older than {n}"),
        ">=" => format!("aged {n} or over"),
        "<" => format!("aged under {n}"),
        _ => format!("aged {n} or under"),
    };
    format!("the young person is {text}")
}

/// Flatten same-kind groups and read the common patterns as one phrase.
fn simplify(words: Words) -> Words {
    match words {
        Words::All(items) => {
            let mut flat = Vec::new();
            for item in items.into_iter().map(simplify) {
                match item {
                    Words::All(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            // An age of 18 or over is known: "known and 18 or over" is "18 or over".
            let bounded_below = flat.iter().any(|w| {
                matches!(w, Words::Age(">=", n) if *n > 0.0)
                    || matches!(w, Words::Age(">", n) if *n >= 0.0)
            });
            if bounded_below {
                flat.retain(|w| *w != Words::AgeKnown(true));
            }
            let lower = flat
                .iter()
                .position(|w| matches!(w, Words::Age(">=" | ">", _)));
            let upper = flat
                .iter()
                .position(|w| matches!(w, Words::Age("<=" | "<", _)));
            if let (Some(l), Some(u)) = (lower, upper)
                && let (Words::Age(lop, low), Words::Age(uop, high)) = (&flat[l], &flat[u])
            {
                let text = match (*lop, *uop) {
                    (">=", "<=") => format!("the young person is aged {low} to {high}"),
                    (">=", _) => format!("the young person is aged {low} or over and under {high}"),
                    (_, "<=") => {
                        format!("the young person is older than {low} and aged {high} or under")
                    }
                    _ => format!("the young person is older than {low} and under {high}"),
                };
                let (first, second) = (l.min(u), l.max(u));
                flat.remove(second);
                flat[first] = Words::Plain(text);
            }
            let range = flat.iter().position(
                |w| matches!(w, Words::Plain(t) if t == "the young person is aged 18 to 25"),
            );
            let care = flat.iter().position(
                |w| matches!(w, Words::Plain(t) if Some(t.as_str()) == flag_phrase("careExperienced", true)),
            );
            if let (Some(a), Some(b)) = (range, care) {
                let (first, second) = (a.min(b), a.max(b));
                flat.remove(second);
                flat[first] = Words::Plain(YOUNG_ADULT.to_owned());
            }
            if flat.len() == 1 {
                flat.pop().unwrap_or(Words::All(Vec::new()))
            } else {
                Words::All(flat)
            }
        }
        Words::Any(items) => {
            let mut flat = Vec::new();
            for item in items.into_iter().map(simplify) {
                match item {
                    Words::Any(inner) => flat.extend(inner),
                    other => flat.push(other),
                }
            }
            let unknown = flat.iter().position(|w| *w == Words::AgeKnown(false));
            let under = flat.iter().position(|w| *w == Words::Age("<", 18.0));
            if let (Some(a), Some(b)) = (unknown, under) {
                let (first, second) = (a.min(b), a.max(b));
                flat.remove(second);
                flat[first] = Words::Plain(CHILD.to_owned());
            }
            let outside: Vec<usize> = OUTSIDE_PARTS
                .iter()
                .filter_map(|part| {
                    flat.iter()
                        .position(|w| matches!(w, Words::Plain(t) if t == part))
                })
                .collect();
            if outside.len() == 3 {
                let mut sorted = outside.clone();
                sorted.sort_unstable();
                for index in sorted.iter().skip(1).rev() {
                    flat.remove(*index);
                }
                flat[sorted[0]] = Words::Plain(OUTSIDE.to_owned());
            }
            if flat.len() == 1 {
                flat.pop().unwrap_or(Words::Any(Vec::new()))
            } else {
                Words::Any(flat)
            }
        }
        other => other,
    }
}

impl Words {
    /// The words; `nested` puts a group inside another in brackets.
    fn text(&self, nested: bool) -> String {
        let group = |items: &[Words], joiner: &str, lead: &str| {
            let parts: Vec<String> = items.iter().map(|w| w.text(true)).collect();
            let body = parts.join(&format!(" {joiner} "));
            if nested {
                format!("({lead}{body})")
            } else {
                format!("{lead}{body}")
            }
        };
        match self {
            Words::Plain(text) => text.clone(),
            Words::Choice(text) if nested => format!("({text})"),
            Words::Choice(text) => text.clone(),
            Words::Age(op, n) => age_words(op, *n),
            Words::AgeKnown(true) => "the young person's age is known".to_owned(),
            Words::AgeKnown(false) => "the young person's age is not known".to_owned(),
            Words::All(items) if items.len() == 1 => items[0].text(nested),
            Words::Any(items) if items.len() == 1 => items[0].text(nested),
            Words::All(items) => group(items, "and", ""),
            Words::Any(items) => group(items, "or", "either "),
        }
    }
}

/// "a, b or c".
fn join(parts: &[String], last: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., end] => format!("{} {last} {end}", init.join(", ")),
    }
}

fn plain(text: impl Into<String>) -> Words {
    Words::Plain(text.into())
}

/// The single operator and its arguments (always as a list).
fn operation(value: &Value) -> Option<(&str, Vec<&Value>)> {
    let Value::Object(map) = value else {
        return None;
    };
    if map.len() != 1 {
        return None;
    }
    let (op, args) = map.iter().next()?;
    let args = match args {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    Some((op.as_str(), args))
}

/// The fact a `var` reads, when it names one literally.
fn var_name(value: &Value) -> Option<&str> {
    let (op, args) = operation(value)?;
    if op != "var" {
        return None;
    }
    match args.first()? {
        Value::String(name) => Some(name),
        _ => None,
    }
}

fn cond(value: &Value) -> Words {
    if let Some(fact) = var_name(value) {
        return truthy(fact, true);
    }
    let Some((op, args)) = operation(value) else {
        return match value {
            Value::Bool(true) => plain("always"),
            Value::Bool(false) | Value::Null => plain("never"),
            other if crate::logic::truthy(other) => plain("always"),
            _ => plain("never"),
        };
    };
    match (op, args.as_slice()) {
        ("and", items) => Words::All(items.iter().map(|v| cond(v)).collect()),
        ("or", items) => Words::Any(items.iter().map(|v| cond(v)).collect()),
        ("!", [inner]) => negate(inner),
        ("!", []) => plain("always"),
        ("!!", [inner]) => cond(inner),
        ("!!", []) => plain("never"),
        ("==" | "===", [a, b]) => compare(a, "==", b),
        ("!=" | "!==", [a, b]) => compare(a, "!=", b),
        (">" | ">=" | "<" | "<=", [a, b]) => compare(a, op, b),
        ("<" | "<=", [low, x, high]) => {
            let upper = if op == "<" { "<" } else { "<=" };
            let lower = if op == "<" { ">" } else { ">=" };
            Words::All(vec![compare(x, lower, low), compare(x, upper, high)])
        }
        ("in", [needle, haystack]) => member(needle, haystack, true),
        ("if" | "?:", items) => conditional(items),
        ("missing", items) => plain(format!("any of {} is not known", join(&names(items), "or"))),
        ("missing_some", [need, list]) => {
            let list: Vec<&Value> = match list {
                Value::Array(items) => items.iter().collect(),
                other => vec![*other],
            };
            plain(format!(
                "fewer than {} of {} are known",
                expr(need),
                join(&names(&list), "and")
            ))
        }
        _ => plain(format!("{} is true", expr(value))),
    }
}

/// The negation of a condition, in its own words where there are some.
fn negate(value: &Value) -> Words {
    if let Some(fact) = var_name(value) {
        return truthy(fact, false);
    }
    match operation(value) {
        Some(("!" | "!!", args)) if args.len() <= 1 => match (operation(value), args.first()) {
            (Some(("!", _)), Some(inner)) => cond(inner),
            (Some(("!!", _)), Some(inner)) => negate(inner),
            _ => plain(if args.is_empty() { "never" } else { "always" }),
        },
        Some(("==" | "===", args)) if args.len() == 2 => compare(args[0], "!=", args[1]),
        Some(("!=" | "!==", args)) if args.len() == 2 => compare(args[0], "==", args[1]),
        Some((op @ (">" | ">=" | "<" | "<="), args)) if args.len() == 2 => {
            let flipped = match op {
                ">" => "<=",
                ">=" => "<",
                "<" => ">=",
                _ => ">",
            };
            compare(args[0], flipped, args[1])
        }
        Some(("in", args)) if args.len() == 2 => member(args[0], args[1], false),
        Some(("and", args)) => Words::Any(args.iter().map(|v| negate(v)).collect()),
        Some(("or", args)) => Words::All(args.iter().map(|v| negate(v)).collect()),
        _ => plain(format!("not {}", cond(value).text(true))),
    }
}

/// A fact read on its own as a condition: true when set (a flag true, a number not zero, a
/// code given, a list not empty).
fn truthy(fact: &str, yes: bool) -> Words {
    let text = match (phrase(fact), yes) {
        (Some(Phrase::Flag(t, _)), true) => t.to_owned(),
        (Some(Phrase::Flag(_, f)), false) => f.to_owned(),
        (Some(Phrase::List(list)), true) => format!("{list} are not empty"),
        (Some(Phrase::List(list)), false) => format!("{list} are empty"),
        (Some(Phrase::Number(subject)), true) => format!("{subject} is more than 0"),
        (Some(Phrase::Number(subject)), false) => format!("{subject} is 0 or not known"),
        (Some(Phrase::Age), true) => "the young person's age is known and not 0".to_owned(),
        (Some(Phrase::Age), false) => "the young person's age is 0 or not known".to_owned(),
        (Some(Phrase::Code(subject)), true) => format!("{} is known", subject_of(fact, subject)),
        (Some(Phrase::Code(subject)), false) => {
            format!("{} is not known", subject_of(fact, subject))
        }
        (None, true) => format!("\u{201c}{fact}\u{201d} is true"),
        (None, false) => format!("\u{201c}{fact}\u{201d} is not true"),
    };
    plain(text)
}

/// The subject of a code fact as a noun: "harm" alone reads "where harm happens".
fn subject_of(fact: &str, subject: &str) -> String {
    if fact == "harmLocation" {
        "where harm happens".to_owned()
    } else {
        subject.to_owned()
    }
}

/// A comparison `a op b`, with the fact on either side.
fn compare(a: &Value, op: &str, b: &Value) -> Words {
    match (var_name(a), var_name(b)) {
        (Some(fact), _) if !b.is_object() => fact_words(fact, op, b),
        (None, Some(fact)) if !a.is_object() => {
            let mirrored = match op {
                ">" => "<",
                ">=" => "<=",
                "<" => ">",
                "<=" => ">=",
                other => other,
            };
            fact_words(fact, mirrored, a)
        }
        _ => plain(format!("{} {} {}", expr(a), relation(op), expr(b))),
    }
}

/// A fact compared with a literal, as words the simplifier can read.
fn fact_words(fact: &str, op: &str, literal: &Value) -> Words {
    if fact == "age" {
        let op: Option<&'static str> = match op {
            "==" => Some("=="),
            "!=" => Some("!="),
            ">" => Some(">"),
            ">=" => Some(">="),
            "<" => Some("<"),
            "<=" => Some("<="),
            _ => None,
        };
        match (op, literal) {
            (Some("==" | "!="), Value::Null) => return Words::AgeKnown(op == Some("!=")),
            (Some(op), Value::Number(n)) => {
                if let Some(n) = n.as_f64() {
                    return Words::Age(op, n);
                }
            }
            _ => {}
        }
    }
    plain(fact_compared(fact, op, literal))
}

/// The words for a comparison, given in the order `==`, `!=`, `>`, `>=`, `<`, `<=` (any
/// other operator reads as the last).
fn by_op<T>(op: &str, [eq, ne, gt, ge, lt, le]: [T; 6]) -> T {
    match op {
        "==" => eq,
        "!=" => ne,
        ">" => gt,
        ">=" => ge,
        "<" => lt,
        _ => le,
    }
}

fn relation(op: &str) -> &'static str {
    by_op(
        op,
        [
            "is",
            "is not",
            "is more than",
            "is at least",
            "is less than",
            "is at most",
        ],
    )
}

/// A fact compared with a literal.
fn fact_compared(fact: &str, op: &str, literal: &Value) -> String {
    let phrase = phrase(fact);
    if literal.is_null() {
        let subject = match phrase {
            Some(Phrase::Age) => "the young person's age".to_owned(),
            Some(Phrase::Code(s) | Phrase::Number(s) | Phrase::List(s)) => subject_of(fact, s),
            _ => format!("whether {}", flag_words(fact, true)),
        };
        return match op {
            "==" => format!("{subject} is not known"),
            "!=" => format!("{subject} is known"),
            _ => format!("{subject} {} nothing", relation(op)),
        };
    }
    match (phrase, literal) {
        (Some(Phrase::Flag(yes, no)), Value::Bool(b)) => match op {
            "==" => if *b { yes } else { no }.to_owned(),
            "!=" => if *b { no } else { yes }.to_owned(),
            _ => format!("{} {} {literal}", flag_words(fact, true), relation(op)),
        },
        (Some(Phrase::Age), Value::Number(n)) => {
            let text = by_op(
                op,
                [
                    format!("aged {n}"),
                    format!("not aged {n}"),
                    format!("older than {n}"),
                    format!("aged {n} or over"),
                    format!("aged under {n}"),
                    format!("aged {n} or under"),
                ],
            );
            format!("the young person is {text}")
        }
        (Some(Phrase::Number(_)), Value::Number(n))
            if fact == "levelNumber" && matches!(n.as_u64(), Some(1..=4)) =>
        {
            let name = match n.as_u64() {
                Some(2) => "emerging",
                Some(3) => "moderate",
                Some(4) => "significant",
                _ => "none",
            };
            by_op(
                op,
                [
                    format!("the level is {name} (level {n})"),
                    format!("the level is not {name} (level {n})"),
                    format!("the level is above {name} (above level {n})"),
                    format!("the level is {name} or above (level {n} or more)"),
                    format!("the level is below {name} (under level {n})"),
                    format!("the level is {name} or below (level {n} or less)"),
                ],
            )
        }
        (Some(Phrase::Number(subject)), Value::Number(n)) => {
            let text = by_op(
                op,
                [
                    format!("is {n}"),
                    format!("is not {n}"),
                    format!("is more than {n}"),
                    format!("is {n} or more"),
                    format!("is less than {n}"),
                    format!("is {n} or less"),
                ],
            );
            format!("{subject} {text}")
        }
        (Some(Phrase::Code(_)), Value::String(code))
            if fact == "level" && code == "none" && op == "!=" =>
        {
            "the screening found some concern (the level is not none)".to_owned()
        }
        (Some(Phrase::Code(subject)), Value::String(code)) if op == "==" || op == "!=" => {
            let not = if op == "!=" { "not " } else { "" };
            format!("{subject} is {not}{}", value_words(fact, code))
        }
        (Some(Phrase::List(list)), _) => {
            format!("{list} {} {}", relation(op), literal_words(fact, literal))
        }
        (Some(Phrase::Code(subject)), _) => format!(
            "{} {} {}",
            subject_of(fact, subject),
            relation(op),
            literal_words(fact, literal)
        ),
        _ => format!(
            "{} {} {}",
            expr(&serde_json::json!({"var": fact})),
            relation(op),
            literal_words(fact, literal)
        ),
    }
}

/// What a flag fact is about, for the unusual comparisons: its "true" words.
fn flag_words(fact: &str, yes: bool) -> String {
    match phrase(fact) {
        Some(Phrase::Flag(t, f)) => if yes { t } else { f }.to_owned(),
        _ => format!("\u{201c}{fact}\u{201d}"),
    }
}

/// A literal in words: a code of the fact in its words, a list as "a, b or c".
fn literal_words(fact: &str, literal: &Value) -> String {
    match literal {
        Value::String(code) => value_words(fact, code),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| literal_words(fact, i)).collect();
            join(&parts, "or")
        }
        Value::Null => "nothing".to_owned(),
        other => other.to_string(),
    }
}

/// `in`: a code among a list fact ("peer abuse is among the harms"), a code fact among
/// literal codes ("the level is emerging or moderate"), or text within text.
fn member(needle: &Value, haystack: &Value, yes: bool) -> Words {
    if let Some(fact) = var_name(haystack)
        && let Some(Phrase::List(list)) = phrase(fact)
        && !needle.is_object()
    {
        let not = if yes { "" } else { "not " };
        return plain(format!(
            "{} is {not}among {list}",
            literal_words(fact, needle)
        ));
    }
    if let Some(fact) = var_name(needle)
        && let Value::Array(codes) = haystack
    {
        let subject = match phrase(fact) {
            Some(Phrase::Code(s) | Phrase::Number(s) | Phrase::List(s)) => s.to_owned(),
            Some(Phrase::Age) => "the young person's age".to_owned(),
            _ => format!("\u{201c}{fact}\u{201d}"),
        };
        let parts: Vec<String> = codes.iter().map(|c| literal_words(fact, c)).collect();
        let words = |text: String| {
            if codes.len() > 1 {
                Words::Choice(text)
            } else {
                Words::Plain(text)
            }
        };
        if fact == "harmLocation" && yes {
            let mut given: Vec<&str> = codes.iter().filter_map(Value::as_str).collect();
            given.sort_unstable();
            if given == ["both", "outside", "unsure"] {
                return plain(OUTSIDE);
            }
        }
        return words(match (codes.len(), yes) {
            (0, true) => "never".to_owned(),
            (0, false) => "always".to_owned(),
            (1, true) => format!("{subject} is {}", parts[0]),
            (1, false) => format!("{subject} is not {}", parts[0]),
            (_, true) => format!("{subject} is {}", join(&parts, "or")),
            (_, false) => format!("{subject} is neither {}", join(&parts, "nor")),
        });
    }
    let not = if yes { "" } else { "not " };
    plain(format!("{} is {not}in {}", expr(needle), expr(haystack)))
}

/// `if`: "if A, then B; otherwise C" as a condition.
fn conditional(items: &[&Value]) -> Words {
    match items {
        [] => plain("never"),
        [only] => cond(only),
        _ => {
            let mut text = String::new();
            let mut rest = items;
            let mut first = true;
            while let [test, then, tail @ ..] = rest {
                let lead = if first { "if" } else { "; otherwise if" };
                let _ = write!(
                    text,
                    "{lead} {}, then {}",
                    cond(test).text(true),
                    cond(then).text(true)
                );
                first = false;
                rest = tail;
            }
            if let [otherwise] = rest {
                let _ = write!(text, "; otherwise {}", cond(otherwise).text(true));
            }
            plain(format!("({text})"))
        }
    }
}

/// Fact names listed by `missing` and `missing_some`, in words.
fn names(items: &[&Value]) -> Vec<String> {
    items
        .iter()
        .flat_map(|item| match item {
            Value::Array(inner) => inner.iter().collect::<Vec<_>>(),
            other => vec![*other],
        })
        .map(|item| match item {
            Value::String(name) => fact_noun(name),
            other => expr(other),
        })
        .collect()
}

/// A fact as a noun: "the level", "the young person's age", "whether ...".
fn fact_noun(fact: &str) -> String {
    match phrase(fact) {
        Some(Phrase::Age) => "the young person's age".to_owned(),
        Some(Phrase::Code(s) | Phrase::Number(s) | Phrase::List(s)) => subject_of(fact, s),
        Some(Phrase::Flag(yes, _)) => format!("whether {yes}"),
        None => format!("\u{201c}{fact}\u{201d}"),
    }
}

/// A value (not a condition) in words: a fact's noun, a literal, or arithmetic.
fn expr(value: &Value) -> String {
    if let Some(fact) = var_name(value) {
        return fact_noun(fact);
    }
    let Some((op, args)) = operation(value) else {
        return match value {
            Value::String(text) => format!("\u{201c}{text}\u{201d}"),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(expr).collect();
                format!("the list ({})", parts.join(", "))
            }
            other => other.to_string(),
        };
    };
    let list = |args: &[&Value]| args.iter().map(|a| expr(a)).collect::<Vec<_>>();
    match (op, args.as_slice()) {
        ("var", [Value::Array(parts)]) if parts.len() == 2 => format!(
            "{} (or {} when not known)",
            parts.first().map(expr).unwrap_or_default(),
            parts.get(1).map(expr).unwrap_or_default()
        ),
        ("+", items) => format!("({})", list(items).join(" plus ")),
        ("-", [one]) => format!("minus {}", expr(one)),
        ("-", items) => format!("({})", list(items).join(" minus ")),
        ("*", items) => format!("({})", list(items).join(" times ")),
        ("/", items) => format!("({})", list(items).join(" divided by ")),
        ("%", [a, b]) => format!("the remainder of {} divided by {}", expr(a), expr(b)),
        ("min", items) => format!("the smallest of {}", join(&list(items), "and")),
        ("max", items) => format!("the largest of {}", join(&list(items), "and")),
        ("cat", items) => format!("the text of {} joined", join(&list(items), "and")),
        ("substr", [text, start]) => {
            format!("the part of {} from character {}", expr(text), expr(start))
        }
        ("substr", [text, start, len]) => format!(
            "the part of {} from character {}, {} long",
            expr(text),
            expr(start),
            expr(len)
        ),
        ("merge", items) => format!("the list of {}", join(&list(items), "and")),
        _ => format!("whether {}", cond(value).text(true)),
    }
}

/// A deadline in words: "the same day", "within 3 working days", "within 8 weeks of the
/// Strategy meeting".
pub fn due(due: &DueSpec) -> String {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let base = if due.same_day == Some(true) {
        "the same day".to_owned()
    } else if let Some(n) = due.working_days {
        if n == 0 {
            "the same working day".to_owned()
        } else {
            format!("within {}", plural(n, "working day", "working days"))
        }
    } else if let Some(n) = due.weeks {
        format!("within {}", plural(n, "week", "weeks"))
    } else if let Some(n) = due.months {
        format!("within {}", plural(n, "month", "months"))
    } else {
        "no set time".to_owned()
    };
    match due.from {
        Some(from) if due.same_day == Some(true) => {
            format!("the same day as the {}", lower_title(from))
        }
        Some(from) => format!("{base} of the {}", lower_title(from)),
        None => base,
    }
}

/// "Strategy meeting" as it reads inside a sentence: the first letter lower-cased unless the
/// title starts with a name or an abbreviation ("Child in Need plan" stays).
fn lower_title(code: OutcomeCode) -> String {
    let title = code.title();
    let mut chars = title.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return title.to_owned();
    };
    let first_word = title.split(' ').next().unwrap_or_default();
    let keep = second.is_uppercase()
        || matches!(
            first_word,
            "Early" | "Child" | "Initial" | "My" | "Breaking" | "Section" | "National" | "HOTH"
        );
    if keep {
        title.to_owned()
    } else {
        format!("{}{}", first.to_lowercase(), &title[first.len_utf8()..])
    }
}

/// One outcome in words: its plain title (with the instruction, if any) and who does it, how
/// firmly and by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeWords {
    /// "Strategy meeting": the code's plain title.
    pub title: String,
    /// The instruction, where the rule gives one.
    pub detail: Option<String>,
    /// "the MASH will do this, the same day."
    pub action: String,
}

/// One outcome in words.
pub fn outcome_words(spec: &OutcomeSpec) -> OutcomeWords {
    let actor = spec.actor.unwrap_or(spec.code.default_actor());
    let who = match actor {
        crate::policy::Actor::Referrer => "the referrer".to_owned(),
        other => {
            let title = other.title();
            let mut chars = title.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    };
    let title = spec.code.title().to_owned();
    let detail = spec.detail.clone();
    let mut action = format!("{who} {} do this", advice::verb(spec.strength));
    if let Some(due_spec) = &spec.due {
        let _ = write!(action, ", {}", due(due_spec));
    }
    match (&spec.first_every, &spec.every) {
        (Some(first), Some(every)) => {
            let _ = write!(action, ", every {first} at first, then every {every}");
        }
        (None, Some(every)) => {
            let _ = write!(action, ", every {every}");
        }
        (Some(first), None) => {
            let _ = write!(action, ", every {first} at first");
        }
        (None, None) => {}
    }
    action.push('.');
    OutcomeWords {
        title,
        detail,
        action,
    }
}

/// One outcome as a Markdown line: "**Strategy meeting** — the MASH will do this, the same day."
pub fn outcome(spec: &OutcomeSpec) -> String {
    outcome_line(&outcome_words(spec))
}

fn outcome_line(words: &OutcomeWords) -> String {
    match &words.detail {
        Some(detail) => format!("**{}**: {detail} \u{2014} {}", words.title, words.action),
        None => format!("**{}** \u{2014} {}", words.title, words.action),
    }
}

/// One rule in words, as the rulebook and the sandbox show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleWords {
    /// 1 for the first rule.
    pub number: usize,
    pub id: String,
    /// A follow-up rule (runs after the route is known).
    pub follow_up: bool,
    /// The condition in words, without "When".
    pub when: String,
    /// Empty for a note to the MASH.
    pub outcomes: Vec<OutcomeWords>,
    pub why: String,
    /// "the council's guidance: <document>, <section>: “<quote>”" or hoth's safety default.
    pub basis: String,
    /// The scenario files that name the rule.
    pub tested_by: Vec<String>,
}

/// Every rule of a pack in words, in order. `tested` as for [`rulebook`].
pub fn rules_in_words(pack: &PolicyPack, tested: &BTreeMap<String, Vec<String>>) -> Vec<RuleWords> {
    pack.rules
        .iter()
        .enumerate()
        .map(|(index, rule)| rule_words(index, rule, tested.get(&rule.id)))
        .collect()
}

fn rule_words(index: usize, rule: &Rule, tested: Option<&Vec<String>>) -> RuleWords {
    let mut when = condition(&rule.when);
    if when.starts_with('(') && when.ends_with(')') && balanced_outer(&when) {
        when = when[1..when.len() - 1].to_owned();
    }
    let basis = match (&rule.basis, &rule.cite) {
        (Basis::Council, Some(cite)) => {
            format!("the council's guidance: {}", advice::citation(cite))
        }
        (Basis::Council, None) => "the council's guidance (no citation given).".to_owned(),
        (Basis::SafetyDefault, _) => {
            "hoth's safety default, not the council's guidance: the guidance is silent here."
                .to_owned()
        }
    };
    RuleWords {
        number: index + 1,
        id: rule.id.clone(),
        follow_up: rule.stage == Stage::FollowUp,
        when,
        outcomes: rule.then.iter().map(outcome_words).collect(),
        why: rule.why.trim().to_owned(),
        basis,
        tested_by: tested.cloned().unwrap_or_default(),
    }
}

/// Which scenarios name each rule, from scenarios already read: (file name, scenario).
pub fn tested_by<'a>(
    scenarios: impl IntoIterator<Item = (&'a str, &'a Scenario)>,
) -> BTreeMap<String, Vec<String>> {
    let mut by_rule: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, scenario) in scenarios {
        for rule in &scenario.expect.rules {
            by_rule
                .entry(rule.clone())
                .or_default()
                .push(name.to_owned());
        }
    }
    for names in by_rule.values_mut() {
        names.sort();
        names.dedup();
    }
    by_rule
}

/// The whole pack as Markdown. `tested` maps rule ids to the scenario files that name them
/// (see [`tested_by`]); pass an empty map when there are none to show.
pub fn rulebook(pack: &PolicyPack, tested: &BTreeMap<String, Vec<String>>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: policy pack `{}`", pack.name, pack.id);
    out.push('\n');
    let _ = writeln!(
        out,
        "Pack version {}, {} rules. Written by `hoth rulebook --policy {}` from the pack itself: \
         check each rule against the guidance it cites.",
        pack.version,
        pack.rules.len(),
        pack.id
    );
    out.push('\n');
    out.push_str("Source documents:\n\n");
    for source in &pack.source {
        let _ = writeln!(out, "- {} ({})", source.document, source.date);
    }
    out.push('\n');
    out.push_str(
        "Rules run in this order. **Will** means the guidance says it must or will happen; \
         **may** that it should be considered. Route rules decide the pathway and plan; \
         follow-up rules run afterwards and may also read them.\n",
    );
    for rule in rules_in_words(pack, tested) {
        out.push('\n');
        write_rule(&mut out, &rule);
    }
    if let Some(plan) = &pack.safety_plan {
        out.push('\n');
        let _ = writeln!(out, "## Ideas for the safety plan");
        out.push('\n');
        let _ = writeln!(out, "From {}.", plan.document);
        for theme in &plan.themes {
            out.push('\n');
            let _ = writeln!(out, "### {}", theme.title);
            out.push('\n');
            if !theme.harm_types.is_empty() {
                let harms: Vec<String> = theme
                    .harm_types
                    .iter()
                    .map(|h| value_words("harmTypes", h.code()))
                    .collect();
                let _ = writeln!(out, "For: {}.", join(&harms, "or"));
                out.push('\n');
            }
            for idea in &theme.ideas {
                let _ = writeln!(out, "- {idea}");
            }
            out.push('\n');
            let _ = writeln!(
                out,
                "Source: {}: \u{201c}{}\u{201d}",
                theme.section, theme.quote
            );
        }
    }
    out
}

fn write_rule(out: &mut String, rule: &RuleWords) {
    let stage = if rule.follow_up { " (follow-up)" } else { "" };
    let _ = writeln!(out, "## {}. `{}`{stage}", rule.number, rule.id);
    out.push('\n');
    let when = &rule.when;
    if rule.outcomes.is_empty() {
        let _ = writeln!(out, "**When** {when}: a note for the MASH, no outcome.");
    } else {
        let _ = writeln!(out, "**When** {when}:");
        out.push('\n');
        for outcome in &rule.outcomes {
            let _ = writeln!(out, "- {}", outcome_line(outcome));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "**Why:** {}", rule.why);
    out.push('\n');
    let _ = writeln!(out, "**Basis:** {}", rule.basis);
    out.push('\n');
    if rule.tested_by.is_empty() {
        let _ = writeln!(out, "**Tested by:** no scenario yet.");
    } else {
        let names: Vec<String> = rule.tested_by.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(out, "**Tested by:** {}", names.join(", "));
    }
}

/// Whether the first "(" of `text` closes at its last character.
fn balanced_outer(text: &str) -> bool {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < text.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use serde_json::json;

    use super::*;
    use crate::facts::Fact;
    use crate::logic::OPERATORS;

    #[test]
    fn every_fact_has_a_phrase() {
        for fact in Fact::ALL {
            assert!(
                phrase(fact.code()).is_some(),
                "no phrase for {}",
                fact.code()
            );
        }
        for derived in [
            "child",
            "adult",
            "careExperiencedYoungAdult",
            "harmOutsideHome",
        ] {
            assert!(phrase(derived).is_some(), "{derived}");
        }
    }

    #[test]
    fn the_example_reads_as_words() {
        let when = json!({"and": [
            {"==": [{"var": "level"}, "significant"]},
            {">=": [{"var": "age"}, 16]},
            {"in": ["peer_abuse", {"var": "harmTypes"}]}
        ]});
        assert_eq!(
            condition(&when),
            "the level is significant and the young person is aged 16 or over and peer abuse is among the harms"
        );
    }

    #[test]
    fn facts_and_values_read_naturally() {
        let cases = [
            (
                json!({"==": [{"var": "harmLocation"}, "outside"]}),
                "harm is outside the home",
            ),
            (
                json!({"!=": [{"var": "harmLocation"}, "inside"]}),
                "harm is not inside the home",
            ),
            (
                json!({"<": [{"var": "age"}, 18]}),
                "the young person is aged under 18",
            ),
            (
                json!({"==": [{"var": "age"}, null]}),
                "the young person's age is not known",
            ),
            (
                json!({"!": {"in": ["missing", {"var": "harmTypes"}]}}),
                "going missing is not among the harms",
            ),
            (
                json!({"==": [{"var": "child"}, true]}),
                "the young person is a child (under 18, or age not known)",
            ),
            (json!({"var": "adult"}), "the young person is 18 or over"),
            (
                json!({"!": {"var": "immediateDanger"}}),
                "the young person is not in immediate danger",
            ),
            (
                json!({"in": [{"var": "level"}, ["emerging", "moderate"]]}),
                "the level is emerging or moderate",
            ),
            (
                json!({"==": [{"var": "pathway"}, "strategy_meeting"]}),
                "the pathway is strategy meeting",
            ),
            (
                json!({"<=": [18, {"var": "age"}]}),
                "the young person is aged 18 or over",
            ),
            (
                json!({">=": [{"var": "levelNumber"}, 3]}),
                "the level is moderate or above (level 3 or more)",
            ),
            (
                json!({">": [{"var": "missingEpisodes90d"}, 2]}),
                "the number of missing episodes in the last 90 days is more than 2",
            ),
        ];
        for (when, words) in cases {
            assert_eq!(condition(&when), words, "{when}");
        }
    }

    #[test]
    fn common_patterns_read_as_one_phrase() {
        let child = json!({"or": [{"==": [{"var": "age"}, null]}, {"<": [{"var": "age"}, 18]}]});
        assert_eq!(condition(&child), CHILD);
        let young_adult = json!({"and": [
            {"!=": [{"var": "age"}, null]}, {">=": [{"var": "age"}, 18]},
            {"<=": [{"var": "age"}, 25]}, {"==": [{"var": "careExperienced"}, true]}
        ]});
        assert_eq!(condition(&young_adult), YOUNG_ADULT);
        let outside = json!({"in": [{"var": "harmLocation"}, ["outside", "both", "unsure"]]});
        assert_eq!(condition(&outside), OUTSIDE);
        let adult = json!({"and": [{"!=": [{"var": "age"}, null]}, {">=": [{"var": "age"}, 18]}]});
        assert_eq!(condition(&adult), "the young person is aged 18 or over");
    }

    #[test]
    fn nesting_is_grouped() {
        let when = json!({"and": [
            {"or": [{"==": [{"var": "age"}, null]}, {">": [{"var": "age"}, 18]}]},
            {"!=": [{"var": "harmLocation"}, "inside"]}
        ]});
        assert_eq!(
            condition(&when),
            "(either the young person's age is not known or the young person is older than 18) and harm is not inside the home"
        );
        let negated = json!({"!": {"and": [{"var": "send"}, {"var": "immediateDanger"}]}});
        assert_eq!(
            condition(&negated),
            "either the young person has no known special educational needs or disabilities or the young person is not in immediate danger"
        );
    }

    /// Every operator the evaluator accepts reads as words: no JSON braces, no Rust debug text.
    #[test]
    fn every_operator_has_words() {
        let age = json!({"var": "age"});
        let n = json!({"var": "levelNumber"});
        let cases: Vec<(&str, Value)> = vec![
            ("var", json!({"var": "send"})),
            ("==", json!({"==": [age, 16]})),
            ("===", json!({"===": [age, 16]})),
            ("!=", json!({"!=": [age, 16]})),
            ("!==", json!({"!==": [age, 16]})),
            ("!", json!({"!": [{"var": "send"}]})),
            ("!!", json!({"!!": [{"var": "send"}]})),
            ("or", json!({"or": [{"var": "send"}, {"var": "unborn"}]})),
            ("and", json!({"and": [{"var": "send"}, {"var": "unborn"}]})),
            (
                "if",
                json!({"if": [{"var": "send"}, {"var": "unborn"}, {"var": "adult"}]}),
            ),
            ("?:", json!({"?:": [{"var": "send"}, true, false]})),
            (">", json!({">": [age, 16]})),
            (">=", json!({">=": [age, 16]})),
            ("<", json!({"<": [10, age, 18]})),
            ("<=", json!({"<=": [age, 18]})),
            ("in", json!({"in": ["online_harm", {"var": "harmTypes"}]})),
            ("min", json!({">": [{"min": [n, 3]}, 2]})),
            ("max", json!({">": [{"max": [n, 3]}, 2]})),
            ("+", json!({">": [{"+": [n, 1]}, 2]})),
            ("-", json!({">": [{"-": [n, 1]}, 2]})),
            ("*", json!({">": [{"*": [n, 2]}, 2]})),
            ("/", json!({">": [{"/": [n, 2]}, 2]})),
            ("%", json!({"==": [{"%": [n, 2]}, 0]})),
            ("missing", json!({"missing": ["age", "level"]})),
            (
                "missing_some",
                json!({"missing_some": [1, ["age", "level"]]}),
            ),
            (
                "cat",
                json!({"==": [{"cat": [{"var": "level"}, "x"]}, "significantx"]}),
            ),
            (
                "substr",
                json!({"==": [{"substr": [{"var": "level"}, 0, 3]}, "sig"]}),
            ),
            (
                "merge",
                json!({"in": ["x", {"merge": [{"var": "harmTypes"}, ["x"]]}]}),
            ),
        ];
        let covered: Vec<&str> = cases.iter().map(|(op, _)| *op).collect();
        for op in OPERATORS {
            assert!(covered.contains(op), "no case for {op}");
        }
        for (op, when) in cases {
            // Each case is a condition the loader accepts.
            crate::logic::Logic::compile_facts(&when, &|name: &str| {
                Fact::from_code(name).map(Fact::slot).or(match name {
                    "adult" => Some(0),
                    _ => None,
                })
            })
            .unwrap_or_else(|e| panic!("{op}: {e}"));
            let words = condition(&when);
            assert!(
                !words.contains('{')
                    && !words.contains("Value")
                    && !words.contains('[')
                    && !words.is_empty(),
                "{op}: {words}"
            );
        }
    }

    #[test]
    fn deadlines_read_as_words() {
        let spec = |json: Value| -> DueSpec { serde_json::from_value(json).unwrap() };
        assert_eq!(due(&spec(json!({"sameDay": true}))), "the same day");
        assert_eq!(
            due(&spec(json!({"workingDays": 3}))),
            "within 3 working days"
        );
        assert_eq!(
            due(&spec(json!({"workingDays": 1}))),
            "within 1 working day"
        );
        assert_eq!(due(&spec(json!({"weeks": 8}))), "within 8 weeks");
        assert_eq!(
            due(&spec(
                json!({"workingDays": 15, "from": "strategy_meeting"})
            )),
            "within 15 working days of the strategy meeting"
        );
    }
}
