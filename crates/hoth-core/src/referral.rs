//! The Multi-Agency Referral Form (MARF), schema version 1.
//!
//! Every field is optional in the Rust types so that a half-filled form (a draft in the
//! widget, a bad submission to the CLI) still parses; what is *required* is the job of
//! [`crate::validation`], which reports each missing field with its path. Dates are kept as
//! the text the referrer typed (`YYYY-MM-DD`) and checked there with chrono, so that
//! "2024-02-30" becomes an `invalid_date` issue rather than a parse failure.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes::{Level, codes};

/// The only referral schema version this build understands.
pub const SCHEMA_VERSION: &str = "1";

/// A referral to the council's front door (MASH) on the Multi-Agency Referral Form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "Referral", extend("$id" = "https://hoth.example/schemas/referral.schema.json"))]
pub struct Referral {
    /// Always "1" for this version of the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    /// The day the referral is made (YYYY-MM-DD). Ages and due dates count from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub referral_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<Child>,
    /// People in the child's household.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub household: Vec<HouseholdMember>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Referrer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concerns: Option<Concerns>,
    /// The harm-outside-the-home section and its screening tool; needed when the harm is
    /// outside the home or both inside and outside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hoth: Option<Hoth>,
    /// Other agencies working with the child.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<Agency>,
    /// Risks to anyone visiting the child or family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_safety: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Child {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_names: Option<String>,
    /// YYYY-MM-DD. Give this or `expectedDueDate`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date_of_birth: Option<String>,
    /// For an unborn child (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub expected_due_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter_needed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// 10 digits (spaces allowed), with a valid Modulus 11 check digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nhs_number: Option<String>,
    /// The council's own case reference, e.g. a Mosaic ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_or_setting: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send: Option<Send>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_status: Option<CareStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_case: Option<OpenCase>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HouseholdMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parental_responsibility: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lives_with_child: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Referrer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<AgencyKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    /// Do the parents or carers know about this referral?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents_aware: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentStatus>,
    /// Why consent was refused or not sought; required unless consent was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_not_sought: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Concerns {
    /// What has happened, in the referrer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub childs_views: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_taken: Option<String>,
    /// Is the child in immediate danger now?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub immediate_danger: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harm_location: Option<HarmLocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub harm_types: Vec<HarmType>,
    /// The main harm, one of `harmTypes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predominant_harm: Option<HarmType>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Hoth {
    /// The referrer went through the whole screening tool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screening_completed: Option<bool>,
    /// Screening indicator ids from the catalogue (`schemas/screening.json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// Missing episodes in the last 90 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "missingEpisodes90d")]
    pub missing_episodes_90d: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associates: Vec<Associate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<Context>,
    /// The referrer knows of no people of concern (an answer, unlike leaving the list empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_associates_known: Option<bool>,
    /// The referrer knows of no places or groups of concern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_contexts_known: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional_judgement: Option<ProfessionalJudgement>,
}

/// A person of concern linked to the child.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Associate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_name: Option<String>,
}

/// A place, group or setting where the harm happens.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ContextKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Are other children harmed or at risk in this context?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_children_affected: Option<bool>,
}

/// The referrer's professional judgement: may raise the computed level, never lower it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfessionalJudgement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agency {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

codes! {
    /// Special educational needs and disabilities.
    Send { None = "none", SenSupport = "sen_support", Ehcp = "ehcp", Unknown = "unknown" }
}

codes! {
    CareStatus { None = "none", ChildInCare = "child_in_care", CareLeaver = "care_leaver" }
}

codes! {
    /// Is the child already open to a service?
    OpenCase {
        None = "none",
        EarlyHelp = "early_help",
        ChildInNeed = "child_in_need",
        ChildProtection = "child_protection",
        ChildInCare = "child_in_care",
        Unknown = "unknown",
    }
}

codes! {
    AgencyKind {
        School = "school",
        Police = "police",
        Health = "health",
        EarlyHelp = "early_help",
        SocialCare = "social_care",
        YouthJustice = "youth_justice",
        Voluntary = "voluntary",
        Housing = "housing",
        Other = "other",
    }
}

codes! {
    ConsentStatus { Given = "given", Refused = "refused", NotSought = "not_sought" }
}

codes! {
    /// Where the harm is happening.
    HarmLocation { Outside = "outside", Inside = "inside", Both = "both", Unsure = "unsure" }
}

codes! {
    /// Harm types (stable codes).
    HarmType {
        /// Including county lines and drug supply.
        CriminalExploitation = "criminal_exploitation",
        SexualExploitation = "sexual_exploitation",
        SeriousYouthViolence = "serious_youth_violence",
        /// Peer-on-peer domestic or sexual abuse.
        PeerAbuse = "peer_abuse",
        Trafficking = "trafficking",
        ModernSlavery = "modern_slavery",
        Radicalisation = "radicalisation",
        OnlineHarm = "online_harm",
        Missing = "missing",
        /// Harm inside the home.
        FamilialAbuseOrNeglect = "familial_abuse_or_neglect",
        Other = "other",
    }
}

codes! {
    ContextKind {
        Place = "place",
        PeerGroup = "peer_group",
        School = "school",
        Online = "online",
        Transport = "transport",
        Business = "business",
    }
}

impl HarmLocation {
    /// Harm outside the home (or possibly so) needs the HOTH section and screening tool.
    pub const fn is_hoth(self) -> bool {
        matches!(
            self,
            HarmLocation::Outside | HarmLocation::Both | HarmLocation::Unsure
        )
    }
}

impl Send {
    /// SEN support or an EHCP: the child has special educational needs or disabilities.
    pub const fn is_send(self) -> bool {
        matches!(self, Send::SenSupport | Send::Ehcp)
    }
}
