//! Safety-plan ideas, by theme, for the harm types in a referral.
//!
//! The themes come from Tower Hamlets' "Harm outside the Home Safety Planning Guidance" and are
//! kept as data (`schemas/safety-plan.json`, the ideas paraphrased). A theme with no harm types
//! applies to every referral about harm outside the home.

use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::policy::Cite;
use crate::referral::HarmType;

pub const SAFETY_PLAN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/safety-plan.json"));

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ThemeData {
    id: String,
    title: String,
    harm_types: Vec<HarmType>,
    ideas: Vec<String>,
    section: String,
    quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SafetyPlanData {
    document: String,
    themes: Vec<ThemeData>,
}

/// A theme of safety-plan ideas, as a decision carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SafetyTheme {
    pub id: String,
    pub title: String,
    pub ideas: Vec<String>,
    pub cite: Cite,
}

/// The themes with the harm types each applies to (none: every referral), parsed once.
fn themes() -> &'static [(Vec<HarmType>, Arc<SafetyTheme>)] {
    static THEMES: OnceLock<Vec<(Vec<HarmType>, Arc<SafetyTheme>)>> = OnceLock::new();
    THEMES.get_or_init(|| {
        // Through a `Value`, like every other read in the core: one serde_json deserializer
        // family in the browser module, not two.
        let Ok(data) = serde_json::from_str::<Value>(SAFETY_PLAN_JSON)
            .and_then(|value| SafetyPlanData::deserialize(&value))
        else {
            return Vec::new();
        };
        data.themes
            .into_iter()
            .map(|t| {
                let theme = SafetyTheme {
                    id: t.id,
                    title: t.title,
                    ideas: t.ideas,
                    cite: Cite {
                        document: data.document.clone(),
                        section: t.section,
                        quote: t.quote,
                    },
                };
                (t.harm_types, Arc::new(theme))
            })
            .collect()
    })
}

/// The themes for these harm types (the `harmTypes` fact: a list of codes). Harm only inside
/// the home gets no themes: the safety-planning guidance is about harm outside it.
pub fn for_harm_types(harm_types: &Value) -> Vec<Arc<SafetyTheme>> {
    let present: Vec<HarmType> = harm_types
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(HarmType::from_code)
        .collect();
    let outside = present
        .iter()
        .any(|h| *h != HarmType::FamilialAbuseOrNeglect);
    if !outside {
        return Vec::new();
    }
    themes()
        .iter()
        .filter(|(filter, _)| filter.is_empty() || filter.iter().any(|h| present.contains(h)))
        .map(|(_, theme)| Arc::clone(theme))
        .collect()
}

/// Every theme, for a UI that lists them all.
pub fn all_themes() -> impl Iterator<Item = &'static SafetyTheme> {
    themes().iter().map(|(_, theme)| theme.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn data_loads_and_quotes_are_short() {
        let themes: Vec<_> = all_themes().collect();
        assert_eq!(themes.len(), 8);
        for theme in themes {
            assert!(
                theme.cite.quote.split_whitespace().count() < 30,
                "{}",
                theme.id
            );
            assert!(!theme.ideas.is_empty());
        }
    }

    #[test]
    fn themes_follow_harm_types() {
        let ids = |v| {
            for_harm_types(&v)
                .into_iter()
                .map(|t| t.id.clone())
                .collect::<Vec<_>>()
        };
        let missing = ids(json!(["missing"]));
        assert!(missing.contains(&"missing".to_owned()));
        assert!(!missing.contains(&"sexual_health".to_owned()));
        assert!(ids(json!(["sexual_exploitation"])).contains(&"sexual_health".to_owned()));
        assert!(ids(json!(["familial_abuse_or_neglect"])).is_empty());
    }
}
