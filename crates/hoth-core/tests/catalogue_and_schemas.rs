//! The screening catalogue holds every indicator with its weight, and the committed JSON
//! Schemas are what the Rust types generate (run `./x schemas` after changing a type).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::path::Path;

use hoth_core::referral::HarmType;
use hoth_core::schema;
use hoth_core::screening::{Catalogue, Weight};

/// Every indicator id of the catalogue and its weight (E, M, S), as the reference table gives them.
const WEIGHTS: &str = "missing_short_periods E, missing_overnight M, missing_for_days S, returned_hurt_or_dishevelled S, \
missing_repeatedly M, new_older_friends E, friends_exploited_or_missing E, associates_of_concern M, \
unknown_people_contact_family M, parents_losing_control M, gang_or_postcode_talk M, peer_relationship_abuse M, \
controlling_older_partner S, picked_up_by_unknown_adults S, recruiting_other_children S, unexplained_money_or_gifts M, \
multiple_phones M, drug_dealing_items M, owes_a_debt S, made_to_work_or_hand_over_money S, attendance_dropping E, \
suspended_or_at_risk_of_exclusion E, excluded_or_out_of_education M, alternative_provision E, leaves_site_or_collected M, \
alcohol_or_cannabis E, substance_use_increasing M, given_drugs_by_older_people M, appearance_change E, \
self_harm_or_suicidal M, unexplained_injuries S, drugs_concealed_internally S, secretive_online E, \
talking_to_unknown_adults_online M, shared_sexual_images M, extremist_content_or_contacts M, violent_content_online M, \
sexual_images_involving_adult S, online_blackmail S, asb_or_minor_offending E, arrested_or_charged M, \
violent_or_aggressive M, group_violence_or_retaliation M, threatened_or_fearful M, sexually_harmful_behaviour M, \
carrying_weapon S, victim_of_serious_violence S, selling_or_moving_drugs S, found_with_class_a_or_supply_quantity S, \
sexualised_behaviour_or_risky_sex E, sti_or_pregnancy M, sexual_activity_under_13 S, sex_for_things S, \
assault_disclosed S, hotspot_places M, tickets_to_unknown_places M, found_out_of_area S, \
hotels_parties_unknown_addresses S, linked_to_drug_address S, withdrawn_or_low E";

#[test]
fn the_catalogue_has_every_indicator_with_its_weight() {
    let catalogue = Catalogue::builtin();
    let expected: Vec<(&str, &str)> = WEIGHTS
        .split(", ")
        .map(|pair| pair.trim().split_once(' ').unwrap())
        .collect();
    assert_eq!(expected.len(), 60);
    assert_eq!(catalogue.indicators.len(), expected.len());
    for (id, weight) in expected {
        let indicator = catalogue
            .get(id)
            .unwrap_or_else(|| panic!("{id} is missing"));
        let want = match weight {
            "E" => Weight::Emerging,
            "M" => Weight::Moderate,
            _ => Weight::Significant,
        };
        assert_eq!(indicator.weight, want, "{id}");
        assert!(!indicator.harm_types.is_empty(), "{id}");
        assert!(indicator.question.contains('?'), "{id}: a question");
    }
    let count = |w| {
        catalogue
            .indicators
            .iter()
            .filter(|i| i.weight == w)
            .count()
    };
    assert_eq!(
        (
            count(Weight::Emerging),
            count(Weight::Moderate),
            count(Weight::Significant)
        ),
        (12, 27, 21)
    );
    assert_eq!(catalogue.categories.len(), 10);
    for indicator in &catalogue.indicators {
        assert!(
            catalogue
                .categories
                .iter()
                .any(|c| c.id == indicator.category)
        );
        assert!(
            indicator
                .harm_types
                .iter()
                .all(|h| HarmType::ALL.contains(h))
        );
    }
}

#[test]
fn committed_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    for name in schema::NAMES {
        let path = dir.join(schema::file_name(name));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = schema::schema(name).unwrap();
        assert!(
            committed == generated,
            "{} is stale: run `./x schemas` and commit the result",
            path.display()
        );
    }
}

#[test]
fn built_in_packs_match_the_policy_schema_shape() {
    // The schema is generated from the same types the loader uses; a pack that loads has
    // the documented shape. Here: the schema names the fields a council edits.
    let text = schema::schema("policy").unwrap();
    for field in [
        "\"rules\"",
        "\"when\"",
        "\"then\"",
        "\"cite\"",
        "\"quote\"",
        "\"stage\"",
        "\"due\"",
    ] {
        assert!(text.contains(field), "policy schema lacks {field}");
    }
}
