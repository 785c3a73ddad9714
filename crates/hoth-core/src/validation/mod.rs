//! Validation of a referral: every problem at once, each with a path, a stable code and a
//! message in the GOV.UK Design System's style.
//!
//! Plain validation never depends on a council's policy; a policy pack may add requirements
//! (see [`crate::policy`]). Dates are judged against the `today` the caller passes: the core
//! never reads the clock.

pub mod checks;
pub mod fields;
pub(crate) mod shape;

use std::borrow::Cow;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codes::codes;
use crate::referral::{ConsentStatus, HarmLocation, Referral, SCHEMA_VERSION};
use crate::screening::{Catalogue, screen_referral};
use fields::{label, required_message, sentence};

codes! {
    /// Stable issue codes: hosts may map them to their own fields and wording.
    IssueCode {
        Required = "required",
        InvalidDate = "invalid_date",
        DateInFuture = "date_in_future",
        DateTooFarAhead = "date_too_far_ahead",
        InvalidNhsNumber = "invalid_nhs_number",
        InvalidPostcode = "invalid_postcode",
        InvalidEmail = "invalid_email",
        InvalidPhone = "invalid_phone",
        TooShort = "too_short",
        UnknownValue = "unknown_value",
        ReasonRequired = "reason_required",
        PredominantNotInHarmTypes = "predominant_not_in_harm_types",
        JudgementBelowComputed = "judgement_below_computed",
        ScreeningToolRequired = "screening_tool_required",
        PredominantHarmRequired = "predominant_harm_required",
        AssociatesRequired = "associates_required",
        ContextsRequired = "contexts_required",
        InvalidType = "invalid_type",
    }
}

/// One problem with a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Where: a JSON path such as `child.dateOfBirth` or `concerns.harmTypes[1]`; empty for
    /// the referral as a whole.
    pub path: String,
    pub code: IssueCode,
    /// What to do about it, for the referrer.
    pub message: String,
}

impl Issue {
    pub fn new(path: &str, code: IssueCode, message: impl Into<String>) -> Self {
        Issue {
            path: path.to_owned(),
            code,
            message: message.into(),
        }
    }
}

/// The result of validation: the referral as read, and every issue found.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    pub referral: Referral,
    pub issues: Vec<Issue>,
}

impl Validated {
    pub fn is_valid(&self) -> bool {
        self.issues.is_empty()
    }

    /// What `hoth validate` prints for it.
    pub fn result(self) -> ValidationResult {
        ValidationResult::new(self.issues)
    }
}

/// What `hoth validate` prints, and `hoth route` for a referral that is not valid:
/// `{"valid": bool, "issues": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "ValidationResult")]
pub struct ValidationResult {
    /// True when there are no issues.
    pub valid: bool,
    /// Every problem at once, in the order of the form.
    pub issues: Vec<Issue>,
}

impl ValidationResult {
    pub fn new(issues: Vec<Issue>) -> Self {
        ValidationResult {
            valid: issues.is_empty(),
            issues,
        }
    }
}

/// Free text shorter than this (after trimming) is `too_short`.
pub const MIN_SUMMARY_CHARS: usize = 20;
/// Reasons (consent, professional judgement) shorter than this are `too_short`.
pub const MIN_REASON_CHARS: usize = 10;
/// An expected due date more than this many days ahead is `date_too_far_ahead` (42 weeks).
pub const MAX_DUE_DATE_DAYS_AHEAD: i64 = 294;

/// Validate a referral given as JSON text. Text that is not JSON at all is one issue.
pub fn validate_str(json: &str, today: NaiveDate) -> Validated {
    match serde_json::from_str::<Value>(json) {
        Ok(value) => validate_value(&value, today),
        Err(error) => Validated {
            referral: Referral::default(),
            issues: vec![Issue::new(
                "",
                IssueCode::InvalidType,
                format!(
                    "The referral is not valid JSON: {} at line {}, column {}",
                    json_error(&error),
                    error.line(),
                    error.column()
                ),
            )],
        },
    }
}

fn json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Validate a referral given as a JSON value of any shape.
pub fn validate_value(value: &Value, today: NaiveDate) -> Validated {
    let (referral, issues) = shape::read(value);
    validate_read(referral, issues, value.is_object(), today)
}

/// A referral as JSON text (the body of a request), read once.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralText {
    referral: Referral,
    issues: Vec<Issue>,
    object: bool,
}

impl ReferralText {
    /// Read JSON text. Text of the right shape (the usual case) is read straight into a
    /// [`Referral`]; anything else goes through a [`Value`] as [`validate_value`] reads it, so
    /// that every problem is found. The same referral and issues as `validate_value` of the
    /// parsed text; the error is serde_json's when the text is not JSON.
    pub fn parse(text: &[u8]) -> Result<ReferralText, serde_json::Error> {
        // Only an object reads as a referral (serde would also read an array as one).
        let object = text
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        if object && let Some(referral) = read_straight(text) {
            return Ok(ReferralText {
                referral,
                issues: Vec::new(),
                object: true,
            });
        }
        let value: Value = serde_json::from_slice(text)?;
        let (referral, issues) = shape::read(&value);
        Ok(ReferralText {
            referral,
            issues,
            object: value.is_object(),
        })
    }

    /// [`validate_value`] of it.
    pub fn validate(self, today: NaiveDate) -> Validated {
        validate_read(self.referral, self.issues, self.object, today)
    }

    /// Whether the JSON was an object (a policy's requirements are checked only then).
    pub fn is_object(&self) -> bool {
        self.object
    }
}

/// A referral read straight from JSON text by serde's derived `Deserialize`, when the text is
/// one of the right shape: the service's fast path, with no [`Value`] in between. Every type
/// of the model denies unknown fields, so nothing is skipped unchecked, and a duplicate key,
/// which a Value would keep once, is an error here: the slow path then. UTF-8 is checked once
/// for the whole text, not string by string as from_slice does.
#[cfg(not(target_arch = "wasm32"))]
fn read_straight(text: &[u8]) -> Option<Referral> {
    serde_json::from_str::<Referral>(std::str::from_utf8(text).ok()?).ok()
}

/// In WebAssembly every referral goes through a [`Value`] and the hand-written reader
/// (`shape`), the same result (tested natively), so that no derived `Deserialize` impl of the
/// model is compiled into the widget or the module.
#[cfg(target_arch = "wasm32")]
fn read_straight(_text: &[u8]) -> Option<Referral> {
    None
}

fn validate_read(
    referral: Referral,
    mut issues: Vec<Issue>,
    object: bool,
    today: NaiveDate,
) -> Validated {
    if object {
        check(&referral, today, &mut issues);
    }
    // In the order of the form, so an error summary reads top to bottom.
    issues.sort_by_cached_key(|issue| fields::order(&issue.path));
    Validated { referral, issues }
}

/// Validate a typed referral (for Rust callers).
pub fn validate(referral: &Referral, today: NaiveDate) -> Vec<Issue> {
    let mut issues = Vec::new();
    check(referral, today, &mut issues);
    issues.sort_by_cached_key(|issue| fields::order(&issue.path));
    issues
}

/// Collects issues, skipping a path that already has one (a field of the wrong shape is not
/// also reported as missing).
struct Report<'a> {
    issues: &'a mut Vec<Issue>,
}

/// A field's path as an issue names it. Paths into lists are written out only when an issue
/// needs them: a referral is validated on every request to the service, and formatting each
/// household member's and agency's paths up front was most of validation's formatting.
trait Field {
    fn path(&self) -> Cow<'_, str>;
}

impl Field for &str {
    fn path(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

/// `list[i]field`, as in `household[2].name`.
struct Item<'a>(&'a str, usize, &'a str);

impl Field for Item<'_> {
    fn path(&self) -> Cow<'_, str> {
        let Item(list, i, field) = self;
        Cow::Owned(format!("{list}[{i}]{field}"))
    }
}

impl Report<'_> {
    fn has(&self, path: &str) -> bool {
        self.issues.iter().any(|i| i.path == path)
    }

    fn push(&mut self, path: &str, code: IssueCode, message: impl Into<String>) {
        if !self.has(path) {
            self.issues.push(Issue::new(path, code, message));
        }
    }

    fn required(&mut self, path: &str) {
        self.push(path, IssueCode::Required, required_message(path));
    }

    /// Text that must be present and not blank.
    fn text<'t>(&mut self, field: impl Field, value: Option<&'t String>) -> Option<&'t str> {
        self.text_at(&field, value)
    }

    /// [`Report::text`], compiled once for every kind of path.
    fn text_at<'t>(&mut self, field: &dyn Field, value: Option<&'t String>) -> Option<&'t str> {
        match value.map(|s| s.trim()) {
            Some(s) if !s.is_empty() => Some(s),
            _ => {
                self.required(&field.path());
                None
            }
        }
    }

    fn present<T>(&mut self, field: impl Field, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.required(&field.path());
        }
        value
    }

    /// A date that must be real and not after `today`.
    fn past_date(&mut self, field: impl Field, text: &str, today: NaiveDate) -> Option<NaiveDate> {
        self.past_date_at(&field, text, today)
    }

    /// [`Report::past_date`], compiled once for every kind of path.
    fn past_date_at(
        &mut self,
        field: &dyn Field,
        text: &str,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let (code, message) = match checks::date(text) {
            Some(date) if date <= today => return Some(date),
            None => (
                IssueCode::InvalidDate,
                "must be a real date, like 2012-03-27",
            ),
            Some(_) => (IssueCode::DateInFuture, "must be today or in the past"),
        };
        let path = field.path();
        let message = format!("{} {message}", sentence(&label(&path)));
        self.push(&path, code, message);
        None
    }

    fn optional_past_date(&mut self, field: impl Field, text: Option<&String>, today: NaiveDate) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            self.past_date_at(&field, text, today);
        }
    }
}

fn check(referral: &Referral, today: NaiveDate, issues: &mut Vec<Issue>) {
    let mut r = Report { issues };

    match referral.schema_version.as_deref() {
        None => r.required("schemaVersion"),
        Some(SCHEMA_VERSION) => {}
        Some(other) => r.push(
            "schemaVersion",
            IssueCode::UnknownValue,
            format!("The form version must be \"{SCHEMA_VERSION}\" (\"{other}\" is not a version this form understands)"),
        ),
    }
    let referral_date = r
        .text("referralDate", referral.referral_date.as_ref())
        .and_then(|text| r.past_date("referralDate", text, today));

    child(&mut r, referral, referral_date.unwrap_or(today), today);
    for (i, member) in referral.household.iter().enumerate() {
        r.text(Item("household", i, ".name"), member.name.as_ref());
        r.optional_past_date(
            Item("household", i, ".dateOfBirth"),
            member.date_of_birth.as_ref(),
            today,
        );
    }
    referrer(&mut r, referral);
    consent(&mut r, referral);
    concerns_and_hoth(&mut r, referral, referral_date.unwrap_or(today));
    for (i, agency) in referral.agencies.iter().enumerate() {
        r.text(Item("agencies", i, ".name"), agency.name.as_ref());
    }
}

fn child(r: &mut Report<'_>, referral: &Referral, referral_date: NaiveDate, today: NaiveDate) {
    let Some(child) = r.present("child", referral.child.as_ref()) else {
        return;
    };
    r.text("child.firstName", child.first_name.as_ref());
    r.text("child.lastName", child.last_name.as_ref());

    let dob = child
        .date_of_birth
        .as_ref()
        .filter(|t| !t.trim().is_empty());
    let due = child
        .expected_due_date
        .as_ref()
        .filter(|t| !t.trim().is_empty());
    match (dob, due) {
        (None, None) => r.push(
            "child.dateOfBirth",
            IssueCode::Required,
            "Enter the child's date of birth, or the expected due date if the baby is not born yet",
        ),
        (Some(_), Some(_)) => r.push(
            "child.expectedDueDate",
            IssueCode::InvalidDate,
            "Enter the child's date of birth or the expected due date, not both",
        ),
        (Some(dob), None) => {
            r.past_date("child.dateOfBirth", dob, today);
        }
        (None, Some(due)) => match checks::date(due) {
            None => r.push(
                "child.expectedDueDate",
                IssueCode::InvalidDate,
                "The expected due date must be a real date, like 2027-03-27",
            ),
            Some(date) if date < referral_date => r.push(
                "child.expectedDueDate",
                IssueCode::InvalidDate,
                "The expected due date must be after the date of the referral: if the baby has been born, enter their date of birth",
            ),
            Some(date) if (date - referral_date).num_days() > MAX_DUE_DATE_DAYS_AHEAD => r.push(
                "child.expectedDueDate",
                IssueCode::DateTooFarAhead,
                "The expected due date must be within 42 weeks of the date of the referral",
            ),
            Some(_) => {}
        },
    }

    if let Some(address) = r.present("child.address", child.address.as_ref()) {
        r.text("child.address.line1", address.line1.as_ref());
        r.text("child.address.town", address.town.as_ref());
        if let Some(postcode) = address.postcode.as_ref().filter(|p| !p.trim().is_empty())
            && !checks::postcode(postcode)
        {
            r.push(
                "child.address.postcode",
                IssueCode::InvalidPostcode,
                "Enter a real postcode, like RG40 1BN",
            );
        }
    }
    if let Some(nhs) = child.nhs_number.as_ref().filter(|n| !n.trim().is_empty())
        && !checks::nhs_number(nhs)
    {
        r.push(
            "child.nhsNumber",
            IssueCode::InvalidNhsNumber,
            "Enter a valid NHS number: 10 digits, like 943 476 5919",
        );
    }
    r.present("child.send", child.send);
    r.present("child.careStatus", child.care_status);
    r.present("child.openCase", child.open_case);
}

fn referrer(r: &mut Report<'_>, referral: &Referral) {
    let Some(referrer) = r.present("referrer", referral.referrer.as_ref()) else {
        return;
    };
    r.text("referrer.name", referrer.name.as_ref());
    r.text("referrer.role", referrer.role.as_ref());
    r.text("referrer.organisation", referrer.organisation.as_ref());
    r.present("referrer.agency", referrer.agency);
    if let Some(email) = r.text("referrer.email", referrer.email.as_ref())
        && !checks::email(email)
    {
        r.push(
            "referrer.email",
            IssueCode::InvalidEmail,
            "Enter an email address in the correct format, like name@example.org",
        );
    }
    if let Some(phone) = r.text("referrer.phone", referrer.phone.as_ref())
        && !checks::uk_phone(phone)
    {
        r.push(
            "referrer.phone",
            IssueCode::InvalidPhone,
            "Enter a UK phone number, like 0118 974 6000 or 07700 900 982",
        );
    }
}

fn consent(r: &mut Report<'_>, referral: &Referral) {
    let Some(consent) = r.present("consent", referral.consent.as_ref()) else {
        return;
    };
    r.present("consent.parentsAware", consent.parents_aware);
    match r.present("consent.consent", consent.consent) {
        Some(ConsentStatus::Given) | None => {}
        Some(_) => reason(
            r,
            "consent.reasonNotSought",
            consent.reason_not_sought.as_ref(),
            "Explain why consent was not given or not sought (consent is not needed where asking would put the child at greater risk of significant harm)",
        ),
    }
}

/// A reason that must be given and be more than a word or two.
fn reason(r: &mut Report<'_>, path: &str, text: Option<&String>, missing: &str) {
    match text.map(|t| t.trim()) {
        None | Some("") => r.push(path, IssueCode::ReasonRequired, missing),
        Some(t) if t.chars().count() < MIN_REASON_CHARS => r.push(
            path,
            IssueCode::TooShort,
            format!(
                "{} must be at least {MIN_REASON_CHARS} characters",
                sentence(&label(path))
            ),
        ),
        Some(_) => {}
    }
}

fn concerns_and_hoth(r: &mut Report<'_>, referral: &Referral, referral_date: NaiveDate) {
    let concerns = r.present("concerns", referral.concerns.as_ref());
    if let Some(concerns) = concerns {
        if let Some(summary) = r.text("concerns.summary", concerns.summary.as_ref())
            && summary.chars().count() < MIN_SUMMARY_CHARS
        {
            r.push(
                "concerns.summary",
                IssueCode::TooShort,
                format!("Describe what has happened in at least {MIN_SUMMARY_CHARS} characters"),
            );
        }
        r.present("concerns.immediateDanger", concerns.immediate_danger);
        r.present("concerns.harmLocation", concerns.harm_location);
        if concerns.harm_types.is_empty() {
            r.required("concerns.harmTypes");
        }
        if let Some(predominant) = concerns.predominant_harm
            && !concerns.harm_types.is_empty()
            && !concerns.harm_types.contains(&predominant)
        {
            r.push(
                "concerns.predominantHarm",
                IssueCode::PredominantNotInHarmTypes,
                "The main type of harm must be one of the types of harm you selected",
            );
        }
    }

    let needs_hoth = concerns
        .and_then(|c| c.harm_location)
        .is_some_and(HarmLocation::is_hoth);
    let Some(hoth) = referral.hoth.as_ref() else {
        if needs_hoth {
            r.push(
                "hoth",
                IssueCode::Required,
                "Complete the harm outside the home section, with the screening tool",
            );
        }
        return;
    };
    if needs_hoth {
        r.present("hoth.screeningCompleted", hoth.screening_completed);
    }
    let catalogue = Catalogue::builtin();
    for (i, id) in hoth.indicators.iter().enumerate() {
        if catalogue.get(id).is_none() {
            r.push(
                &format!("hoth.indicators[{i}]"),
                IssueCode::UnknownValue,
                format!("\"{id}\" is not a question in the screening tool"),
            );
        }
    }
    for (i, context) in hoth.contexts.iter().enumerate() {
        r.present(Item("hoth.contexts", i, ".kind"), context.kind);
    }
    if let Some(judgement) = hoth.professional_judgement.as_ref() {
        let level = r.present("hoth.professionalJudgement.level", judgement.level);
        reason(
            r,
            "hoth.professionalJudgement.reason",
            judgement.reason.as_ref(),
            "Explain the reason for your professional judgement",
        );
        if let Some(level) = level {
            let computed = screen_referral(referral, Some(referral_date)).computed;
            if level < computed {
                r.push(
                    "hoth.professionalJudgement.level",
                    IssueCode::JudgementBelowComputed,
                    format!(
                        "Your professional judgement can raise the level but not lower it: the screening tool gives {}",
                        computed.code()
                    ),
                );
            }
        }
    }
}
