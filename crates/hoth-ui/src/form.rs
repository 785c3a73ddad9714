//! The form as data: its pages, their questions and the words on them.
//!
//! Pages render from these tables and "Check your answers" reads the same tables, so a
//! question and its summary row never drift apart. The codes are the core's stable codes;
//! the labels are the form's own words (GOV.UK style: plain, sentence case).

use hoth_core::Level;

/// The pages of the wizard, in order. Screening and places-and-people are asked only when
/// the harm is (or may be) outside the home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Child,
    Household,
    Referrer,
    Consent,
    Concerns,
    Location,
    Screening,
    Contexts,
    Agencies,
    Check,
    Confirmation,
}

impl Page {
    /// Every page, in order.
    pub const ALL: [Page; 11] = [
        Page::Child,
        Page::Household,
        Page::Referrer,
        Page::Consent,
        Page::Concerns,
        Page::Location,
        Page::Screening,
        Page::Contexts,
        Page::Agencies,
        Page::Check,
        Page::Confirmation,
    ];

    /// A stable name, kept in drafts.
    pub const fn code(self) -> &'static str {
        match self {
            Page::Child => "child",
            Page::Household => "household",
            Page::Referrer => "referrer",
            Page::Consent => "consent",
            Page::Concerns => "concerns",
            Page::Location => "location",
            Page::Screening => "screening",
            Page::Contexts => "contexts",
            Page::Agencies => "agencies",
            Page::Check => "check",
            Page::Confirmation => "confirmation",
        }
    }

    pub fn from_code(code: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The page heading (and its name in the progress caption and check-your-answers).
    pub const fn title(self) -> &'static str {
        match self {
            Page::Child => "About the child",
            Page::Household => "The child's household",
            Page::Referrer => "About you",
            Page::Consent => "Consent",
            Page::Concerns => "What has happened",
            Page::Location => "Where the harm is happening",
            Page::Screening => "Screening tool",
            Page::Contexts => "Places, groups and people of concern",
            Page::Agencies => "Other agencies",
            Page::Check => "Check your answers before sending the referral",
            Page::Confirmation => "Referral complete",
        }
    }

    /// Only asked when the harm is, or may be, outside the home.
    pub const fn hoth_only(self) -> bool {
        matches!(self, Page::Screening | Page::Contexts)
    }

    /// A question page (one the referrer answers, with a Continue button).
    pub const fn is_question(self) -> bool {
        !matches!(self, Page::Check | Page::Confirmation)
    }

    /// The page that asks the field an issue is about. Issues about the referral as a
    /// whole belong to the check page.
    pub fn for_path(path: &str) -> Page {
        let head = path.split(['.', '[']).next().unwrap_or_default();
        match head {
            "child" | "referralDate" => Page::Child,
            "household" => Page::Household,
            "referrer" => Page::Referrer,
            "consent" => Page::Consent,
            "concerns" if path == "concerns.harmLocation" => Page::Location,
            "concerns" => Page::Concerns,
            "hoth" if path.starts_with("hoth.contexts") || path.starts_with("hoth.associates") => {
                Page::Contexts
            }
            "hoth" => Page::Screening,
            "agencies" | "workerSafety" => Page::Agencies,
            _ => Page::Check,
        }
    }
}

/// One answer of a list of choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
}

const fn c(code: &'static str, label: &'static str) -> Choice {
    Choice {
        code,
        label,
        hint: None,
    }
}

const fn ch(code: &'static str, label: &'static str, hint: &'static str) -> Choice {
    Choice {
        code,
        label,
        hint: Some(hint),
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text; `autocomplete` is the HTML token ("" for none).
    Text {
        autocomplete: &'static str,
        width: Width,
    },
    Email,
    Phone,
    /// A whole number (kept as typed when it is not one, so the core can say so).
    Number,
    /// Several lines of text.
    Area,
    /// Day, month and year boxes, kept as YYYY-MM-DD.
    Date,
    /// A UK postcode: written as the Royal Mail writes it when the box is left
    /// ("rg401xq" -> "RG40 1XQ").
    Postcode,
    /// Yes or no, kept as a boolean.
    YesNo,
    /// One of these codes.
    Radios(&'static [Choice]),
    /// Any of these codes, kept as a list.
    Checkboxes(&'static [Choice]),
    /// One checkbox: `true` when ticked, no answer when not (an explicit "none known").
    Tick,
}

/// Input widths, as the GOV.UK fixed and fluid width classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Full,
    Half,
    Chars10,
    Chars5,
}

impl Width {
    pub const fn class(self) -> &'static str {
        match self {
            Width::Full => "govuk-input--width-full",
            Width::Half => "govuk-input--width-half",
            Width::Chars10 => "govuk-input--width-10",
            Width::Chars5 => "govuk-input--width-5",
        }
    }
}

/// A question: the path of its answer in the referral, its label and how it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub path: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
    pub optional: bool,
    /// Shown only when the answer at this path (relative to the same object) is one of
    /// these codes, like GOV.UK's conditionally revealed questions.
    pub when: Option<(&'static str, &'static [&'static str])>,
}

const fn field(path: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        path,
        label,
        hint: "",
        kind,
        optional: false,
        when: None,
    }
}

impl Field {
    const fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }
    const fn optional(mut self) -> Field {
        self.optional = true;
        self
    }
    const fn when(mut self, path: &'static str, codes: &'static [&'static str]) -> Field {
        self.when = Some((path, codes));
        self
    }

    /// Whether the question is asked, given the answers (`prefix` as for its path).
    pub fn shown(&self, answers: &serde_json::Value, prefix: &str) -> bool {
        self.when.is_none_or(|(when, codes)| {
            codes.contains(&crate::state::path::text(answers, &format!("{prefix}{when}")).as_str())
        })
    }
}

const fn text(path: &'static str, label: &'static str, autocomplete: &'static str) -> Field {
    field(
        path,
        label,
        Kind::Text {
            autocomplete,
            width: Width::Full,
        },
    )
}

const fn short(path: &'static str, label: &'static str, width: Width) -> Field {
    field(
        path,
        label,
        Kind::Text {
            autocomplete: "",
            width,
        },
    )
}

/// A part of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Questions, under an optional heading.
    Fields {
        heading: Option<&'static str>,
        fields: &'static [Field],
    },
    /// A list the referrer adds to ("Add another" pattern); item fields are relative.
    List(ListSpec),
    /// Date of birth, or the expected due date of an unborn baby.
    ChildDates,
    /// The main type of harm, chosen from the types selected.
    PredominantHarm,
    /// The screening tool.
    Screening,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSpec {
    pub path: &'static str,
    pub heading: &'static str,
    pub hint: &'static str,
    /// One item, e.g. "Household member" (numbered: "Household member 2").
    pub item: &'static str,
    pub add: &'static str,
    pub fields: &'static [Field],
}

pub const YES_NO: &[Choice] = &[c("yes", "Yes"), c("no", "No")];

pub const SEND: &[Choice] = &[
    c("none", "No"),
    ch(
        "sen_support",
        "Yes, SEN support",
        "Support from their school or setting, without an EHCP",
    ),
    c(
        "ehcp",
        "Yes, with an education, health and care plan (EHCP)",
    ),
    c("unknown", "I do not know"),
];

pub const CARE_STATUS: &[Choice] = &[
    c("none", "No"),
    ch(
        "child_in_care",
        "Yes, they are a child in care",
        "Looked after by the council",
    ),
    c("care_leaver", "Yes, they are a care leaver"),
];

pub const OPEN_CASE: &[Choice] = &[
    c("none", "No"),
    c("early_help", "Yes, Early Help"),
    c("child_in_need", "Yes, a Child in Need plan"),
    c("child_protection", "Yes, a Child Protection plan"),
    c("child_in_care", "Yes, they are in care"),
    c("unknown", "I do not know"),
];

pub const AGENCY: &[Choice] = &[
    c("school", "School, college or early years setting"),
    c("police", "Police"),
    c("health", "Health"),
    c("early_help", "Early Help"),
    c("social_care", "Children's social care"),
    c("youth_justice", "Youth justice"),
    c("voluntary", "Voluntary or community organisation"),
    c("housing", "Housing"),
    c("other", "Other"),
];

pub const CONSENT: &[Choice] = &[
    c("given", "Yes, consent was given"),
    c("refused", "No, consent was refused"),
    ch(
        "not_sought",
        "No, I did not ask for consent",
        "You do not need consent if asking would put the child at greater risk of significant harm",
    ),
];

pub const HARM_LOCATION: &[Choice] = &[
    ch(
        "outside",
        "Outside the home",
        "For example with friends or other young people, in the community, at school or online",
    ),
    ch(
        "inside",
        "Inside the home",
        "By parents, carers or other family members",
    ),
    c("both", "Both inside and outside the home"),
    ch(
        "unsure",
        "I'm not sure",
        "The team who receive the referral will decide",
    ),
];

pub const HARM_TYPES: &[Choice] = &[
    ch(
        "criminal_exploitation",
        "Criminal exploitation",
        "Including county lines and drug supply",
    ),
    c("sexual_exploitation", "Sexual exploitation"),
    c("serious_youth_violence", "Serious youth violence"),
    ch(
        "peer_abuse",
        "Abuse by other young people",
        "Domestic or sexual abuse in a relationship, or by peers",
    ),
    c("trafficking", "Trafficking"),
    c("modern_slavery", "Modern slavery"),
    c("radicalisation", "Radicalisation"),
    c("online_harm", "Online harm"),
    c("missing", "Going missing"),
    ch(
        "familial_abuse_or_neglect",
        "Abuse or neglect in the family",
        "Harm inside the home",
    ),
    c("other", "Something else"),
];

/// "None known" is an answer (some councils ask for the places and people on every referral
/// about harm outside the home; an empty list alone does not say whether anyone asked).
const NO_CONTEXTS: &[Field] = &[field(
    "hoth.noContextsKnown",
    "I do not know of any places or groups of concern",
    Kind::Tick,
)
.optional()];

const NO_ASSOCIATES: &[Field] = &[field(
    "hoth.noAssociatesKnown",
    "I do not know of any people of concern",
    Kind::Tick,
)
.optional()];

pub const CONTEXT_KIND: &[Choice] = &[
    ch("place", "A place", "For example a park, shop or address"),
    c("peer_group", "A group of young people"),
    c("school", "A school or college"),
    c("online", "Online, an app or game"),
    c("transport", "Transport, for example a bus route or station"),
    c("business", "A business, for example a takeaway or car wash"),
];

/// The screening levels, for the professional-judgement question and the route panel.
pub const fn level_label(level: Level) -> &'static str {
    match level {
        Level::None => "No concerns found (level 1)",
        Level::Emerging => "Emerging (level 2)",
        Level::Moderate => "Moderate (level 3)",
        Level::Significant => "Significant (level 4)",
    }
}

/// The label of a code among choices (the code itself when it is not one of them).
pub fn choice_label<'a>(choices: &'a [Choice], code: &'a str) -> &'a str {
    choices
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| c.label)
}

const CHILD_NAME: &[Field] = &[
    text("child.firstName", "First name", "off"),
    text("child.lastName", "Last name", "off"),
    text("child.otherNames", "Other names they are known by", "off")
        .hint("For example a nickname or a previous surname")
        .optional(),
];

const CHILD_ABOUT: &[Field] = &[
    short("child.gender", "Gender", Width::Half).optional(),
    short("child.ethnicity", "Ethnicity", Width::Half).optional(),
    short("child.firstLanguage", "First language", Width::Half).optional(),
    field(
        "child.interpreterNeeded",
        "Do they or their family need an interpreter?",
        Kind::YesNo,
    )
    .optional(),
];

const CHILD_ADDRESS: &[Field] = &[
    text("child.address.line1", "Address line 1", "off"),
    text("child.address.line2", "Address line 2", "off").optional(),
    short("child.address.town", "Town or city", Width::Half),
    field("child.address.postcode", "Postcode", Kind::Postcode).optional(),
];

const CHILD_SERVICES: &[Field] = &[
    short("child.nhsNumber", "NHS number", Width::Chars10)
        .hint("10 digits, like 943 476 5919")
        .optional(),
    short("child.localId", "Council case reference", Width::Chars10)
        .hint("For example a Mosaic ID, if you know it")
        .optional(),
    text("child.schoolOrSetting", "School, college or setting", "off").optional(),
    field(
        "child.send",
        "Do they have special educational needs or disabilities (SEND)?",
        Kind::Radios(SEND),
    ),
    field(
        "child.careStatus",
        "Are they in care, or a care leaver?",
        Kind::Radios(CARE_STATUS),
    ),
    field(
        "child.openCase",
        "Are they already getting help from children's services?",
        Kind::Radios(OPEN_CASE),
    ),
];

pub const DATE_OF_BIRTH: Field =
    field("child.dateOfBirth", "Date of birth", Kind::Date).hint("For example, 27 3 2012");
pub const DUE_DATE: Field =
    field("child.expectedDueDate", "Expected due date", Kind::Date).hint("For example, 14 9 2026");

const HOUSEHOLD_MEMBER: &[Field] = &[
    text("name", "Full name", "off"),
    short("relationship", "Relationship to the child", Width::Half)
        .hint("For example mother, stepfather, sister")
        .optional(),
    field("dateOfBirth", "Date of birth", Kind::Date).optional(),
    field(
        "parentalResponsibility",
        "Do they have parental responsibility?",
        Kind::YesNo,
    )
    .optional(),
    field(
        "livesWithChild",
        "Do they live with the child?",
        Kind::YesNo,
    )
    .optional(),
];

const REFERRER: &[Field] = &[
    text("referrer.name", "Your full name", "name"),
    text("referrer.role", "Your role", "organization-title")
        .hint("For example designated safeguarding lead, police constable"),
    text("referrer.organisation", "Your organisation", "organization"),
    field(
        "referrer.agency",
        "What kind of organisation is it?",
        Kind::Radios(AGENCY),
    ),
    field("referrer.email", "Email address", Kind::Email)
        .hint("We will only use this to contact you about this referral"),
    field("referrer.phone", "Phone number", Kind::Phone)
        .hint("For example 0118 974 6000 or 07700 900 982"),
];

const CONSENT_FIELDS: &[Field] = &[
    field(
        "consent.parentsAware",
        "Do the child's parents or carers know about this referral?",
        Kind::YesNo,
    ),
    field(
        "consent.consent",
        "Did the parents or carers agree to the referral?",
        Kind::Radios(CONSENT),
    ),
    field(
        "consent.reasonNotSought",
        "Why was consent not given or not asked for?",
        Kind::Area,
    )
    .when("consent.consent", &["refused", "not_sought"]),
];

pub const IMMEDIATE_DANGER: Field = field(
    "concerns.immediateDanger",
    "Is the child in immediate danger now?",
    Kind::YesNo,
)
.hint("For example they are with someone who is hurting them, or their life is at risk");

const CONCERNS: &[Field] = &[
    IMMEDIATE_DANGER,
    field("concerns.summary", "What has happened?", Kind::Area).hint(
        "Say what you saw or were told, when, and who was involved. Use at least 20 characters.",
    ),
    field(
        "concerns.harmTypes",
        "What kinds of harm are you worried about?",
        Kind::Checkboxes(HARM_TYPES),
    )
    .hint("Select all that apply"),
];

const CONCERNS_MORE: &[Field] = &[
    field(
        "concerns.childsViews",
        "What does the child say?",
        Kind::Area,
    )
    .hint("Their views and wishes, in their words if you can")
    .optional(),
    field(
        "concerns.actionTaken",
        "What have you done about it so far?",
        Kind::Area,
    )
    .optional(),
];

const LOCATION: &[Field] = &[field(
    "concerns.harmLocation",
    "Where is the harm happening?",
    Kind::Radios(HARM_LOCATION),
)];

pub const MISSING_EPISODES: Field = field(
    "hoth.missingEpisodes90d",
    "How many times have they gone missing in the last 90 days?",
    Kind::Number,
)
.hint("Enter 0 if they have not gone missing")
.optional();

pub const SCREENING_COMPLETED: Field = field(
    "hoth.screeningCompleted",
    "Did you go through every question of the screening tool?",
    Kind::YesNo,
);

pub const JUDGEMENT_REASON: Field = field(
    "hoth.professionalJudgement.reason",
    "Why do you think the level is higher?",
    Kind::Area,
);

const CONTEXT: &[Field] = &[
    field(
        "kind",
        "What kind of place or group is it?",
        Kind::Radios(CONTEXT_KIND),
    ),
    text("name", "Name or location", "off").hint("For example the name of a park, group or app"),
    field("description", "What happens there?", Kind::Area).optional(),
    field(
        "otherChildrenAffected",
        "Are other children harmed or at risk there?",
        Kind::YesNo,
    )
    .optional(),
];

const ASSOCIATE: &[Field] = &[
    text("knownName", "Name or nickname, if known", "off").optional(),
    field("description", "Describe them", Kind::Area)
        .hint("For example what they look like, where they are seen, what they do")
        .optional(),
    field("approxAge", "Approximate age", Kind::Number).optional(),
    short("relationship", "How do they know the child?", Width::Half).optional(),
];

const AGENCY_FIELDS: &[Field] = &[
    text("name", "Agency or service", "off"),
    short("role", "What they do for the child", Width::Full).optional(),
    text("contact", "Contact name, phone or email", "off").optional(),
];

const WORKER_SAFETY: &[Field] = &[field(
    "workerSafety",
    "Is there any risk to someone visiting the child or family?",
    Kind::Area,
)
.hint("For example dogs, weapons, or people who are hostile to professionals")
.optional()];

impl Page {
    /// What the page asks, in order.
    pub const fn sections(self) -> &'static [Section] {
        match self {
            Page::Child => &[
                Section::Fields {
                    heading: None,
                    fields: CHILD_NAME,
                },
                Section::ChildDates,
                Section::Fields {
                    heading: None,
                    fields: CHILD_ABOUT,
                },
                Section::Fields {
                    heading: Some("Where they live"),
                    fields: CHILD_ADDRESS,
                },
                Section::Fields {
                    heading: Some("Services and support"),
                    fields: CHILD_SERVICES,
                },
            ],
            Page::Household => &[Section::List(ListSpec {
                path: "household",
                heading: "People who live with the child or are important to them",
                hint: "Add parents, carers and anyone else in the household. If there is no one to add, continue.",
                item: "Person",
                add: "Add a person",
                fields: HOUSEHOLD_MEMBER,
            })],
            Page::Referrer => &[Section::Fields {
                heading: None,
                fields: REFERRER,
            }],
            Page::Consent => &[Section::Fields {
                heading: None,
                fields: CONSENT_FIELDS,
            }],
            Page::Concerns => &[
                Section::Fields {
                    heading: None,
                    fields: CONCERNS,
                },
                Section::PredominantHarm,
                Section::Fields {
                    heading: None,
                    fields: CONCERNS_MORE,
                },
            ],
            Page::Location => &[Section::Fields {
                heading: None,
                fields: LOCATION,
            }],
            Page::Screening => &[Section::Screening],
            Page::Contexts => &[
                Section::List(ListSpec {
                    path: "hoth.contexts",
                    heading: "Places and groups",
                    hint: "Where the harm happens or the groups involved. If you do not know of any, tick the box below.",
                    item: "Place or group",
                    add: "Add a place or group",
                    fields: CONTEXT,
                }),
                Section::Fields {
                    heading: None,
                    fields: NO_CONTEXTS,
                },
                Section::List(ListSpec {
                    path: "hoth.associates",
                    heading: "People of concern",
                    hint: "Adults or young people who may be harming or exploiting the child. If you do not know of any, tick the box below.",
                    item: "Person of concern",
                    add: "Add a person of concern",
                    fields: ASSOCIATE,
                }),
                Section::Fields {
                    heading: None,
                    fields: NO_ASSOCIATES,
                },
            ],
            Page::Agencies => &[
                Section::List(ListSpec {
                    path: "agencies",
                    heading: "Agencies working with the child",
                    hint: "For example their school, GP, youth worker or the police. If there are none, continue.",
                    item: "Agency",
                    add: "Add an agency",
                    fields: AGENCY_FIELDS,
                }),
                Section::Fields {
                    heading: Some("Safety of visitors"),
                    fields: WORKER_SAFETY,
                },
            ],
            Page::Check | Page::Confirmation => &[],
        }
    }
}

/// The paths of answers to questions not shown now (a conditionally revealed question whose
/// condition does not hold, like the reason consent was not sought after "consent given"):
/// such an answer is kept while the referrer edits, in case they change back, but never sent.
pub fn hidden_paths(answers: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    for section in Page::ALL.iter().flat_map(|p| p.sections()) {
        match section {
            Section::Fields { fields, .. } => out.extend(
                fields
                    .iter()
                    .filter(|f| !f.shown(answers, ""))
                    .map(|f| f.path.to_owned()),
            ),
            Section::List(spec) => {
                let items = crate::state::path::list(answers, spec.path).len();
                for index in 0..items {
                    let prefix = format!("{}[{index}].", spec.path);
                    out.extend(
                        spec.fields
                            .iter()
                            .filter(|f| !f.shown(answers, &prefix))
                            .map(|f| format!("{prefix}{}", f.path)),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// A postcode as the Royal Mail writes it: capitals, one space before the last three
/// characters ("rg401xq", " RG40  1XQ" -> "RG40 1XQ"). Anything that is not shaped like a
/// postcode is left as typed, for the core to report.
pub fn normalise_postcode(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let shaped = (5..=7).contains(&compact.len())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.starts_with(|c: char| c.is_ascii_alphabetic());
    if !shaped {
        return text.to_owned();
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    format!("{outward} {inward}")
}

/// A missing answer, in the words of the question the form asks (where the core's own
/// wording, written for any host, names the field differently). By path, list positions
/// left out (`household[2].name` is `household.name`).
const MISSING: &[(&str, &str)] = &[
    (
        "child.send",
        "Select whether they have special educational needs or disabilities (SEND)",
    ),
    (
        "child.careStatus",
        "Select whether they are in care, or a care leaver",
    ),
    (
        "child.openCase",
        "Select whether they are already getting help from children's services",
    ),
    ("household.name", "Enter the person's full name"),
    ("referrer.name", "Enter your full name"),
    (
        "referrer.agency",
        "Select what kind of organisation you work for",
    ),
    (
        "consent.parentsAware",
        "Select whether the child's parents or carers know about this referral",
    ),
    (
        "consent.reasonNotSought",
        "Enter why consent was not given or not asked for",
    ),
    (
        "concerns.harmTypes",
        "Select the kinds of harm you are worried about",
    ),
    (
        "hoth.screeningCompleted",
        "Select whether you went through every question of the screening tool",
    ),
    ("agencies.name", "Enter the agency or service"),
];

/// The path with its list positions left out.
fn without_positions(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// An issue in the form's words: a missing answer in the words of its question (`MISSING`);
/// the core writes dates as JSON does ("like 2012-03-27") and the form asks for day, month
/// and year boxes, so its messages use the hint's format ("like 27 3 2012").
pub fn in_the_forms_words(mut issue: hoth_core::Issue) -> hoth_core::Issue {
    use hoth_core::IssueCode;
    if matches!(issue.code, IssueCode::Required | IssueCode::ReasonRequired) {
        let path = without_positions(&issue.path);
        if let Some((_, message)) = MISSING.iter().find(|(p, _)| *p == path) {
            issue.message = (*message).to_owned();
            return issue;
        }
    }
    if let Some((before, example)) = issue.message.rsplit_once(", like ") {
        let parts: Vec<&str> = example.split('-').collect();
        if let [year, month, day] = parts.as_slice()
            && year.len() == 4
            && [year, month, day]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            let trim = |p: &str| p.trim_start_matches('0').to_owned();
            issue.message = format!("{before}, like {} {} {year}", trim(day), trim(month));
        }
    }
    issue
}

/// Every field with a fixed path (not in a list), for looking up how one is answered.
pub fn fixed_field(path: &str) -> Option<&'static Field> {
    Page::ALL
        .iter()
        .flat_map(|p| p.sections())
        .flat_map(|s| match s {
            Section::Fields { fields, .. } => *fields,
            Section::ChildDates => &[DATE_OF_BIRTH, DUE_DATE],
            Section::Screening => &[MISSING_EPISODES, SCREENING_COMPLETED, JUDGEMENT_REASON],
            _ => &[],
        })
        .find(|f| f.path == path)
}

/// The list section with this path (`household`, `hoth.contexts`).
pub fn list_spec(list: &str) -> Option<&'static ListSpec> {
    Page::ALL
        .iter()
        .flat_map(|p| p.sections())
        .find_map(|s| match s {
            Section::List(spec) if spec.path == list => Some(spec),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_paths_find_their_page() {
        assert_eq!(Page::for_path("child.dateOfBirth"), Page::Child);
        assert_eq!(Page::for_path("household[2].name"), Page::Household);
        assert_eq!(Page::for_path("concerns.harmLocation"), Page::Location);
        assert_eq!(Page::for_path("concerns.harmTypes[1]"), Page::Concerns);
        assert_eq!(Page::for_path("hoth"), Page::Screening);
        assert_eq!(Page::for_path("hoth.contexts[0].kind"), Page::Contexts);
        assert_eq!(Page::for_path("workerSafety"), Page::Agencies);
        assert_eq!(Page::for_path(""), Page::Check);
    }

    #[test]
    fn postcodes_are_written_as_the_royal_mail_writes_them() {
        assert_eq!(normalise_postcode("rg401xq"), "RG40 1XQ");
        assert_eq!(normalise_postcode(" RG40  1XQ "), "RG40 1XQ");
        assert_eq!(normalise_postcode("w1a 1aa"), "W1A 1AA");
        assert_eq!(normalise_postcode("not a postcode"), "not a postcode");
        assert_eq!(normalise_postcode("12345"), "12345");
    }

    #[test]
    fn date_messages_use_the_hints_format() {
        let issue = |message: &str| hoth_core::Issue {
            path: "child.dateOfBirth".into(),
            code: hoth_core::IssueCode::InvalidDate,
            message: message.into(),
        };
        assert_eq!(
            in_the_forms_words(issue(
                "The child's date of birth must be a real date, like 2012-03-27"
            ))
            .message,
            "The child's date of birth must be a real date, like 27 3 2012"
        );
        assert_eq!(
            in_the_forms_words(issue("Enter the child's first name")).message,
            "Enter the child's first name"
        );
        let missing = hoth_core::Issue {
            path: "household[2].name".into(),
            code: hoth_core::IssueCode::Required,
            message: "Enter the household member's name".into(),
        };
        assert_eq!(
            in_the_forms_words(missing).message,
            "Enter the person's full name"
        );
    }

    #[test]
    fn every_reworded_message_names_a_question_of_the_form() {
        for (path, _) in MISSING {
            let (list, field) = path.rsplit_once('.').unwrap_or(("", path));
            let found = fixed_field(path).is_some()
                || list_spec(list).is_some_and(|l| l.fields.iter().any(|f| f.path == field));
            assert!(found, "{path}");
        }
    }

    #[test]
    fn hidden_answers_are_found() {
        let answers = serde_json::json!({"consent": {"consent": "given", "reasonNotSought": "x"}});
        assert_eq!(hidden_paths(&answers), vec!["consent.reasonNotSought"]);
        let answers =
            serde_json::json!({"consent": {"consent": "refused", "reasonNotSought": "x"}});
        assert!(hidden_paths(&answers).is_empty());
    }

    #[test]
    fn codes_round_trip() {
        for page in Page::ALL {
            assert_eq!(Page::from_code(page.code()), Some(page));
        }
    }

    #[test]
    fn choices_are_the_core_codes() {
        use hoth_core::referral::{
            AgencyKind, CareStatus, ConsentStatus, ContextKind, HarmLocation, HarmType, OpenCase,
            Send,
        };
        fn same(choices: &[Choice], codes: Vec<&str>) {
            assert_eq!(choices.iter().map(|c| c.code).collect::<Vec<_>>(), codes);
        }
        same(SEND, Send::ALL.iter().map(|c| c.code()).collect());
        same(
            CARE_STATUS,
            CareStatus::ALL.iter().map(|c| c.code()).collect(),
        );
        same(OPEN_CASE, OpenCase::ALL.iter().map(|c| c.code()).collect());
        same(AGENCY, AgencyKind::ALL.iter().map(|c| c.code()).collect());
        same(
            CONSENT,
            ConsentStatus::ALL.iter().map(|c| c.code()).collect(),
        );
        same(
            HARM_LOCATION,
            HarmLocation::ALL.iter().map(|c| c.code()).collect(),
        );
        same(HARM_TYPES, HarmType::ALL.iter().map(|c| c.code()).collect());
        same(
            CONTEXT_KIND,
            ContextKind::ALL.iter().map(|c| c.code()).collect(),
        );
    }

    #[test]
    fn lookups() {
        assert_eq!(
            fixed_field("child.send").map(|f| f.label),
            Some("Do they have special educational needs or disabilities (SEND)?")
        );
        let field = |list: &str, name: &str| {
            list_spec(list).and_then(|l| l.fields.iter().find(|f| f.path == name))
        };
        assert_eq!(
            field("household", "dateOfBirth").map(|f| f.kind),
            Some(Kind::Date)
        );
        assert_eq!(
            field("hoth.associates", "approxAge").map(|f| f.kind),
            Some(Kind::Number)
        );
    }
}
