//! Synthetic referrals: random but valid MARF referrals from a seed, to exercise a policy
//! without any real child's data.
//!
//! The same seed and date give the same referrals on every platform (native, browser): the
//! generator is a small splitmix64, not the operating system's randomness. Names, addresses
//! and contacts are obviously made up ("Synthetic child 17", example.org, Example Street).
//! Every referral passes validation under every built-in policy (tested), and the mix is wide
//! enough to reach every screening level and the pathways and plans of the built-in packs:
//! unborn children to care leavers of 20, every harm type and location, immediate danger,
//! frequent missing episodes, contexts with other children, raised professional judgement.

use chrono::{Days, NaiveDate};
use serde_json::{Map, Value, json};

use crate::referral::{
    AgencyKind, CareStatus, ConsentStatus, ContextKind, HarmLocation, HarmType, OpenCase, Send,
};
use crate::screening::Catalogue;

/// A deterministic pseudo-random generator (splitmix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent` in 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// Most referrals a single call generates (the sandbox and the CLI cap requests here).
pub const MAX_COUNT: usize = 100_000;

/// `count` (at most [`MAX_COUNT`]) synthetic referrals made on `today`, from `seed`.
pub fn referrals(seed: u64, count: usize, today: NaiveDate) -> Vec<Value> {
    let mut rng = SplitMix64::new(seed);
    (0..count.min(MAX_COUNT))
        .map(|n| referral(&mut rng, n + 1, today))
        .collect()
}

fn code<T: Copy>(rng: &mut SplitMix64, all: &[T], name: impl Fn(T) -> &'static str) -> String {
    rng.pick(all).map_or("", |c| name(*c)).to_owned()
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// One synthetic referral; `n` numbers it in its names.
pub fn referral(rng: &mut SplitMix64, n: usize, today: NaiveDate) -> Value {
    let mut child = Map::new();
    child.insert("firstName".into(), json!(format!("Synthetic child {n}")));
    child.insert("lastName".into(), json!("Example"));
    if rng.chance(3) {
        let due = today.checked_add_days(Days::new(20 + rng.below(150)));
        child.insert("expectedDueDate".into(), json!(due.map(date)));
    } else {
        // Ages 0 to 20, weighted to adolescents; born at least a day before today.
        let years = match rng.below(10) {
            0 => rng.below(10),
            1 => 18 + rng.below(3),
            _ => 10 + rng.below(8),
        };
        let days = years * 365 + 1 + rng.below(364);
        let born = today.checked_sub_days(Days::new(days));
        child.insert("dateOfBirth".into(), json!(born.map(date)));
    }
    child.insert(
        "send".into(),
        json!(code(rng, Send::ALL, |c: Send| c.code())),
    );
    let care = if rng.chance(25) {
        code(rng, CareStatus::ALL, |c: CareStatus| c.code())
    } else {
        "none".to_owned()
    };
    child.insert("careStatus".into(), json!(care));
    child.insert(
        "openCase".into(),
        json!(code(rng, OpenCase::ALL, |c: OpenCase| c.code())),
    );
    child.insert(
        "address".into(),
        json!({ "line1": format!("{n} Example Street"), "town": "Exampletown", "postcode": "ZZ99 3WZ" }),
    );

    let location = match rng.below(10) {
        0 => HarmLocation::Inside,
        1 => HarmLocation::Both,
        2 => HarmLocation::Unsure,
        _ => HarmLocation::Outside,
    };
    let mut harm_types: Vec<&'static str> = Vec::new();
    for _ in 0..=rng.below(3) {
        let harm = if location == HarmLocation::Inside && rng.chance(60) {
            HarmType::FamilialAbuseOrNeglect
        } else {
            rng.pick(HarmType::ALL)
                .copied()
                .unwrap_or(HarmType::CriminalExploitation)
        };
        if !harm_types.contains(&harm.code()) {
            harm_types.push(harm.code());
        }
    }
    let predominant = rng.pick(&harm_types).copied().unwrap_or("other");
    let consent = code(rng, ConsentStatus::ALL, |c: ConsentStatus| c.code());
    let mut consent_section = json!({ "parentsAware": rng.chance(70), "consent": consent });
    if consent != "given" {
        consent_section["reasonNotSought"] =
            json!("Asking the parents could put the child at greater risk of harm.");
    }
    let mut referral = json!({
        "schemaVersion": "1",
        "referralDate": date(today),
        "child": Value::Object(child),
        "referrer": {
            "name": format!("Synthetic referrer {n}"),
            "role": "Designated safeguarding lead",
            "organisation": "Example agency",
            "agency": code(rng, AgencyKind::ALL, |c: AgencyKind| c.code()),
            "email": "referrer@example.org",
            "phone": "01632 960000",
        },
        "consent": consent_section,
        "concerns": {
            "summary": format!("Synthetic referral {n}: made-up concerns to test a council's routing rules."),
            "immediateDanger": rng.chance(8),
            "harmLocation": location.code(),
            "harmTypes": harm_types,
            "predominantHarm": predominant,
        },
    });
    if location.is_hoth() {
        referral["hoth"] = hoth_section(rng, n);
    }
    referral
}

fn hoth_section(rng: &mut SplitMix64, n: usize) -> Value {
    let catalogue = Catalogue::builtin();
    let mut indicators: Vec<&str> = Vec::new();
    // None to many indicators, so every level comes up.
    let wanted = match rng.below(10) {
        0 => 0,
        1..=4 => 1 + rng.below(2),
        5..=7 => 2 + rng.below(4),
        _ => 4 + rng.below(8),
    };
    for _ in 0..wanted {
        if let Some(indicator) = rng.pick(&catalogue.indicators)
            && !indicators.contains(&indicator.id.as_str())
        {
            indicators.push(&indicator.id);
        }
    }
    let mut contexts = Vec::new();
    for i in 0..rng.below(3) {
        contexts.push(json!({
            "kind": code(rng, ContextKind::ALL, |c: ContextKind| c.code()),
            "name": format!("Synthetic place {n}.{}", i + 1),
            "otherChildrenAffected": rng.chance(40),
        }));
    }
    // No people of concern are made up; saying so answers the question (Wokingham asks it).
    let no_contexts = contexts.is_empty();
    let mut hoth = json!({
        "screeningCompleted": true,
        "indicators": indicators,
        "missingEpisodes90d": if rng.chance(30) { rng.below(7) } else { 0 },
        "contexts": contexts,
        "noAssociatesKnown": true,
    });
    if no_contexts {
        hoth["noContextsKnown"] = json!(true);
    }
    if rng.chance(10) {
        // Judgement may raise the level, never lower it: significant is never below.
        hoth["professionalJudgement"] = json!({
            "level": "significant",
            "reason": "The referrer knows of escalating risk not captured by the indicators.",
        });
    }
    hoth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // The first outputs of splitmix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
