//! How often a meeting recurs ([`Cadence`]): `"8 weeks"`, `"3 months"`, `"10 working days"`.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The unit of a [`Cadence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CadenceUnit {
    /// Calendar weeks.
    Weeks,
    /// Calendar months.
    Months,
    /// Working days.
    WorkingDays,
}

impl CadenceUnit {
    const ALL: [CadenceUnit; 3] = [
        CadenceUnit::Weeks,
        CadenceUnit::Months,
        CadenceUnit::WorkingDays,
    ];

    /// The unit's name for one of it: `week`, `month`, `working day`.
    pub const fn singular(self) -> &'static str {
        match self {
            CadenceUnit::Weeks => "week",
            CadenceUnit::Months => "month",
            CadenceUnit::WorkingDays => "working day",
        }
    }

    /// The unit's name for several: `weeks`, `months`, `working days`.
    pub const fn plural(self) -> &'static str {
        match self {
            CadenceUnit::Weeks => "weeks",
            CadenceUnit::Months => "months",
            CadenceUnit::WorkingDays => "working days",
        }
    }
}

/// How often a meeting recurs, as packs write it: `"8 weeks"`, `"3 months"`,
/// `"10 working days"`, `"1 week"`.
///
/// JSON: that string. Parsing is exact: a whole number of at least 1 without leading zeros or
/// sign, one space, then the unit, singular for 1 and plural otherwise; [`fmt::Display`] prints
/// the same form, so the text round-trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cadence {
    count: NonZeroU32,
    unit: CadenceUnit,
}

/// Why a text is not a [`Cadence`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a period: {reason}; write it as \"N weeks\", \"N months\" or \
     \"N working days\" (\"1 week\" for one)",
    crate::read::quoted(.text)
)]
pub struct CadenceError {
    text: String,
    reason: String,
}

impl CadenceError {
    fn new(text: &str, reason: impl Into<String>) -> CadenceError {
        CadenceError {
            text: text.to_owned(),
            reason: reason.into(),
        }
    }

    /// The text that was refused.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What is wrong with it, e.g. `the number must be at least 1`.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// The JSON Schema pattern of a [`Cadence`].
const CADENCE_PATTERN: &str =
    "^(1 (week|month|working day)|([2-9]|[1-9][0-9]+) (weeks|months|working days))$";

impl Cadence {
    /// A cadence of `count` units; `None` for 0.
    pub fn new(count: u32, unit: CadenceUnit) -> Option<Cadence> {
        NonZeroU32::new(count).map(|count| Cadence { count, unit })
    }

    /// How many units (at least 1).
    pub fn count(self) -> u32 {
        self.count.get()
    }

    /// The unit.
    pub fn unit(self) -> CadenceUnit {
        self.unit
    }
}

impl FromStr for Cadence {
    type Err = CadenceError;

    fn from_str(text: &str) -> Result<Cadence, CadenceError> {
        let error = |reason: &str| CadenceError::new(text, reason);
        if text.trim().is_empty() {
            return Err(error("it is empty"));
        }
        if text.split_whitespace().collect::<Vec<_>>().join(" ") != text {
            return Err(error("use single spaces, with none at the start or end"));
        }
        let Some((number, unit_text)) = text.split_once(' ') else {
            return Err(if text.bytes().all(|b| b.is_ascii_digit()) {
                error("it has no unit")
            } else {
                error("it needs a number first, e.g. \"8 weeks\"")
            });
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error("the number must be a whole number of at least 1"));
        }
        if number.len() > 1 && number.starts_with('0') {
            return Err(error("write the number without leading zeros"));
        }
        let count: u32 = number
            .parse()
            .map_err(|_| error("the number is too large"))?;
        let count = NonZeroU32::new(count).ok_or_else(|| error("the number must be at least 1"))?;
        let Some((unit, singular)) = CadenceUnit::ALL.iter().find_map(|u| {
            if unit_text == u.plural() {
                Some((*u, false))
            } else if unit_text == u.singular() {
                Some((*u, true))
            } else {
                None
            }
        }) else {
            return Err(error(&format!(
                "unknown unit {}; use weeks, months or working days",
                crate::read::quoted(unit_text)
            )));
        };
        if singular != (count.get() == 1) {
            let cadence = Cadence { count, unit };
            return Err(error(&format!("write \"{cadence}\"")));
        }
        Ok(Cadence { count, unit })
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = if self.count.get() == 1 {
            self.unit.singular()
        } else {
            self.unit.plural()
        };
        write!(f, "{} {unit}", self.count)
    }
}

impl Serialize for Cadence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Cadence, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Cadence {
    fn schema_name() -> Cow<'static, str> {
        "Cadence".into()
    }

    fn schema_id() -> Cow<'static, str> {
        concat!(module_path!(), "::Cadence").into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "How often a meeting recurs: \"N weeks\", \"N months\" or \"N working days\" (\"1 week\", \"1 month\", \"1 working day\" for one).",
            "pattern": CADENCE_PATTERN,
            "examples": ["8 weeks", "3 months", "10 working days"]
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn cadence_parses_and_prints_exactly() {
        for text in [
            "8 weeks",
            "6 weeks",
            "1 week",
            "3 months",
            "1 month",
            "10 working days",
            "1 working day",
            "52 weeks",
        ] {
            let cadence: Cadence = text.parse().unwrap();
            assert_eq!(cadence.to_string(), text);
            let json = serde_json::to_string(&cadence).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Cadence>(&json).unwrap(), cadence);
        }
        let eight: Cadence = "8 weeks".parse().unwrap();
        assert_eq!((eight.count(), eight.unit()), (8, CadenceUnit::Weeks));
        assert_eq!(Cadence::new(8, CadenceUnit::Weeks), Some(eight));
        assert_eq!(Cadence::new(0, CadenceUnit::Weeks), None);
        assert_eq!(
            "10 working days".parse::<Cadence>().unwrap().unit(),
            CadenceUnit::WorkingDays
        );
    }

    #[test]
    fn cadence_rejects_bad_text_clearly() {
        let reason = |text: &str| text.parse::<Cadence>().unwrap_err().reason().to_owned();
        assert_eq!(reason("0 weeks"), "the number must be at least 1");
        assert_eq!(reason("weeks"), "it needs a number first, e.g. \"8 weeks\"");
        assert_eq!(
            reason("-1 weeks"),
            "the number must be a whole number of at least 1"
        );
        assert_eq!(
            reason("+1 weeks"),
            "the number must be a whole number of at least 1"
        );
        assert_eq!(
            reason("1.5 weeks"),
            "the number must be a whole number of at least 1"
        );
        assert_eq!(
            reason("8 fortnights"),
            "unknown unit \"fortnights\"; use weeks, months or working days"
        );
        assert_eq!(
            reason("8 Weeks"),
            "unknown unit \"Weeks\"; use weeks, months or working days"
        );
        assert_eq!(
            reason("8 days"),
            "unknown unit \"days\"; use weeks, months or working days"
        );
        assert_eq!(reason("1 weeks"), "write \"1 week\"");
        assert_eq!(reason("2 week"), "write \"2 weeks\"");
        assert_eq!(reason("08 weeks"), "write the number without leading zeros");
        assert_eq!(reason("8"), "it has no unit");
        assert_eq!(reason(""), "it is empty");
        assert_eq!(
            reason("8  weeks"),
            "use single spaces, with none at the start or end"
        );
        assert_eq!(
            reason(" 8 weeks"),
            "use single spaces, with none at the start or end"
        );
        assert_eq!(
            reason("8 working\tdays"),
            "use single spaces, with none at the start or end"
        );
        assert_eq!(reason("99999999999 weeks"), "the number is too large");
        assert_eq!(
            "0 weeks".parse::<Cadence>().unwrap_err().to_string(),
            "\"0 weeks\" is not a period: the number must be at least 1; write it as \"N weeks\", \
             \"N months\" or \"N working days\" (\"1 week\" for one)"
        );
        let err = serde_json::from_str::<Cadence>("\"0 weeks\"").unwrap_err();
        assert!(
            err.to_string().contains("the number must be at least 1"),
            "{err}"
        );
        assert!(serde_json::from_str::<Cadence>("8").is_err());
    }

    #[test]
    fn cadence_schema_pattern_matches_the_parser() {
        let schema = serde_json::to_value(schemars::schema_for!(Cadence)).unwrap();
        assert_eq!(schema["type"], "string");
        assert_eq!(schema["pattern"], CADENCE_PATTERN);
        // No regex crate here: check the pattern's alternatives by hand against the parser.
        for n in 1..=120u32 {
            for unit in CadenceUnit::ALL {
                let ok = format!(
                    "{n} {}",
                    if n == 1 {
                        unit.singular()
                    } else {
                        unit.plural()
                    }
                );
                let bad = format!(
                    "{n} {}",
                    if n == 1 {
                        unit.plural()
                    } else {
                        unit.singular()
                    }
                );
                assert!(ok.parse::<Cadence>().is_ok(), "{ok}");
                assert!(bad.parse::<Cadence>().is_err(), "{bad}");
            }
        }
    }
}
