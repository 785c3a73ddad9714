//! Timescales: working days, England and Wales bank holidays, due dates and meeting cadences.
//!
//! Working days exclude Saturdays, Sundays and England and Wales bank holidays. The bank
//! holidays are data (`schemas/bank-holidays.json`), embedded at build time and parsed once
//! ([`Calendar::builtin`]); a newer table can be loaded at run time without a rebuild
//! ([`Calendar::from_json`]).
//!
//! Counting rules:
//!
//! - Day 0 is the referral (or the meeting a deadline counts from). "Within N working days" is
//!   due on the Nth working day after day 0 ([`Calendar::add_working_days`]).
//! - "Same day" is day 0 itself when that is a working day, otherwise the next working day: no
//!   due date ever falls on a weekend or a bank holiday.
//! - "Within N months" is due on the last working day on or before the same day of the month N
//!   months later, the day clamped to the month's end (31 January + 1 month = 28 or 29
//!   February) ([`Calendar::within_months`]).
//! - A date outside the table's years, including one that counting forward would reach, is an
//!   error ([`CalendarError::OutOfRange`]) naming the date and the years covered, never a guess.
//!
//! The core never reads the clock: every function takes its dates from the caller.
//!
//! The parts: [`calendar`](Calendar) (working days and the bank holiday table), `due` (a
//! pack's deadlines, [`Due`]) and `cadence` (meeting periods, [`Cadence`]).

mod cadence;
mod calendar;
mod due;

pub use cadence::{Cadence, CadenceError, CadenceUnit};
pub use calendar::{
    BANK_HOLIDAYS_JSON, BankHoliday, BankHolidayTable, BankHolidayYear, Calendar, CalendarError,
};
pub use due::Due;

pub(crate) use calendar::weekday_name;
