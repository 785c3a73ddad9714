//! Safety-plan ideas, by theme, for the harm types in a referral.
//!
//! The ideas are data of a council's pack (`safetyPlan`): only a pack whose guidance has them
//! carries them, cited to that council (Tower Hamlets' "Harm outside the Home Safety Planning
//! Guidance", paraphrased). A theme with no harm types applies to every referral about harm
//! outside the home.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cite::Cite;
use crate::referral::HarmType;

/// A pack's safety-plan ideas, as the pack writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SafetyPlan {
    /// "<council> - <document title>" of the guidance the ideas come from.
    pub document: String,
    pub themes: Vec<ThemeSpec>,
}

/// One theme as a pack writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ThemeSpec {
    pub id: String,
    pub title: String,
    /// The harm types it is for; empty: every referral about harm outside the home.
    pub harm_types: Vec<HarmType>,
    pub ideas: Vec<String>,
    /// The section of the document.
    pub section: String,
    /// The passage, under 30 words.
    pub quote: String,
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

/// A pack's themes ready to hand to decisions (built once when the pack loads).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Themes(Vec<(Vec<HarmType>, Arc<SafetyTheme>)>);

impl Themes {
    pub(crate) fn new(plan: Option<&SafetyPlan>) -> Themes {
        let Some(plan) = plan else {
            return Themes::default();
        };
        Themes(
            plan.themes
                .iter()
                .map(|t| {
                    let theme = SafetyTheme {
                        id: t.id.clone(),
                        title: t.title.clone(),
                        ideas: t.ideas.clone(),
                        cite: Cite {
                            document: plan.document.clone(),
                            section: t.section.clone(),
                            quote: t.quote.clone(),
                        },
                    };
                    (t.harm_types.clone(), Arc::new(theme))
                })
                .collect(),
        )
    }

    /// The themes for these harm types (the `harmTypes` fact: a list of codes). Harm only
    /// inside the home gets no themes: the safety-planning guidance is about harm outside it.
    pub(crate) fn for_harm_types(&self, harm_types: &Value) -> Vec<Arc<SafetyTheme>> {
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
        self.0
            .iter()
            .filter(|(filter, _)| filter.is_empty() || filter.iter().any(|h| present.contains(h)))
            .map(|(_, theme)| Arc::clone(theme))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use serde_json::json;

    fn tower_hamlets() -> &'static Policy {
        let Some(policy) = Policy::builtin("tower-hamlets") else {
            unreachable!("tower-hamlets is built in")
        };
        policy
    }

    #[test]
    fn tower_hamlets_carries_its_ideas_with_short_quotes() {
        let Some(plan) = &tower_hamlets().pack().safety_plan else {
            unreachable!("Tower Hamlets' pack has safety-plan ideas")
        };
        assert_eq!(plan.themes.len(), 8);
        assert!(plan.document.starts_with("Tower Hamlets"));
        for theme in &plan.themes {
            assert!(theme.quote.split_whitespace().count() < 30, "{}", theme.id);
            assert!(!theme.ideas.is_empty());
        }
    }

    #[test]
    fn only_packs_whose_guidance_has_ideas_carry_them() {
        for id in ["gloucestershire", "wokingham"] {
            let policy = Policy::builtin(id).map(|p| p.pack().safety_plan.is_some());
            assert_eq!(policy, Some(false), "{id}");
        }
    }

    #[test]
    fn themes_follow_harm_types() {
        let themes = Themes::new(tower_hamlets().pack().safety_plan.as_ref());
        let ids = |v| {
            themes
                .for_harm_types(&v)
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
