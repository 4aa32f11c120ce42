//! What the back office reads about payments: attempts newest first, filtered by
//! status and gateway, and one attempt with every callback that named it.

use cho_platform::db::Db;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::attempts::{self, Attempt, AttemptStatus};

/// Which attempts to list: all of them unless a status or a gateway is given.
#[derive(Debug, Default, Clone)]
pub struct AttemptFilter {
    pub status: Option<AttemptStatus>,
    pub provider: Option<String>,
    /// Only attempts older than this one: the next page.
    pub before: Option<Uuid>,
}

/// Up to `limit` attempts, newest first (ids are time-ordered).
pub async fn attempts(
    db: &Db,
    filter: &AttemptFilter,
    limit: i64,
) -> Result<Vec<Attempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM payments
         WHERE ($1 IS NULL OR status = $1) AND ($2 IS NULL OR provider = $2) AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC
         LIMIT $4",
        attempts::COLUMNS
    );
    db.query(&sql)
        .bind(filter.status.map(|s| s.as_str()))
        .bind(filter.provider.as_deref())
        .bind(filter.before)
        .bind(limit)
        .fetch_all()
        .await
}

/// A callback a gateway sent us, as it was kept.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Callback {
    pub received_at: DateTime<Utc>,
    /// `ipn:succeeded`, `return:already_settled`, `callback:bad_signature`, …
    pub outcome: String,
    pub payload: Json<Value>,
}

/// One attempt, the notification that settled it (if one did), and every other
/// callback that named its reference, oldest first.
pub struct AttemptHistory {
    pub attempt: Attempt,
    pub settled_by: Option<Value>,
    pub callbacks: Vec<Callback>,
}

pub async fn attempt(db: &Db, id: Uuid) -> Result<Option<AttemptHistory>, sqlx::Error> {
    let Some(attempt) = attempts::get(db, id).await? else {
        return Ok(None);
    };
    let settled_by: Option<Option<Json<Value>>> = db
        .query("SELECT provider_payload FROM payments WHERE id = $1")
        .bind(id)
        .scalar_optional()
        .await?;
    let callbacks = db
        .query(
            "SELECT created_at AS received_at, outcome, payload FROM payment_callbacks
             WHERE provider = $1 AND provider_ref = $2
             ORDER BY created_at, id",
        )
        .bind(&attempt.provider)
        .bind(&attempt.provider_ref)
        .fetch_all()
        .await?;
    Ok(Some(AttemptHistory {
        settled_by: settled_by.flatten().map(|payload| payload.0),
        callbacks,
        attempt,
    }))
}

/// The callbacks refused before they could name an attempt (a forged signature, another
/// merchant's, malformed), newest first: what an attack or a misconfiguration looks like.
pub async fn refused_callbacks(
    db: &Db,
    limit: i64,
) -> Result<Vec<(String, Callback)>, sqlx::Error> {
    let rows: Vec<(String, DateTime<Utc>, String, Json<Value>)> = db
        .query(
            "SELECT provider, created_at, outcome, payload FROM payment_callbacks
             WHERE provider_ref IS NULL
             ORDER BY created_at DESC, id DESC
             LIMIT $1",
        )
        .bind(limit)
        .fetch_all()
        .await?;
    Ok(rows
        .into_iter()
        .map(|(provider, received_at, outcome, payload)| {
            let callback = Callback {
                received_at,
                outcome,
                payload,
            };
            (provider, callback)
        })
        .collect())
}
