//! `/metrics` in the Prometheus text format (version 0.0.4): requests by endpoint, method and
//! status, a latency histogram by endpoint, errors by code, requests in flight. Labels are
//! endpoint templates (`/v1/schemas/{name}`), never a path someone typed, and nothing of a
//! referral is ever recorded.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::error::ErrorCode;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Counts per bucket (not cumulative; summed when rendered).
    counts: [u64; BUCKETS.len()],
    /// Requests slower than the last bucket.
    over: u64,
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(&'static str, &'static str, u16), u64>,
    latency: BTreeMap<&'static str, Histogram>,
    errors: BTreeMap<&'static str, u64>,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
    in_flight: AtomicI64,
}

/// The endpoints, as labels: a fixed set, so a scanner's random paths add no series.
pub const ENDPOINTS: [&str; 8] = [
    "/v1/validate",
    "/v1/route",
    "/v1/policies",
    "/v1/schemas/{name}",
    "/v1/openapi.json",
    "/healthz",
    "/metrics",
    "other",
];

pub fn endpoint_label(matched: Option<&str>) -> &'static str {
    matched
        .and_then(|m| ENDPOINTS.iter().find(|e| **e == m).copied())
        .unwrap_or("other")
}

pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

impl Metrics {
    pub fn started(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    pub fn finished(
        &self,
        endpoint: &'static str,
        method: &'static str,
        status: u16,
        error: Option<ErrorCode>,
        latency: Duration,
    ) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        let seconds = latency.as_secs_f64();
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        *inner
            .requests
            .entry((endpoint, method, status))
            .or_default() += 1;
        let histogram = inner.latency.entry(endpoint).or_default();
        match BUCKETS.iter().position(|b| seconds <= *b) {
            Some(i) => {
                if let Some(count) = histogram.counts.get_mut(i) {
                    *count += 1;
                }
            }
            None => histogram.over += 1,
        }
        histogram.sum += seconds;
        histogram.count += 1;
        if let Some(code) = error {
            *inner.errors.entry(code.code()).or_default() += 1;
        }
    }

    /// The text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let in_flight = self.in_flight.load(Ordering::Relaxed);
        let Ok(inner) = self.inner.lock() else {
            return out;
        };
        out.push_str("# HELP hoth_http_requests_total HTTP requests answered, by endpoint, method and status.\n");
        out.push_str("# TYPE hoth_http_requests_total counter\n");
        for ((endpoint, method, status), count) in &inner.requests {
            let _ = writeln!(
                out,
                "hoth_http_requests_total{{endpoint=\"{endpoint}\",method=\"{method}\",status=\"{status}\"}} {count}"
            );
        }
        out.push_str("# HELP hoth_http_request_duration_seconds Time from the request's arrival to its response, by endpoint.\n");
        out.push_str("# TYPE hoth_http_request_duration_seconds histogram\n");
        for (endpoint, histogram) in &inner.latency {
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(histogram.counts) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "hoth_http_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "hoth_http_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"+Inf\"}} {}",
                cumulative + histogram.over
            );
            let _ = writeln!(
                out,
                "hoth_http_request_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "hoth_http_request_duration_seconds_count{{endpoint=\"{endpoint}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP hoth_http_errors_total Error responses, by stable error code (invalid_referral: a referral with issues).\n");
        out.push_str("# TYPE hoth_http_errors_total counter\n");
        for code in ErrorCode::ALL {
            let count = inner.errors.get(code.code()).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "hoth_http_errors_total{{code=\"{}\"}} {count}",
                code.code()
            );
        }
        out.push_str("# HELP hoth_http_requests_in_flight Requests being answered now.\n");
        out.push_str("# TYPE hoth_http_requests_in_flight gauge\n");
        let _ = writeln!(out, "hoth_http_requests_in_flight {in_flight}");
        out
    }
}
