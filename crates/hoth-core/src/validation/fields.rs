//! What each field of the form is called in messages, so that every issue reads like the
//! GOV.UK Design System ("Enter the child's date of birth", "Select where the harm is
//! happening"). Paths are written as in issues, with list positions as `[]`.

/// How a field is answered, which decides the verb of its "required" message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Typed text: "Enter ...".
    Text,
    /// A date: "Enter ...".
    Date,
    /// A whole number: "Enter ...".
    Number,
    /// One of a list, or yes/no: "Select ...".
    Choice,
    /// A section or list of things: "Add ...".
    Section,
}

/// `(path, label, answer)` for every field of the referral.
const FIELDS: &[(&str, &str, Answer)] = &[
    ("", "the referral", Answer::Section),
    ("schemaVersion", "the form version", Answer::Text),
    ("referralDate", "the date of the referral", Answer::Date),
    ("child", "the child's details", Answer::Section),
    ("child.firstName", "the child's first name", Answer::Text),
    ("child.lastName", "the child's last name", Answer::Text),
    ("child.otherNames", "the child's other names", Answer::Text),
    (
        "child.dateOfBirth",
        "the child's date of birth",
        Answer::Date,
    ),
    (
        "child.expectedDueDate",
        "the expected due date",
        Answer::Date,
    ),
    ("child.gender", "the child's gender", Answer::Text),
    ("child.ethnicity", "the child's ethnicity", Answer::Text),
    (
        "child.firstLanguage",
        "the child's first language",
        Answer::Text,
    ),
    (
        "child.interpreterNeeded",
        "whether an interpreter is needed",
        Answer::Choice,
    ),
    ("child.address", "the child's address", Answer::Section),
    (
        "child.address.line1",
        "the first line of the child's address",
        Answer::Text,
    ),
    (
        "child.address.line2",
        "the second line of the child's address",
        Answer::Text,
    ),
    ("child.address.town", "the town or city", Answer::Text),
    (
        "child.address.postcode",
        "the child's postcode",
        Answer::Text,
    ),
    ("child.nhsNumber", "the child's NHS number", Answer::Text),
    (
        "child.localId",
        "the child's local case reference",
        Answer::Text,
    ),
    (
        "child.schoolOrSetting",
        "the child's school or setting",
        Answer::Text,
    ),
    (
        "child.send",
        "whether the child has special educational needs or disabilities (SEND)",
        Answer::Choice,
    ),
    (
        "child.careStatus",
        "whether the child is in care or a care leaver",
        Answer::Choice,
    ),
    (
        "child.openCase",
        "whether the child is already open to a service",
        Answer::Choice,
    ),
    (
        "household",
        "the people in the child's household",
        Answer::Section,
    ),
    ("household[]", "a household member", Answer::Section),
    (
        "household[].name",
        "the household member's name",
        Answer::Text,
    ),
    (
        "household[].relationship",
        "the household member's relationship to the child",
        Answer::Text,
    ),
    (
        "household[].dateOfBirth",
        "the household member's date of birth",
        Answer::Date,
    ),
    (
        "household[].parentalResponsibility",
        "whether the household member has parental responsibility",
        Answer::Choice,
    ),
    (
        "household[].livesWithChild",
        "whether the household member lives with the child",
        Answer::Choice,
    ),
    ("referrer", "your details", Answer::Section),
    ("referrer.name", "your name", Answer::Text),
    ("referrer.role", "your role", Answer::Text),
    ("referrer.organisation", "your organisation", Answer::Text),
    (
        "referrer.agency",
        "the kind of agency you work for",
        Answer::Choice,
    ),
    ("referrer.email", "your email address", Answer::Text),
    ("referrer.phone", "your phone number", Answer::Text),
    ("consent", "the consent details", Answer::Section),
    (
        "consent.parentsAware",
        "whether the parents or carers know about this referral",
        Answer::Choice,
    ),
    (
        "consent.consent",
        "whether consent was given for this referral",
        Answer::Choice,
    ),
    (
        "consent.reasonNotSought",
        "why consent was not given or not sought",
        Answer::Text,
    ),
    ("concerns", "your concerns", Answer::Section),
    ("concerns.summary", "what has happened", Answer::Text),
    ("concerns.childsViews", "the child's views", Answer::Text),
    (
        "concerns.actionTaken",
        "what action you have taken",
        Answer::Text,
    ),
    (
        "concerns.immediateDanger",
        "whether the child is in immediate danger",
        Answer::Choice,
    ),
    (
        "concerns.harmLocation",
        "where the harm is happening",
        Answer::Choice,
    ),
    ("concerns.harmTypes", "the types of harm", Answer::Choice),
    ("concerns.harmTypes[]", "a type of harm", Answer::Choice),
    (
        "concerns.predominantHarm",
        "the main type of harm",
        Answer::Choice,
    ),
    ("hoth", "the harm outside the home section", Answer::Section),
    (
        "hoth.screeningCompleted",
        "whether you completed the screening tool",
        Answer::Choice,
    ),
    (
        "hoth.indicators",
        "the screening tool answers",
        Answer::Choice,
    ),
    (
        "hoth.indicators[]",
        "a screening tool answer",
        Answer::Choice,
    ),
    (
        "hoth.missingEpisodes90d",
        "how many times the child went missing in the last 90 days",
        Answer::Number,
    ),
    ("hoth.associates", "the people of concern", Answer::Section),
    ("hoth.associates[]", "a person of concern", Answer::Section),
    (
        "hoth.associates[].description",
        "a description of the person of concern",
        Answer::Text,
    ),
    (
        "hoth.associates[].approxAge",
        "the person's approximate age",
        Answer::Number,
    ),
    (
        "hoth.associates[].relationship",
        "the person's relationship to the child",
        Answer::Text,
    ),
    (
        "hoth.associates[].knownName",
        "the name the person is known by",
        Answer::Text,
    ),
    (
        "hoth.contexts",
        "the places and groups of concern",
        Answer::Section,
    ),
    (
        "hoth.contexts[]",
        "a place or group of concern",
        Answer::Section,
    ),
    (
        "hoth.contexts[].kind",
        "what kind of place or group it is",
        Answer::Choice,
    ),
    (
        "hoth.contexts[].name",
        "the name of the place or group",
        Answer::Text,
    ),
    (
        "hoth.contexts[].description",
        "a description of the place or group",
        Answer::Text,
    ),
    (
        "hoth.contexts[].otherChildrenAffected",
        "whether other children are affected",
        Answer::Choice,
    ),
    (
        "hoth.noAssociatesKnown",
        "whether you know of any people of concern",
        Answer::Choice,
    ),
    (
        "hoth.noContextsKnown",
        "whether you know of any places or groups of concern",
        Answer::Choice,
    ),
    (
        "hoth.professionalJudgement",
        "your professional judgement",
        Answer::Section,
    ),
    (
        "hoth.professionalJudgement.level",
        "the level from your professional judgement",
        Answer::Choice,
    ),
    (
        "hoth.professionalJudgement.reason",
        "the reason for your professional judgement",
        Answer::Text,
    ),
    ("agencies", "the other agencies involved", Answer::Section),
    ("agencies[]", "an agency", Answer::Section),
    ("agencies[].name", "the agency's name", Answer::Text),
    ("agencies[].role", "the agency's role", Answer::Text),
    (
        "agencies[].contact",
        "the agency's contact details",
        Answer::Text,
    ),
    ("workerSafety", "risks to anyone visiting", Answer::Text),
];

/// The generic form of a path: list positions become `[]`.
fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The label and kind of answer for a path, if it is a field of the form.
pub fn field(path: &str) -> Option<(&'static str, Answer)> {
    let generic = generic(path);
    FIELDS
        .iter()
        .find(|(p, _, _)| *p == generic)
        .map(|(_, label, answer)| (*label, *answer))
}

/// The position of a path's field in the form, for sorting issues (unknown fields last).
pub fn order(path: &str) -> usize {
    let generic = generic(path);
    FIELDS
        .iter()
        .position(|(p, _, _)| *p == generic)
        .unwrap_or(FIELDS.len())
}

/// The label for a path, falling back to the field name for anything not in the form.
pub fn label(path: &str) -> String {
    match field(path) {
        Some((label, _)) => label.to_owned(),
        None => {
            // "hoth[1]" (an item of a list, or of a section sent as a list): "item 2 of ...".
            if let Some((parent, index)) = path
                .strip_suffix(']')
                .and_then(|p| p.rsplit_once('['))
                .and_then(|(parent, i)| Some((parent, i.parse::<usize>().ok()?)))
            {
                return format!("item {} of {}", index.saturating_add(1), label(parent));
            }
            let last = path.rsplit(['.', '[']).next().unwrap_or(path);
            format!("`{last}`")
        }
    }
}

/// "Enter the child's first name", "Select where the harm is happening".
pub fn required_message(path: &str) -> String {
    let answer = field(path).map_or(Answer::Text, |(_, a)| a);
    let verb = match answer {
        Answer::Text | Answer::Date | Answer::Number => "Enter",
        Answer::Choice => "Select",
        Answer::Section => "Add",
    };
    format!("{verb} {}", label(path))
}

/// The first letter in capitals, as a message starts. The texts are hoth's own labels, in
/// English: an ASCII first letter is capitalised and any other left as it is (Unicode's case
/// tables, for one letter of our own text, were several KB of the browser builds).
pub fn sentence(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_starts_with_a_capital() {
        assert_eq!(sentence("the child's first name"), "The child's first name");
        assert_eq!(sentence("Enter a date"), "Enter a date");
        assert_eq!(sentence(""), "");
        // Not one of hoth's labels: left as it is rather than cased through Unicode's tables.
        assert_eq!(sentence("\u{e9}lan"), "\u{e9}lan");
    }

    #[test]
    fn labels_and_messages() {
        assert_eq!(
            required_message("child.dateOfBirth"),
            "Enter the child's date of birth"
        );
        assert_eq!(
            required_message("concerns.harmLocation"),
            "Select where the harm is happening"
        );
        assert_eq!(
            label("hoth.contexts[3].kind"),
            "what kind of place or group it is"
        );
        assert_eq!(label("child.nickname"), "`nickname`");
        // Found by the native/browser parity check on generated referrals: a section sent as
        // a list was labelled "`1]`".
        assert_eq!(label("x[1]"), "item 2 of `x`");
        assert_eq!(
            label("child.nickname[0][3]"),
            "item 4 of item 1 of `nickname`"
        );
        assert_eq!(sentence("the child's name"), "The child's name");
    }
}
