//! Facts: what the policy rules may read about a referral.
//!
//! Rules never see the referral itself, only these named values, so a pack can be evaluated
//! by any JSONLogic library (in .NET, PHP, Java or Python) from the facts alone, and a change
//! to the form does not silently change what a rule means. The names are stable.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::referral::{CareStatus, ContextKind, HarmLocation, HarmType, Referral, Send, codes};
use crate::screening::{FREQUENT_MISSING_EPISODES, Screening, age_on, screen_referral};

codes! {
    /// The facts a rule may read. Follow-up rules may also read `pathway` and `plan`.
    Fact {
        Age = "age",
        Unborn = "unborn",
        CareStatus = "careStatus",
        CareExperienced = "careExperienced",
        Send = "send",
        OpenCase = "openCase",
        HarmLocation = "harmLocation",
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
        let mut values = vec![Value::Null; Fact::ALL.len()];
        let mut set = |fact: Fact, value: Value| values[fact.slot()] = value;

        let unborn =
            child.is_some_and(|c| c.date_of_birth.is_none() && c.expected_due_date.is_some());
        set(Fact::Unborn, json!(unborn));
        if !unborn {
            let age = age_on(
                child.and_then(|c| c.date_of_birth.as_deref()),
                referral_date,
            );
            set(Fact::Age, age.map_or(Value::Null, |a| json!(a)));
        }
        let care = child.and_then(|c| c.care_status);
        set(Fact::CareStatus, code(care.map(CareStatus::code)));
        set(
            Fact::CareExperienced,
            json!(care.is_some_and(|c| c != CareStatus::None)),
        );
        let send = child.and_then(|c| c.send);
        set(Fact::Send, json!(send.is_some_and(Send::is_send)));
        set(Fact::CareAndSupportNeeds, json!(send == Some(Send::Ehcp)));
        set(
            Fact::OpenCase,
            code(child.and_then(|c| c.open_case).map(|o| o.code())),
        );

        let location = concerns.and_then(|c| c.harm_location);
        set(Fact::HarmLocation, code(location.map(HarmLocation::code)));
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
            properties.insert(fact.code().to_owned(), json!({}));
        }
        let _ = generator;
        schemars::json_schema!({
            "type": "object",
            "description": "The facts the rules read, by name (see the README for each fact's meaning).",
            "properties": properties,
        })
    }
}
