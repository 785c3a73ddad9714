//! Validation fixtures: `tests/fixtures/validation/<code>.<valid|invalid>.<case>.json`.
//!
//! Each file is a base referral plus a JSON Merge Patch (and optionally a policy). An
//! `invalid` fixture must produce its code; a `valid` one must produce no issue at all. Every
//! issue code has at least one of each, and the full list of issues of every fixture is
//! snapshotted (`cargo insta review` accepts an intended change).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hoth_core::policy::Policy;
use hoth_core::scenario::merge_patch;
use hoth_core::validation::IssueCode;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    description: String,
    today: String,
    base: String,
    patch: Value,
    #[serde(default)]
    policy: Option<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn validation_fixtures() {
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    insta::glob!("../../../tests/fixtures/validation", "*.json", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let (code, kind) = (
            parts.next().unwrap().to_owned(),
            parts.next().unwrap().to_owned(),
        );
        assert!(
            IssueCode::from_code(&code).is_some(),
            "{name}: {code} is not an issue code"
        );
        assert!(
            kind == "valid" || kind == "invalid",
            "{name}: must be <code>.valid.<case>.json or <code>.invalid.<case>.json"
        );
        *seen.entry((code.clone(), kind.clone())).or_default() += 1;

        let fixture: Fixture = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let base = root()
            .join("tests/fixtures/referrals")
            .join(format!("{}.json", fixture.base));
        let mut referral: Value = serde_json::from_str(&fs::read_to_string(base).unwrap()).unwrap();
        merge_patch(&mut referral, &fixture.patch);
        let today = NaiveDate::parse_from_str(&fixture.today, "%Y-%m-%d").unwrap();
        let validated = match &fixture.policy {
            Some(id) => Policy::builtin(id).unwrap().validate(&referral, today),
            None => hoth_core::validate_value(&referral, today),
        };
        if kind == "valid" {
            assert!(
                validated.issues.is_empty(),
                "{name} should be valid: {:#?}",
                validated.issues
            );
        } else {
            assert!(
                validated.issues.iter().any(|i| i.code.code() == code),
                "{name} should give {code}: {:#?}",
                validated.issues
            );
        }
        insta::with_settings!({ description => fixture.description.as_str(), omit_expression => true }, {
            insta::assert_json_snapshot!(validated.issues);
        });
    });
    for code in IssueCode::ALL {
        for kind in ["valid", "invalid"] {
            assert!(
                seen.contains_key(&(code.code().to_owned(), kind.to_owned())),
                "no {kind} fixture for {code}: add tests/fixtures/validation/{code}.{kind}.<case>.json"
            );
        }
    }
}
