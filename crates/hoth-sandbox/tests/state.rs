//! The page's reducer, natively: every transition the panels rely on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::Policy;
use hoth_core::batch::Row;
use hoth_sandbox::state::{Action, State};
use hoth_sandbox::worker::FromWorker;
use yew::Reducible;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn run(state: State, actions: Vec<Action>) -> Rc<State> {
    actions
        .into_iter()
        .fold(Rc::new(state), |state, action| state.reduce(action))
}

fn rows(index: usize) -> Vec<Row> {
    vec![Row::new(
        index,
        Policy::builtin("wokingham").unwrap(),
        &Err(Vec::new()),
    )]
}

#[test]
fn a_fixture_fills_the_editor_and_its_date() {
    let state = run(
        State::new(today()),
        vec![Action::Fixture(
            "wokingham/age-17-day-before-18th-birthday".into(),
        )],
    );
    assert!(state.text.contains("2008-03-11"));
    assert_eq!(state.today, today());
    assert_eq!(
        state.source,
        "Fixture wokingham/age-17-day-before-18th-birthday"
    );
    let edited = run((*state).clone(), vec![Action::Edit("{}".into())]);
    assert_eq!(
        (edited.text.as_str(), edited.source.as_str()),
        ("{}", "Edited")
    );
    // An unknown key changes nothing.
    let same = run(
        (*state).clone(),
        vec![Action::Fixture("nowhere/nothing".into())],
    );
    assert_eq!(*same, *state);
}

#[test]
fn policies_toggle_and_every_builtin_starts_chosen() {
    let state = State::new(today());
    assert_eq!(state.chosen().len(), Policy::builtin_ids().count());
    let off = run(state.clone(), vec![Action::Toggle("wokingham".into())]);
    assert!(off.chosen().iter().all(|c| c.key != "wokingham"));
    let on = run((*off).clone(), vec![Action::Toggle("wokingham".into())]);
    assert_eq!(on.chosen().len(), state.chosen().len());
}

#[test]
fn a_pack_loads_or_says_why_and_runs_over_one_councils_scenarios() {
    let text = serde_json::to_string(Policy::builtin("wokingham").unwrap().pack()).unwrap();
    let state = run(
        State::new(today()),
        vec![Action::PackFile {
            name: "bad.json".into(),
            text: "{}".into(),
        }],
    );
    assert_eq!(state.pack_error.as_ref().unwrap().0, "bad.json");
    let state = run(
        (*state).clone(),
        vec![
            Action::PackFile {
                name: "w.json".into(),
                text,
            },
            Action::Regression {
                key: "file:1".into(),
                council: "wokingham".into(),
            },
        ],
    );
    assert!(state.pack_error.is_none());
    assert!(state.selected.contains(&"file:1".to_owned()));
    let run_ = state.regression.as_ref().unwrap();
    assert_eq!(run_.council, "wokingham");
    assert!(!run_.rows.is_empty());
    assert!(
        run_.rows
            .iter()
            .all(|r| r.key.starts_with("wokingham/") && r.changes.is_empty())
    );
    assert!(
        state.changes_only,
        "changes only, until the partner asks for all"
    );
    let all = run((*state).clone(), vec![Action::ChangesOnly(false)]);
    assert!(!all.changes_only);
    assert_eq!(
        state.councils(),
        ["gloucestershire", "tower-hamlets", "wokingham"]
    );
}

#[test]
fn a_batch_in_two_parts_joins_in_order_and_times_itself() {
    let state = run(
        State::new(today()),
        vec![
            Action::BatchStart {
                what: "x".into(),
                parts: 2,
                now_ms: 100.0,
            },
            Action::BatchTotal(4),
            Action::BatchRows {
                part: 1,
                routed: 2,
                rows: rows(3),
            },
            Action::BatchRows {
                part: 0,
                routed: 2,
                rows: rows(1),
            },
            Action::BatchPartDone { now_ms: 150.0 },
        ],
    );
    assert!(state.batch.running, "one part is still running");
    assert_eq!(state.batch.done, 4);
    let state = run(
        (*state).clone(),
        vec![Action::BatchPartDone { now_ms: 250.0 }],
    );
    assert!(!state.batch.running);
    assert_eq!(state.batch.elapsed_ms, Some(150.0));
    let indexes: Vec<usize> = state.batch.rows.borrow().iter().map(|r| r.index).collect();
    assert_eq!(indexes, [1, 3]);
}

#[test]
fn a_cancelled_batch_keeps_its_rows_and_says_how_far_it_got() {
    let state = run(
        State::new(today()),
        vec![
            Action::BatchStart {
                what: "x".into(),
                parts: 1,
                now_ms: 0.0,
            },
            Action::BatchTotal(10),
            Action::BatchRows {
                part: 0,
                routed: 1,
                rows: rows(1),
            },
            Action::BatchCancelled,
        ],
    );
    assert!(!state.batch.running);
    assert_eq!(state.batch.rows.borrow().len(), 1);
    assert_eq!(
        state.batch.message.as_deref(),
        Some("Cancelled after 1 of 10 referrals; the rows so far are below.")
    );
}

#[test]
fn worker_messages_read_without_a_browser() {
    assert_eq!(
        FromWorker::read("start", Some(12.0), None, None, None),
        FromWorker::Start { total: 12 }
    );
    let line = rows(7)[0].to_json_line();
    let text = format!("{line}\nnot a row\n");
    assert_eq!(
        FromWorker::read("rows", None, Some(1.0), Some(&text), None),
        FromWorker::Rows {
            routed: 1,
            rows: rows(7)
        }
    );
    assert_eq!(
        FromWorker::read("done", None, None, None, None),
        FromWorker::Done
    );
    assert_eq!(
        FromWorker::read("error", None, None, None, Some("no file".into())),
        FromWorker::Failed("The batch could not run: no file".into())
    );
    assert_eq!(
        FromWorker::read("start", Some(f64::NAN), None, None, None),
        FromWorker::Start { total: 0 }
    );
}
