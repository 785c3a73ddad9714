//! The decision in plain words for the referrer: the same layout for `hoth route --format
//! text`, the widget's route panel and the sandbox.
//!
//! It opens with "This is a recommendation: the MASH decides", then groups the steps by who
//! acts: **What you should do now** (the referrer), **What the MASH will decide** (the MASH),
//! **What may follow** (children's social care, the police, the partnership's panels). Each
//! step has a plain title, never a code; dates with the weekday; `must` read as "will" and
//! `consider` as "may"; its reason and its source (the council's guidance, or hoth's own safety
//! default).

use chrono::{Datelike, NaiveDate};

use crate::codes::Level;
use crate::decision::{Decision, Outcome};
use crate::policy::{Actor, Basis, Cite, Strength};
use crate::timescales::{Calendar, weekday_name};
use crate::validation::checks;

/// The opening line of every recommendation.
pub const RECOMMENDATION: &str = "This is a recommendation: the MASH decides.";

/// The three parts of the advice, in the order they are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    DoNow,
    MashDecides,
    MayFollow,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::DoNow, Part::MashDecides, Part::MayFollow];

    pub const fn of(actor: Actor) -> Part {
        match actor {
            Actor::Referrer => Part::DoNow,
            Actor::Mash => Part::MashDecides,
            Actor::ChildrenSocialCare | Actor::Police | Actor::Partnership => Part::MayFollow,
        }
    }

    pub const fn heading(self) -> &'static str {
        match self {
            Part::DoNow => "What you should do now",
            Part::MashDecides => "What the MASH will decide",
            Part::MayFollow => "What may follow",
        }
    }
}

/// The decision's outcomes in one part, in decision order.
pub fn steps(decision: &Decision, part: Part) -> impl Iterator<Item = &Outcome> {
    decision
        .outcomes
        .iter()
        .filter(move |o| Part::of(o.actor) == part)
}

/// "Friday 25 December 2026" for a date written YYYY-MM-DD; the text itself when it is not
/// a date.
pub fn long_date(iso: &str) -> String {
    let Some(date) = checks::date(iso) else {
        return iso.to_owned();
    };
    format_long(date)
}

/// "Friday 25 December 2026".
pub fn format_long(date: NaiveDate) -> String {
    let weekday = weekday_name(date.weekday());
    format!("{weekday} {}", day_month_year(date))
}

/// "25 December 2026".
pub fn day_month_year(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

/// The step's title with its instruction, e.g. "Referral to the police: Exploitation: send
/// an 87A ...".
pub fn title(outcome: &Outcome) -> String {
    match &outcome.detail {
        Some(detail) => format!("{}: {detail}", outcome.title),
        None => outcome.title.to_string(),
    }
}

/// Who does it, how firmly and by when: "The MASH will do this by Tuesday 10 March 2026." or
/// "Children's social care may do this." For the referrer: "Do this now."
pub fn who(outcome: &Outcome) -> String {
    let by = outcome
        .due
        .as_deref()
        .map(|d| format!(" by {}", long_date(d)))
        .unwrap_or_default();
    let every = match (&outcome.first_every, &outcome.every) {
        (Some(first), Some(every)) => format!(", every {first} at first, then every {every}"),
        (None, Some(every)) => format!(", every {every}"),
        _ => String::new(),
    };
    match (outcome.actor, outcome.strength) {
        (Actor::Referrer, Strength::Must) => format!("Do this now{by}{every}."),
        (actor, strength) => format!("{} {} do this{by}{every}.", actor.title(), verb(strength)),
    }
}

/// How firmly, as people say it: `must` is "will", `consider` is "may".
pub const fn verb(strength: Strength) -> &'static str {
    match strength {
        Strength::Must => "will",
        Strength::Consider => "may",
    }
}

/// A citation in words: "<document>, <section>: “<quote>”".
pub fn citation(cite: &Cite) -> String {
    format!(
        "{}, {}: \u{201c}{}\u{201d}",
        cite.document, cite.section, cite.quote
    )
}

/// For a same-day step on a weekend or bank holiday: who acts out of hours.
pub fn out_of_hours(outcome: &Outcome) -> Option<String> {
    if !outcome.out_of_hours {
        return None;
    }
    let due = outcome.due.as_deref()?;
    let what = match checks::date(due) {
        Some(date) => match Calendar::builtin().bank_holiday(date) {
            Some(holiday) => format!("{} is a bank holiday ({holiday})", format_long(date)),
            None => format!("{} is a weekend", format_long(date)),
        },
        None => due.to_owned(),
    };
    Some(format!(
        "{what}: this is still due that day, and out of hours the council's out-of-hours (emergency duty) service acts on it. If it cannot happen that day, the manager records the reasons for the delay as management oversight."
    ))
}

/// Where the step comes from: the council's guidance, or hoth's own safety default.
pub fn source(outcome: &Outcome, council: &str) -> String {
    match (outcome.basis, &outcome.cite) {
        (Basis::Council, Some(cite)) => citation(cite),
        _ => format!(
            "hoth's safety default, not {council}'s guidance: a child in immediate danger needs the police now."
        ),
    }
}

/// "Significant (level 4)".
pub fn level(level: Level) -> String {
    let name = match level {
        Level::None => "No concerns found",
        Level::Emerging => "Emerging",
        Level::Moderate => "Moderate",
        Level::Significant => "Significant",
    };
    format!("{name} (level {})", level.number())
}

/// The whole advice as text, for `hoth route --format text`. `council` is the pack's name.
pub fn text(decision: &Decision, council: &str) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(RECOMMENDATION);
    line(&format!(
        "{council} ({} {}), referral of {}",
        decision.policy.id,
        decision.policy.version,
        long_date(&decision.referral_date)
    ));
    line(&format!("Level: {}", level(decision.level)));
    for reason in &decision.level_reasons {
        line(&format!("  {}", reason.text));
    }
    if let Some(turns18) = &decision.turns18 {
        let steps: Vec<&str> = turns18.steps.iter().map(|s| s.title()).collect();
        line(&format!(
            "Turning 18: the young person turns 18 on {}, before these steps are due: {}. The transition steps below apply.",
            long_date(&turns18.date),
            steps.join(", ")
        ));
    }
    for part in Part::ALL {
        let mut steps = steps(decision, part).peekable();
        if steps.peek().is_none() {
            continue;
        }
        line("");
        line(part.heading());
        for outcome in steps {
            line(&format!("  - {}", title(outcome)));
            line(&format!("    {}", who(outcome)));
            if let Some(text) = out_of_hours(outcome) {
                line(&format!("    Out of hours: {text}"));
            }
            line(&format!("    Why: {}", outcome.why));
            line(&format!("    Source: {}", source(outcome, council)));
        }
    }
    if !decision.notes.is_empty() {
        line("");
        line("For the MASH to know");
        for note in &decision.notes {
            line(&format!("  - {}", note.why));
            if let Some(cite) = &note.cite {
                line(&format!("    Source: {}", citation(cite)));
            }
        }
    }
    if !decision.safety_plan.is_empty() {
        line("");
        line("Ideas for the safety plan");
        for theme in &decision.safety_plan {
            line(&format!("  {}", theme.title));
            for idea in &theme.ideas {
                line(&format!("  - {idea}"));
            }
            line(&format!(
                "    Source: {}, {}",
                theme.cite.document, theme.cite.section
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_name_the_weekday() {
        assert_eq!(long_date("2026-12-25"), "Friday 25 December 2026");
        assert_eq!(long_date("2026-03-10"), "Tuesday 10 March 2026");
        assert_eq!(long_date("not a date"), "not a date");
    }

    #[test]
    fn every_actor_has_a_part() {
        assert_eq!(Part::of(Actor::Referrer), Part::DoNow);
        assert_eq!(Part::of(Actor::Mash), Part::MashDecides);
        for actor in [Actor::ChildrenSocialCare, Actor::Police, Actor::Partnership] {
            assert_eq!(Part::of(actor), Part::MayFollow);
        }
    }
}
