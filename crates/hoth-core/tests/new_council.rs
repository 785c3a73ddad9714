//! The guide for a new council (`docs/NEW-COUNCIL.md`) and its template pack stay true: the
//! template loads and routes, and the guide names every fact and every outcome code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::fs;
use std::path::{Path, PathBuf};

use hoth_core::facts::Fact;
use hoth_core::policy::{MAX_QUOTE_WORDS, OutcomeCode, Policy};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_template_pack_loads_and_routes() {
    let text = fs::read_to_string(root().join("docs/template-pack.json")).unwrap();
    let policy = Policy::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let referral: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(root().join("tests/fixtures/referrals/charlene.json")).unwrap(),
    )
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let decision = policy.route(&referral, today).unwrap();
    assert!(decision.pathway.is_some());
    // It shows a safety default, a requirement, a follow-up rule and a note.
    let pack = policy.pack();
    assert!(pack.rules.iter().any(|r| r.cite.is_none()));
    assert!(pack.rules.iter().any(|r| r.then.is_empty()));
    assert!(pack.rules.iter().any(|r| r.stage.code() == "follow_up"));
}

#[test]
fn the_guide_names_every_fact_and_outcome_code() {
    let guide = fs::read_to_string(root().join("docs/NEW-COUNCIL.md")).unwrap();
    for fact in Fact::ALL {
        assert!(
            guide.contains(&format!("| `{}` |", fact.code())),
            "docs/NEW-COUNCIL.md: the facts table has no row for `{}`",
            fact.code()
        );
    }
    for code in OutcomeCode::ALL {
        let row = format!(
            "| `{}` | {} | {} | `{}` |",
            code.code(),
            code.kind().code().replace('_', " "),
            code.title(),
            code.default_actor().code()
        );
        assert!(
            guide.contains(&row),
            "docs/NEW-COUNCIL.md: no row {row} in the outcome table"
        );
    }
    assert!(guide.contains(&format!("at most **{MAX_QUOTE_WORDS} words**")));
    assert!(guide.contains("template-pack.json"));
    assert!(!guide.contains("../shared"));
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("docs/NEW-COUNCIL.md"));
}
