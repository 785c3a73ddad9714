//! Facts: what the policy rules may read about a referral.
//!
//! Rules never see the referral itself, only these named values, so a pack can be evaluated
//! by any JSONLogic library (in .NET, PHP, Java or Python) from the facts alone, and a change
//! to the form does not silently change what a rule means. The names are stable.
//!
//! Some facts are **derived** from others, so that a condition reads like the guidance rather
//! than spelling the same test out again in every rule (and in three different ways across
//! packs). Each is exactly the value the JSONLogic expression it replaces gives, for every
//! value of the facts it is made from, missing ones included:
//!
//! | fact | true when | replaces |
//! | --- | --- | --- |
//! | `child` | the age is unknown (or unborn) or under 18 | `{"or":[{"==":[{"var":"age"},null]},{"<":[{"var":"age"},18]}]}` |
//! | `adult` | the age is known and 18 or over | `{"and":[{"!=":[{"var":"age"},null]},{">=":[{"var":"age"},18]}]}` |
//! | `careExperiencedYoungAdult` | an adult, care experienced, aged 25 or under | `{"and":[adult,{"==":[{"var":"careExperienced"},true]},{"<=":[{"var":"age"},25]}]}` |
//! | `harmOutsideHome` | the harm location is not `inside` (so also when it is not known) | `{"!=":[{"var":"harmLocation"},"inside"]}` |
//!
//! They are ordinary facts to a JSONLogic engine (`{"var": "child"}`), so a pack that reads them
//! still runs anywhere from the facts a decision carries.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::codes::codes;
use crate::referral::{CareStatus, ContextKind, HarmLocation, HarmType, Referral, Send};
use crate::screening::{FREQUENT_MISSING_EPISODES, Screening, age_on, screen_referral};

codes! {
    /// The facts a rule may read. Follow-up rules may also read `pathway` and `plan`.
    Fact {
        Age = "age",
        Unborn = "unborn",
        /// Derived: the age is unknown or under 18 (an unknown age counts as a child).
        Child = "child",
        /// Derived: the age is known and 18 or over.
        Adult = "adult",
        CareStatus = "careStatus",
        CareExperienced = "careExperienced",
        /// Derived: an adult who is care experienced and 25 or under (transitional safeguarding).
        CareExperiencedYoungAdult = "careExperiencedYoungAdult",
        Send = "send",
        OpenCase = "openCase",
        HarmLocation = "harmLocation",
        /// Derived: the harm location is not `inside` (true when it is not known).
        HarmOutsideHome = "harmOutsideHome",
        HarmTypes = "harmTypes",
        PredominantHarm = "predominantHarm",
        Level = "level",
        LevelNumber = "levelNumber",
        ImmediateDanger = "immediateDanger",
        MissingEpisodes90d = "missingEpisodes90d",
        ContextsWithOtherChildren = "contextsWithOtherChildren",
        Exploitation = "exploitation",
        ViolenceOrDrugs = "violenceOrDrugs",
        Consent = "consent",
        ScreeningComplete = "screeningComplete",
        Indicators = "indicators",
        IndicatorCategories = "indicatorCategories",
        ContextKinds = "contextKinds",
        PlaceOrGroupContext = "placeOrGroupContext",
        MissingFrequently = "missingFrequently",
        OtherChildren = "otherChildren",
        CareAndSupportNeeds = "careAndSupportNeeds",
        AssociatesAnswered = "associatesAnswered",
        ContextsAnswered = "contextsAnswered",
        Pathway = "pathway",
        Plan = "plan",
        Turns18BeforeDue = "turns18BeforeDue",
    }
}

impl Fact {
    /// Known only after the route stage: readable by follow-up rules alone.
    pub const fn after_route(self) -> bool {
        matches!(self, Fact::Pathway | Fact::Plan | Fact::Turns18BeforeDue)
    }

    /// Worked out from other facts (see the module documentation), so that a condition reads
    /// like the guidance.
    pub const fn is_derived(self) -> bool {
        matches!(
            self,
            Fact::Child | Fact::Adult | Fact::CareExperiencedYoungAdult | Fact::HarmOutsideHome
        )
    }

    /// What a derived fact means, in a phrase (for the JSON Schema); `None` for the others.
    pub const fn derived_meaning(self) -> Option<&'static str> {
        match self {
            Fact::Child => Some(
                "Derived: true when the age is unknown (or the child is unborn) or under 18, as {\"or\":[{\"==\":[{\"var\":\"age\"},null]},{\"<\":[{\"var\":\"age\"},18]}]}.",
            ),
            Fact::Adult => Some(
                "Derived: true when the age is known and 18 or over, as {\"and\":[{\"!=\":[{\"var\":\"age\"},null]},{\">=\":[{\"var\":\"age\"},18]}]}.",
            ),
            Fact::CareExperiencedYoungAdult => Some(
                "Derived: an adult who is care experienced and 25 or under (transitional safeguarding).",
            ),
            Fact::HarmOutsideHome => Some(
                "Derived: true when harmLocation is not \"inside\", including when it is not known, as {\"!=\":[{\"var\":\"harmLocation\"},\"inside\"]}.",
            ),
            _ => None,
        }
    }

    /// Position in [`Facts`].
    pub const fn slot(self) -> usize {
        self as usize
    }
}

/// The facts of one referral, one value per [`Fact`] (null when unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    values: Vec<Value>,
    screening: Screening,
    /// The child's 18th birthday, when the date of birth is known.
    eighteenth_birthday: Option<NaiveDate>,
}

impl Facts {
    /// Derive the facts from a referral (complete or not) as at its referral date.
    /// Anything missing is null; this never fails.
    pub fn derive(referral: &Referral, referral_date: Option<NaiveDate>) -> Facts {
        let screening = screen_referral(referral, referral_date);
        let child = referral.child.as_ref();
        let concerns = referral.concerns.as_ref();
        let hoth = referral.hoth.as_ref();
        // Nulls written in place (`vec![Value::Null; n]` clones a Value for each).
        let mut values: Vec<Value> = std::iter::repeat_with(|| Value::Null)
            .take(Fact::ALL.len())
            .collect();
        let mut set = |fact: Fact, value: Value| values[fact.slot()] = value;

        let unborn =
            child.is_some_and(|c| c.date_of_birth.is_none() && c.expected_due_date.is_some());
        set(Fact::Unborn, json!(unborn));
        let age = if unborn {
            None
        } else {
            age_on(
                child.and_then(|c| c.date_of_birth.as_deref()),
                referral_date,
            )
        };
        set(Fact::Age, age.map_or(Value::Null, |a| json!(a)));
        let care = child.and_then(|c| c.care_status);
        set(Fact::CareStatus, code(care.map(CareStatus::code)));
        let care_experienced = care.is_some_and(|c| c != CareStatus::None);
        set(Fact::CareExperienced, json!(care_experienced));
        let send = child.and_then(|c| c.send);
        set(Fact::Send, json!(send.is_some_and(Send::is_send)));
        set(Fact::CareAndSupportNeeds, json!(send == Some(Send::Ehcp)));
        set(
            Fact::OpenCase,
            code(child.and_then(|c| c.open_case).map(|o| o.code())),
        );

        let location = concerns.and_then(|c| c.harm_location);
        set(Fact::HarmLocation, code(location.map(HarmLocation::code)));
        for (fact, value) in derived(age, care_experienced, location) {
            set(fact, Value::Bool(value));
        }
        let harm_types: &[HarmType] = concerns.map_or(&[], |c| c.harm_types.as_slice());
        set(
            Fact::HarmTypes,
            codes_list(harm_types.iter().map(|h| h.code())),
        );
        set(
            Fact::PredominantHarm,
            code(
                concerns
                    .and_then(|c| c.predominant_harm)
                    .map(HarmType::code),
            ),
        );
        let has = |h: HarmType| harm_types.contains(&h);
        set(
            Fact::Exploitation,
            json!(
                has(HarmType::CriminalExploitation)
                    || has(HarmType::SexualExploitation)
                    || has(HarmType::Trafficking)
                    || has(HarmType::ModernSlavery)
            ),
        );
        set(
            Fact::ViolenceOrDrugs,
            json!(has(HarmType::SeriousYouthViolence) || has(HarmType::CriminalExploitation)),
        );
        set(
            Fact::ImmediateDanger,
            concerns
                .and_then(|c| c.immediate_danger)
                .map_or(Value::Null, Value::Bool),
        );

        set(Fact::Level, json!(screening.level.code()));
        set(Fact::LevelNumber, json!(screening.level.number()));
        let episodes = hoth.and_then(|h| h.missing_episodes_90d);
        set(
            Fact::MissingEpisodes90d,
            episodes.map_or(Value::Null, |n| json!(n)),
        );
        set(
            Fact::MissingFrequently,
            json!(episodes.is_some_and(|n| n >= FREQUENT_MISSING_EPISODES)),
        );
        let contexts = hoth.map_or(&[][..], |h| h.contexts.as_slice());
        let contexts_with_other_children = contexts
            .iter()
            .filter(|c| c.other_children_affected == Some(true))
            .count();
        set(
            Fact::ContextsWithOtherChildren,
            json!(contexts_with_other_children),
        );
        let child_in_household = referral.household.iter().any(|member| {
            age_on(member.date_of_birth.as_deref(), referral_date).is_some_and(|age| age < 18)
        });
        set(
            Fact::OtherChildren,
            json!(child_in_household || contexts_with_other_children > 0),
        );
        set(
            Fact::AssociatesAnswered,
            json!(
                hoth.is_some_and(
                    |h| !h.associates.is_empty() || h.no_associates_known == Some(true)
                )
            ),
        );
        set(
            Fact::ContextsAnswered,
            json!(
                hoth.is_some_and(|h| !h.contexts.is_empty() || h.no_contexts_known == Some(true))
            ),
        );
        let mut kinds: Vec<ContextKind> = contexts.iter().filter_map(|c| c.kind).collect();
        kinds.sort();
        kinds.dedup();
        set(
            Fact::PlaceOrGroupContext,
            json!(
                kinds
                    .iter()
                    .any(|k| matches!(k, ContextKind::Place | ContextKind::PeerGroup))
            ),
        );
        set(
            Fact::ContextKinds,
            codes_list(kinds.iter().map(|k| k.code())),
        );
        set(
            Fact::Consent,
            code(
                referral
                    .consent
                    .as_ref()
                    .and_then(|c| c.consent)
                    .map(|c| c.code()),
            ),
        );
        set(
            Fact::ScreeningComplete,
            json!(hoth.and_then(|h| h.screening_completed).unwrap_or(false)),
        );
        set(
            Fact::Indicators,
            codes_list(screening.indicators.iter().copied()),
        );
        set(
            Fact::IndicatorCategories,
            codes_list(screening.categories.iter().map(|c| c.code())),
        );
        let eighteenth_birthday = child
            .and_then(|c| c.date_of_birth.as_deref())
            .and_then(crate::validation::checks::date)
            .and_then(eighteenth_birthday);
        Facts {
            values,
            screening,
            eighteenth_birthday,
        }
    }

    /// The child's 18th birthday, when the date of birth is known: the first day `age` is 18.
    pub fn eighteenth_birthday(&self) -> Option<NaiveDate> {
        self.eighteenth_birthday
    }

    pub fn get(&self, fact: Fact) -> &Value {
        self.values.get(fact.slot()).unwrap_or(&Value::Null)
    }

    pub(crate) fn set(&mut self, fact: Fact, value: Value) {
        if let Some(slot) = self.values.get_mut(fact.slot()) {
            *slot = value;
        }
    }

    /// The values by slot, for the rule evaluator.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn screening(&self) -> &Screening {
        &self.screening
    }

    /// The values by slot, for a decision to keep.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// The facts by name, as they appear in a decision (follow-up facts included when set).
    pub fn to_map(&self) -> BTreeMap<&'static str, Value> {
        Fact::ALL
            .iter()
            .map(|f| (f.code(), self.get(*f).clone()))
            .collect()
    }
}

/// The derived facts, from the age (`None` when unknown or unborn), whether the child is care
/// experienced and where the harm is (`None` when not said).
fn derived(
    age: Option<u32>,
    care_experienced: bool,
    location: Option<HarmLocation>,
) -> [(Fact, bool); 4] {
    let adult = age.is_some_and(|a| a >= 18);
    [
        (Fact::Child, !adult),
        (Fact::Adult, adult),
        (
            Fact::CareExperiencedYoungAdult,
            adult && care_experienced && age.is_some_and(|a| a <= 25),
        ),
        (
            Fact::HarmOutsideHome,
            location != Some(HarmLocation::Inside),
        ),
    ]
}

/// The first day on which the age counts 18: for a 29 February birth in a common year, 1 March
/// (`years_since` counts a whole year only once the day is reached).
fn eighteenth_birthday(dob: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let day = dob.checked_add_months(chrono::Months::new(18 * 12))?;
    if day.day() == dob.day() {
        Some(day)
    } else {
        day.succ_opt()
    }
}

fn code(code: Option<&str>) -> Value {
    code.map_or(Value::Null, |c| Value::String(c.to_owned()))
}

fn codes_list<'a>(codes: impl Iterator<Item = &'a str>) -> Value {
    Value::Array(codes.map(|c| Value::String(c.to_owned())).collect())
}

/// The facts of a decision, one value per [`Fact`] in slot order; serialized as an object
/// keyed by fact name (the values are moved into the decision, not copied).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FactValues(pub Vec<Value>);

impl FactValues {
    pub fn get(&self, fact: Fact) -> &Value {
        self.0.get(fact.slot()).unwrap_or(&Value::Null)
    }
}

impl serde::Serialize for FactValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (fact, value) in Fact::ALL.iter().zip(&self.0) {
            map.serialize_entry(fact.code(), value)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for FactValues {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = BTreeMap::<String, Value>::deserialize(deserializer)?;
        Ok(FactValues(
            Fact::ALL
                .iter()
                .map(|f| map.remove(f.code()).unwrap_or(Value::Null))
                .collect(),
        ))
    }
}

impl schemars::JsonSchema for FactValues {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Facts".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut properties = serde_json::Map::new();
        for fact in Fact::ALL {
            let schema = match fact.derived_meaning() {
                Some(meaning) => json!({"type": "boolean", "description": meaning}),
                None => json!({}),
            };
            properties.insert(fact.code().to_owned(), schema);
        }
        let _ = generator;
        schemars::json_schema!({
            "type": "object",
            "description": "The facts the rules read, by name (see the README for each fact's meaning).",
            "properties": properties,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::Logic;

    /// The JSONLogic each derived fact replaces in the packs, every way a pack wrote it.
    fn replaced(fact: Fact) -> Vec<Value> {
        let adult = json!({"and": [{"!=": [{"var": "age"}, null]}, {">=": [{"var": "age"}, 18]}]});
        match fact {
            Fact::Child => vec![
                json!({"or": [{"==": [{"var": "age"}, null]}, {"<": [{"var": "age"}, 18]}]}),
                json!({"!": adult}),
            ],
            Fact::Adult => vec![adult],
            Fact::CareExperiencedYoungAdult => vec![
                json!({"and": [adult, {"==": [{"var": "careExperienced"}, true]}, {"<=": [{"var": "age"}, 25]}]}),
            ],
            Fact::HarmOutsideHome => vec![json!({"!=": [{"var": "harmLocation"}, "inside"]})],
            _ => vec![],
        }
    }

    /// Each derived fact is exactly what the expression it replaces gives, for every age
    /// (unknown included), care status and harm location (unknown included), whether the
    /// unknown value is a null fact or no fact at all, as json-logic-js reads the facts.
    #[test]
    fn derived_facts_equal_the_expressions_they_replace() {
        let ages = std::iter::once(None).chain((0..=40).map(Some));
        let locations = std::iter::once(None).chain(HarmLocation::ALL.iter().copied().map(Some));
        let mut checked = 0;
        for age in ages {
            for care_experienced in [false, true] {
                for location in locations.clone() {
                    for omit_unknown in [false, true] {
                        let mut data = serde_json::Map::new();
                        if age.is_some() || !omit_unknown {
                            data.insert("age".into(), age.map_or(Value::Null, |a| json!(a)));
                        }
                        data.insert("careExperienced".into(), json!(care_experienced));
                        if location.is_some() || !omit_unknown {
                            data.insert(
                                "harmLocation".into(),
                                code(location.map(HarmLocation::code)),
                            );
                        }
                        let data = Value::Object(data);
                        for (fact, value) in derived(age, care_experienced, location) {
                            for expression in replaced(fact) {
                                let logic = Logic::compile_generic(&expression).unwrap();
                                assert_eq!(
                                    logic.eval_json(&data),
                                    Value::Bool(value),
                                    "{fact} for {data}: {expression}"
                                );
                                let slots = Logic::compile_facts(&expression, &|name| {
                                    Fact::from_code(name).map(Fact::slot)
                                })
                                .unwrap();
                                let mut values = vec![Value::Null; Fact::ALL.len()];
                                for (name, v) in data.as_object().unwrap() {
                                    values[Fact::from_code(name).unwrap().slot()] = v.clone();
                                }
                                assert_eq!(slots.eval_facts(&values), Value::Bool(value));
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 1000);
        let listed: Vec<Fact> = derived(None, false, None).map(|(f, _)| f).to_vec();
        let marked: Vec<Fact> = Fact::ALL
            .iter()
            .copied()
            .filter(|f| f.is_derived())
            .collect();
        assert_eq!(listed, marked);
        assert!(
            marked
                .iter()
                .all(|f| f.derived_meaning().is_some() && !f.after_route())
        );
    }

    /// Derived from a referral, the facts agree with the expressions too: a complete one, one
    /// with nothing filled in, an unborn baby, a young adult.
    #[test]
    fn derived_facts_from_referrals() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 10);
        let referrals = [
            json!({}),
            json!({"child": {"expectedDueDate": "2026-05-01"}}),
            json!({"child": {"dateOfBirth": "2005-01-01", "careStatus": "care_leaver"},
                   "concerns": {"harmLocation": "inside"}}),
            json!({"child": {"dateOfBirth": "2012-06-01", "careStatus": "none"},
                   "concerns": {"harmLocation": "both"}}),
        ];
        for referral in referrals {
            let referral: Referral = serde_json::from_value(referral).unwrap();
            let facts = Facts::derive(&referral, date);
            for fact in [
                Fact::Child,
                Fact::Adult,
                Fact::CareExperiencedYoungAdult,
                Fact::HarmOutsideHome,
            ] {
                for expression in replaced(fact) {
                    let logic = Logic::compile_facts(&expression, &|name| {
                        Fact::from_code(name).map(Fact::slot)
                    })
                    .unwrap();
                    assert_eq!(&logic.eval_facts(facts.values()), facts.get(fact));
                }
            }
        }
    }
}
