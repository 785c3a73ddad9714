//! The working-day calendar: due dates from any date and any count, under the built-in bank
//! holiday table and under any table the fuzzer writes, plus cadence text ("every 6 weeks").
//!
//! Never panics; every due date is a working day (not a weekend, not a bank holiday) on or
//! after day 0, counting further never gives an earlier date, and anything outside the table
//! is an error, not a guess.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use hoth_core::timescales::{
    BankHoliday, BankHolidayTable, BankHolidayYear, Cadence, Calendar, Due,
};
use libfuzzer_sys::fuzz_target;

/// One year of a fuzzer's table: whether it is published, and its holidays as (month, day,
/// title), impossible dates included.
type Year = (bool, Vec<(u8, u8, String)>);

#[derive(Debug, Arbitrary)]
struct Input {
    /// Days from 2000-01-01, either way.
    day: i32,
    count: u32,
    small: u8,
    cadence: String,
    /// A bank holiday table of the fuzzer's own: a first year, then its years.
    table: Option<(i16, Vec<Year>)>,
}

fn table(first: i16, years: &[Year]) -> BankHolidayTable {
    BankHolidayTable {
        division: "england-and-wales".to_owned(),
        source: "fuzz".to_owned(),
        years: years
            .iter()
            .enumerate()
            .map(|(i, (published, holidays))| {
                let year = i32::from(first) + i32::try_from(i).unwrap_or(0);
                BankHolidayYear {
                    year,
                    published: *published,
                    holidays: holidays
                        .iter()
                        .map(|(month, day, title)| BankHoliday {
                            date: format!("{year:04}-{month:02}-{day:02}"),
                            title: title.clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn check(calendar: &Calendar, from: NaiveDate, count: u32) {
    // Same day is the calendar day itself, even a weekend or bank holiday.
    if let Ok(date) = Due::SameDay.due_date(calendar, from) {
        assert_eq!(date, from, "same day from {from} gave {date}");
    }
    for due in [
        Due::WorkingDays { count },
        Due::Weeks {
            count: count.max(1),
        },
        Due::Months { count },
    ] {
        if let Ok(date) = due.due_date(calendar, from) {
            assert!(date >= from, "{due} from {from} gave {date}, before day 0");
            assert!(
                !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                "{due} from {from} gave {date}, a weekend"
            );
            assert!(
                calendar.bank_holiday(date).is_none(),
                "{due} from {from} gave {date}, a bank holiday"
            );
            assert_eq!(calendar.is_working_day(date), Ok(true));
        }
    }
    if let (Ok(a), Ok(b)) = (
        calendar.add_working_days(from, count),
        calendar.add_working_days(from, count.saturating_add(1)),
    ) {
        assert!(
            b >= a,
            "{} working days from {from} is before {count}",
            count + 1
        );
    }
}

fuzz_target!(|input: Input| {
    let Some(epoch) = NaiveDate::from_ymd_opt(2000, 1, 1) else {
        return;
    };
    let offset = Days::new(u64::from(input.day.unsigned_abs()));
    let from = if input.day >= 0 {
        epoch.checked_add_days(offset)
    } else {
        epoch.checked_sub_days(offset)
    };
    let Some(from) = from else {
        return;
    };
    let builtin = Calendar::builtin();
    check(builtin, from, input.count);
    check(builtin, from, u32::from(input.small));
    let _ = input.cadence.parse::<Cadence>();
    if let Some((first, years)) = &input.table
        && let Ok(calendar) = Calendar::from_table(&table(*first, years))
    {
        check(&calendar, from, u32::from(input.small));
        let (first, last) = calendar.years();
        if let Some(start) = NaiveDate::from_ymd_opt(first, 1, 1) {
            check(&calendar, start, u32::from(input.small));
        }
        assert!(first <= last);
    }
});
