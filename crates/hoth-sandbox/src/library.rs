//! The fixture library: the scenario files the tests use (each saying what it exercises and
//! what the decision must be) and the base referrals they patch, embedded at build time.

use chrono::NaiveDate;
use hoth_core::Policy;
use hoth_core::scenario::Scenario;
use serde_json::Value;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/library.rs"));
}

/// One entry of the library.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// `policy/name` for scenarios, `referral/name` for base referrals.
    pub key: String,
    /// The policy folder a scenario belongs to; `None` for a base referral.
    pub policy: Option<String>,
    pub name: String,
    /// What it exercises.
    pub description: String,
    /// The guidance passage it tests: "document, section".
    pub cite: Option<String>,
    /// The date the scenario counts as today.
    pub today: Option<NaiveDate>,
    pub scenario: Option<Scenario>,
    /// The referral, resolved (base + patch), or why it cannot be.
    pub referral: Result<Value, String>,
}

fn base(name: &str) -> Option<Value> {
    embedded::BASES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, json)| serde_json::from_str(json).ok())
}

/// Every fixture: base referrals first, then the scenarios by policy and name.
pub fn fixtures() -> Vec<Fixture> {
    let mut all: Vec<Fixture> = embedded::BASES
        .iter()
        .map(|(name, json)| Fixture {
            key: format!("referral/{name}"),
            policy: None,
            name: (*name).to_owned(),
            description: "An example referral, complete and valid.".to_owned(),
            cite: None,
            today: None,
            scenario: None,
            referral: serde_json::from_str(json).map_err(|e| e.to_string()),
        })
        .collect();
    for (policy, name, json) in embedded::SCENARIOS {
        let (scenario, referral) = match serde_json::from_str::<Scenario>(json) {
            Ok(s) => {
                let referral = s.referral(&base);
                (Some(s), referral)
            }
            Err(e) => (None, Err(format!("the scenario file does not read: {e}"))),
        };
        all.push(Fixture {
            key: format!("{policy}/{name}"),
            policy: Some((*policy).to_owned()),
            name: (*name).to_owned(),
            description: scenario
                .as_ref()
                .map_or_else(String::new, |s| s.description.clone()),
            cite: scenario
                .as_ref()
                .map(|s| format!("{}, {}", s.cite.document, s.cite.section)),
            today: scenario
                .as_ref()
                .and_then(|s| NaiveDate::parse_from_str(&s.today, "%Y-%m-%d").ok()),
            scenario,
            referral,
        });
    }
    all
}

/// A scenario's result under a loaded pack.
#[derive(Debug, Clone, PartialEq)]
pub struct RegressionRow {
    pub key: String,
    pub description: String,
    /// Every way the result differs from the scenario's expected result; empty when it holds.
    pub changes: Vec<String>,
}

/// Run `policy` over the scenarios written for `council` (the council whose rules it
/// replaces): which expected results does it change? A pack is only ever run against one
/// council's scenarios: another council's expectations say nothing about it.
pub fn regression(policy: &Policy, fixtures: &[Fixture], council: &str) -> Vec<RegressionRow> {
    fixtures
        .iter()
        .filter(|f| f.policy.as_deref() == Some(council))
        .filter_map(|f| {
            let mut scenario = f.scenario.as_ref()?.clone();
            // Rule ids belong to one pack: another council's scenarios are checked by their
            // decisions alone.
            if f.policy.as_deref() != Some(policy.id()) {
                scenario.expect.rules.clear();
            }
            let changes = match &f.referral {
                Ok(referral) => scenario.check(policy, referral).1,
                Err(e) => vec![e.clone()],
            };
            Some(RegressionRow {
                key: f.key.clone(),
                description: f.description.clone(),
                changes,
            })
        })
        .collect()
}
