//! Deadlines as packs write them ([`Due`]) and the due dates they give on a [`Calendar`].

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::calendar::{Calendar, CalendarError};

/// A deadline as packs write it.
///
/// JSON (internally tagged by `unit`):
///
/// - `{"unit": "same_day"}`
/// - `{"unit": "working_days", "count": 45}`
/// - `{"unit": "months", "count": 3}`
///
/// A count of 0 working days or 0 months means the same-day rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "unit", rename_all = "snake_case", deny_unknown_fields)]
pub enum Due {
    /// Day 0 itself, the calendar day, even a weekend or bank holiday.
    SameDay,
    /// The `count`th working day after day 0.
    WorkingDays {
        /// How many working days.
        count: u32,
    },
    /// The last working day on or before the day `count` weeks later.
    Weeks {
        /// How many calendar weeks.
        count: u32,
    },
    /// The last working day on or before the same day of the month `count` months later.
    Months {
        /// How many calendar months.
        count: u32,
    },
}

impl Due {
    /// Strategy meeting: the same day.
    pub const STRATEGY_MEETING: Due = Due::SameDay;
    /// MASH decision: 1 working day from the referral.
    pub const MASH_DECISION: Due = Due::WorkingDays { count: 1 };
    /// Child and Family Assessment: 45 working days from the referral.
    pub const CHILD_AND_FAMILY_ASSESSMENT: Due = Due::WorkingDays { count: 45 };
    /// Initial Child Protection Conference: 15 working days from the strategy meeting.
    pub const INITIAL_CHILD_PROTECTION_CONFERENCE: Due = Due::WorkingDays { count: 15 };
    /// First core group: 10 working days from the Initial Child Protection Conference.
    pub const FIRST_CORE_GROUP: Due = Due::WorkingDays { count: 10 };
    /// First review conference: 3 months from the Initial Child Protection Conference.
    pub const FIRST_REVIEW_CONFERENCE: Due = Due::Months { count: 3 };

    /// The due date counting from `from` (day 0).
    pub fn due_date(
        self,
        calendar: &Calendar,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarError> {
        match self {
            Due::SameDay => calendar.same_day(from),
            Due::WorkingDays { count } => calendar.add_working_days(from, count),
            Due::Weeks { count } => calendar.within_weeks(from, count),
            Due::Months { count } => calendar.within_months(from, count),
        }
    }
}

impl fmt::Display for Due {
    /// `same day`, `1 working day`, `45 working days`, `8 weeks`, `1 month`, `3 months`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Due::SameDay => f.write_str("same day"),
            Due::WorkingDays { count } => write!(f, "{count} {}", plural(count, "working day")),
            Due::Weeks { count } => write!(f, "{count} {}", plural(count, "week")),
            Due::Months { count } => write!(f, "{count} {}", plural(count, "month")),
        }
    }
}

fn plural(count: u32, unit: &'static str) -> Cow<'static, str> {
    if count == 1 {
        Cow::Borrowed(unit)
    } else {
        Cow::Owned(format!("{unit}s"))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("bad test date {text}: {e}"))
    }

    fn cal() -> &'static Calendar {
        Calendar::try_builtin().expect("embedded table loads")
    }

    #[test]
    fn due_dates_follow_the_calendar_rules() {
        let cal = cal();
        // A same-day step is due that calendar day, never moved (Easter Saturday stays).
        assert_eq!(
            Due::SameDay.due_date(cal, d("2025-04-19")),
            Ok(d("2025-04-19"))
        );
        // 8 weeks from Monday 9 March 2026 is Monday 4 May 2026, a bank holiday: the Friday before.
        assert_eq!(
            Due::Weeks { count: 8 }.due_date(cal, d("2026-03-09")),
            Ok(d("2026-05-01"))
        );
        assert_eq!(Due::Weeks { count: 8 }.to_string(), "8 weeks");
        // 31 January + 3 months = 30 April 2026, a Thursday.
        assert_eq!(
            Due::FIRST_REVIEW_CONFERENCE.due_date(cal, d("2026-01-31")),
            Ok(d("2026-04-30"))
        );
    }

    #[test]
    fn due_json_form() {
        let cases = [
            (Due::SameDay, r#"{"unit":"same_day"}"#),
            (
                Due::WorkingDays { count: 45 },
                r#"{"unit":"working_days","count":45}"#,
            ),
            (Due::Weeks { count: 8 }, r#"{"unit":"weeks","count":8}"#),
            (Due::Months { count: 3 }, r#"{"unit":"months","count":3}"#),
        ];
        for (due, json) in cases {
            assert_eq!(serde_json::to_string(&due).unwrap(), json);
            assert_eq!(serde_json::from_str::<Due>(json).unwrap(), due);
        }
        assert!(serde_json::from_str::<Due>(r#"{"unit":"days","count":2}"#).is_err());
        assert!(serde_json::from_str::<Due>(r#"{"unit":"working_days"}"#).is_err());
        assert!(serde_json::from_str::<Due>(r#"{"unit":"working_days","count":-1}"#).is_err());
        assert!(serde_json::from_str::<Due>(r#"{"unit":"months","count":3,"days":2}"#).is_err());
        assert_eq!(Due::SameDay.to_string(), "same day");
        assert_eq!(Due::MASH_DECISION.to_string(), "1 working day");
        assert_eq!(
            Due::CHILD_AND_FAMILY_ASSESSMENT.to_string(),
            "45 working days"
        );
        assert_eq!(Due::FIRST_REVIEW_CONFERENCE.to_string(), "3 months");
        assert_eq!(Due::Months { count: 1 }.to_string(), "1 month");
        let schema = serde_json::to_value(schemars::schema_for!(Due)).unwrap();
        assert!(schema.to_string().contains("working_days"));
    }

    #[test]
    fn statutory_timescales_from_one_referral() {
        let cal = cal();
        // Referral Friday 2025-12-19.
        let referral = d("2025-12-19");
        assert_eq!(
            Due::MASH_DECISION.due_date(cal, referral),
            Ok(d("2025-12-22"))
        );
        let strategy = Due::STRATEGY_MEETING.due_date(cal, referral).unwrap();
        assert_eq!(strategy, referral);
        // 15 working days from Fri 19 Dec: 22, 23, 24, 29, 30, 31 Dec (6), 2 Jan (7),
        // 5-9 Jan (12), 12, 13, 14 Jan (15).
        let icpc = Due::INITIAL_CHILD_PROTECTION_CONFERENCE
            .due_date(cal, strategy)
            .unwrap();
        assert_eq!(icpc, d("2026-01-14"));
        assert_eq!(
            Due::FIRST_CORE_GROUP.due_date(cal, icpc),
            Ok(d("2026-01-28"))
        );
        // 14 April 2026 is a Tuesday.
        assert_eq!(
            Due::FIRST_REVIEW_CONFERENCE.due_date(cal, icpc),
            Ok(d("2026-04-14"))
        );
    }
}
