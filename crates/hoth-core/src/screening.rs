//! The harm-outside-the-home screening tool: the indicator catalogue and the level it gives.
//!
//! The catalogue is data (`schemas/screening.json`), embedded at build time and parsed once.
//! The level is computed from the indicators, never typed:
//!
//! - `significant`: any significant indicator, or 3+ moderate ones;
//! - `moderate`: any moderate indicator, or 3+ emerging ones;
//! - `emerging`: any emerging indicator;
//! - `none`: nothing selected.
//!
//! A child under 13 or with SEND who shows any sexual-health or grooming indicator is at least
//! `moderate`. Professional judgement may raise the level (with a reason), never lower it.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

pub use crate::codes::Level;
use serde_json::Value;

use crate::codes::codes;
use crate::read::{read_at, read_codes, read_pack_struct};
use crate::referral::{HarmType, Referral, Send};

/// The catalogue as shipped (`schemas/screening.json`, minified by `build.rs`), embedded so
/// that the core does no I/O.
pub const CATALOGUE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/screening.json"));

codes! {
    /// How strongly an indicator points to harm.
    Weight { Emerging = "emerging", Moderate = "moderate", Significant = "significant" }
}

codes! {
    /// The screening tool's sections.
    Category {
        Missing = "missing",
        RelationshipsAndAssociates = "relationships_and_associates",
        MoneyAndPossessions = "money_and_possessions",
        Education = "education",
        HealthAndSubstances = "health_and_substances",
        Online = "online",
        OffendingAndViolence = "offending_and_violence",
        SexualHealth = "sexual_health",
        TravelAndLocations = "travel_and_locations",
        EmotionalWellbeing = "emotional_wellbeing",
    }
}

/// One question of the screening tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Indicator {
    /// Stable id, used in referrals and policies.
    pub id: String,
    pub category: Category,
    /// The question as the referrer sees it.
    pub question: String,
    /// The harm types this indicator points to.
    pub harm_types: Vec<HarmType>,
    pub weight: Weight,
    /// Why the weight differs from the tools it was modelled on, where it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A section heading of the screening tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CategoryInfo {
    pub id: Category,
    pub title: String,
}

/// The screening indicator catalogue (`schemas/screening.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "ScreeningCatalogue", extend("$id" = "https://hoth.example/schemas/screening.schema.json"))]
pub struct Catalogue {
    pub version: String,
    pub categories: Vec<CategoryInfo>,
    pub indicators: Vec<Indicator>,
    /// Indicator positions by id, sorted for binary search (built on load).
    #[serde(skip)]
    #[schemars(skip)]
    index: Vec<(String, usize)>,
}

read_codes!(Weight, Category);

/// The catalogue file as `crate::read` reads it: [`Catalogue`] less its lookup index.
mod file {
    use super::{CategoryInfo, HarmType, Indicator, read_pack_struct};

    pub(super) struct Catalogue {
        pub(super) version: String,
        pub(super) categories: Vec<CategoryInfo>,
        pub(super) indicators: Vec<Indicator>,
    }

    impl Catalogue {
        pub(super) fn indexed(self) -> super::Catalogue {
            super::Catalogue {
                version: self.version,
                categories: self.categories,
                indicators: self.indicators,
                index: Vec::new(),
            }
            .indexed()
        }
    }

    read_pack_struct! {
        Catalogue {
            version: String = "version",
            categories: Vec<CategoryInfo> = "categories",
            indicators: Vec<Indicator> = "indicators",
        }
        CategoryInfo {
            id: super::Category = "id",
            title: String = "title",
        }
        Indicator {
            id: String = "id",
            category: super::Category = "category",
            question: String = "question",
            harm_types: Vec<HarmType> = "harmTypes",
            weight: super::Weight = "weight",
            note: Option<String> = "note" or None,
        }
    }
}

/// Indicators that put a young or SEND child at `moderate` at least (SPEC: grooming signs).
pub const FLOOR_INDICATORS: &[&str] = &[
    "controlling_older_partner",
    "picked_up_by_unknown_adults",
    "talking_to_unknown_adults_online",
    "given_drugs_by_older_people",
];

/// Derived from `missingEpisodes90d` >= 3 even when not ticked.
pub const MISSING_REPEATEDLY: &str = "missing_repeatedly";

/// Episodes in 90 days from which a child "frequently goes missing".
pub const FREQUENT_MISSING_EPISODES: u32 = 3;

impl Catalogue {
    /// The embedded catalogue, parsed on first use.
    ///
    /// The embedded file is checked by the tests; should it ever fail to parse, the
    /// catalogue is empty (every indicator then shows as unknown) rather than a panic.
    pub fn builtin() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            // Through a `Value` and the core's own reader (`crate::read`), like every other
            // read in the core: no derived deserializer in the browser builds.
            serde_json::from_str::<Value>(CATALOGUE_JSON)
                .ok()
                .and_then(|value| read_at::<file::Catalogue>(&value).ok())
                .map(file::Catalogue::indexed)
                .unwrap_or_else(|| Catalogue {
                    version: String::new(),
                    categories: Vec::new(),
                    indicators: Vec::new(),
                    index: Vec::new(),
                })
        })
    }

    /// The same catalogue with its lookup index built.
    pub fn indexed(mut self) -> Catalogue {
        let mut index: Vec<(String, usize)> = self
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.clone(), i))
            .collect();
        index.sort_by(|(a, _), (b, _)| by_length_then_bytes(a, b));
        self.index = index;
        self
    }

    /// The indicator with this id.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        if self.index.len() != self.indicators.len() {
            return self.indicators.iter().find(|i| i.id == id);
        }
        let at = self
            .index
            .binary_search_by(|(key, _)| by_length_then_bytes(key, id))
            .ok()?;
        self.index
            .get(at)
            .and_then(|(_, i)| self.indicators.get(*i))
    }
}

/// The index's order: shorter ids first, then by bytes. Most steps of a search then end on the
/// lengths, without comparing the text (the tool looks up every ticked indicator twice per
/// referral: checking it and screening it).
fn by_length_then_bytes(a: &str, b: &str) -> std::cmp::Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// What the screening tool works from.
#[derive(Debug, Clone, Default)]
pub struct ScreeningInput<'a> {
    pub indicators: &'a [String],
    pub missing_episodes_90d: Option<u32>,
    /// Age in whole years; `None` when unknown.
    pub age: Option<u32>,
    pub unborn: bool,
    pub send: bool,
    pub judgement: Option<Level>,
    /// The referrer says the child is in immediate danger: at risk of significant harm.
    pub immediate_danger: bool,
}

/// The result of the screening tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screening {
    /// From the indicators (and the floor), before professional judgement.
    pub computed: Level,
    /// After professional judgement: never below `computed`.
    pub level: Level,
    /// The known indicators counted, including one derived from missing episodes: in order,
    /// each once. (Sorted lists rather than sets: a set's code, for a few dozen entries, was
    /// several KB of the browser builds.)
    pub indicators: Vec<&'static str>,
    /// The categories of those indicators, in order, each once.
    pub categories: Vec<Category>,
    /// True when the under-13 / SEND floor raised the level.
    pub floor_applied: bool,
    /// True when professional judgement raised the level above `computed`.
    pub judgement_applied: bool,
    /// True when immediate danger raised the level to significant (above `computed` and the
    /// judgement).
    pub immediate_danger_applied: bool,
}

/// Compute the screening level. Unknown indicator ids are ignored here (validation reports
/// them), so the level never depends on a typo.
pub fn screen(input: &ScreeningInput<'_>) -> Screening {
    let catalogue = Catalogue::builtin();
    let mut indicators: Vec<&'static str> = Vec::new();
    let mut categories: Vec<Category> = Vec::new();
    let (mut emerging, mut moderate, mut significant) = (0u32, 0u32, 0u32);
    let mut floor_trigger = false;

    let derived = input
        .missing_episodes_90d
        .is_some_and(|n| n >= FREQUENT_MISSING_EPISODES)
        .then_some(MISSING_REPEATEDLY);
    let ids = input.indicators.iter().map(String::as_str).chain(derived);
    for id in ids {
        let Some(indicator) = catalogue.get(id) else {
            continue;
        };
        if indicators.contains(&indicator.id.as_str()) {
            continue;
        }
        indicators.push(indicator.id.as_str());
        if !categories.contains(&indicator.category) {
            categories.push(indicator.category);
        }
        match indicator.weight {
            Weight::Emerging => emerging += 1,
            Weight::Moderate => moderate += 1,
            Weight::Significant => significant += 1,
        }
        if indicator.category == Category::SexualHealth || FLOOR_INDICATORS.contains(&id) {
            floor_trigger = true;
        }
    }

    let mut computed = if significant > 0 || moderate >= 3 {
        Level::Significant
    } else if moderate > 0 || emerging >= 3 {
        Level::Moderate
    } else if emerging > 0 {
        Level::Emerging
    } else {
        Level::None
    };

    let young = input.unborn || input.age.is_some_and(|a| a < 13);
    let floor_applied = floor_trigger && (young || input.send) && computed < Level::Moderate;
    if floor_applied {
        computed = Level::Moderate;
    }
    let judged = input.judgement.map_or(computed, |j| j.max(computed));
    // A child in immediate danger is at risk of significant harm, whatever was ticked.
    let level = if input.immediate_danger {
        Level::Significant
    } else {
        judged
    };
    indicators.sort_unstable();
    categories.sort_unstable();
    Screening {
        computed,
        level,
        indicators,
        categories,
        floor_applied,
        judgement_applied: judged > computed,
        immediate_danger_applied: level > judged,
    }
}

/// The child's age in whole years on `on`, from a date of birth as typed; `None` when either
/// is missing or not a real date.
pub fn age_on(date_of_birth: Option<&str>, on: Option<NaiveDate>) -> Option<u32> {
    let dob = crate::validation::checks::date(date_of_birth?)?;
    on?.years_since(dob)
}

/// Run the screening tool on a referral as it stands (complete or not), with the child's age
/// at `referral_date`.
pub fn screen_referral(referral: &Referral, referral_date: Option<NaiveDate>) -> Screening {
    let child = referral.child.as_ref();
    let hoth = referral.hoth.as_ref();
    let no_indicators: &[String] = &[];
    screen(&ScreeningInput {
        indicators: hoth.map_or(no_indicators, |h| h.indicators.as_slice()),
        missing_episodes_90d: hoth.and_then(|h| h.missing_episodes_90d),
        age: age_on(
            child.and_then(|c| c.date_of_birth.as_deref()),
            referral_date,
        ),
        unborn: child.is_some_and(|c| c.date_of_birth.is_none() && c.expected_due_date.is_some()),
        send: child.and_then(|c| c.send).is_some_and(Send::is_send),
        judgement: hoth
            .and_then(|h| h.professional_judgement.as_ref())
            .and_then(|j| j.level),
        immediate_danger: referral.concerns.as_ref().and_then(|c| c.immediate_danger) == Some(true),
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    /// The catalogue read by the core's own reader is the one serde's derived impls read, and
    /// every damaged copy of an indicator or a heading gets serde's own message.
    #[test]
    fn catalogue_reader_agrees_with_serde() {
        let value: serde_json::Value = serde_json::from_str(super::CATALOGUE_JSON).unwrap();
        let serde = super::Catalogue::deserialize(&value).unwrap().indexed();
        assert_eq!(super::Catalogue::builtin(), &serde);
        assert!(!serde.indicators.is_empty());
        let indicators = value["indicators"].as_array().unwrap();
        let mut checked = 0;
        for indicator in indicators.iter().take(8) {
            checked += crate::read::walk::agrees_with_serde::<super::Indicator>(indicator);
        }
        for heading in value["categories"].as_array().unwrap() {
            checked += crate::read::walk::agrees_with_serde::<super::CategoryInfo>(heading);
        }
        assert!(checked > 500, "{checked}");
    }
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn level(list: &[&str]) -> Level {
        let indicators = ids(list);
        screen(&ScreeningInput {
            indicators: &indicators,
            age: Some(15),
            ..ScreeningInput::default()
        })
        .level
    }

    #[test]
    fn thresholds() {
        assert_eq!(level(&[]), Level::None);
        assert_eq!(level(&["alcohol_or_cannabis"]), Level::Emerging);
        assert_eq!(
            level(&["alcohol_or_cannabis", "attendance_dropping"]),
            Level::Emerging
        );
        assert_eq!(
            level(&[
                "alcohol_or_cannabis",
                "attendance_dropping",
                "withdrawn_or_low"
            ]),
            Level::Moderate
        );
        assert_eq!(level(&["missing_overnight"]), Level::Moderate);
        assert_eq!(
            level(&["missing_overnight", "multiple_phones"]),
            Level::Moderate
        );
        assert_eq!(
            level(&["missing_overnight", "multiple_phones", "hotspot_places"]),
            Level::Significant
        );
        assert_eq!(level(&["carrying_weapon"]), Level::Significant);
        assert_eq!(level(&["no_such_indicator"]), Level::None);
    }

    #[test]
    fn duplicates_count_once() {
        assert_eq!(
            level(&[
                "missing_overnight",
                "missing_overnight",
                "missing_overnight"
            ]),
            Level::Moderate
        );
    }

    #[test]
    fn floor_for_young_or_send_children() {
        let indicators = ids(&["sexualised_behaviour_or_risky_sex"]);
        let at = |age: u32, send: bool| {
            screen(&ScreeningInput {
                indicators: &indicators,
                age: Some(age),
                send,
                ..ScreeningInput::default()
            })
        };
        assert_eq!(at(12, false).level, Level::Moderate);
        assert!(at(12, false).floor_applied);
        assert_eq!(at(13, false).level, Level::Emerging);
        assert_eq!(at(15, true).level, Level::Moderate);
    }

    #[test]
    fn missing_episodes_derive_missing_repeatedly() {
        let none: Vec<String> = Vec::new();
        let s = screen(&ScreeningInput {
            indicators: &none,
            missing_episodes_90d: Some(3),
            ..ScreeningInput::default()
        });
        assert_eq!(s.level, Level::Moderate);
        assert!(s.indicators.contains(&MISSING_REPEATEDLY));
    }

    #[test]
    fn judgement_raises_never_lowers() {
        let indicators = ids(&["carrying_weapon"]);
        let s = screen(&ScreeningInput {
            indicators: &indicators,
            judgement: Some(Level::Emerging),
            ..ScreeningInput::default()
        });
        assert_eq!(s.level, Level::Significant);
        let none: Vec<String> = Vec::new();
        let s = screen(&ScreeningInput {
            indicators: &none,
            judgement: Some(Level::Moderate),
            ..ScreeningInput::default()
        });
        assert_eq!((s.computed, s.level), (Level::None, Level::Moderate));
    }
}
