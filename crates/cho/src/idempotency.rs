//! `Idempotency-Key` on every POST that creates something (the contract's promise).
//!
//! Orders, payment attempts and refunds claim their key inside the transaction that
//! creates them (`cho_platform::idempotency::claim`), so money is never created twice even
//! across a crash. Every other POST gets this layer: the key is claimed before the
//! handler runs, a success is stored and replayed to a retry, a failure releases the key.
//! A retry while the first request is running gets 409; a crash between the handler's
//! commit and the stored answer leaves the key held, so that retry is refused, not run.

use axum::body::Body;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cho_platform::auth::AuthUser;
use cho_platform::extract::{ClientInfo, IdempotencyKey};
use cho_platform::idempotency::{self, Standalone};
use cho_platform::{ApiError, AppState};
use serde_json::Value;

/// Routes that claim their key inside the transaction of their own work.
const IN_TRANSACTION: &[&str] = &[
    "/v1/orders",
    "/v1/orders/{id}/payments",
    "/v1/admin/orders/{id}/refunds",
];

/// The largest answer kept for replay; a larger one is not stored and its key is released.
const MAX_STORED_BODY: usize = 1024 * 1024;

pub async fn replay_creates(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let applies = req.method() == Method::POST
        && req.headers().contains_key("idempotency-key")
        && route
            .as_deref()
            .is_some_and(|r| !IN_TRANSACTION.contains(&r));
    if !applies {
        return next.run(req).await;
    }
    match run_once(&state, req, next).await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}

async fn run_once(state: &AppState, req: Request, next: Next) -> Result<Response, ApiError> {
    let (mut parts, body) = req.into_parts();
    let IdempotencyKey(Some(key)) = IdempotencyKey::from_request_parts(&mut parts, state).await?
    else {
        unreachable!("the header is present")
    };
    // One caller's keys never meet another's: a user's, or else an address's.
    let caller = match AuthUser::from_request_parts(&mut parts, state).await {
        Ok(user) => format!("user:{}", user.id),
        Err(_) => {
            let Ok(client) = ClientInfo::from_request_parts(&mut parts, state).await;
            format!("ip:{}", client.ip.unwrap_or_default())
        }
    };
    let scope = format!("http:{caller}:{}", parts.uri.path());
    let limit = state.config.body_limit_bytes;
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::payload_too_large())?;
    let hash = cho_platform::secrets::sha256_hex(&bytes);
    match idempotency::claim_alone(&state.db, &scope, &key, &hash).await? {
        Standalone::Replay(StatusCode::NO_CONTENT, _) => {
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        Standalone::Replay(status, body) => {
            return Ok((status, axum::Json(body)).into_response());
        }
        Standalone::InProgress => {
            return Err(idempotency::key_in_use());
        }
        Standalone::Fresh => {}
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_success() {
        idempotency::release(&state.db, &scope, &key).await?;
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_STORED_BODY)
        .await
        .map_err(|_| ApiError::internal(anyhow::anyhow!("an answer too large to keep")))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(stored) => {
            idempotency::complete_alone(&state.db, &scope, &key, parts.status, &stored).await?
        }
        Err(_) if parts.status == StatusCode::NO_CONTENT => {
            idempotency::complete_alone(&state.db, &scope, &key, parts.status, &Value::Null).await?
        }
        Err(_) => idempotency::release(&state.db, &scope, &key).await?,
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}
