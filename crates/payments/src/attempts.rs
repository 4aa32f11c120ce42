//! The `payments` table: one row per attempt to pay an order, and its state machine
//! (pending → succeeded | failed | cancelled | expired), moved only by conditional
//! updates so that two callbacks racing each other cannot both apply.

use cho_platform::db::{Db, Tx};
use cho_platform::{db_read, db_tx, new_id, now};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub id: Uuid,
    pub order_id: Uuid,
    pub method: String,
    pub provider: String,
    pub amount: i64,
    pub status: String,
    pub provider_ref: String,
    pub provider_transaction_id: Option<String>,
    pub review_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, order_id, method, provider, amount, status, provider_ref, provider_transaction_id, review_reason, created_at";

pub async fn insert(
    tx: &mut Tx,
    order_id: Uuid,
    method: &str,
    provider: &str,
    amount: i64,
    provider_ref: &str,
) -> Result<Uuid, sqlx::Error> {
    let id = new_id();
    let now = now();
    db_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO payments (id, order_id, method, provider, amount, status, provider_ref, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7)"
    )
    .bind(id)
    .bind(order_id)
    .bind(method)
    .bind(provider)
    .bind(amount)
    .bind(provider_ref)
    .bind(now)
    .execute(&mut *c)
    .await?
    .rows_affected()
    });
    Ok(id)
}

pub async fn find_by_ref_in(
    tx: &mut Tx,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE provider = $1 AND provider_ref = $2");
    db_tx!(tx, |c| sqlx::query_as(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(&mut *c)
        .await)
}

pub async fn find_by_ref(
    db: &Db,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE provider = $1 AND provider_ref = $2");
    db_read!(db, |c| sqlx::query_as(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional(c)
        .await)
}

pub async fn for_order(db: &Db, order_id: Uuid) -> Result<Vec<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE order_id = $1 ORDER BY id");
    db_read!(db, |c| sqlx::query_as(&sql)
        .bind(order_id)
        .fetch_all(c)
        .await)
}

/// Moves a pending attempt to `status`; false when it was no longer pending.
pub async fn settle(
    tx: &mut Tx,
    id: Uuid,
    status: &str,
    provider_transaction_id: Option<&str>,
    payload: &Value,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let updated = db_tx!(tx, |c| {
        sqlx::query(
        "UPDATE payments SET status = $1, provider_transaction_id = $2, provider_payload = $3, settled_at = $4, updated_at = $4
         WHERE id = $5 AND status = 'pending'"
    )
    .bind(status)
    .bind(provider_transaction_id)
    .bind(Json(payload))
    .bind(now)
    .bind(id)
    .execute(&mut *c)
    .await?
    .rows_affected()
    });
    Ok(updated == 1)
}

pub async fn flag_for_review(tx: &mut Tx, id: Uuid, reason: &str) -> Result<(), sqlx::Error> {
    db_tx!(tx, |c| sqlx::query(
        "UPDATE payments SET review_reason = $1 WHERE id = $2"
    )
    .bind(reason)
    .bind(id)
    .execute(&mut *c)
    .await?
    .rows_affected());
    Ok(())
}

/// Keeps a callback as received, with what we made of it, in the transaction that acted on it.
pub async fn record_callback_in(
    tx: &mut Tx,
    provider: &str,
    provider_ref: Option<&str>,
    payload: &Value,
    outcome: &str,
) -> Result<(), sqlx::Error> {
    db_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO payment_callbacks (id, provider, provider_ref, payload, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(new_id())
    .bind(provider)
    .bind(provider_ref)
    .bind(Json(payload))
    .bind(outcome)
    .bind(now())
    .execute(&mut *c)
    .await?
    .rows_affected()
    });
    Ok(())
}

/// Keeps a callback that changed nothing (rejected, or a repeat), in a transaction of its own.
pub async fn record_callback(
    db: &Db,
    provider: &str,
    provider_ref: Option<&str>,
    payload: &Value,
    outcome: &str,
) {
    let recorded = async {
        let mut tx = db.begin().await?;
        record_callback_in(&mut tx, provider, provider_ref, payload, outcome).await?;
        tx.commit().await
    };
    if let Err(err) = recorded.await {
        tracing::error!(provider, error = %err, "could not record a payment callback");
    }
}
