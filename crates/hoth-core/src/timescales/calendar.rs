//! Working days over a bank holiday table: the [`Calendar`], the table's file format and
//! the counting rules of [`super`].

use std::sync::OnceLock;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::read::{read_at, read_pack_struct};

/// The bank holiday table as shipped (`schemas/bank-holidays.json`, minified by `build.rs`),
/// embedded so that the core does no I/O.
pub const BANK_HOLIDAYS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/bank-holidays.json"));

/// Why a date could not be computed, or a bank holiday table could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// The date (given, or reached by counting) is in a year the table does not cover.
    /// When counting forward runs off the end of the table, `date` is 1 January of the first
    /// year after it.
    #[error("{date} is outside the bank holiday table, which {}", covers(.first, .last))]
    OutOfRange {
        /// The date that could not be looked up.
        date: NaiveDate,
        /// The table's first year.
        first: i32,
        /// The table's last year.
        last: i32,
    },
    /// The table itself is wrong: not JSON of the right shape, a gap in its years, a date that
    /// is not a date or is filed under the wrong year, and so on.
    #[error("bank holiday table: {0}")]
    Invalid(String),
}

fn covers(first: &i32, last: &i32) -> String {
    if first <= last {
        format!("covers {first}-{last}")
    } else {
        "is empty".to_owned()
    }
}

/// The bank holiday data file (`schemas/bank-holidays.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankHolidayTable {
    /// The UK division the dates are for: `england-and-wales`.
    pub division: String,
    /// Where the dates come from.
    pub source: String,
    /// One entry per calendar year. The years must be contiguous, with none repeated.
    pub years: Vec<BankHolidayYear>,
}

/// One year of the bank holiday table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankHolidayYear {
    /// The calendar year.
    pub year: i32,
    /// Whether GOV.UK has published this year's dates. `false` means the dates were computed by
    /// the standard rules and are provisional.
    pub published: bool,
    /// Every bank holiday in the year. Each is a weekday; a holiday that falls at a weekend is
    /// listed as its substitute day.
    pub holidays: Vec<BankHoliday>,
}

/// One bank holiday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankHoliday {
    /// The date, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date", "pattern" = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: String,
    /// Its name, e.g. `Boxing Day (substitute day)`.
    pub title: String,
}

read_pack_struct! {
    BankHolidayTable {
        division: String = "division",
        source: String = "source",
        years: Vec<BankHolidayYear> = "years",
    }
    BankHolidayYear {
        year: i32 = "year",
        published: bool = "published",
        holidays: Vec<BankHoliday> = "holidays",
    }
    BankHoliday {
        date: String = "date",
        title: String = "title",
    }
}

/// Working-day arithmetic over a bank holiday table.
///
/// Every working day of the covered years is kept in one sorted list, so a due date is two
/// binary searches whatever the count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    first: i32,
    last: i32,
    /// Years not yet published, sorted.
    provisional: Vec<i32>,
    /// Bank holidays, sorted by date.
    holidays: Vec<(NaiveDate, String)>,
    /// Every working day from 1 January of `first` to 31 December of `last`, sorted.
    working: Vec<NaiveDate>,
    division: String,
    source: String,
}

/// What [`Calendar::builtin`] gives if the embedded table does not load: every date is out of
/// range.
static EMPTY: Calendar = Calendar {
    first: 1,
    last: 0,
    provisional: Vec::new(),
    holidays: Vec::new(),
    working: Vec::new(),
    division: String::new(),
    source: String::new(),
};

/// Years a table may cover, so that every date in and just after it exists.
const YEAR_LIMITS: (i32, i32) = (1, 9998);

impl Calendar {
    /// The calendar from the embedded table ([`BANK_HOLIDAYS_JSON`]), parsed once.
    ///
    /// Should the embedded table ever fail to load, this is an empty calendar for which every
    /// date is [`CalendarError::OutOfRange`]; [`Calendar::try_builtin`] gives the reason.
    pub fn builtin() -> &'static Calendar {
        Self::try_builtin().unwrap_or(&EMPTY)
    }

    /// The calendar from the embedded table, or why it did not load.
    pub fn try_builtin() -> Result<&'static Calendar, CalendarError> {
        static BUILTIN: OnceLock<Result<Calendar, CalendarError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // Through a `Value` and the core's own reader (`crate::read`), like every other
                // read in the core: no derived deserializer in the browser builds. (The
                // embedded table is tested to load, so these messages are never seen; the JSON
                // error is given by its place, not its `Display`, which would bring all of
                // serde_json's messages into the widget.)
                serde_json::from_str::<Value>(BANK_HOLIDAYS_JSON)
                    .map_err(|e| format!("not JSON at line {} column {}", e.line(), e.column()))
                    .and_then(|value| read_at::<BankHolidayTable>(&value).map_err(|(_, e)| e))
                    .map_err(|e| CalendarError::Invalid(format!("not a valid table: {e}")))
                    .and_then(|table| Calendar::from_table(&table))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads a bank holiday table in the shape of `schemas/bank-holidays.json`.
    pub fn from_json(json: &str) -> Result<Calendar, CalendarError> {
        let table: BankHolidayTable = serde_json::from_str(json)
            .map_err(|e| CalendarError::Invalid(format!("not a valid table: {e}")))?;
        Self::from_table(&table)
    }

    /// Checks a table and builds the calendar from it.
    ///
    /// The years must be contiguous with none repeated (their order in the file does not
    /// matter); every date must be a real `YYYY-MM-DD` date in its own year, on a weekday,
    /// listed once, with a title.
    pub fn from_table(table: &BankHolidayTable) -> Result<Calendar, CalendarError> {
        let invalid = |message: String| CalendarError::Invalid(message);

        let mut years: Vec<&BankHolidayYear> = table.years.iter().collect();
        years.sort_by_key(|y| y.year);
        let (Some(first), Some(last)) = (years.first(), years.last()) else {
            return Err(invalid("it lists no years".to_owned()));
        };
        let (first, last) = (first.year, last.year);
        if first < YEAR_LIMITS.0 || last > YEAR_LIMITS.1 {
            return Err(invalid(format!(
                "years must be between {} and {}, not {}",
                YEAR_LIMITS.0,
                YEAR_LIMITS.1,
                if first < YEAR_LIMITS.0 { first } else { last }
            )));
        }
        for pair in years.windows(2) {
            if let [a, b] = pair {
                if a.year == b.year {
                    return Err(invalid(format!("year {} is listed twice", a.year)));
                }
                if b.year != a.year + 1 {
                    return Err(invalid(format!(
                        "years must be contiguous, but {} is followed by {} ({} is missing)",
                        a.year,
                        b.year,
                        a.year + 1
                    )));
                }
            }
        }

        let mut holidays = Vec::new();
        let mut provisional = Vec::new();
        for year in &years {
            if !year.published {
                provisional.push(year.year);
            }
            for holiday in &year.holidays {
                let date = parse_iso_date(&holiday.date).ok_or_else(|| {
                    invalid(format!(
                        "year {}: {} is not a date in YYYY-MM-DD form",
                        year.year,
                        crate::read::quoted(&holiday.date)
                    ))
                })?;
                let title = holiday.title.trim();
                if date.year() != year.year {
                    return Err(invalid(format!(
                        "{date} ({title}) is listed under {}",
                        year.year
                    )));
                }
                if is_weekend(date) {
                    return Err(invalid(format!(
                        "{date} ({title}) is a {}; bank holidays fall on weekdays (list the \
                         substitute day instead)",
                        weekday_name(date.weekday())
                    )));
                }
                if title.is_empty() {
                    return Err(invalid(format!("{date} has no title")));
                }
                holidays.push((date, title.to_owned()));
            }
        }
        holidays.sort();
        for pair in holidays.windows(2) {
            if let [(a, _), (b, _)] = pair
                && a == b
            {
                return Err(invalid(format!("{a} is listed twice")));
            }
        }

        let (Some(start), Some(end)) = (
            NaiveDate::from_ymd_opt(first, 1, 1),
            NaiveDate::from_ymd_opt(last, 12, 31),
        ) else {
            return Err(invalid(format!(
                "the years {first}-{last} are not supported"
            )));
        };
        let mut working = Vec::new();
        let mut next_holiday = holidays.iter().map(|(d, _)| *d).peekable();
        for day in start.iter_days().take_while(|d| *d <= end) {
            if next_holiday.next_if_eq(&day).is_some() || is_weekend(day) {
                continue;
            }
            working.push(day);
        }

        Ok(Calendar {
            first,
            last,
            provisional,
            holidays,
            working,
            division: table.division.clone(),
            source: table.source.clone(),
        })
    }

    /// The first and last years the table covers. (For the empty fallback calendar of
    /// [`Calendar::builtin`], `first > last`.)
    pub fn years(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// Whether the year's dates are provisional: in the table but not yet published by GOV.UK.
    /// `false` for a year outside the table.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.provisional.binary_search(&year).is_ok()
    }

    /// The table's division, e.g. `england-and-wales`.
    pub fn division(&self) -> &str {
        &self.division
    }

    /// Where the table's dates come from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the date is a working day: not a Saturday, Sunday or bank holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.check(date)?;
        Ok(self.working.binary_search(&date).is_ok())
    }

    /// The Nth working day after `from` (day 0). For `n == 0`, the same-day rule: `from` itself
    /// if it is a working day, otherwise the next working day.
    ///
    /// The result is always a working day. An error if `from` is outside the table, or if
    /// counting runs past its last year.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.check(from)?;
        let index = match n.checked_sub(1) {
            None => self.working.partition_point(|d| *d < from),
            Some(more) => self
                .working
                .partition_point(|d| *d <= from)
                .saturating_add(usize::try_from(more).unwrap_or(usize::MAX)),
        };
        self.working
            .get(index)
            .copied()
            .ok_or_else(|| self.past_the_end())
    }

    /// "The same day": `from` itself, the calendar day, even a weekend or bank holiday (out of
    /// hours the council's out-of-hours service acts; a same-day step is never moved to the
    /// next working day). An error if `from` is outside the table.
    pub fn same_day(&self, from: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.check(from)?;
        Ok(from)
    }

    /// "Within `weeks` weeks" of `from`: the last working day on or before the day `weeks`
    /// weeks later. An error if `from` or that day is outside the table.
    pub fn within_weeks(&self, from: NaiveDate, weeks: u32) -> Result<NaiveDate, CalendarError> {
        self.check(from)?;
        let target = from
            .checked_add_days(chrono::Days::new(u64::from(weeks) * 7))
            .ok_or_else(|| self.past_the_end())?;
        self.last_working_day_on_or_before(target)
    }

    fn last_working_day_on_or_before(&self, target: NaiveDate) -> Result<NaiveDate, CalendarError> {
        self.check(target)?;
        let index = self.working.partition_point(|d| *d <= target);
        index
            .checked_sub(1)
            .and_then(|i| self.working.get(i))
            .copied()
            .ok_or_else(|| self.out_of_range(target))
    }

    /// "Within `months` months" of `from`: the last working day on or before the same day of
    /// the month `months` later, the day clamped to that month's end. For `months == 0`, the
    /// same-day rule, as [`Calendar::add_working_days`] with 0.
    ///
    /// An error if `from` or that day is outside the table.
    pub fn within_months(&self, from: NaiveDate, months: u32) -> Result<NaiveDate, CalendarError> {
        self.check(from)?;
        if months == 0 {
            return self.add_working_days(from, 0);
        }
        let target = from
            .checked_add_months(Months::new(months))
            .ok_or_else(|| self.past_the_end())?;
        self.last_working_day_on_or_before(target)
    }

    /// The bank holiday's title if the date is one (e.g. `Boxing Day (substitute day)`), for
    /// explaining a due date. `None` for other dates, including dates outside the table.
    pub fn bank_holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays
            .binary_search_by_key(&date, |(d, _)| *d)
            .ok()
            .and_then(|i| self.holidays.get(i))
            .map(|(_, title)| title.as_str())
    }

    /// Every bank holiday in the table, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.holidays.iter().map(|(d, t)| (*d, t.as_str()))
    }

    fn check(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if (self.first..=self.last).contains(&date.year()) {
            Ok(())
        } else {
            Err(self.out_of_range(date))
        }
    }

    fn out_of_range(&self, date: NaiveDate) -> CalendarError {
        CalendarError::OutOfRange {
            date,
            first: self.first,
            last: self.last,
        }
    }

    /// The error for counting past the table: names 1 January of the year after it.
    fn past_the_end(&self) -> CalendarError {
        let date = self
            .last
            .checked_add(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .unwrap_or(NaiveDate::MAX);
        self.out_of_range(date)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// "Monday" ... "Sunday": the calendar's messages and the advice's dates.
pub(crate) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    let day = text.get(8..10)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// The embedded table read by the core's own reader is the one serde's derived impls
    /// read, and every damaged copy gets serde's own message.
    #[test]
    fn table_reader_agrees_with_serde() {
        let value: serde_json::Value = serde_json::from_str(BANK_HOLIDAYS_JSON).unwrap();
        let serde = BankHolidayTable::deserialize(&value).unwrap();
        let ours = read_at::<BankHolidayTable>(&value).ok();
        assert_eq!(ours.as_ref(), Some(&serde));
        assert!(crate::read::walk::agrees_with_serde::<BankHolidayTable>(&value) > 100);
    }

    fn d(text: &str) -> NaiveDate {
        parse_iso_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
    }

    fn cal() -> &'static Calendar {
        Calendar::try_builtin().expect("embedded table loads")
    }

    fn ymd(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher).
    fn easter(year: i32) -> NaiveDate {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let dd = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - dd - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        ymd(year, month as u32, day as u32)
    }

    fn first_monday(year: i32, month: u32) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap()
    }

    fn last_monday(year: i32, month: u32) -> NaiveDate {
        let mut day = if month == 12 {
            ymd(year, 12, 31)
        } else {
            ymd(year, month + 1, 1).pred_opt().unwrap()
        };
        while day.weekday() != Weekday::Mon {
            day = day.pred_opt().unwrap();
        }
        day
    }

    /// England and Wales bank holidays by the standard rules (no one-off holidays or moves).
    fn standard_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
        let mut out = Vec::new();
        let new_year = ymd(year, 1, 1);
        match new_year.weekday() {
            Weekday::Sat => out.push((ymd(year, 1, 3), "New Year's Day (substitute day)")),
            Weekday::Sun => out.push((ymd(year, 1, 2), "New Year's Day (substitute day)")),
            _ => out.push((new_year, "New Year's Day")),
        }
        let easter = easter(year);
        out.push((easter - chrono::Days::new(2), "Good Friday"));
        out.push((easter + chrono::Days::new(1), "Easter Monday"));
        out.push((first_monday(year, 5), "Early May bank holiday"));
        out.push((last_monday(year, 5), "Spring bank holiday"));
        out.push((last_monday(year, 8), "Summer bank holiday"));
        let christmas = ymd(year, 12, 25);
        match christmas.weekday() {
            // Christmas Friday: Boxing Day Saturday moves to Monday 28th.
            Weekday::Fri => {
                out.push((christmas, "Christmas Day"));
                out.push((ymd(year, 12, 28), "Boxing Day (substitute day)"));
            }
            // Christmas Saturday: Christmas moves to Monday 27th, Boxing Day to Tuesday 28th.
            Weekday::Sat => {
                out.push((ymd(year, 12, 27), "Christmas Day (substitute day)"));
                out.push((ymd(year, 12, 28), "Boxing Day (substitute day)"));
            }
            // Christmas Sunday: Boxing Day stays Monday 26th, Christmas moves to Tuesday 27th.
            Weekday::Sun => {
                out.push((ymd(year, 12, 26), "Boxing Day"));
                out.push((ymd(year, 12, 27), "Christmas Day (substitute day)"));
            }
            _ => {
                out.push((christmas, "Christmas Day"));
                out.push((ymd(year, 12, 26), "Boxing Day"));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn builtin_table_loads_and_covers_2024_to_2030() {
        let cal = cal();
        assert_eq!(cal.years(), (2024, 2030));
        assert_eq!(cal.division(), "england-and-wales");
        assert!(cal.source().starts_with("GOV.UK bank holidays"));
        assert!(std::ptr::eq(Calendar::builtin(), cal));
        for year in 2024..=2028 {
            assert!(!cal.is_provisional(year), "{year}");
        }
        assert!(cal.is_provisional(2029));
        assert!(cal.is_provisional(2030));
        assert!(!cal.is_provisional(2031));
        assert_eq!(cal.holidays().count(), 56);
    }

    #[test]
    fn every_table_date_is_a_weekday_holiday() {
        let cal = cal();
        for (date, title) in cal.holidays() {
            assert!(!is_weekend(date), "{date} {title}");
            assert_eq!(cal.is_working_day(date), Ok(false), "{date}");
            assert_eq!(cal.bank_holiday(date), Some(title));
        }
        assert_eq!(
            cal.bank_holiday(d("2026-12-28")),
            Some("Boxing Day (substitute day)")
        );
        assert_eq!(cal.bank_holiday(d("2026-12-29")), None);
        assert_eq!(cal.bank_holiday(d("2023-12-25")), None);
    }

    #[test]
    fn table_matches_the_standard_rules() {
        // 2029-2030 are computed by these rules; 2024-2028 as published also happen to follow
        // them (no one-off holidays), which catches typos in the file.
        let cal = cal();
        for year in 2024..=2030 {
            let table: Vec<(NaiveDate, &str)> =
                cal.holidays().filter(|(d, _)| d.year() == year).collect();
            assert_eq!(table, standard_holidays(year), "{year}");
        }
    }

    #[test]
    fn computus_spot_checks() {
        assert_eq!(easter(2024), d("2024-03-31"));
        assert_eq!(easter(2025), d("2025-04-20"));
        assert_eq!(easter(2029), d("2029-04-01"));
        assert_eq!(easter(2030), d("2030-04-21"));
        assert_eq!(easter(2038), d("2038-04-25"));
    }

    #[test]
    fn working_day_basics() {
        let cal = cal();
        assert_eq!(cal.is_working_day(d("2025-01-06")), Ok(true)); // Monday
        assert_eq!(cal.is_working_day(d("2025-01-04")), Ok(false)); // Saturday
        assert_eq!(cal.is_working_day(d("2025-01-05")), Ok(false)); // Sunday
        assert_eq!(cal.is_working_day(d("2025-12-25")), Ok(false));
    }

    #[test]
    fn add_working_days_examples() {
        let cal = cal();
        // Over Christmas 2026: 24th Thu; 25th Fri holiday; 26-27 weekend; 28th Mon substitute.
        assert_eq!(
            cal.add_working_days(d("2026-12-23"), 1),
            Ok(d("2026-12-24"))
        );
        assert_eq!(
            cal.add_working_days(d("2026-12-24"), 1),
            Ok(d("2026-12-29"))
        );
        assert_eq!(
            cal.add_working_days(d("2026-12-23"), 2),
            Ok(d("2026-12-29"))
        );
        // Over Easter 2025: Thursday 17th + 1 skips Good Friday, the weekend and Easter Monday.
        assert_eq!(
            cal.add_working_days(d("2025-04-17"), 1),
            Ok(d("2025-04-22"))
        );
        // Friday + 1 => Monday.
        assert_eq!(
            cal.add_working_days(d("2025-01-10"), 1),
            Ok(d("2025-01-13"))
        );
        // From a Saturday, day 1 is the Monday.
        assert_eq!(
            cal.add_working_days(d("2025-01-11"), 1),
            Ok(d("2025-01-13"))
        );
        // 45 working days from Monday 2025-01-06: no bank holiday falls between 2 January and
        // Good Friday (18 April), so every week has 5 working days and 45 = 9 full weeks.
        // Days 1-4 are Tue 7 - Fri 10 January; days 5-44 are the 8 weeks Mon 13 January - Fri
        // 7 March; day 45 is Monday 10 March (= 6 January + 9 weeks).
        assert_eq!(
            cal.add_working_days(d("2025-01-06"), 45),
            Ok(d("2025-03-10"))
        );
        // Across the Early May and Spring bank holidays of 2025.
        assert_eq!(
            cal.add_working_days(d("2025-05-02"), 1),
            Ok(d("2025-05-06"))
        );
        // Across a year boundary: 2025-12-24 Wed; 25, 26 holidays; 29 Mon is day 1.
        assert_eq!(
            cal.add_working_days(d("2025-12-24"), 1),
            Ok(d("2025-12-29"))
        );
        assert_eq!(
            cal.add_working_days(d("2025-12-24"), 4),
            Ok(d("2026-01-02"))
        );
    }

    #[test]
    fn same_day_rule() {
        let cal = cal();
        // A working day is its own same-day deadline.
        assert_eq!(
            cal.add_working_days(d("2025-01-08"), 0),
            Ok(d("2025-01-08"))
        );
        // Saturday => Monday.
        assert_eq!(
            cal.add_working_days(d("2025-01-11"), 0),
            Ok(d("2025-01-13"))
        );
        // Good Friday 2025 => Tuesday after Easter Monday.
        assert_eq!(
            cal.add_working_days(d("2025-04-18"), 0),
            Ok(d("2025-04-22"))
        );
        // A same-day step is due that calendar day, never moved.
        assert_eq!(cal.same_day(d("2026-12-25")), Ok(d("2026-12-25")));
    }

    #[test]
    fn within_weeks() {
        let cal = cal();
        // 8 weeks from Tuesday 10 March 2026 is Tuesday 5 May 2026 (a working day).
        assert_eq!(cal.within_weeks(d("2026-03-10"), 8), Ok(d("2026-05-05")));
        // 8 weeks from Monday 9 March 2026 is Monday 4 May 2026, a bank holiday: the Friday before.
        assert_eq!(cal.within_weeks(d("2026-03-09"), 8), Ok(d("2026-05-01")));
    }

    #[test]
    fn within_months_examples() {
        let cal = cal();
        // 31 January + 3 months = 30 April 2026, a Thursday.
        assert_eq!(cal.within_months(d("2026-01-31"), 3), Ok(d("2026-04-30")));
        // 31 January + 1 month clamps to 28 February 2026, a Saturday => Friday 27th.
        assert_eq!(cal.within_months(d("2026-01-31"), 1), Ok(d("2026-02-27")));
        // Leap year: 31 January 2024 + 1 month = 29 February 2024, a Thursday.
        assert_eq!(cal.within_months(d("2024-01-31"), 1), Ok(d("2024-02-29")));
        // Lands on Monday 5 May 2025, Early May bank holiday => Friday 2 May.
        assert_eq!(cal.within_months(d("2025-02-05"), 3), Ok(d("2025-05-02")));
        // Lands on Sunday 25 May 2025, before the Spring bank holiday => Friday 23 May.
        assert_eq!(cal.within_months(d("2025-02-25"), 3), Ok(d("2025-05-23")));
        // 0 months is the same-day rule.
        assert_eq!(cal.within_months(d("2025-01-11"), 0), Ok(d("2025-01-13")));
    }

    #[test]
    fn out_of_range_is_an_error_naming_the_date() {
        let cal = cal();
        let err = cal.is_working_day(d("2023-12-31")).unwrap_err();
        assert_eq!(
            err,
            CalendarError::OutOfRange {
                date: d("2023-12-31"),
                first: 2024,
                last: 2030
            }
        );
        assert_eq!(
            err.to_string(),
            "2023-12-31 is outside the bank holiday table, which covers 2024-2030"
        );
        assert!(cal.add_working_days(d("2023-12-31"), 1).is_err());
        assert!(cal.within_months(d("2023-12-31"), 3).is_err());
        assert!(cal.is_working_day(d("2031-01-01")).is_err());

        // The last working days of the table still count.
        assert_eq!(
            cal.add_working_days(d("2030-12-27"), 1),
            Ok(d("2030-12-30"))
        );
        assert_eq!(
            cal.add_working_days(d("2030-12-27"), 2),
            Ok(d("2030-12-31"))
        );
        assert_eq!(
            cal.add_working_days(d("2030-12-31"), 0),
            Ok(d("2030-12-31"))
        );
        // One more would need 2031's bank holidays.
        let err = cal.add_working_days(d("2030-12-27"), 3).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2031-01-01 is outside the bank holiday table, which covers 2024-2030"
        );
        assert!(cal.add_working_days(d("2030-12-31"), 1).is_err());
        assert!(cal.add_working_days(d("2024-01-01"), u32::MAX).is_err());
        // A month period that ends beyond the table names that day.
        let err = cal.within_months(d("2030-11-30"), 3).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2031-02-28 is outside the bank holiday table, which covers 2024-2030"
        );
        assert!(cal.within_months(d("2024-01-01"), u32::MAX).is_err());
    }

    #[test]
    fn empty_fallback_calendar_refuses_every_date() {
        let err = EMPTY.add_working_days(d("2025-01-06"), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2025-01-06 is outside the bank holiday table, which is empty"
        );
        assert!(EMPTY.is_working_day(d("2025-01-06")).is_err());
        assert!(EMPTY.within_months(d("2025-01-06"), 3).is_err());
        assert_eq!(EMPTY.bank_holiday(d("2025-01-01")), None);
    }

    #[test]
    fn property_loop_over_every_day_and_count() {
        let cal = cal();
        let mut day = d("2024-01-01");
        let end = d("2030-12-31");
        while day <= end {
            let mut previous: Option<NaiveDate> = None;
            for n in 0..=50 {
                match cal.add_working_days(day, n) {
                    Ok(due) => {
                        assert_eq!(cal.is_working_day(due), Ok(true), "{day} + {n}");
                        assert!(cal.bank_holiday(due).is_none());
                        let working = cal.is_working_day(day) == Ok(true);
                        match (n, previous) {
                            (0, _) => {
                                // Same day: day 0 itself if working, else strictly later.
                                assert!(due >= day, "{day} + 0");
                                assert_eq!(due == day, working, "{day} + 0");
                            }
                            (1, Some(same_day)) => {
                                assert!(due > day, "{day} + 1");
                                // From a non-working day, day 1 is the same-day date.
                                if working {
                                    assert!(due > same_day, "{day} + 1: not monotonic");
                                } else {
                                    assert_eq!(due, same_day, "{day} + 1");
                                }
                            }
                            (_, Some(prev)) => {
                                assert!(due > day, "{day} + {n}");
                                assert!(due > prev, "{day} + {n}: not monotonic");
                                // Exactly the next working day after the previous result.
                                assert_eq!(cal.add_working_days(prev, 1), Ok(due));
                            }
                            (_, None) => panic!("{day} + {n} without {day} + {}", n - 1),
                        }
                        previous = Some(due);
                    }
                    Err(CalendarError::OutOfRange { date, .. }) => {
                        // Only counting past the end fails, and then every larger n does too.
                        assert_eq!(date, d("2031-01-01"));
                        assert!(day.year() == 2030, "{day} + {n}");
                        assert!(cal.add_working_days(day, n + 1).is_err());
                        break;
                    }
                    Err(e) => panic!("{e}"),
                }
            }
            if let Ok(due) = cal.within_months(day, 3) {
                assert_eq!(cal.is_working_day(due), Ok(true));
                assert!(due > day && due <= day.checked_add_months(Months::new(3)).unwrap());
            } else {
                assert!(day >= d("2030-10-01"), "{day}");
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn binary_search_agrees_with_a_naive_count() {
        let cal = cal();
        let mut day = d("2024-01-01");
        while day <= d("2030-12-31") {
            for n in [1u32, 10, 15, 45] {
                let mut naive = day;
                let mut left = n;
                while left > 0 {
                    naive = naive.succ_opt().unwrap();
                    if !is_weekend(naive) && cal.bank_holiday(naive).is_none() {
                        left -= 1;
                    }
                }
                let expected = if naive.year() > 2030 {
                    // The naive count guesses that 2031 has no bank holidays; the table refuses.
                    Err(cal.past_the_end())
                } else {
                    Ok(naive)
                };
                assert_eq!(cal.add_working_days(day, n), expected, "{day} + {n}");
            }
            day = day.succ_opt().unwrap();
        }
    }

    /// (year, published, [(date, title)]).
    type YearSpec<'a> = (i32, bool, &'a [(&'a str, &'a str)]);

    fn table_json(years: &[YearSpec<'_>]) -> String {
        let table = BankHolidayTable {
            division: "england-and-wales".into(),
            source: "test".into(),
            years: years
                .iter()
                .map(|(year, published, holidays)| BankHolidayYear {
                    year: *year,
                    published: *published,
                    holidays: holidays
                        .iter()
                        .map(|(date, title)| BankHoliday {
                            date: (*date).into(),
                            title: (*title).into(),
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_string(&table).unwrap()
    }

    fn invalid(json: &str) -> String {
        match Calendar::from_json(json) {
            Err(CalendarError::Invalid(message)) => message,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn small_table_loads_at_run_time() {
        let json = table_json(&[
            (2041, false, &[("2041-01-01", "New Year's Day")]),
            (2040, true, &[("2040-12-25", "Christmas Day")]),
        ]);
        let cal = Calendar::from_json(&json).unwrap();
        assert_eq!(cal.years(), (2040, 2041));
        assert!(cal.is_provisional(2041) && !cal.is_provisional(2040));
        // 2040-12-24 Mon; 25 Tue holiday; 26 Wed.
        assert_eq!(
            cal.add_working_days(d("2040-12-24"), 1),
            Ok(d("2040-12-26"))
        );
        assert_eq!(cal.bank_holiday(d("2041-01-01")), Some("New Year's Day"));
        assert!(cal.is_working_day(d("2042-01-01")).is_err());
    }

    #[test]
    fn bad_tables_are_rejected_clearly() {
        let gap = table_json(&[(2024, true, &[]), (2026, true, &[])]);
        assert_eq!(
            invalid(&gap),
            "years must be contiguous, but 2024 is followed by 2026 (2025 is missing)"
        );
        let twice = table_json(&[(2024, true, &[]), (2024, true, &[])]);
        assert_eq!(invalid(&twice), "year 2024 is listed twice");
        let wrong_year = table_json(&[(2024, true, &[("2025-01-01", "New Year's Day")])]);
        assert_eq!(
            invalid(&wrong_year),
            "2025-01-01 (New Year's Day) is listed under 2024"
        );
        for bad in ["2024-02-30", "2024-1-01", "01/01/2024", "+2024-01-01", ""] {
            let json = table_json(&[(2024, true, &[(bad, "Made up")])]);
            assert_eq!(
                invalid(&json),
                format!("year 2024: {bad:?} is not a date in YYYY-MM-DD form")
            );
        }
        let weekend = table_json(&[(2026, true, &[("2026-12-26", "Boxing Day")])]);
        assert!(invalid(&weekend).starts_with("2026-12-26 (Boxing Day) is a Saturday"));
        let duplicate = table_json(&[(
            2024,
            true,
            &[("2024-12-25", "Christmas Day"), ("2024-12-25", "Again")],
        )]);
        assert_eq!(invalid(&duplicate), "2024-12-25 is listed twice");
        let untitled = table_json(&[(2024, true, &[("2024-12-25", " ")])]);
        assert_eq!(invalid(&untitled), "2024-12-25 has no title");
        assert_eq!(invalid(&table_json(&[])), "it lists no years");
        assert!(invalid(&table_json(&[(0, true, &[])])).starts_with("years must be between"));
        assert!(invalid("{").starts_with("not a valid table"));
        assert!(
            invalid(r#"{"division":"x","source":"y","years":[],"extra":1}"#)
                .contains("unknown field")
        );
        // The message reads well in full.
        assert_eq!(
            Calendar::from_json(&gap).unwrap_err().to_string(),
            "bank holiday table: years must be contiguous, but 2024 is followed by 2026 \
             (2025 is missing)"
        );
    }

    #[test]
    fn builtin_json_round_trips_through_the_table_type() {
        let table: BankHolidayTable = serde_json::from_str(BANK_HOLIDAYS_JSON).unwrap();
        let again: BankHolidayTable =
            serde_json::from_str(&serde_json::to_string(&table).unwrap()).unwrap();
        assert_eq!(table, again);
        assert_eq!(table.years.len(), 7);
        let schema = serde_json::to_value(schemars::schema_for!(BankHolidayTable)).unwrap();
        assert!(schema.to_string().contains("\"format\":\"date\""));
    }
}
