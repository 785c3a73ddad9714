//! The wizard's state as a reducer: a [`State`], the [`Action`]s that change it, and
//! [`State::apply`], which components call through Yew's `use_reducer`. No browser here: the
//! transitions are tested natively (`tests/reducer.rs`).
//!
//! After every change of an answer the state asks the core again: the issues
//! (`Policy::validate`), the screening level (`screen_referral`) and the route
//! (`Policy::route`, or, while the referral is not yet valid, `Policy::decide` over the facts
//! of what has been entered so far, shown as provisional). The UI holds no domain logic.
//!
//! One exception, for speed: a new blank form starts [`State::unchecked`], so its first page
//! shows without waiting for the core (see [`State::unchecked`]).

pub mod path;

use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::referral::{HarmLocation, SCHEMA_VERSION};
use hoth_core::screening::screen_referral;
use hoth_core::timescales::Calendar;
use hoth_core::{Decision, Issue, Level, Policy};
use serde_json::{Map, Value, json};
use yew::Reducible;

use crate::form::{self, Kind, Page};

/// A message at the top of the form about the draft or the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A draft was found and restored.
    DraftRestored,
    /// A draft could not be read, so it was set aside and the form started empty.
    DraftSetAside,
    /// A `local` draft was older than 72 hours, so it was deleted.
    DraftExpired,
    /// The browser will not keep drafts (storage blocked or full): answers stay in memory.
    StorageUnavailable,
    /// A saved copy was opened.
    CopyOpened,
}

/// What to move keyboard focus to after an action (GOV.UK: the error summary after a failed
/// Continue, the heading of a new page, a field from an error link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusTarget {
    ErrorSummary,
    Heading,
    Field(String),
    /// An element by its id (a list item's heading after a removal, the send error).
    Element(String),
    /// The "Call 999 now" panel, brought into view.
    Danger,
}

/// What the portal said when it was handed the referral (`hoth-submit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendAnswer {
    /// The portal has it: its reference, and when (as the referrer reads it).
    Confirmed { reference: String, at: String },
    /// It did not go: the portal's message (or the widget's, for no answer in time).
    Failed(String),
}

/// A sent referral, as the portal confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub reference: String,
    pub at: String,
}

/// A focus request; `seq` changes with every request so the same target can be asked twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub seq: u32,
    pub target: FocusTarget,
}

/// The screening level now: from the indicators, and after professional judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Levels {
    pub computed: Level,
    pub level: Level,
    pub floor_applied: bool,
}

/// The route panel's content.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub decision: Decision,
    /// True while the referral is not yet valid: the route is from what has been entered so
    /// far, and will change as the form is completed.
    pub provisional: bool,
}

/// A built-in policy, compared by identity (packs are loaded once and shared).
#[derive(Debug, Clone, Copy)]
pub struct PolicyRef(pub &'static Policy);

impl PartialEq for PolicyRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl std::ops::Deref for PolicyRef {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        self.0
    }
}

/// The day, month and year boxes of date questions as typed, by the question's path: a few
/// entries at most, kept in path order (a list, not a `BTreeMap`: the map's code, for one
/// small table, was about 9 KB of the widget's WebAssembly).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateBoxes(Vec<(String, [String; 3])>);

impl DateBoxes {
    fn find(&self, path: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(p, _)| p.as_str().cmp(path))
    }

    pub fn get(&self, path: &str) -> Option<&[String; 3]> {
        self.find(path)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, parts)| parts)
    }

    fn insert(&mut self, path: String, parts: [String; 3]) {
        match self.find(&path) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = parts;
                }
            }
            Err(i) => self.0.insert(i, (path, parts)),
        }
    }

    fn remove(&mut self, path: &str) {
        if let Ok(i) = self.find(path) {
            self.0.remove(i);
        }
    }

    fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.0.retain(|(path, _)| keep(path));
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub policy: PolicyRef,
    pub today: NaiveDate,
    /// Every answer as typed, including the harm-outside-the-home section when the harm is
    /// now said to be only inside the home (kept in case the referrer changes it back).
    pub answers: Value,
    /// Day, month and year boxes of date questions, as typed, by path.
    pub dates: DateBoxes,
    /// "The baby has not been born yet" (ask for the due date instead of the date of birth).
    pub unborn: bool,
    pub page: Page,
    /// Came from "Check your answers" through a change link: Continue goes back there.
    pub checking: bool,
    /// The errors shown on this page: its issues when Continue was last pressed.
    pub errors: Vec<Issue>,
    /// The referral as it would be sent (see [`State::referral`]).
    pub referral: Value,
    /// Every issue with the referral as it would be sent, in the order of the form.
    pub issues: Vec<Issue>,
    pub levels: Levels,
    pub route: Option<Route>,
    /// Bumps on every change of an answer (drafts are saved and `hoth-change` fires on it).
    pub revision: u64,
    pub focus: Option<Focus>,
    pub notice: Option<Notice>,
    /// The portal confirmed the referral (see [`Sent`]); only then is the draft forgotten.
    pub submitted: bool,
    /// Waiting for the portal's answer to `hoth-submit` number `seq`.
    pub sending: Option<u32>,
    /// How many times the referral has been handed to the portal.
    pub send_seq: u32,
    /// The portal's failure (or no answer in time): the referral was not sent.
    pub send_error: Option<String>,
    pub sent: Option<Sent>,
    /// This page was reached through the browser's Back or Forward button (so no new
    /// history entry is made for it).
    pub via_history: bool,
    /// The core has not been asked about these answers yet: `issues`, `levels` and `route`
    /// are empty (see [`State::unchecked`]). Any action asks it first.
    pub unchecked: bool,
}

/// Everything that can happen to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Answer a question (`None` clears the answer).
    Set {
        path: String,
        value: Option<Value>,
    },
    /// Tick or untick a code in a list of checkboxes.
    Toggle {
        path: String,
        code: String,
    },
    /// Type in the day (0), month (1) or year (2) box of a date question.
    SetDatePart {
        path: String,
        part: usize,
        text: String,
    },
    /// Switch between the date of birth and the expected due date.
    SetUnborn(bool),
    AddItem(String),
    RemoveItem {
        list: String,
        index: usize,
    },
    /// "Continue": check this page, then go on (or back to check-your-answers).
    Continue,
    Back,
    /// A change link on check-your-answers.
    Change(Page),
    /// An error link on check-your-answers: the page of the field, focused on it.
    ChangeField(String),
    /// "Accept and send" on check-your-answers: hand the referral to the portal.
    Submit,
    /// The portal's answer to hand-over `seq` (ignored when it is not the one awaited).
    SendAnswered {
        seq: u32,
        answer: SendAnswer,
    },
    /// The browser's Back or Forward button reached an entry for this page.
    Visit(Page),
    /// Throw the answers away and start with an empty form.
    StartAgain,
    /// Replace the answers from a saved copy the referrer opened (focus moves to the page).
    Load {
        referral: Value,
        page: Page,
        notice: Option<Notice>,
    },
    /// Replace the answers from the portal (the `value` property; `None` empties the form),
    /// without moving the referrer's focus or scrolling the page.
    Preset(Option<Value>),
    SetPolicy(PolicyRef),
    Notify(Option<Notice>),
    /// Ask the core about an [unchecked](State::unchecked) form's answers (the widget sends
    /// it once the first page is on screen; every other action does the same first).
    Check,
}

/// The referral a new form starts from: the form version, today, and the sections the form
/// always asks about (empty, so that issues are about fields, not whole sections).
pub fn blank(today: NaiveDate) -> Value {
    json!({
        "schemaVersion": SCHEMA_VERSION,
        "referralDate": today.to_string(),
        "child": { "address": {} },
        "referrer": {},
        "consent": {},
        "concerns": {},
        "hoth": {},
    })
}

impl State {
    pub fn new(policy: &'static Policy, today: NaiveDate) -> State {
        let mut state = State::unchecked(policy, today);
        state.refresh();
        state
    }

    /// A new blank form that the core has not been asked about yet: the referral as it would
    /// be sent is there (for `value`), but no issues, screening level or route. The widget
    /// starts a blank form like this, so its first page shows without waiting for
    /// validation, screening and routing (on a blank form the route panel only says what to
    /// answer first, and no page shows issues before Continue), and sends [`Action::Check`]
    /// once that page is on screen. Any action asks the core first, so nothing is ever
    /// decided from unchecked answers; while unchecked, [`State::concerns_answered`] is false.
    pub fn unchecked(policy: &'static Policy, today: NaiveDate) -> State {
        let mut state = State {
            policy: PolicyRef(policy),
            today,
            answers: blank(today),
            dates: DateBoxes::default(),
            unborn: false,
            page: Page::Child,
            checking: false,
            errors: Vec::new(),
            referral: Value::Null,
            issues: Vec::new(),
            levels: Levels {
                computed: Level::None,
                level: Level::None,
                floor_applied: false,
            },
            route: None,
            revision: 0,
            focus: None,
            notice: None,
            submitted: false,
            sending: None,
            send_seq: 0,
            send_error: None,
            sent: None,
            via_history: false,
            unchecked: true,
        };
        state.referral = state.to_send();
        state
    }

    /// A state with these answers (a draft, a saved copy, a preset `value`).
    pub fn with_answers(mut self, referral: Value, page: Page, notice: Option<Notice>) -> State {
        self.load(referral, page, notice);
        self
    }

    /// True while nothing has been answered (a blank form is not worth keeping as a draft).
    pub fn is_blank(&self) -> bool {
        self.answers == blank(self.today)
    }

    /// The harm is, or may be, outside the home, so the screening tool and the places and
    /// people of concern are asked. Until the question is answered, they are.
    pub fn asks_hoth(&self) -> bool {
        path::get(&self.answers, "concerns.harmLocation")
            .and_then(Value::as_str)
            .and_then(HarmLocation::from_code)
            .is_none_or(HarmLocation::is_hoth)
    }

    /// The pages this referral goes through, in order.
    pub fn pages(&self) -> Vec<Page> {
        Page::ALL
            .into_iter()
            .filter(|p| self.asks_hoth() || !p.hoth_only())
            .collect()
    }

    /// The question pages, for the progress caption ("Section 3 of 9").
    pub fn question_pages(&self) -> Vec<Page> {
        self.pages()
            .into_iter()
            .filter(|p| p.is_question())
            .collect()
    }

    /// The issues that belong to a page.
    pub fn issues_on(&self, page: Page) -> Vec<Issue> {
        self.issues
            .iter()
            .filter(|i| Page::for_path(&i.path) == page)
            .cloned()
            .collect()
    }

    /// The error shown for a field, if any.
    pub fn error_for(&self, path: &str) -> Option<&Issue> {
        self.errors
            .iter()
            .find(|i| i.path == path || path::without_index(&i.path) == path)
    }

    /// The text of an answer (what a text box shows).
    pub fn text(&self, path: &str) -> String {
        path::text(&self.answers, path)
    }

    /// The boxes of a date question: as typed, or from the stored date.
    pub fn date_parts(&self, path: &str) -> [String; 3] {
        if let Some(parts) = self.dates.get(path) {
            return parts.clone();
        }
        let text = self.text(path);
        let mut it = text.splitn(3, '-');
        let (year, month, day) = (it.next(), it.next(), it.next());
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => [d.to_owned(), m.to_owned(), y.to_owned()],
            _ if text.is_empty() => Default::default(),
            _ => [String::new(), String::new(), text],
        }
    }

    fn request_focus(&mut self, target: FocusTarget) {
        let seq = self.focus.as_ref().map_or(1, |f| f.seq.wrapping_add(1));
        self.focus = Some(Focus { seq, target });
    }

    /// Ask the core about the referral as it now stands.
    fn refresh(&mut self) {
        let referral = self.to_send();
        // Validated once: the route of a valid referral is decided from the same validation
        // and facts (`Policy::route` would validate it again), a provisional one from the
        // same facts.
        let (validated, facts) = self.policy.validate_with_facts(&referral, self.today);
        let screening = screen_referral(&validated.referral, Some(self.today));
        self.levels = Levels {
            computed: screening.computed,
            level: screening.level,
            floor_applied: screening.floor_applied,
        };
        let issues = validated.issues.clone();
        self.route = if validated.is_valid() {
            self.policy
                .route_validated((validated, facts))
                .ok()
                .map(|decision| Route {
                    decision,
                    provisional: false,
                })
        } else {
            self.policy
                .decide(facts, self.today, Calendar::builtin())
                .ok()
                .map(|decision| Route {
                    decision,
                    provisional: true,
                })
        };
        self.issues = issues;
        self.referral = referral;
        self.unchecked = false;
    }

    /// The referral as it would be sent: the answers with the form's version and today's
    /// date, without the answers to questions not shown now.
    fn to_send(&self) -> Value {
        let mut referral = self.answers.clone();
        if let Value::Object(map) = &mut referral {
            map.insert("schemaVersion".into(), json!(SCHEMA_VERSION));
            map.insert("referralDate".into(), json!(self.today.to_string()));
            if !self.asks_hoth() {
                map.remove("hoth");
            }
        }
        // An answer to a question that is not shown now is not sent.
        for hidden in form::hidden_paths(&self.answers) {
            path::set(&mut referral, &hidden, None);
        }
        referral
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.refresh();
        // An error about a question that is no longer shown goes (its answer is not sent).
        let hidden = form::hidden_paths(&self.answers);
        self.errors
            .retain(|e| !hidden.iter().any(|h| path::within(&e.path, h)));
        // A change after a failed hand-over: the message is about the referral as it was.
        self.send_error = None;
    }

    /// The errors to show for these issues, in the form's words.
    fn show(&mut self, issues: Vec<Issue>) {
        self.errors = issues.into_iter().map(form::in_the_forms_words).collect();
    }

    /// The questions about the concerns (what has happened, and where) are answered, so a
    /// route can be recommended. Until then the panel says what it needs first.
    pub fn concerns_answered(&self) -> bool {
        !self.unchecked
            && self
                .issues
                .iter()
                .all(|i| !matches!(Page::for_path(&i.path), Page::Concerns | Page::Location))
    }

    fn load(&mut self, referral: Value, page: Page, notice: Option<Notice>) {
        let mut answers = blank(self.today);
        if let (Value::Object(base), Value::Object(given)) = (&mut answers, referral) {
            for (key, value) in given {
                base.insert(key, value);
            }
        }
        self.answers = answers;
        self.dates.clear();
        self.unborn = !self.text("child.expectedDueDate").is_empty()
            && self.text("child.dateOfBirth").is_empty();
        self.page = if page.hoth_only() && !self.asks_hoth() {
            Page::Location
        } else {
            page
        };
        self.checking = false;
        self.errors.clear();
        self.notice = notice;
        self.submitted = false;
        self.sending = None;
        self.sent = None;
        self.via_history = false;
        self.changed();
    }

    fn set(&mut self, path: &str, value: Option<Value>) {
        path::set(&mut self.answers, path, value);
    }

    fn set_date_part(&mut self, path: &str, part: usize, text: String) {
        let mut parts = self.date_parts(path);
        let Some(slot) = parts.get_mut(part) else {
            return;
        };
        *slot = text;
        let value = date_value(&parts);
        self.dates.insert(path.to_owned(), parts);
        self.set(path, value);
    }

    fn toggle(&mut self, path: &str, code: &str) {
        let mut codes: Vec<Value> = path::list(&self.answers, path).to_vec();
        match codes.iter().position(|c| c.as_str() == Some(code)) {
            Some(i) => {
                codes.remove(i);
            }
            None => codes.push(json!(code)),
        }
        // Keep a list of choices in the order the form lists them.
        if let Some(Kind::Checkboxes(choices)) = form::fixed_field(path).map(|f| f.kind) {
            codes.sort_by_key(|c| {
                choices
                    .iter()
                    .position(|choice| Some(choice.code) == c.as_str())
                    .unwrap_or(usize::MAX)
            });
        }
        self.set(path, (!codes.is_empty()).then_some(Value::Array(codes)));
    }

    fn go(&mut self, page: Page) {
        self.page = page;
        self.errors.clear();
        self.send_error = None;
        self.via_history = false;
        self.request_focus(FocusTarget::Heading);
    }

    fn step(&self, by: isize) -> Option<Page> {
        let pages = self.pages();
        let at = pages.iter().position(|p| *p == self.page)?;
        let to = at.checked_add_signed(by)?;
        pages.get(to).copied()
    }

    /// The page "Back" goes to, if any.
    pub fn back_page(&self) -> Option<Page> {
        match self.page {
            Page::Confirmation => None,
            _ if self.checking && self.page.is_question() => Some(Page::Check),
            _ => self.step(-1),
        }
    }

    /// Apply an action (the reducer).
    pub fn apply(&mut self, action: Action) {
        if self.unchecked {
            self.refresh();
        }
        match action {
            Action::Check => {}
            Action::Set { path, value } => {
                self.dates.remove(path.as_str());
                let danger = path == form::IMMEDIATE_DANGER.path
                    && value == Some(Value::Bool(true))
                    && path::get(&self.answers, &path) != Some(&Value::Bool(true));
                self.set(&path, value);
                self.changed();
                // "Yes": the Call 999 panel, in view and focused, before anything else.
                if danger {
                    self.request_focus(FocusTarget::Danger);
                }
            }
            Action::Toggle { path, code } => {
                self.toggle(&path, &code);
                self.changed();
            }
            Action::SetDatePart { path, part, text } => {
                self.set_date_part(&path, part, text);
                self.changed();
            }
            Action::SetUnborn(unborn) => {
                self.unborn = unborn;
                let clear = if unborn {
                    form::DATE_OF_BIRTH.path
                } else {
                    form::DUE_DATE.path
                };
                self.dates.remove(clear);
                self.set(clear, None);
                self.changed();
            }
            Action::AddItem(list) => {
                path::push(&mut self.answers, &list, json!({}));
                let index = path::list(&self.answers, &list).len().saturating_sub(1);
                self.changed();
                // Focus the first question of the new item.
                if let Some(first) = list_fields(&list).first() {
                    self.request_focus(FocusTarget::Field(format!(
                        "{list}[{index}].{}",
                        first.path
                    )));
                }
            }
            Action::RemoveItem { list, index } => {
                path::remove(&mut self.answers, &list, index);
                // Positions after the removed item moved: forget their boxes as typed.
                let prefix = format!("{list}[");
                self.dates.retain(|path| !path.starts_with(&prefix));
                self.errors.retain(|i| !i.path.starts_with(&prefix));
                self.changed();
                // Focus stays where the item was: the item that took its place, else the one
                // before it, else the list's "Add" button.
                let left = path::list(&self.answers, &list).len();
                let id = match left {
                    0 => format!("{}-add", path::field_id(&list)),
                    n => item_heading_id(&list, index.min(n - 1)),
                };
                self.request_focus(FocusTarget::Element(id));
            }
            Action::Continue => {
                let errors = self.issues_on(self.page);
                if errors.is_empty() {
                    let next = if self.checking {
                        Some(Page::Check)
                    } else {
                        self.step(1)
                    };
                    if let Some(next) = next {
                        if next == Page::Check {
                            self.checking = false;
                        }
                        self.go(next);
                    }
                } else {
                    self.show(errors);
                    self.request_focus(FocusTarget::ErrorSummary);
                }
            }
            Action::Visit(page) => {
                // Back or Forward in the browser: the page of that entry, if it is asked
                // (never back into a sent referral, never forward past what was reached).
                let asked = page.is_question() || (page == Page::Check && self.issues.is_empty());
                if !self.submitted
                    && self.sending.is_none()
                    && page != self.page
                    && asked
                    && self.pages().contains(&page)
                {
                    if page == Page::Check || !self.page.is_question() {
                        self.checking = false;
                    }
                    self.go(page);
                    self.via_history = true;
                }
            }
            Action::Back => {
                if let Some(page) = self.back_page() {
                    if page == Page::Check {
                        self.checking = false;
                    }
                    self.go(page);
                }
            }
            Action::Change(page) => {
                self.checking = true;
                self.go(page);
            }
            Action::ChangeField(path) => {
                self.checking = true;
                self.page = Page::for_path(&path);
                self.via_history = false;
                let errors = self.issues_on(self.page);
                self.show(errors);
                self.request_focus(FocusTarget::Field(path));
            }
            Action::Submit => {
                if self.sending.is_some() || self.submitted {
                    return;
                }
                if self.issues.is_empty() && self.route.as_ref().is_some_and(|r| !r.provisional) {
                    // Handed to the portal: nothing is "sent" until it confirms.
                    self.send_seq = self.send_seq.wrapping_add(1);
                    self.sending = Some(self.send_seq);
                    self.send_error = None;
                } else {
                    let issues = self.issues.clone();
                    self.show(issues);
                    self.request_focus(FocusTarget::ErrorSummary);
                }
            }
            Action::SendAnswered { seq, answer } => {
                if self.sending != Some(seq) {
                    return;
                }
                self.sending = None;
                match answer {
                    SendAnswer::Confirmed { reference, at } => {
                        self.submitted = true;
                        self.sent = Some(Sent { reference, at });
                        self.notice = None;
                        self.go(Page::Confirmation);
                    }
                    SendAnswer::Failed(message) => {
                        self.send_error = Some(message);
                        self.request_focus(FocusTarget::Element("hoth-send-error".into()));
                    }
                }
            }
            Action::StartAgain => {
                self.apply(Action::Preset(None));
                self.request_focus(FocusTarget::Heading);
            }
            Action::Load {
                referral,
                page,
                notice,
            } => {
                self.load(referral, page, notice);
                self.request_focus(FocusTarget::Heading);
            }
            Action::Preset(Some(referral)) => self.load(referral, Page::Child, None),
            Action::Preset(None) => {
                let focus = self.focus.take();
                let (revision, send_seq) = (self.revision, self.send_seq);
                *self = State::new(self.policy.0, self.today);
                self.focus = focus;
                self.revision = revision + 1;
                // A late answer to an earlier hand-over must never match a new one.
                self.send_seq = send_seq;
            }
            Action::SetPolicy(policy) => {
                // A new policy is a change: its requirements and route differ.
                if policy != self.policy {
                    self.policy = policy;
                    self.changed();
                }
            }
            Action::Notify(notice) => self.notice = notice,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

/// The id of the heading of item `index` of a list (focus lands there after a removal).
pub fn item_heading_id(list: &str, index: usize) -> String {
    format!("{}-{index}-heading", path::field_id(list))
}

/// The fields of one item of a list, by the list's path.
pub fn list_fields(list: &str) -> &'static [form::Field] {
    form::list_spec(list).map_or(&[], |spec| spec.fields)
}

/// The stored value of a date question from its boxes: `YYYY-MM-DD` with the day and month
/// padded when they are numbers ("27", "3", "2012" -> "2012-03-27"), the text as typed
/// otherwise so the core can say what is wrong; nothing when all three boxes are empty.
pub fn date_value(parts: &[String; 3]) -> Option<Value> {
    let [day, month, year] = parts.each_ref().map(|p| p.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return None;
    }
    let pad = |s: &str| {
        if s.len() == 1 && s.bytes().all(|b| b.is_ascii_digit()) {
            format!("0{s}")
        } else {
            s.to_owned()
        }
    };
    Some(Value::String(format!("{year}-{}-{}", pad(month), pad(day))))
}

/// The value for a whole-number answer: the number when it is one, the text as typed
/// otherwise (the core reports it), nothing when empty.
pub fn number_value(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(match trimmed.parse::<u32>() {
        Ok(n) => json!(n),
        Err(_) => Value::String(text.to_owned()),
    })
}

/// The value for a text answer: nothing when empty, so the core says it is required.
pub fn text_value(text: &str) -> Option<Value> {
    (!text.is_empty()).then(|| Value::String(text.to_owned()))
}

/// An empty object (a list item, a section).
pub fn empty() -> Value {
    Value::Object(Map::new())
}
