//! What the simulated gateways know: their transactions and refunds.

use cho_platform::db::Db;
use cho_platform::now;
use rand::Rng;
use serde_json::Value;
use sqlx::types::Json;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Transaction {
    pub provider_ref: String,
    pub amount: i64,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    pub transaction_id: String,
    pub request: Json<Value>,
}

const COLUMNS: &str = "provider_ref, amount, status, transaction_id, request";

/// Opens a transaction; opening the same reference again keeps the first.
pub async fn open(
    db: &Db,
    provider: &str,
    provider_ref: &str,
    amount: i64,
    request: &Value,
) -> Result<Transaction, sqlx::Error> {
    let transaction_id = rand::thread_rng()
        .gen_range(10_000_000_000i64..99_999_999_999)
        .to_string();
    let now = now();
    let mut tx = db.begin().await?;
    tx.query(
        "INSERT INTO sandbox_transactions (provider, provider_ref, amount, status, transaction_id,
         request, created_at, updated_at)
         VALUES ($1, $2, $3, 'pending', $4, $5, $6, $6)
         ON CONFLICT (provider, provider_ref) DO NOTHING",
    )
    .bind(provider)
    .bind(provider_ref)
    .bind(amount)
    .bind(&transaction_id)
    .bind(Json(request))
    .bind(now)
    .execute()
    .await?;
    tx.commit().await?;
    get(db, provider, provider_ref)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

pub async fn get(
    db: &Db,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<Transaction>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sandbox_transactions WHERE provider = $1 AND provider_ref = $2"
    );
    db.query(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional()
        .await
}

pub async fn by_transaction_id(
    db: &Db,
    provider: &str,
    transaction_id: &str,
) -> Result<Option<Transaction>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sandbox_transactions WHERE provider = $1 AND transaction_id = $2"
    );
    db.query(&sql)
        .bind(provider)
        .bind(transaction_id)
        .fetch_optional()
        .await
}

/// The shopper paid or cancelled; a transaction is decided once.
pub async fn finish(
    db: &Db,
    provider: &str,
    provider_ref: &str,
    paid: bool,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.query(
        "UPDATE sandbox_transactions
         SET status = $1, updated_at = $2
         WHERE provider = $3 AND provider_ref = $4 AND status = 'pending'",
    )
    .bind(if paid { "succeeded" } else { "failed" })
    .bind(now())
    .bind(provider)
    .bind(provider_ref)
    .execute()
    .await?;
    tx.commit().await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refunded {
    Done,
    /// The same refund reference again: already done, nothing more refunded.
    Repeat,
    /// Not a paid transaction, or more than what is left.
    Refused,
}

pub async fn refund(
    db: &Db,
    provider: &str,
    provider_ref: &str,
    refund_ref: &str,
    amount: i64,
) -> Result<Refunded, sqlx::Error> {
    let mut tx = db.begin().await?;
    let now = now();
    let new = tx
        .query(
            "INSERT INTO sandbox_refunds (provider, refund_ref, amount, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (provider, refund_ref) DO NOTHING",
        )
        .bind(provider)
        .bind(refund_ref)
        .bind(amount)
        .bind(now)
        .execute()
        .await?;
    if new == 0 {
        return Ok(Refunded::Repeat);
    }
    let applied = tx
        .query(
            "UPDATE sandbox_transactions
             SET refunded_amount = refunded_amount + $1, updated_at = $2
             WHERE provider = $3 AND provider_ref = $4 AND status = 'succeeded' AND
             refunded_amount + $1 <= amount",
        )
        .bind(amount)
        .bind(now)
        .bind(provider)
        .bind(provider_ref)
        .execute()
        .await?;
    if applied == 0 {
        return Ok(Refunded::Refused); // rolls back the refund record too
    }
    tx.commit().await?;
    Ok(Refunded::Done)
}
