//! The sandbox's embedded library and its per-referral engine, natively.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use hoth_core::Policy;
use hoth_sandbox::batch::BatchJob;
use hoth_sandbox::engine;
use hoth_sandbox::library::{self, regression};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

#[test]
fn every_scenario_file_is_in_the_library_and_resolves() {
    let fixtures = library::fixtures();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut on_disk = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let key = format!(
                "{}/{}",
                dir.file_name().unwrap().to_string_lossy(),
                file.file_stem().unwrap().to_string_lossy()
            );
            let fixture = fixtures
                .iter()
                .find(|f| f.key == key)
                .unwrap_or_else(|| panic!("{key} is not in the library"));
            assert!(fixture.referral.is_ok(), "{key}: {:?}", fixture.referral);
            assert!(
                !fixture.description.is_empty(),
                "{key} says what it exercises"
            );
            assert!(fixture.today.is_some(), "{key} has a date");
            on_disk += 1;
        }
    }
    assert_eq!(
        fixtures.iter().filter(|f| f.scenario.is_some()).count(),
        on_disk
    );
    assert!(fixtures.iter().any(|f| f.key == "referral/charlene"));
}

#[test]
fn each_builtin_pack_changes_none_of_its_expected_results() {
    let fixtures = library::fixtures();
    for id in Policy::builtin_ids() {
        let rows = regression(Policy::builtin(id).unwrap(), &fixtures, id);
        assert!(!rows.is_empty(), "{id} has scenarios");
        assert!(rows.iter().all(|r| r.key.starts_with(&format!("{id}/"))));
        let changed: Vec<_> = rows.iter().filter(|r| !r.changes.is_empty()).collect();
        assert!(changed.is_empty(), "{id}: {changed:#?}");
    }
}

#[test]
fn a_pack_without_a_rule_changes_the_scenarios_that_need_it() {
    let fixtures = library::fixtures();
    let mut pack = Policy::builtin("wokingham").unwrap().pack().clone();
    pack.rules
        .retain(|r| !r.then.iter().any(|o| o.code.code() == "strategy_meeting"));
    let edited = Policy::from_pack(pack).unwrap();
    let rows = regression(&edited, &fixtures, "wokingham");
    assert!(rows.iter().all(|r| r.key.starts_with("wokingham/")));
    assert!(
        rows.iter()
            .any(|r| r.changes.iter().any(|c| c.contains("strategy_meeting")))
    );
}

#[test]
fn the_engine_compares_and_explains() {
    let text = include_str!("../../../tests/fixtures/referrals/charlene.json");
    let choices = engine::builtins();
    let refs: Vec<_> = choices.iter().collect();
    let evaluation = engine::evaluate(text, &refs, today());
    assert!(evaluation.not_json.is_none() && evaluation.issues.is_empty());
    assert_eq!(evaluation.columns.len(), 3);
    assert!(evaluation.differences.any());
    let decision = evaluation.columns[0].result.as_ref().unwrap();
    let trace = engine::explain(&choices[0].policy, decision);
    assert_eq!(trace.len(), decision.trace.len());
    assert!(
        trace
            .iter()
            .all(|t| !t.condition.is_empty() && !t.cite.is_empty())
    );
    assert!(trace.iter().any(|t| !t.facts.is_empty()));
    let bad = engine::evaluate("{\"child\": ", &refs, today());
    assert!(bad.not_json.unwrap().contains("line 1"));
    let error = engine::load_pack(1, "x.json", "{}").unwrap_err();
    assert!(error.to_string().contains("policy pack"));
}

#[test]
fn a_batch_job_in_chunks_gives_the_rows_of_one_run() {
    let referrals: Vec<String> = hoth_core::synthetic::referrals(5, 30, today())
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    let text = referrals.join("\n");
    let specs = vec!["wokingham".to_owned(), "tower-hamlets".to_owned()];
    let mut job = BatchJob::from_text(&text, &specs, "2026-03-10").unwrap();
    assert_eq!(job.total(), 30);
    let mut chunks = String::new();
    while job.done() < job.total() {
        chunks.push_str(&job.run_chunk(7));
    }
    let mut seeded = BatchJob::from_seed(5, 30, &specs, "2026-03-10").unwrap();
    assert_eq!(seeded.run_chunk(1000), chunks);
    let policies: Vec<&Policy> = specs.iter().map(|s| Policy::builtin(s).unwrap()).collect();
    let inputs = hoth_core::batch::parse(&text).unwrap();
    let rows = hoth_core::batch::route(&inputs, &policies, today());
    assert_eq!(hoth_core::batch::to_json_lines(&rows), chunks);
    assert!(BatchJob::from_text("[", &specs, "2026-03-10").is_err());
    assert!(BatchJob::from_text("[]", &["nowhere".to_owned()], "2026-03-10").is_err());
}

#[test]
fn another_councils_scenarios_are_checked_without_their_rule_ids() {
    let fixtures = library::fixtures();
    let mut pack = Policy::builtin("wokingham").unwrap().pack().clone();
    pack.id = "new-council".to_owned();
    let renamed = Policy::from_pack(pack).unwrap();
    // Run over another council's scenarios, only their decisions are checked.
    let rows = regression(&renamed, &fixtures, "gloucestershire");
    assert!(rows.iter().all(|r| r.key.starts_with("gloucestershire/")));
    for row in &rows {
        assert!(
            !row.changes.iter().any(|c| c.starts_with("rule ")),
            "{}: {:?}",
            row.key,
            row.changes
        );
    }
    // Wokingham's own scenarios still hold under the renamed pack.
    let rows = regression(&renamed, &fixtures, "wokingham");
    assert!(!rows.is_empty() && rows.iter().all(|r| r.changes.is_empty()));
}
