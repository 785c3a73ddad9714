//! The wizard's reducer, natively: state transitions, validation on Continue, the live route,
//! drafts loaded back. No browser.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use chrono::NaiveDate;
use hoth_core::{Level, Policy};
use hoth_ui::form::Page;
use hoth_ui::state::path;
use hoth_ui::state::{Action, FocusTarget, Notice, SendAnswer, State};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn policy(id: &str) -> &'static Policy {
    Policy::builtin(id).unwrap()
}

fn state() -> State {
    State::new(policy("wokingham"), today())
}

fn charlene() -> Value {
    let text = include_str!("../../../tests/fixtures/referrals/charlene.json");
    serde_json::from_str(text).unwrap()
}

fn set(state: &mut State, path: &str, value: Value) {
    state.apply(Action::Set {
        path: path.to_owned(),
        value: Some(value),
    });
}

fn error_paths(state: &State) -> Vec<&str> {
    state.errors.iter().map(|i| i.path.as_str()).collect()
}

fn focus(state: &State) -> Option<&FocusTarget> {
    state.focus.as_ref().map(|f| &f.target)
}

/// "Accept and send", and the portal confirms with a reference.
fn send_and_confirm(s: &mut State) {
    s.apply(Action::Submit);
    let seq = s.sending.expect("handed to the portal");
    assert!(!s.submitted, "nothing is sent until the portal confirms");
    s.apply(Action::SendAnswered {
        seq,
        answer: SendAnswer::Confirmed {
            reference: "MASH-1".into(),
            at: "10 March 2026 at 2:05am".into(),
        },
    });
}

#[test]
fn a_new_form_starts_on_the_child_page_with_a_provisional_route() {
    let s = state();
    assert_eq!(s.page, Page::Child);
    assert!(s.is_blank());
    assert!(s.errors.is_empty());
    assert_eq!(s.levels.computed, Level::None);
    let route = s.route.as_ref().unwrap();
    assert!(route.provisional);
    assert_eq!(s.referral["referralDate"], json!("2026-03-10"));
    assert_eq!(s.referral["schemaVersion"], json!("1"));
    assert!(s.back_page().is_none());
}

/// The widget's first state: the core not yet asked, so the first page shows sooner. It must
/// never decide anything from unchecked answers: whatever happens first, the state after it
/// is exactly the state a checked blank form would have reached.
#[test]
fn an_unchecked_blank_form_is_checked_before_any_action_and_ends_where_a_checked_one_does() {
    let unchecked = State::unchecked(policy("wokingham"), today());
    let checked = state();
    assert!(unchecked.unchecked && !checked.unchecked);
    // The referral as it would be sent is there from the start (the element's `value`).
    assert_eq!(unchecked.referral, checked.referral);
    // Nothing decided yet, and the route panel waits for the concerns.
    assert!(unchecked.route.is_none() && unchecked.issues.is_empty());
    assert!(!unchecked.concerns_answered());
    assert!(unchecked.is_blank());
    let firsts = [
        Action::Check,
        Action::Continue,
        Action::Submit,
        Action::Change(Page::Concerns),
        Action::Visit(Page::Check),
        Action::Notify(None),
        Action::StartAgain,
        Action::Preset(None),
        Action::Preset(Some(charlene())),
        Action::Set {
            path: "concerns.immediateDanger".into(),
            value: Some(json!(true)),
        },
        Action::Set {
            path: "child.firstName".into(),
            value: Some(json!("Charlene")),
        },
    ];
    for action in firsts {
        let (mut a, mut b) = (unchecked.clone(), checked.clone());
        a.apply(action.clone());
        b.apply(action.clone());
        assert!(!a.unchecked, "{action:?}");
        assert_eq!(a, b, "{action:?}");
    }
}

#[test]
fn continue_with_missing_answers_shows_this_pages_errors_and_focuses_the_summary() {
    let mut s = state();
    s.apply(Action::Continue);
    assert_eq!(s.page, Page::Child);
    let paths = error_paths(&s);
    assert!(paths.contains(&"child.firstName"), "{paths:?}");
    assert!(paths.contains(&"child.dateOfBirth"));
    assert!(paths.contains(&"child.send"));
    // Only this page's issues, never the referrer's or the consent section's.
    assert!(
        paths.iter().all(|p| Page::for_path(p) == Page::Child),
        "{paths:?}"
    );
    assert_eq!(focus(&s), Some(&FocusTarget::ErrorSummary));
    assert_eq!(
        s.error_for("child.firstName").map(|i| i.message.as_str()),
        Some("Enter the child's first name")
    );
}

#[test]
fn errors_stay_as_shown_until_the_next_continue() {
    let mut s = state();
    s.apply(Action::Continue);
    let before = s.errors.len();
    set(&mut s, "child.firstName", json!("Sam"));
    assert_eq!(
        s.errors.len(),
        before,
        "the summary does not change under the referrer"
    );
    s.apply(Action::Continue);
    assert!(!error_paths(&s).contains(&"child.firstName"));
}

fn fill_child(s: &mut State) {
    for (path, value) in [
        ("child.firstName", json!("Sam")),
        ("child.lastName", json!("Example")),
        ("child.address.line1", json!("1 Example Street")),
        ("child.address.town", json!("Wokingham")),
        ("child.send", json!("none")),
        ("child.careStatus", json!("none")),
        ("child.openCase", json!("none")),
    ] {
        set(s, path, value);
    }
    for (part, text) in ["14", "9", "2011"].into_iter().enumerate() {
        s.apply(Action::SetDatePart {
            path: "child.dateOfBirth".into(),
            part,
            text: text.into(),
        });
    }
}

#[test]
fn a_complete_page_continues_to_the_next_and_focuses_its_heading() {
    let mut s = state();
    fill_child(&mut s);
    assert_eq!(path::text(&s.answers, "child.dateOfBirth"), "2011-09-14");
    s.apply(Action::Continue);
    assert_eq!(s.page, Page::Household);
    assert!(s.errors.is_empty());
    assert_eq!(focus(&s), Some(&FocusTarget::Heading));
    s.apply(Action::Back);
    assert_eq!(s.page, Page::Child);
}

#[test]
fn date_boxes_keep_what_was_typed() {
    let mut s = state();
    let path = "child.dateOfBirth";
    for (part, text) in ["31", "2", "2012"].into_iter().enumerate() {
        s.apply(Action::SetDatePart {
            path: path.into(),
            part,
            text: text.into(),
        });
    }
    assert_eq!(s.date_parts(path), ["31", "2", "2012"].map(String::from));
    assert_eq!(s.text(path), "2012-02-31");
    assert!(
        s.issues
            .iter()
            .any(|i| i.path == path && i.code.code() == "invalid_date")
    );
    // Emptying every box removes the answer (and it becomes required again).
    for part in 0..3 {
        s.apply(Action::SetDatePart {
            path: path.into(),
            part,
            text: String::new(),
        });
    }
    assert_eq!(path::get(&s.answers, path), None);
}

#[test]
fn a_number_that_is_not_one_is_kept_and_reported() {
    let mut s = state();
    s.apply(Action::Set {
        path: "hoth.missingEpisodes90d".into(),
        value: hoth_ui::state::number_value("ten"),
    });
    assert_eq!(s.text("hoth.missingEpisodes90d"), "ten");
    assert!(
        s.issues
            .iter()
            .any(|i| i.path == "hoth.missingEpisodes90d" && i.code.code() == "invalid_type")
    );
    s.apply(Action::Set {
        path: "hoth.missingEpisodes90d".into(),
        value: hoth_ui::state::number_value("4"),
    });
    assert_eq!(
        path::get(&s.answers, "hoth.missingEpisodes90d"),
        Some(&json!(4))
    );
    // 3+ episodes count as missing repeatedly: the level rises with no box ticked.
    assert_eq!(s.levels.computed, Level::Moderate);
}

#[test]
fn ticking_indicators_changes_the_level_and_route_as_it_goes() {
    let mut s = state();
    let revision = s.revision;
    let toggle = |s: &mut State, code: &str| {
        s.apply(Action::Toggle {
            path: "hoth.indicators".into(),
            code: code.into(),
        })
    };
    toggle(&mut s, "alcohol_or_cannabis");
    assert_eq!(s.levels.computed, Level::Emerging);
    assert_eq!(s.route.as_ref().unwrap().decision.level, Level::Emerging);
    toggle(&mut s, "carrying_weapon");
    assert_eq!(s.levels.computed, Level::Significant);
    assert_eq!(
        s.route.as_ref().unwrap().decision.pathway.map(|p| p.code()),
        Some("strategy_meeting")
    );
    toggle(&mut s, "carrying_weapon");
    assert_eq!(s.levels.computed, Level::Emerging);
    assert_eq!(
        path::list(&s.answers, "hoth.indicators"),
        &[json!("alcohol_or_cannabis")]
    );
    assert_eq!(s.revision, revision + 3);
}

#[test]
fn professional_judgement_raises_the_level_and_needs_a_reason() {
    let mut s = state();
    set(
        &mut s,
        "hoth.professionalJudgement.level",
        json!("significant"),
    );
    assert_eq!(s.levels.computed, Level::None);
    assert_eq!(s.levels.level, Level::Significant);
    assert!(
        s.issues
            .iter()
            .any(|i| i.path == "hoth.professionalJudgement.reason")
    );
    set(
        &mut s,
        "hoth.professionalJudgement.reason",
        json!("Police intelligence links him to a county line"),
    );
    assert!(
        !s.issues
            .iter()
            .any(|i| i.path.starts_with("hoth.professionalJudgement"))
    );
}

#[test]
fn harm_only_inside_the_home_skips_the_screening_pages_and_section() {
    let mut s = state();
    assert!(s.pages().contains(&Page::Screening));
    set(&mut s, "concerns.harmLocation", json!("inside"));
    assert!(!s.pages().contains(&Page::Screening));
    assert!(!s.pages().contains(&Page::Contexts));
    assert_eq!(s.question_pages().len(), 7);
    assert!(s.referral.get("hoth").is_none());
    // The answers are kept, in case the referrer changes their mind.
    assert!(s.answers.get("hoth").is_some());
    set(&mut s, "concerns.harmLocation", json!("both"));
    assert!(s.referral.get("hoth").is_some());
    assert_eq!(s.question_pages().len(), 9);
}

fn load(s: &mut State, referral: Value, page: Page) {
    s.apply(Action::Load {
        referral,
        page,
        notice: None,
    });
}

#[test]
fn a_complete_referral_is_routed_exactly_as_the_core_routes_it() {
    let mut s = state();
    load(&mut s, charlene(), Page::Agencies);
    assert!(s.issues.is_empty(), "{:?}", s.issues);
    let route = s.route.clone().unwrap();
    assert!(!route.provisional);
    let direct = policy("wokingham").route(&charlene(), today()).unwrap();
    assert_eq!(route.decision, direct);
    assert_eq!(s.referral, charlene());
}

#[test]
fn the_whole_form_to_the_confirmation() {
    let mut s = state();
    load(&mut s, charlene(), Page::Child);
    let mut seen = vec![s.page];
    while s.page != Page::Check {
        s.apply(Action::Continue);
        assert!(s.errors.is_empty(), "{:?} on {:?}", s.errors, s.page);
        seen.push(s.page);
    }
    assert_eq!(
        seen,
        vec![
            Page::Child,
            Page::Household,
            Page::Referrer,
            Page::Consent,
            Page::Concerns,
            Page::Location,
            Page::Screening,
            Page::Contexts,
            Page::Agencies,
            Page::Check
        ]
    );
    send_and_confirm(&mut s);
    assert!(s.submitted);
    assert_eq!(s.page, Page::Confirmation);
    assert_eq!(
        s.sent.as_ref().map(|s| s.reference.as_str()),
        Some("MASH-1")
    );
    assert!(s.back_page().is_none());
    // Back in the browser after sending stays on the confirmation.
    s.apply(Action::Visit(Page::Check));
    assert_eq!(s.page, Page::Confirmation);
}

#[test]
fn a_failed_or_unanswered_hand_over_keeps_everything_and_says_so() {
    let mut s = state();
    load(&mut s, charlene(), Page::Check);
    let answers = s.answers.clone();
    s.apply(Action::Submit);
    let first = s.sending.unwrap();
    s.apply(Action::Submit);
    assert_eq!(
        s.sending,
        Some(first),
        "a second press while waiting does nothing"
    );
    s.apply(Action::SendAnswered {
        seq: first,
        answer: SendAnswer::Failed("Our system is down".into()),
    });
    assert!(!s.submitted);
    assert_eq!(s.page, Page::Check);
    assert_eq!(s.answers, answers);
    assert_eq!(s.send_error.as_deref(), Some("Our system is down"));
    assert_eq!(
        focus(&s),
        Some(&FocusTarget::Element("hoth-send-error".into()))
    );
    // A late answer to the first hand-over is ignored; a new one can be confirmed.
    s.apply(Action::Submit);
    let second = s.sending.unwrap();
    assert_ne!(first, second);
    assert_eq!(s.send_error, None);
    s.apply(Action::SendAnswered {
        seq: first,
        answer: SendAnswer::Confirmed {
            reference: "late".into(),
            at: String::new(),
        },
    });
    assert!(!s.submitted);
    s.apply(Action::SendAnswered {
        seq: second,
        answer: SendAnswer::Confirmed {
            reference: "MASH-2".into(),
            at: String::new(),
        },
    });
    assert!(s.submitted);
    assert_eq!(s.page, Page::Confirmation);
}

#[test]
fn back_and_forward_visit_pages_already_asked() {
    let mut s = state();
    load(&mut s, charlene(), Page::Consent);
    s.apply(Action::Visit(Page::Referrer));
    assert_eq!(s.page, Page::Referrer);
    assert!(s.via_history);
    assert_eq!(focus(&s), Some(&FocusTarget::Heading));
    s.apply(Action::Continue);
    assert_eq!(s.page, Page::Consent);
    assert!(!s.via_history);
    s.apply(Action::Visit(Page::Confirmation));
    assert_eq!(
        s.page,
        Page::Consent,
        "never to the confirmation by history"
    );
    let mut inside = charlene();
    inside["concerns"]["harmLocation"] = json!("inside");
    load(&mut s, inside, Page::Agencies);
    s.apply(Action::Visit(Page::Screening));
    assert_eq!(
        s.page,
        Page::Agencies,
        "a page no longer asked is not shown"
    );
}

#[test]
fn a_hidden_answer_is_not_sent_and_its_error_goes() {
    let mut s = state();
    load(&mut s, charlene(), Page::Consent);
    set(&mut s, "consent.consent", json!("refused"));
    s.apply(Action::Set {
        path: "consent.reasonNotSought".into(),
        value: None,
    });
    s.apply(Action::Continue);
    assert_eq!(error_paths(&s), vec!["consent.reasonNotSought"]);
    set(
        &mut s,
        "consent.reasonNotSought",
        json!("Asking would put her at risk"),
    );
    assert_eq!(
        s.referral["consent"]["reasonNotSought"],
        json!("Asking would put her at risk")
    );
    set(&mut s, "consent.consent", json!("given"));
    assert_eq!(path::get(&s.referral, "consent.reasonNotSought"), None);
    // Kept while editing, in case the answer changes back.
    assert!(path::get(&s.answers, "consent.reasonNotSought").is_some());
    s.apply(Action::Set {
        path: "consent.reasonNotSought".into(),
        value: None,
    });
    set(&mut s, "consent.consent", json!("refused"));
    s.apply(Action::Continue);
    assert_eq!(error_paths(&s), vec!["consent.reasonNotSought"]);
    set(&mut s, "consent.consent", json!("given"));
    assert!(s.errors.is_empty(), "the error of a hidden question goes");
}

#[test]
fn the_route_waits_for_the_concerns() {
    let mut s = state();
    assert!(!s.concerns_answered());
    load(&mut s, charlene(), Page::Child);
    assert!(s.concerns_answered());
    s.apply(Action::Set {
        path: "concerns.harmLocation".into(),
        value: None,
    });
    assert!(!s.concerns_answered());
}

#[test]
fn yes_to_immediate_danger_focuses_the_999_panel() {
    let mut s = state();
    set(&mut s, "concerns.immediateDanger", json!(false));
    assert_ne!(focus(&s), Some(&FocusTarget::Danger));
    set(&mut s, "concerns.immediateDanger", json!(true));
    assert_eq!(focus(&s), Some(&FocusTarget::Danger));
}

#[test]
fn date_errors_use_the_hints_format() {
    let mut s = state();
    s.apply(Action::SetDatePart {
        path: "child.dateOfBirth".into(),
        part: 0,
        text: "31".into(),
    });
    s.apply(Action::SetDatePart {
        path: "child.dateOfBirth".into(),
        part: 1,
        text: "2".into(),
    });
    s.apply(Action::SetDatePart {
        path: "child.dateOfBirth".into(),
        part: 2,
        text: "2012".into(),
    });
    s.apply(Action::Continue);
    let message = &s.error_for("child.dateOfBirth").unwrap().message;
    assert!(message.ends_with("like 27 3 2012"), "{message}");
}

#[test]
fn submit_with_issues_lists_them_all_and_error_links_go_to_their_page() {
    let mut s = state();
    let mut referral = charlene();
    referral["referrer"]["email"] = json!("not an email");
    load(&mut s, referral, Page::Check);
    s.apply(Action::Submit);
    assert!(!s.submitted);
    assert_eq!(s.page, Page::Check);
    assert_eq!(error_paths(&s), vec!["referrer.email"]);
    s.apply(Action::ChangeField("referrer.email".into()));
    assert_eq!(s.page, Page::Referrer);
    assert!(s.checking);
    assert_eq!(
        focus(&s),
        Some(&FocusTarget::Field("referrer.email".into()))
    );
    assert!(s.error_for("referrer.email").is_some());
    set(&mut s, "referrer.email", json!("dsl@example.sch.uk"));
    s.apply(Action::Continue);
    assert_eq!(s.page, Page::Check, "back to check your answers");
    assert!(!s.checking);
    send_and_confirm(&mut s);
    assert!(s.submitted);
}

#[test]
fn change_links_return_to_check_your_answers() {
    let mut s = state();
    load(&mut s, charlene(), Page::Check);
    s.apply(Action::Change(Page::Consent));
    assert_eq!(s.page, Page::Consent);
    assert_eq!(s.back_page(), Some(Page::Check));
    s.apply(Action::Continue);
    assert_eq!(s.page, Page::Check);
}

#[test]
fn immediate_danger_puts_call_999_first() {
    let mut s = state();
    set(&mut s, "concerns.immediateDanger", json!(true));
    let route = s.route.as_ref().unwrap();
    assert_eq!(route.decision.outcomes[0].code.code(), "call_999");
}

#[test]
fn lists_add_and_remove_items() {
    let mut s = state();
    s.apply(Action::AddItem("household".into()));
    assert_eq!(
        focus(&s),
        Some(&FocusTarget::Field("household[0].name".into()))
    );
    s.apply(Action::AddItem("household".into()));
    set(&mut s, "household[1].name", json!("Second"));
    s.apply(Action::Continue);
    // Still on the child page: household issues are not shown here.
    assert!(error_paths(&s).iter().all(|p| !p.starts_with("household")));
    assert!(s.issues.iter().any(|i| i.path == "household[0].name"));
    s.apply(Action::RemoveItem {
        list: "household".into(),
        index: 0,
    });
    assert_eq!(
        path::list(&s.answers, "household"),
        &[json!({"name": "Second"})]
    );
    assert_eq!(
        focus(&s),
        Some(&FocusTarget::Element("hoth-household-0-heading".into())),
        "focus stays where the person was: the one who took their place"
    );
    s.apply(Action::RemoveItem {
        list: "household".into(),
        index: 0,
    });
    assert_eq!(path::get(&s.answers, "household"), None);
    assert_eq!(
        focus(&s),
        Some(&FocusTarget::Element("hoth-household-add".into()))
    );
}

#[test]
fn unborn_babies_have_a_due_date_instead() {
    let mut s = state();
    s.apply(Action::SetDatePart {
        path: "child.dateOfBirth".into(),
        part: 2,
        text: "2011".into(),
    });
    s.apply(Action::SetUnborn(true));
    assert!(s.unborn);
    assert_eq!(path::get(&s.answers, "child.dateOfBirth"), None);
    set(&mut s, "child.expectedDueDate", json!("2026-06-01"));
    assert!(
        !s.issues
            .iter()
            .any(|i| i.path.starts_with("child.expectedDueDate"))
    );
    // A draft with a due date comes back as unborn.
    let answers = s.answers.clone();
    let restored = state().with_answers(answers, Page::Child, Some(Notice::DraftRestored));
    assert!(restored.unborn);
    assert_eq!(restored.notice, Some(Notice::DraftRestored));
}

#[test]
fn a_restored_draft_keeps_its_page_unless_that_page_is_not_asked() {
    let s = state().with_answers(charlene(), Page::Contexts, None);
    assert_eq!(s.page, Page::Contexts);
    let mut inside = charlene();
    inside["concerns"]["harmLocation"] = json!("inside");
    let s = state().with_answers(inside, Page::Screening, None);
    assert_eq!(s.page, Page::Location);
}

#[test]
fn start_again_empties_the_form() {
    let mut s = state();
    load(&mut s, charlene(), Page::Consent);
    let revision = s.revision;
    s.apply(Action::StartAgain);
    assert!(s.is_blank());
    assert_eq!(s.page, Page::Child);
    assert!(s.revision > revision, "a change, so the draft is forgotten");
    assert_eq!(focus(&s), Some(&FocusTarget::Heading));
}

#[test]
fn another_policy_adds_its_own_requirements() {
    let mut s = state();
    load(&mut s, charlene(), Page::Check);
    let mut referral = charlene();
    referral["concerns"]
        .as_object_mut()
        .unwrap()
        .remove("predominantHarm");
    load(&mut s, referral, Page::Check);
    assert!(s.issues.is_empty());
    s.apply(Action::SetPolicy(hoth_ui::state::PolicyRef(policy(
        "tower-hamlets",
    ))));
    assert!(
        s.issues
            .iter()
            .any(|i| i.code.code() == "predominant_harm_required"),
        "{:?}",
        s.issues
    );
    assert_eq!(Page::for_path("concerns.predominantHarm"), Page::Concerns);
}

#[test]
fn the_reducer_works_through_yew() {
    use std::rc::Rc;
    use yew::Reducible;
    let s = Rc::new(state());
    let next = s.clone().reduce(Action::Continue);
    assert_eq!(next.page, Page::Child);
    assert!(!next.errors.is_empty());
    assert!(s.errors.is_empty(), "the previous state is untouched");
}

#[test]
fn a_preset_from_the_portal_fills_the_form_without_moving_focus() {
    let mut s = state();
    s.apply(Action::Preset(Some(
        json!({"referrer": {"name": "A. Teacher"}}),
    )));
    assert_eq!(s.text("referrer.name"), "A. Teacher");
    assert_eq!(s.text("schemaVersion"), "1", "on top of a blank form");
    assert_eq!(s.focus, None);
    s.apply(Action::Preset(None));
    assert!(s.is_blank());
    assert_eq!(s.focus, None);
}

#[test]
fn a_new_policy_is_a_change() {
    let mut s = state();
    let revision = s.revision;
    s.apply(Action::SetPolicy(hoth_ui::state::PolicyRef(policy(
        "wokingham",
    ))));
    assert_eq!(s.revision, revision, "the same policy changes nothing");
    s.apply(Action::SetPolicy(hoth_ui::state::PolicyRef(policy(
        "gloucestershire",
    ))));
    assert_eq!(s.revision, revision + 1);
    assert_eq!(
        s.route.as_ref().unwrap().decision.policy.id,
        "gloucestershire"
    );
}
