//! The access log: one line per request on stderr (time, method, path, status, latency; never a
//! body, a query or anything of a referral), written in batches.
//!
//! A write to stderr per request (a system call, and stderr's lock shared by both worker
//! threads) cost the service about a tenth of its throughput under load (BENCHMARKS.md). Lines
//! are collected in memory instead and written together: when [`BATCH_BYTES`] have gathered,
//! every [`FLUSH_EVERY`] from a background task, and at shutdown after the last request. As with
//! nginx's `access_log ... buffer= flush=`, a crash can lose at most the last fraction of a
//! second of lines; it never loses or delays an answer.

use std::io::Write;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// Lines are written once this much has gathered.
pub const BATCH_BYTES: usize = 16 * 1024;
/// The longest a line waits in memory.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);

/// Where the batches go: stderr, or a test's collector.
type Sink = Box<dyn Fn(&[u8]) + Send + Sync>;

/// The lines not yet written.
pub struct AccessLog {
    pending: Mutex<Vec<u8>>,
    sink: Sink,
}

impl Default for AccessLog {
    /// A log on stderr.
    fn default() -> Self {
        Self::to(Box::new(|batch| {
            // One write for the batch; a log that cannot be written never stops an answer.
            let _ = std::io::stderr().lock().write_all(batch);
        }))
    }
}

impl AccessLog {
    /// A log whose batches go to `sink`.
    #[must_use]
    pub fn to(sink: Sink) -> Self {
        Self {
            pending: Mutex::new(Vec::with_capacity(BATCH_BYTES + 256)),
            sink,
        }
    }

    /// Adds a request's line, and writes the batch if it is full.
    pub fn record(
        &self,
        now: DateTime<Utc>,
        method: &str,
        path: &str,
        status: u16,
        latency: Duration,
    ) {
        let full = {
            let mut pending = self.lock();
            line(&mut pending, now, method, path, status, latency);
            (pending.len() >= BATCH_BYTES).then(|| std::mem::take(&mut *pending))
        };
        if let Some(batch) = full {
            (self.sink)(&batch);
        }
    }

    /// Writes whatever has gathered (the background task, and at shutdown).
    pub fn flush(&self) {
        let batch = std::mem::take(&mut *self.lock());
        if !batch.is_empty() {
            (self.sink)(&batch);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A panic while holding the lock leaves at worst a half line: keep logging.
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `2026-11-29T22:15:03.987Z POST /v1/route 200 1.234ms` and a newline.
fn line(
    out: &mut Vec<u8>,
    now: DateTime<Utc>,
    method: &str,
    path: &str,
    status: u16,
    latency: Duration,
) {
    timestamp(out, now);
    out.push(b' ');
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(path.as_bytes());
    out.push(b' ');
    number(out, u64::from(status), 1);
    out.push(b' ');
    // Milliseconds to three places, rounded to the nearest microsecond.
    let micros = (latency.as_nanos() + 500) / 1000;
    number(out, u64::try_from(micros / 1000).unwrap_or(u64::MAX), 1);
    out.push(b'.');
    number(out, u64::try_from(micros % 1000).unwrap_or(0), 3);
    out.extend_from_slice(b"ms\n");
}

/// `%Y-%m-%dT%H:%M:%S%.3fZ` (chrono's own formatting for a year outside 0-9999).
fn timestamp(out: &mut Vec<u8>, now: DateTime<Utc>) {
    let Ok(year) = u64::try_from(now.year()) else {
        out.extend_from_slice(now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string().as_bytes());
        return;
    };
    if year > 9999 {
        out.extend_from_slice(now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string().as_bytes());
        return;
    }
    number(out, year, 4);
    for (separator, value) in [
        (b'-', now.month()),
        (b'-', now.day()),
        (b'T', now.hour()),
        (b':', now.minute()),
        (b':', now.second()),
    ] {
        out.push(separator);
        number(out, u64::from(value), 2);
    }
    out.push(b'.');
    number(out, u64::from(now.nanosecond() / 1_000_000 % 1000), 3);
    out.push(b'Z');
}

/// `value` in decimal, zero-padded to at least `width` digits.
fn number(out: &mut Vec<u8>, mut value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    while value > 0 || digits.len() - at < width.max(1) {
        at -= 1;
        // The remainder is below 10: the cast never truncates.
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn text(now: DateTime<Utc>, latency: Duration) -> String {
        let mut out = Vec::new();
        line(&mut out, now, "POST", "/v1/route", 200, latency);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_line_is_what_format_would_write() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-29T22:15:03.987654Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            text(now, Duration::from_micros(1234)),
            "2026-11-29T22:15:03.987Z POST /v1/route 200 1.234ms\n"
        );
        for nanos in [
            0,
            1,
            499,
            500,
            999_499,
            1_000_000,
            12_345_678_901,
            86_400_000_000_000,
        ] {
            let latency = Duration::from_nanos(nanos);
            let old = format!(
                "{} POST /v1/route 200 {:.3}ms\n",
                now.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
                latency.as_secs_f64() * 1000.0
            );
            assert_eq!(text(now, latency), old, "{nanos} ns");
        }
        for (y, m, d) in [(1, 1, 1), (9999, 12, 31), (-5, 6, 7), (12345, 1, 2)] {
            let day = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let now = day.and_hms_milli_opt(1, 2, 3, 45).unwrap().and_utc();
            let mut out = Vec::new();
            timestamp(&mut out, now);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            );
        }
        let now = Utc::now();
        let mut out = Vec::new();
        timestamp(&mut out, now);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
        );
    }

    #[test]
    fn lines_wait_until_a_batch_is_full_or_flushed() {
        use std::sync::Arc;
        let written = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&written);
        let log = AccessLog::to(Box::new(move |batch| {
            sink.lock().unwrap().push(batch.to_vec());
        }));
        log.record(Utc::now(), "GET", "/healthz", 200, Duration::ZERO);
        assert!(log.lock().ends_with(b"GET /healthz 200 0.000ms\n"));
        let one = log.lock().len();
        for _ in 0..(BATCH_BYTES / one) - 2 {
            log.record(Utc::now(), "GET", "/healthz", 200, Duration::ZERO);
        }
        assert!(written.lock().unwrap().is_empty(), "not yet a whole batch");
        for _ in 0..3 {
            log.record(Utc::now(), "GET", "/healthz", 200, Duration::ZERO);
        }
        assert_eq!(
            written.lock().unwrap().len(),
            1,
            "the full batch was written"
        );
        assert!(written.lock().unwrap()[0].len() >= BATCH_BYTES);
        assert!(log.lock().len() < 3 * one);
        log.flush();
        assert!(log.lock().is_empty());
        log.flush();
        let batches = written.lock().unwrap();
        assert_eq!(batches.len(), 2, "an empty flush writes nothing");
        let lines: usize = batches
            .iter()
            .map(|b| b.split(|&c| c == b'\n').count() - 1)
            .sum();
        assert_eq!(lines, BATCH_BYTES / one + 2, "every line written once");
    }
}
