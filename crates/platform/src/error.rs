//! The one error type handlers return, and the JSON body every error has:
//! `{"statusCode": 404, "message": "order not found", "error": "Not Found"}`.
//!
//! Policy: a 4xx says in plain words what was wrong with the request; a 5xx
//! says nothing about our internals (the cause is logged with the request id).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Unprocessable(String),
    /// Over a rate limit; the answer carries `Retry-After`.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The database cannot be reached; the answer carries `Retry-After` and is marked with
    /// [`DatabaseUnavailable`] so the server can stop sending work to it until it is back.
    #[error("the database is unavailable")]
    DatabaseUnavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The documented error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[schema(example = 404)]
    pub status_code: u16,
    #[schema(example = "product not found")]
    pub message: String,
    #[schema(example = "Not Found")]
    pub error: String,
}

impl ErrorBody {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status_code: status.as_u16(),
            message: message.into(),
            error: status.canonical_reason().unwrap_or("Error").to_owned(),
        }
    }
}

impl ApiError {
    pub fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("{what} not found"))
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::DatabaseUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
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

/// The answer for a database error that is not a bug: an outage, a saturated pool, or a
/// transaction to retry.
fn transient(err: &sqlx::Error) -> Option<ApiError> {
    if is_connection_error(err) {
        Some(ApiError::DatabaseUnavailable)
    } else if matches!(err, sqlx::Error::PoolTimedOut) {
        Some(ApiError::Unavailable(
            "the database is busy, try again".into(),
        ))
    } else if is_retryable(err) {
        Some(ApiError::Unavailable("the shop is busy, try again".into()))
    } else {
        None
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        transient(&err).unwrap_or_else(|| ApiError::Internal(err.into()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // An internal error caused by a lost or busy database is not a bug either.
        let error = match self {
            ApiError::Internal(err) => err
                .chain()
                .find_map(|e| e.downcast_ref())
                .and_then(transient)
                .unwrap_or(ApiError::Internal(err)),
            other => other,
        };
        let status = error.status();
        let message = match &error {
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                "internal server error".to_owned()
            }
            other => other.to_string(),
        };
        let retry_after = match &error {
            ApiError::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            ApiError::Unavailable(_) | ApiError::DatabaseUnavailable => Some(1),
            _ => None,
        };
        let mut response = (status, axum::Json(ErrorBody::new(status, message))).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
        }
        if matches!(error, ApiError::DatabaseUnavailable) {
            response.extensions_mut().insert(DatabaseUnavailable);
        }
        response
    }
}
