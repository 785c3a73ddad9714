//! The outcome codes a decision may contain, and their kinds. Stable: a pack may not invent
//! others. Within a kind, codes are listed from least to most severe where that matters
//! (pathways and plans).

use crate::codes::codes;

codes! {
    /// What a decision recommends.
    OutcomeCode {
        // immediate
        Call999 = "call_999",
        ShareLocationIntelligence = "share_location_intelligence",
        // pathway, least to most severe
        AdviceAndSignposting = "advice_and_signposting",
        EarlyHelp = "early_help",
        ChildAndFamilyAssessment = "child_and_family_assessment",
        StrategyMeeting = "strategy_meeting",
        // plan, if the threshold is confirmed; least to most severe
        EarlyHelpPlan = "early_help_plan",
        /// The child already has a plan (child protection, child in need or Early Help): its
        /// owner updates it rather than a new one being started. Above an Early Help plan and
        /// below a new Child in Need plan.
        UpdateExistingPlan = "update_existing_plan",
        CinPlan = "cin_plan",
        InitialChildProtectionConference = "initial_child_protection_conference",
        MySafetyMeeting = "my_safety_meeting",
        CarePlanUpdate = "care_plan_update",
        // service referral
        BreakingTheCycle = "breaking_the_cycle",
        Section47Enquiry = "section_47_enquiry",
        RiskAndHarmAssessment = "risk_and_harm_assessment",
        PoliceReferral = "police_referral",
        ContextAssessment = "context_assessment",
        ContextMeeting = "context_meeting",
        MappingMeeting = "mapping_meeting",
        EnduringProfessional = "enduring_professional",
        NrmReferral = "nrm_referral",
        AdultSafeguardingS42 = "adult_safeguarding_s42",
        AdultServicesSignpost = "adult_services_signpost",
        PathwayPlan = "pathway_plan",
        SafeguardOtherChildren = "safeguard_other_children",
        // meeting cadence
        CoreGroupMeeting = "core_group_meeting",
        ReviewConference = "review_conference",
        SafetyPlanningMeeting = "safety_planning_meeting",
        PlanReviewMeeting = "plan_review_meeting",
        // forum or panel
        Mace = "mace",
        Emrac = "emrac",
        Marac = "marac",
        PreventChannel = "prevent_channel",
        HothDailyMeeting = "hoth_daily_meeting",
        TransitionsPanel = "transitions_panel",
        ChildOfMostConcern = "child_of_most_concern",
        // notification
        NotifyExploitationTeam = "notify_exploitation_team",
        ExploitationCoordinatorConsult = "exploitation_coordinator_consult",
        InformIro = "inform_iro",
        FlagHealthAndPoliceSystems = "flag_health_and_police_systems",
        // requirement
        ScreeningToolRequired = "screening_tool_required",
        PredominantHarmRequired = "predominant_harm_required",
        AssociatesRequired = "associates_required",
        ContextsRequired = "contexts_required",
    }
}

codes! {
    /// The kinds of outcome, in the order a decision lists them.
    OutcomeKind {
        Immediate = "immediate",
        Pathway = "pathway",
        Plan = "plan",
        ServiceReferral = "service_referral",
        MeetingCadence = "meeting_cadence",
        Forum = "forum",
        Notification = "notification",
        Requirement = "requirement",
    }
}

impl OutcomeCode {
    pub const fn kind(self) -> OutcomeKind {
        use OutcomeCode as C;
        match self {
            C::Call999 | C::ShareLocationIntelligence => OutcomeKind::Immediate,
            C::AdviceAndSignposting
            | C::EarlyHelp
            | C::ChildAndFamilyAssessment
            | C::StrategyMeeting => OutcomeKind::Pathway,
            C::EarlyHelpPlan
            | C::UpdateExistingPlan
            | C::CinPlan
            | C::InitialChildProtectionConference
            | C::MySafetyMeeting
            | C::CarePlanUpdate => OutcomeKind::Plan,
            C::BreakingTheCycle
            | C::Section47Enquiry
            | C::RiskAndHarmAssessment
            | C::PoliceReferral
            | C::ContextAssessment
            | C::ContextMeeting
            | C::MappingMeeting
            | C::EnduringProfessional
            | C::NrmReferral
            | C::AdultSafeguardingS42
            | C::AdultServicesSignpost
            | C::PathwayPlan
            | C::SafeguardOtherChildren => OutcomeKind::ServiceReferral,
            C::CoreGroupMeeting
            | C::ReviewConference
            | C::SafetyPlanningMeeting
            | C::PlanReviewMeeting => OutcomeKind::MeetingCadence,
            C::Mace
            | C::Emrac
            | C::Marac
            | C::PreventChannel
            | C::HothDailyMeeting
            | C::TransitionsPanel
            | C::ChildOfMostConcern => OutcomeKind::Forum,
            C::NotifyExploitationTeam
            | C::ExploitationCoordinatorConsult
            | C::InformIro
            | C::FlagHealthAndPoliceSystems => OutcomeKind::Notification,
            C::ScreeningToolRequired
            | C::PredominantHarmRequired
            | C::AssociatesRequired
            | C::ContextsRequired => OutcomeKind::Requirement,
        }
    }

    /// Who acts on this outcome unless the rule says otherwise: what the person filling in the
    /// form does now is the referrer's; the route decision is the MASH's; plans, enquiries,
    /// assessments and meetings are children's social care's; panels are the partnership's.
    pub const fn default_actor(self) -> Actor {
        use OutcomeCode as C;
        match self {
            C::Call999 | C::ShareLocationIntelligence => Actor::Referrer,
            C::AdviceAndSignposting
            | C::EarlyHelp
            | C::ChildAndFamilyAssessment
            | C::StrategyMeeting
            | C::AdultServicesSignpost
            | C::ExploitationCoordinatorConsult => Actor::Mash,
            C::EarlyHelpPlan
            | C::CinPlan
            | C::InitialChildProtectionConference
            | C::MySafetyMeeting
            | C::CarePlanUpdate
            | C::UpdateExistingPlan
            | C::BreakingTheCycle
            | C::Section47Enquiry
            | C::RiskAndHarmAssessment
            | C::PoliceReferral
            | C::ContextAssessment
            | C::ContextMeeting
            | C::MappingMeeting
            | C::EnduringProfessional
            | C::NrmReferral
            | C::AdultSafeguardingS42
            | C::PathwayPlan
            | C::SafeguardOtherChildren
            | C::CoreGroupMeeting
            | C::ReviewConference
            | C::SafetyPlanningMeeting
            | C::PlanReviewMeeting
            | C::ChildOfMostConcern
            | C::NotifyExploitationTeam
            | C::InformIro
            | C::FlagHealthAndPoliceSystems => Actor::ChildrenSocialCare,
            C::Mace
            | C::Emrac
            | C::Marac
            | C::PreventChannel
            | C::HothDailyMeeting
            | C::TransitionsPanel => Actor::Partnership,
            C::ScreeningToolRequired
            | C::PredominantHarmRequired
            | C::AssociatesRequired
            | C::ContextsRequired => Actor::Referrer,
        }
    }

    /// A step of the children's system that stops at 18: when the young person turns 18
    /// before it is due, the decision says so and the pack's transition rules apply.
    pub const fn child_only(self) -> bool {
        use OutcomeCode as C;
        matches!(
            self,
            C::EarlyHelp
                | C::ChildAndFamilyAssessment
                | C::StrategyMeeting
                | C::EarlyHelpPlan
                | C::CinPlan
                | C::InitialChildProtectionConference
                | C::CarePlanUpdate
                | C::BreakingTheCycle
                | C::Section47Enquiry
                | C::CoreGroupMeeting
                | C::ReviewConference
                | C::SafetyPlanningMeeting
                | C::ChildOfMostConcern
                | C::InformIro
        )
    }

    /// A plain name for people, e.g. "Initial Child Protection Conference".
    pub const fn title(self) -> &'static str {
        use OutcomeCode as C;
        match self {
            C::Call999 => "Call 999 now",
            C::ShareLocationIntelligence => "Share location intelligence with the police",
            C::AdviceAndSignposting => "Advice, information and signposting",
            C::EarlyHelp => "Early Help",
            C::ChildAndFamilyAssessment => "Child and Family Assessment",
            C::StrategyMeeting => "Strategy meeting",
            C::EarlyHelpPlan => "Early Help plan",
            C::CinPlan => "Child in Need plan",
            C::InitialChildProtectionConference => "Initial Child Protection Conference",
            C::MySafetyMeeting => "My Safety Meeting",
            C::CarePlanUpdate => "Update the care plan",
            C::UpdateExistingPlan => "Update the child's existing plan",
            C::BreakingTheCycle => "Breaking the Cycle",
            C::Section47Enquiry => "Section 47 enquiry",
            C::RiskAndHarmAssessment => "Risk and harm assessment",
            C::PoliceReferral => "Referral to the police",
            C::ContextAssessment => "Context assessment",
            C::ContextMeeting => "Context meeting",
            C::MappingMeeting => "Mapping meeting",
            C::EnduringProfessional => "Enduring professional relationship",
            C::NrmReferral => "National Referral Mechanism referral",
            C::AdultSafeguardingS42 => "Adult safeguarding (section 42) referral",
            C::AdultServicesSignpost => "Signpost to adult services",
            C::PathwayPlan => "Pathway plan",
            C::SafeguardOtherChildren => "Consider the needs of other children who may be affected",
            C::CoreGroupMeeting => "Core group meeting",
            C::ReviewConference => "Review conference",
            C::SafetyPlanningMeeting => "Safety planning meeting",
            C::PlanReviewMeeting => "Plan review meeting",
            C::Mace => "Multi-Agency Child Exploitation (MACE) panel",
            C::Emrac => "Exploited and Missing Risk Assessment Conference (EMRAC)",
            C::Marac => "Multi-Agency Risk Assessment Conference (MARAC)",
            C::PreventChannel => "Prevent / Channel",
            C::HothDailyMeeting => "HOTH daily meeting",
            C::TransitionsPanel => "Transitions panel",
            C::ChildOfMostConcern => "Child of Most Concern protocol",
            C::NotifyExploitationTeam => "Notify the exploitation team",
            C::ExploitationCoordinatorConsult => "Discuss with the exploitation coordinator",
            C::InformIro => "Inform the Independent Reviewing Officer",
            C::FlagHealthAndPoliceSystems => "Flag on health and police systems",
            C::ScreeningToolRequired => "Screening tool required",
            C::PredominantHarmRequired => "Predominant harm required",
            C::AssociatesRequired => "Associates required",
            C::ContextsRequired => "Places and groups required",
        }
    }
}

codes! {
    /// Who acts on an outcome.
    Actor {
        /// The person filling in the form, now.
        Referrer = "referrer",
        /// The Multi-Agency Safeguarding Hub, deciding the route.
        Mash = "mash",
        /// Children's social care: the social worker, team manager or personal adviser.
        ChildrenSocialCare = "children_social_care",
        Police = "police",
        /// A multi-agency panel or forum of the safeguarding partnership.
        Partnership = "partnership",
    }
}

impl Actor {
    /// Who, in plain words.
    pub const fn title(self) -> &'static str {
        match self {
            Actor::Referrer => "You",
            Actor::Mash => "The MASH",
            Actor::ChildrenSocialCare => "Children's social care",
            Actor::Police => "The police",
            Actor::Partnership => "A multi-agency panel",
        }
    }
}

codes! {
    /// Where a rule comes from.
    Basis {
        /// The council's own guidance, cited.
        Council = "council",
        /// hoth's own safety default where the council's guidance says nothing (999 when a
        /// child is in immediate danger): no council citation.
        SafetyDefault = "safety_default",
    }
}
