//! `Idempotency-Key` support for POSTs that create something.
//!
//! The key is claimed inside the same transaction as the work it protects and
//! the response is stored in that transaction too, so a retry sees either
//! nothing (the first attempt rolled back: do the work) or the committed
//! response (return it). Two identical requests racing each other serialise on
//! the key's primary key: the second waits for the first and then replays it.

use axum::http::StatusCode;
use serde_json::Value;
use sqlx::types::Json;

use crate::db::{Db, Tx};
use crate::error::{ApiError, ErrorKind};
use crate::{now, secrets};

/// How long keys are kept before the cleanup job may delete them.
pub const RETENTION_HOURS: i64 = 48;

/// The answer while the first request with a key is still being processed.
pub fn key_in_use() -> ApiError {
    ApiError::new(
        ErrorKind::Conflict,
        "idempotency_key_in_use",
        "a request with this Idempotency-Key is still being processed",
    )
}

pub enum Claim {
    /// The key is new: do the work, then call [`complete`].
    Fresh,
    /// The same request ran before: answer with its stored response.
    Replay(StatusCode, Value),
}

/// A fingerprint of the request body the key was first used with.
pub fn fingerprint(body: &impl serde::Serialize) -> String {
    secrets::sha256_hex(&serde_json::to_vec(body).unwrap_or_default())
}

/// Claims `key` within `scope` (e.g. "orders:<user id>") for a request whose
/// body hashes to `request_hash`.
pub async fn claim(
    tx: &mut Tx,
    scope: &str,
    key: &str,
    request_hash: &str,
) -> Result<Claim, ApiError> {
    Ok(match take_or_read(tx, scope, key, request_hash).await? {
        None => Claim::Fresh,
        Some((status, body)) => {
            let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
            Claim::Replay(status, body)
        }
    })
}

/// Takes `key` (`None`), or reads the status and body stored under it — status 0 while
/// the request that took it has not completed. A different request body is a 422.
async fn take_or_read(
    tx: &mut Tx,
    scope: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<(i64, Value)>, ApiError> {
    let inserted = tx
        .query(
            "INSERT INTO idempotency_keys (scope, key, request_hash, response_status,
             response_body, created_at)
             VALUES ($1, $2, $3, 0, $4, $5)
             ON CONFLICT (scope, key) DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .bind(Json(Value::Null))
        .bind(now())
        .execute()
        .await?;
    if inserted == 1 {
        return Ok(None);
    }
    let (stored_hash, status, Json(body)): (String, i64, Json<Value>) = tx
        .query(
            "SELECT request_hash, response_status, response_body
             FROM idempotency_keys
             WHERE scope = $1 AND key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_one()
        .await?;
    if stored_hash != request_hash {
        return Err(ApiError::new(
            ErrorKind::Unprocessable,
            "idempotency_key_reused",
            "this Idempotency-Key was already used with a different request body",
        ));
    }
    Ok(Some((status, body)))
}

/// Stores the response for a key claimed with [`claim`], in the same transaction.
pub async fn complete(
    tx: &mut Tx,
    scope: &str,
    key: &str,
    status: StatusCode,
    body: &Value,
) -> Result<(), ApiError> {
    tx.query(
        "UPDATE idempotency_keys
         SET response_status = $1, response_body = $2
         WHERE scope = $3 AND key = $4",
    )
    .bind(status.as_u16() as i64)
    .bind(Json(body))
    .bind(scope)
    .bind(key)
    .execute()
    .await?;
    Ok(())
}

/// Deletes keys older than the retention period; returns how many.
pub async fn purge_expired(tx: &mut Tx) -> Result<u64, sqlx::Error> {
    let cutoff = now() - chrono::Duration::hours(RETENTION_HOURS);
    tx.query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(cutoff)
        .execute()
        .await
}

/// What [`claim_alone`] found.
pub enum Standalone {
    /// The key is new and now held: run the request, then [`complete_alone`] or [`release`].
    Fresh,
    /// The same request ran before: answer with its stored response.
    Replay(StatusCode, Value),
    /// The same key is held by a request still running (or one cut short after its work
    /// committed): never run twice, so the caller is told to retry later.
    InProgress,
}

/// Claims `key` in a transaction of its own, for requests whose work commits in a
/// transaction this module does not see (see `cho::idempotency`). Unlike [`claim`] inside
/// the work's transaction, a crash between the work and [`complete_alone`] leaves the key
/// held: a retry is refused, never run twice.
pub async fn claim_alone(
    db: &Db,
    scope: &str,
    key: &str,
    request_hash: &str,
) -> Result<Standalone, ApiError> {
    let mut tx = db.begin().await?;
    let stored = take_or_read(&mut tx, scope, key, request_hash).await?;
    tx.commit().await?;
    let status = stored
        .as_ref()
        .and_then(|(status, _)| u16::try_from(*status).ok())
        .and_then(|status| StatusCode::from_u16(status).ok());
    Ok(match (stored, status) {
        (None, _) => Standalone::Fresh,
        (Some((_, body)), Some(status)) => Standalone::Replay(status, body),
        (Some(_), None) => Standalone::InProgress,
    })
}

/// Stores the response of a request whose key [`claim_alone`] took.
pub async fn complete_alone(
    db: &Db,
    scope: &str,
    key: &str,
    status: StatusCode,
    body: &Value,
) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    complete(&mut tx, scope, key, status, body).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives up a key [`claim_alone`] took, because its request did nothing (it failed).
pub async fn release(db: &Db, scope: &str, key: &str) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    tx.query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status = 0")
        .bind(scope)
        .bind(key)
        .execute()
        .await?;
    tx.commit().await?;
    Ok(())
}
