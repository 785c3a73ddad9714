//! The router, its handlers and the guard every request passes through.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use hoth_core::policy::{Policy, Registry};
use hoth_core::{ReferralText, ValidationResult, schema};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::MAX_BODY_BYTES;
use crate::access_log::AccessLog;
use crate::error::{ApiError, ErrorCode, ErrorTag, json_response};
use crate::metrics::{Metrics, endpoint_label, method_label};

/// The header carrying the check reference of a routed referral.
pub const REFERENCE_HEADER: &str = "hoth-reference";

/// What the service is started with.
pub struct Config {
    /// The built-in packs plus the council's own (`--policies DIR`).
    pub registry: Registry,
    /// The bearer token (`--token-file`), if any.
    pub token: Option<String>,
    /// The longest a request may take, its body included.
    pub timeout: Duration,
    /// How many requests are answered at once; more wait (within the timeout).
    pub concurrency: usize,
    /// The access log (one line per request, written to stderr in batches), or none.
    pub access_log: Option<Arc<AccessLog>>,
}

struct Shared {
    registry: Registry,
    /// SHA-256 of the token: compared in constant time, whatever the lengths.
    token: Option<[u8; 32]>,
    timeout: Duration,
    permits: Semaphore,
    access_log: Option<Arc<AccessLog>>,
    metrics: Metrics,
    schemas: BTreeMap<&'static str, Bytes>,
    openapi: Bytes,
    policies: Bytes,
}

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The service's router, ready for `axum::serve`.
pub fn router(config: Config) -> Result<Router, serde_json::Error> {
    let schemas = schema::NAMES
        .iter()
        .filter_map(|name| schema::schema(name).map(|text| (*name, Bytes::from(text))))
        .collect();
    let policy_list = Bytes::from(hoth_core::json_bytes(&config.registry.summaries())?);
    let state = AppState(Arc::new(Shared {
        token: config.token.as_deref().map(digest),
        timeout: config.timeout,
        permits: Semaphore::new(config.concurrency.max(1)),
        access_log: config.access_log,
        metrics: Metrics::default(),
        schemas,
        openapi: Bytes::from(crate::openapi::text()?),
        policies: policy_list,
        registry: config.registry,
    }));
    Ok(Router::new()
        .route("/v1/validate", post(validate))
        .route("/v1/route", post(route))
        .route("/v1/policies", get(policies))
        .route("/v1/schemas/{name}", get(schema_of))
        .route("/v1/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state))
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Every request: the token, the concurrency limit, the timeout (body included), metrics and
/// one access-log line (method, path, status, latency: never a body or a query).
async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let shared = &state.0;
    shared.metrics.started();
    let endpoint = endpoint_label(
        request
            .extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
    );
    let method = method_label(request.method());
    // The path as asked for (only when logged; anything unmatched as "(other)").
    let path = shared.access_log.as_ref().map(|_| {
        if endpoint == "other" {
            "(other)".to_owned()
        } else {
            request.uri().path().to_owned()
        }
    });
    let response = if endpoint != "/healthz" && !authorised(shared, request.headers()) {
        let mut response = ApiError::new(
            ErrorCode::Unauthorized,
            "send the service's token as \"Authorization: Bearer <token>\"",
        )
        .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"hoth\""),
        );
        response
    } else {
        let answer = async {
            let _permit = shared.permits.acquire().await;
            next.run(request).await
        };
        match tokio::time::timeout(shared.timeout, answer).await {
            Ok(response) => response,
            Err(_) => ApiError::new(
                ErrorCode::Timeout,
                format!(
                    "the request took longer than {} s, its body included",
                    shared.timeout.as_secs_f64()
                ),
            )
            .into_response(),
        }
    };
    let latency = started.elapsed();
    let status = response.status().as_u16();
    let error = response.extensions().get::<ErrorTag>().map(|tag| tag.0);
    shared
        .metrics
        .finished(endpoint, method, status, error, latency);
    if let (Some(log), Some(path)) = (&shared.access_log, path) {
        log.record(chrono::Utc::now(), method, &path, status, latency);
    }
    response
}

fn authorised(shared: &Shared, headers: &HeaderMap) -> bool {
    let Some(token) = &shared.token else {
        return true;
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    bool::from(digest(given.trim()).ct_eq(token))
}

/// The query parameters the endpoints take: `policy` and `today`.
#[derive(Default)]
struct Params {
    policy: Option<String>,
    today: Option<String>,
}

fn params(query: Option<&str>) -> Result<Params, ApiError> {
    let mut params = Params::default();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidArgument,
                format!("the query parameter \"{}\" is not valid UTF-8", clip(name)),
            )
        })?;
        match name {
            "policy" => params.policy = Some(value),
            "today" => params.today = Some(value),
            _ => {}
        }
    }
    Ok(params)
}

/// `application/x-www-form-urlencoded` decoding of a query value.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn clip(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// `today` as given, or the server's date, as `hoth --today` defaults.
fn today(params: &Params) -> Result<NaiveDate, ApiError> {
    let Some(text) = &params.today else {
        return Ok(chrono::Local::now().date_naive());
    };
    // YYYY-MM-DD read by hand, which chrono reads the same (its format string is slow per
    // request); anything else as chrono reads `%Y-%m-%d`.
    let quick = (text.len() == 10)
        .then(|| hoth_core::validation::checks::date(text))
        .flatten();
    quick
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidArgument,
                format!("today \"{}\" is not a date like 2026-03-10", clip(text)),
            )
        })
}

fn policy<'a>(shared: &'a Shared, id: &str) -> Result<&'a Policy, ApiError> {
    shared
        .registry
        .get(id)
        .map_err(|e| ApiError::new(ErrorCode::UnknownPolicy, e.to_string()))
}

/// The body as JSON: `application/json`, at most [`MAX_BODY_BYTES`], JSON text.
/// The referral is read once, straight into the model when it has the right shape
/// ([`ReferralText`]).
async fn read_json(headers: &HeaderMap, body: Body) -> Result<(Bytes, ReferralText), ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the referral as JSON, with \"Content-Type: application/json\"",
        ));
    }
    let too_large = || {
        ApiError::new(
            ErrorCode::InputTooLarge,
            format!("the body is over {MAX_BODY_BYTES} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            let limit = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if limit {
                too_large()
            } else {
                ApiError::new(
                    ErrorCode::InvalidArgument,
                    "the body could not be read to its end",
                )
            }
        })?;
    let value = ReferralText::parse(&bytes).map_err(|e| {
        // serde_json's syntax errors name a line and column, never the text.
        ApiError::new(ErrorCode::InvalidJson, format!("the body is not JSON: {e}"))
    })?;
    Ok((bytes, value))
}

fn json_ok(text: impl Into<Body>) -> Response {
    json_response(StatusCode::OK, text)
}

/// As `hoth` prints it: the same bytes.
fn serialise<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, ApiError> {
    hoth_core::json_bytes(value).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

/// `POST /v1/validate[?policy=ID][&today=YYYY-MM-DD]`: `hoth validate [--policy ID]`. Always
/// 200 for a referral, valid or not: `{"valid", "issues"}`.
async fn validate(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let shared = &state.0;
    let params = params(query.as_deref())?;
    let policy = params
        .policy
        .as_deref()
        .map(|id| policy(shared, id))
        .transpose()?;
    let today = today(&params)?;
    let (_, referral) = read_json(&headers, body).await?;
    let validated = match policy {
        Some(policy) => policy.validate_text(referral, today),
        None => referral.validate(today),
    };
    Ok(json_ok(serialise(&validated.result())?))
}

/// `POST /v1/route?policy=ID[&today=YYYY-MM-DD]`: `hoth route --policy ID`. 200 with the
/// decision (and its check reference in the `Hoth-Reference` header), or 422 with the issues
/// of a referral that is not valid, never a decision.
async fn route(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let shared = &state.0;
    let params = params(query.as_deref())?;
    let Some(id) = params.policy.as_deref() else {
        return Err(ApiError::new(
            ErrorCode::InvalidArgument,
            "name the policy to route under: /v1/route?policy=wokingham (see /v1/policies)",
        ));
    };
    let policy = policy(shared, id)?;
    let today = today(&params)?;
    let (bytes, referral) = read_json(&headers, body).await?;
    match policy.route_text(referral, today) {
        Ok(decision) => {
            // `hoth route`'s bytes, written without serde (Decision::json_bytes).
            let mut response = json_ok(decision.json_bytes());
            let reference = reference(id, policy, today, &bytes);
            if let Ok(value) = HeaderValue::from_str(&reference) {
                response.headers_mut().insert(REFERENCE_HEADER, value);
            }
            Ok(response)
        }
        Err(issues) => {
            let mut response = json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                serialise(&ValidationResult::new(issues))?,
            );
            response
                .extensions_mut()
                .insert(ErrorTag(ErrorCode::InvalidReferral));
            Ok(response)
        }
    }
}

/// The check reference of a routed referral: `HOTH-` and 16 hex digits of the SHA-256 of the
/// policy (id and version), the date and the body as sent. Nothing is stored: the same request
/// gets the same reference from any copy of the service, so a portal can record it with the
/// referral and anyone can recompute it from the same three things.
pub fn reference(id: &str, policy: &Policy, today: NaiveDate, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(b"hoth-check-1\0");
    hash.update(id.as_bytes());
    hash.update(b"\0");
    hash.update(policy.pack().version.as_bytes());
    hash.update(b"\0");
    hash.update(iso_date(today).as_bytes());
    hash.update(b"\0");
    hash.update(body);
    // HOTH- and the first 8 bytes in upper-case hex, in groups of two bytes.
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut reference = String::with_capacity(24);
    reference.push_str("HOTH");
    for (i, byte) in hash.finalize().iter().take(8).enumerate() {
        if i % 2 == 0 {
            reference.push('-');
        }
        reference.push(char::from(HEX[usize::from(byte >> 4)]));
        reference.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    reference
}

/// `%Y-%m-%d` as chrono writes it: by hand for a year from 0 to 9999 (`checks::iso`), chrono
/// outside.
fn iso_date(date: NaiveDate) -> String {
    hoth_core::validation::checks::iso(date).unwrap_or_else(|| date.format("%Y-%m-%d").to_string())
}

/// `GET /v1/policies`: `hoth policies`, with the council's own packs after the built-in ones.
async fn policies(State(state): State<AppState>) -> Response {
    json_ok(state.0.policies.clone())
}

/// `GET /v1/schemas/{name}`: `hoth schema NAME`.
async fn schema_of(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match state.0.schemas.get(name.as_str()) {
        Some(text) => json_ok(text.clone()),
        None => ApiError::new(
            ErrorCode::UnknownSchema,
            format!(
                "no schema called \"{}\"; the schemas are {}",
                clip(&name),
                schema::NAMES.join(", ")
            ),
        )
        .into_response(),
    }
}

/// `GET /v1/openapi.json`: this API, OpenAPI 3.1 (`schemas/openapi.json`).
async fn openapi(State(state): State<AppState>) -> Response {
    json_ok(state.0.openapi.clone())
}

/// `GET /healthz`: up, with its packs loaded (open without the token, for load balancers).
async fn healthz() -> Response {
    json_ok("{\n  \"status\": \"ok\"\n}\n")
}

/// `GET /metrics`: Prometheus text format.
async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = (StatusCode::OK, state.0.metrics.render()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

async fn not_found() -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        "no such endpoint; the API is described at /v1/openapi.json",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not take that method; see /v1/openapi.json",
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn query_values_are_decoded() {
        let p = params(Some("policy=tower-hamlets&today=2026-03-10&x=1")).unwrap();
        assert_eq!(p.policy.as_deref(), Some("tower-hamlets"));
        assert_eq!(p.today.as_deref(), Some("2026-03-10"));
        assert_eq!(percent_decode("a%2Fb+c").as_deref(), Some("a/b c"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%e2%82%ac").as_deref(), Some("\u{20ac}"));
    }

    #[test]
    fn today_reads_as_chrono_reads_it() {
        let read = |text: &str| {
            today(&Params {
                policy: None,
                today: Some(text.to_owned()),
            })
            .ok()
        };
        for text in [
            "2026-03-10",
            "2024-02-29",
            "2023-02-29",
            "0000-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-10",
            "2026-01-1",
            " 2026-03-10",
            "2026-03-10 ",
            "+2026-03-10",
            "2026-03-1x",
            "20260310",
            "2026/03/10",
            "",
            "2026-3-5",
            "02026-03-10",
            "-001-03-10",
        ] {
            assert_eq!(
                read(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_reference_is_stable_and_depends_on_every_part() {
        let policy = Policy::builtin("wokingham").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let one = reference("wokingham", policy, day, b"{}");
        assert_eq!(one, reference("wokingham", policy, day, b"{}"));
        assert!(one.starts_with("HOTH-") && one.len() == 24, "{one}");
        assert_ne!(one, reference("wokingham", policy, day, b"{ }"));
        // As it was written before (format! per byte, chrono's format string): the same text.
        let old = |day: NaiveDate, body: &[u8]| {
            let mut hash = Sha256::new();
            hash.update(b"hoth-check-1\0wokingham\0");
            hash.update(policy.pack().version.as_bytes());
            hash.update(b"\0");
            hash.update(day.format("%Y-%m-%d").to_string().as_bytes());
            hash.update(b"\0");
            hash.update(body);
            let hex: String = hash
                .finalize()
                .iter()
                .take(8)
                .map(|b| format!("{b:02X}"))
                .collect();
            let groups: Vec<&str> = (0..4).filter_map(|i| hex.get(i * 4..i * 4 + 4)).collect();
            format!("HOTH-{}", groups.join("-"))
        };
        for (y, m, d) in [
            (2026, 3, 10),
            (1, 1, 1),
            (9999, 12, 31),
            (-5, 6, 7),
            (12345, 1, 2),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            for body in [&b"{}"[..], b"", b"x"] {
                assert_eq!(reference("wokingham", policy, day, body), old(day, body));
            }
        }
        assert_ne!(
            one,
            reference("wokingham", policy, day.succ_opt().unwrap(), b"{}")
        );
    }
}
