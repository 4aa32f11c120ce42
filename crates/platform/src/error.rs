//! The one error type handlers return, and the JSON body every error has:
//! `{"statusCode": 409, "code": "insufficient_stock", "message": "…", "error": "Conflict"}`.
//!
//! Policy: a 4xx says in plain words what was wrong with the request; a 5xx
//! says nothing about our internals (the cause is logged with the request id).
//! `code` is the stable, machine-readable part: clients and our own code decide on
//! it (or better, on a context's typed error before it becomes an [`ApiError`]),
//! never on the HTTP class or the wording of `message`.
//!
//! Each bounded context declares its failures as an enum implementing
//! [`DomainError`] and lists its codes ([`ErrorCode`]) for the API document.

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The HTTP class of an error; the [`ApiError::code`] says which error of the class it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    Unprocessable,
    /// Over a rate limit; the answer carries `Retry-After`.
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// Try again shortly; the answer carries `Retry-After`.
    Unavailable,
    /// The database cannot be reached; the answer carries `Retry-After` and is marked
    /// with [`DatabaseUnavailable`] so the server can stop sending work to it.
    DatabaseUnavailable,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable | ErrorKind::DatabaseUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// A failure of one bounded context: its enum says what went wrong, with a stable code.
pub trait DomainError: std::error::Error {
    fn kind(&self) -> ErrorKind;
    fn code(&self) -> &'static str;
}

impl<E: DomainError> From<E> for ApiError {
    fn from(err: E) -> Self {
        ApiError::new(err.kind(), err.code(), err.to_string())
    }
}

/// One documented error code: listed in the OpenAPI document and the README.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode {
    pub code: &'static str,
    pub status: u16,
    pub meaning: &'static str,
}

/// The codes any operation can answer with, whatever its module.
#[rustfmt::skip]
pub const CODES: &[ErrorCode] = &[
    ErrorCode { code: "invalid_input", status: 400, meaning: "the request is malformed or a value is invalid; the message names it" },
    ErrorCode { code: "unauthenticated", status: 401, meaning: "sign in first: the access token is missing, invalid or expired" },
    ErrorCode { code: "token_expired", status: 401, meaning: "the access token expired: refresh it" },
    ErrorCode { code: "forbidden", status: 403, meaning: "the account may not do this" },
    ErrorCode { code: "not_found", status: 404, meaning: "no such resource or route" },
    ErrorCode { code: "method_not_allowed", status: 405, meaning: "the route does not accept this HTTP method" },
    ErrorCode { code: "request_timeout", status: 408, meaning: "the request took too long" },
    ErrorCode { code: "payload_too_large", status: 413, meaning: "the request body is too large" },
    ErrorCode { code: "unsupported_media_type", status: 415, meaning: "the body is not in the content type the operation reads" },
    ErrorCode { code: "uri_too_long", status: 414, meaning: "the request URI is too long" },
    ErrorCode { code: "headers_too_large", status: 431, meaning: "the request headers are too large" },
    ErrorCode { code: "invalid_body", status: 422, meaning: "the JSON body does not match the operation's schema" },
    ErrorCode { code: "idempotency_key_reused", status: 422, meaning: "this Idempotency-Key was used with a different request body" },
    ErrorCode { code: "idempotency_key_in_use", status: 409, meaning: "a request with this Idempotency-Key is still being processed" },
    ErrorCode { code: "rate_limited", status: 429, meaning: "too many requests: wait for Retry-After seconds" },
    ErrorCode { code: "unavailable", status: 503, meaning: "busy or shutting down: retry after Retry-After seconds" },
    ErrorCode { code: "database_unavailable", status: 503, meaning: "the database cannot be reached: retry after Retry-After seconds" },
    ErrorCode { code: "internal_error", status: 500, meaning: "a fault on our side, logged with the request id" },
];

/// The code of an answer produced outside our handlers (by the router or hyper).
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        431 => "headers_too_large",
        503 => "unavailable",
        400..=499 => "invalid_input",
        _ => "internal_error",
    }
}

#[derive(Debug)]
pub struct ApiError {
    kind: ErrorKind,
    code: &'static str,
    message: Cow<'static, str>,
    /// Why an internal error happened: logged, never sent.
    cause: Option<anyhow::Error>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cause {
            Some(cause) => write!(f, "{}: {cause:#}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

/// The documented error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[schema(example = 409)]
    pub status_code: u16,
    /// Stable and machine-readable; the list is in the API description.
    #[schema(example = "insufficient_stock")]
    pub code: &'static str,
    #[schema(example = "not enough stock for Điện thoại Samsung Galaxy S24 (SS-S24-8-256-DEN)")]
    pub message: String,
    #[schema(example = "Conflict")]
    pub error: String,
}

impl ErrorBody {
    /// The body of an answer produced outside our handlers: its code follows from its status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self::with_code(status, code_for_status(status), message)
    }

    pub fn with_code(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status_code: status.as_u16(),
            code,
            message: message.into(),
            error: status.canonical_reason().unwrap_or("Error").to_owned(),
        }
    }
}

impl ApiError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            kind,
            code,
            message: message.into(),
            cause: None,
        }
    }

    pub fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::BadRequest, "invalid_input", message)
    }

    pub fn unauthenticated(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Unauthorized, "unauthenticated", message)
    }

    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Forbidden, "forbidden", message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::not_found_with(format!("{what} not found"))
    }

    pub fn not_found_with(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::NotFound, "not_found", message)
    }

    pub fn payload_too_large() -> Self {
        Self::new(
            ErrorKind::PayloadTooLarge,
            "payload_too_large",
            "request body is too large",
        )
    }

    pub fn too_many_requests(message: impl Into<Cow<'static, str>>, retry_after_secs: u64) -> Self {
        Self::new(
            ErrorKind::TooManyRequests { retry_after_secs },
            "rate_limited",
            message,
        )
    }

    pub fn unavailable(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Unavailable, "unavailable", message)
    }

    pub fn database_unavailable() -> Self {
        Self::new(
            ErrorKind::DatabaseUnavailable,
            "database_unavailable",
            "the database is unavailable",
        )
    }

    /// A fault on our side; `cause` is logged, the answer says only "internal server error".
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self {
            cause: Some(cause.into()),
            ..Self::new(
                ErrorKind::Internal,
                "internal_error",
                "internal server error",
            )
        }
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn status(&self) -> StatusCode {
        self.kind.status()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::internal(err)
    }
}

/// Marks a response given because the database could not be reached.
#[derive(Debug, Clone, Copy)]
pub struct DatabaseUnavailable;

/// True when `err` means the database cannot be reached now (a refused or lost
/// connection, an administrative shutdown), as opposed to a fault in the query. An
/// exhausted pool is not one: a busy database is still up.
pub fn is_connection_error(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // Class 08 is "connection exception"; 57P01-57P03 are shutdowns and start-ups.
        sqlx::Error::Database(e) => e
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// True when `err` is a deadlock or serialization failure: the transaction can be retried.
pub fn is_retryable(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if matches!(e.code().as_deref(), Some("40001" | "40P01")))
}

/// The answer for a database error that is not a bug: an outage, a saturated pool, a
/// transaction to retry, or a row that is not there.
fn expected(err: &sqlx::Error) -> Option<ApiError> {
    if is_connection_error(err) {
        Some(ApiError::database_unavailable())
    } else if matches!(err, sqlx::Error::PoolTimedOut) {
        Some(ApiError::unavailable("the database is busy, try again"))
    } else if is_retryable(err) {
        Some(ApiError::unavailable("the shop is busy, try again"))
    } else if matches!(err, sqlx::Error::RowNotFound) {
        Some(ApiError::not_found("resource"))
    } else {
        None
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        expected(&err).unwrap_or_else(|| ApiError::internal(err))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // An internal error caused by a lost or busy database is not a bug either.
        let error = match &self.cause {
            Some(cause) if self.kind == ErrorKind::Internal => cause
                .chain()
                .find_map(|e| e.downcast_ref())
                .and_then(expected)
                .unwrap_or(self),
            _ => self,
        };
        if let Some(cause) = &error.cause {
            tracing::error!(error = ?cause, code = error.code, "internal error");
        }
        let status = error.status();
        let retry_after = match error.kind {
            ErrorKind::TooManyRequests { retry_after_secs } => Some(retry_after_secs),
            ErrorKind::Unavailable | ErrorKind::DatabaseUnavailable => Some(1),
            _ => None,
        };
        let body = ErrorBody::with_code(status, error.code, error.message.into_owned());
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
        }
        if error.kind == ErrorKind::DatabaseUnavailable {
            response.extensions_mut().insert(DatabaseUnavailable);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("only {0} left")]
    struct Short(i64);

    impl DomainError for Short {
        fn kind(&self) -> ErrorKind {
            ErrorKind::Conflict
        }
        fn code(&self) -> &'static str {
            "insufficient_stock"
        }
    }

    #[test]
    fn a_domain_error_keeps_its_code_kind_and_message() {
        let error = ApiError::from(Short(2));
        assert_eq!(
            (error.status(), error.code(), error.message()),
            (StatusCode::CONFLICT, "insufficient_stock", "only 2 left")
        );
    }

    #[test]
    fn a_missing_row_is_a_404_not_a_500() {
        let error = ApiError::from(sqlx::Error::RowNotFound);
        assert_eq!(
            (error.status(), error.code()),
            (StatusCode::NOT_FOUND, "not_found")
        );
    }

    #[tokio::test]
    async fn an_internal_cause_is_logged_never_answered() {
        let response = ApiError::internal(anyhow::anyhow!("password=hunter2")).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains(r#""code":"internal_error""#), "{body}");
        assert!(!body.contains("hunter2"), "{body}");
    }

    #[test]
    fn busy_and_rate_limited_answers_say_when_to_retry() {
        for error in [
            ApiError::unavailable("busy"),
            ApiError::too_many_requests("slow down", 7),
            ApiError::from(sqlx::Error::PoolTimedOut),
        ] {
            let response = error.into_response();
            assert!(response
                .headers()
                .contains_key(axum::http::header::RETRY_AFTER));
        }
    }
}
