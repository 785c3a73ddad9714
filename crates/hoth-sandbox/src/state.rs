//! The page's state and its one reducer. Pure: no browser calls (the clock comes in with the
//! actions that need it), so every transition is tested natively (`tests/state.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::batch::Row;
use yew::Reducible;

use crate::engine::{self, Choice};
use crate::library::{self, Fixture, RegressionRow};

/// A batch run: progress while it runs, the rows once routed.
#[derive(Debug, Clone, Default)]
pub struct BatchState {
    pub running: bool,
    pub done: usize,
    pub total: usize,
    /// Shared, not copied, on every state change: a batch can be 30,000 rows.
    pub rows: Rc<RefCell<Vec<Row>>>,
    /// Each worker's rows while they run (joined in order into `rows` at the end).
    pub parts: Rc<RefCell<Vec<Vec<Row>>>>,
    pub part_done: Vec<usize>,
    pub parts_finished: usize,
    /// Bumped whenever rows change, so views re-render.
    pub version: usize,
    /// What ran: "charlene.jsonl under 3 policies".
    pub what: String,
    pub started_ms: f64,
    pub elapsed_ms: Option<f64>,
    pub message: Option<String>,
}

impl BatchState {
    /// Move the workers' rows, part by part (so in batch order), into `rows`.
    fn join_parts(&mut self) {
        let mut rows = self.rows.borrow_mut();
        for part in self.parts.borrow_mut().iter_mut() {
            rows.append(part);
        }
        self.version += 1;
    }
}

/// A loaded pack run over one council's scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// The pack, as the page names it.
    pub label: String,
    /// The council whose scenarios it ran over (the scenario folder, e.g. `wokingham`).
    pub council: String,
    pub rows: Vec<RegressionRow>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub fixtures: Rc<Vec<Fixture>>,
    /// Every policy on offer: the built-in ones, then packs loaded from files.
    pub choices: Vec<Choice>,
    /// Keys of the chosen policies.
    pub selected: Vec<String>,
    /// The referral in the editor.
    pub text: String,
    /// Where it came from, e.g. "Scenario wokingham/level-4".
    pub source: String,
    pub fixture: Option<String>,
    pub today: NaiveDate,
    pub loaded: usize,
    /// The file name and why the last pack file did not load.
    pub pack_error: Option<(String, hoth_core::PolicyError)>,
    /// The last regression run of a loaded pack.
    pub regression: Option<Regression>,
    /// Show only the scenarios whose expected result the pack changes.
    pub changes_only: bool,
    pub warning_open: bool,
    pub batch: BatchState,
}

/// What the views show changed (the batch rows are shared: their `version` says).
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        let b = (&self.batch, &other.batch);
        self.text == other.text
            && self.selected == other.selected
            && self.choices == other.choices
            && self.fixture == other.fixture
            && self.today == other.today
            && self.pack_error == other.pack_error
            && self.regression == other.regression
            && self.changes_only == other.changes_only
            && self.warning_open == other.warning_open
            && b.0.version == b.1.version
            && b.0.running == b.1.running
            && b.0.total == b.1.total
            && b.0.message == b.1.message
            && b.0.elapsed_ms == b.1.elapsed_ms
    }
}

impl State {
    pub fn new(today: NaiveDate) -> State {
        let choices = engine::builtins();
        State {
            fixtures: Rc::new(library::fixtures()),
            selected: choices.iter().map(|c| c.key.clone()).collect(),
            choices,
            text: String::new(),
            source: String::new(),
            fixture: None,
            today,
            loaded: 0,
            pack_error: None,
            regression: None,
            changes_only: true,
            warning_open: true,
            batch: BatchState::default(),
        }
    }

    /// The councils with scenarios in the library (their folders), in order.
    pub fn councils(&self) -> Vec<String> {
        let mut councils: Vec<String> = self
            .fixtures
            .iter()
            .filter(|f| f.scenario.is_some())
            .filter_map(|f| f.policy.clone())
            .collect();
        councils.dedup();
        councils
    }

    /// The chosen policies, in the order they are offered.
    pub fn chosen(&self) -> Vec<&Choice> {
        self.choices
            .iter()
            .filter(|c| self.selected.contains(&c.key))
            .collect()
    }
}

pub enum Action {
    Edit(String),
    Fixture(String),
    Opened {
        name: String,
        text: String,
    },
    Today(NaiveDate),
    Toggle(String),
    PackFile {
        name: String,
        text: String,
    },
    /// Run the loaded pack `key` over the scenarios of the council `council` (the one whose
    /// rules it replaces).
    Regression {
        key: String,
        council: String,
    },
    ChangesOnly(bool),
    DismissWarning,
    BatchStart {
        what: String,
        parts: usize,
        /// The clock when it started, in milliseconds.
        now_ms: f64,
    },
    BatchTotal(usize),
    BatchRows {
        part: usize,
        routed: usize,
        rows: Vec<Row>,
    },
    BatchPartDone {
        now_ms: f64,
    },
    BatchFailed(String),
    BatchCancelled,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                next.text = text;
                next.source = "Edited".to_owned();
            }
            Action::Fixture(key) => {
                if let Some(fixture) = next.fixtures.iter().find(|f| f.key == key) {
                    match &fixture.referral {
                        Ok(referral) => {
                            next.text = serde_json::to_string_pretty(referral).unwrap_or_default();
                        }
                        Err(e) => next.text = e.clone(),
                    }
                    if let Some(today) = fixture.today {
                        next.today = today;
                    }
                    next.source = format!("Fixture {key}");
                    next.fixture = Some(key);
                }
            }
            Action::Opened { name, text } => {
                next.text = text;
                next.source = format!("File {name}");
                next.fixture = None;
            }
            Action::Today(today) => next.today = today,
            Action::Toggle(key) => {
                if let Some(at) = next.selected.iter().position(|k| *k == key) {
                    next.selected.remove(at);
                } else {
                    next.selected.push(key);
                }
            }
            Action::PackFile { name, text } => {
                match engine::load_pack(next.loaded + 1, &name, &text) {
                    Ok(choice) => {
                        next.loaded += 1;
                        next.pack_error = None;
                        next.selected.push(choice.key.clone());
                        next.choices.push(choice);
                    }
                    Err(e) => next.pack_error = Some((name, e)),
                }
            }
            Action::Regression { key, council } => {
                if let Some(choice) = next.choices.iter().find(|c| c.key == key) {
                    let rows = library::regression(&choice.policy, &next.fixtures, &council);
                    next.regression = Some(Regression {
                        label: choice.label.clone(),
                        council,
                        rows,
                    });
                }
            }
            Action::ChangesOnly(on) => next.changes_only = on,
            Action::DismissWarning => next.warning_open = false,
            Action::BatchStart {
                what,
                parts,
                now_ms,
            } => {
                next.batch = BatchState {
                    running: true,
                    what,
                    started_ms: now_ms,
                    version: self.batch.version + 1,
                    parts: Rc::new(RefCell::new(vec![Vec::new(); parts])),
                    part_done: vec![0; parts],
                    ..BatchState::default()
                };
            }
            Action::BatchTotal(total) => next.batch.total = total,
            Action::BatchRows { part, routed, rows } => {
                if let Some(rows_of_part) = next.batch.parts.borrow_mut().get_mut(part) {
                    rows_of_part.extend(rows);
                }
                if let Some(done) = next.batch.part_done.get_mut(part) {
                    *done = routed;
                }
                next.batch.done = next.batch.part_done.iter().sum();
                next.batch.version += 1;
            }
            Action::BatchPartDone { now_ms } => {
                next.batch.parts_finished += 1;
                if next.batch.running && next.batch.parts_finished >= next.batch.part_done.len() {
                    next.batch.join_parts();
                    next.batch.running = false;
                    next.batch.elapsed_ms = Some(now_ms - next.batch.started_ms);
                }
            }
            Action::BatchFailed(message) => {
                next.batch.join_parts();
                next.batch.running = false;
                next.batch.message = Some(message);
            }
            Action::BatchCancelled => {
                next.batch.join_parts();
                next.batch.running = false;
                next.batch.message = Some(format!(
                    "Cancelled after {} of {} referrals; the rows so far are below.",
                    next.batch.done, next.batch.total
                ));
            }
        }
        Rc::new(next)
    }
}
