//! The service's errors: a status and `{"error": {"code": "stable_code", "message": "..."}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A stable error code: compare codes, not messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not JSON (or nests deeper than 128 levels).
    InvalidJson,
    /// 400: a query parameter is missing or wrong, such as `today` that is not a date.
    InvalidArgument,
    /// 401: the bearer token is missing or wrong.
    Unauthorized,
    /// 404: no built-in or loaded policy has this id.
    UnknownPolicy,
    /// 404: no schema has this name.
    UnknownSchema,
    /// 404: no such endpoint.
    NotFound,
    /// 405: the endpoint does not take this method.
    MethodNotAllowed,
    /// 408: the request (its body included) took longer than the request timeout.
    Timeout,
    /// 413: the body is over 1,000,000 bytes (the JavaScript module's limit too).
    InputTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: the referral is not valid; the body is its issues (`hoth route`'s exit 1).
    InvalidReferral,
    /// 500: a bug: please report it.
    Internal,
}

impl ErrorCode {
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::UnknownPolicy => "unknown_policy",
            ErrorCode::UnknownSchema => "unknown_schema",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Timeout => "timeout",
            ErrorCode::InputTooLarge => "input_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::InvalidReferral => "invalid_referral",
            ErrorCode::Internal => "internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidJson | ErrorCode::InvalidArgument => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::UnknownPolicy | ErrorCode::UnknownSchema | ErrorCode::NotFound => {
                StatusCode::NOT_FOUND
            }
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::InputTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::InvalidReferral => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidArgument,
        ErrorCode::Unauthorized,
        ErrorCode::UnknownPolicy,
        ErrorCode::UnknownSchema,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Timeout,
        ErrorCode::InputTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::InvalidReferral,
        ErrorCode::Internal,
    ];
}

/// An error response. Its message never quotes the referral.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

/// The body of every error response.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[schemars(title = "Error")]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// For people: what went wrong and what to do.
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

/// The error code a response carries, for the metrics (set on every response this service
/// makes for an error).
#[derive(Debug, Clone, Copy)]
pub struct ErrorTag(pub ErrorCode);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let text = hoth_core::json_bytes(&body).unwrap_or_else(|_| {
            b"{\"error\": {\"code\": \"internal\", \"message\": \"internal error\"}}\n".to_vec()
        });
        let mut response = json_response(self.code.status(), text);
        response.extensions_mut().insert(ErrorTag(self.code));
        response
    }
}

/// A JSON response with this status and body (JSON text, as bytes or a string).
pub fn json_response(status: StatusCode, text: impl Into<axum::body::Body>) -> Response {
    let mut response = (status, text.into()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
