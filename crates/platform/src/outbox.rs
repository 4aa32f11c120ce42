//! The transactional outbox: domain events are written in the same
//! transaction as the change that caused them, so none is lost or invented
//! by a crash. Publishers (webhooks, notifications) read them from here.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::db::{Db, Tx};
use crate::{db_read, db_tx, new_id, now};

/// Records `event_type` (e.g. `order.created`) about one aggregate.
pub async fn publish(
    tx: &mut Tx,
    event_type: &str,
    aggregate_type: &str,
    aggregate_id: Uuid,
    payload: &Value,
) -> Result<Uuid, sqlx::Error> {
    let id = new_id();
    db_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO outbox_events (id, event_type, aggregate_type, aggregate_id, payload, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(id)
    .bind(event_type)
    .bind(aggregate_type)
    .bind(aggregate_id)
    .bind(Json(payload))
    .bind(now())
    .execute(&mut *c)
    .await?.rows_affected()
    });
    Ok(id)
}

/// An event to record with [`publish_all`].
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event_type: &'static str,
    pub aggregate_type: &'static str,
    pub aggregate_id: Uuid,
    pub payload: Value,
}

/// Records several events at once: one statement on PostgreSQL, where each
/// statement is a round trip to the server; one per event on SQLite, where a
/// statement is a call into the library.
pub async fn publish_all(tx: &mut Tx, events: &[NewEvent]) -> Result<(), sqlx::Error> {
    let tx = match tx {
        Tx::Postgres(tx) if events.len() > 1 => tx,
        tx => {
            for event in events {
                let NewEvent {
                    event_type,
                    aggregate_type,
                    aggregate_id,
                    payload,
                } = event;
                publish(tx, event_type, aggregate_type, *aggregate_id, payload).await?;
            }
            return Ok(());
        }
    };
    let ids: Vec<Uuid> = events.iter().map(|_| new_id()).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type).collect();
    let aggregate_types: Vec<&str> = events.iter().map(|e| e.aggregate_type).collect();
    let aggregate_ids: Vec<Uuid> = events.iter().map(|e| e.aggregate_id).collect();
    let payloads: Vec<Json<&Value>> = events.iter().map(|e| Json(&e.payload)).collect();
    sqlx::query(
        "INSERT INTO outbox_events (id, event_type, aggregate_type, aggregate_id, payload, created_at)
         SELECT e.*, $6 FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::jsonb[]) AS e",
    )
    .bind(ids)
    .bind(types)
    .bind(aggregate_types)
    .bind(aggregate_ids)
    .bind(payloads)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: Uuid,
    pub event_type: String,
    pub aggregate_type: String,
    pub aggregate_id: Uuid,
    pub payload: Json<Value>,
    pub created_at: DateTime<Utc>,
}

/// The events recorded about one aggregate, oldest first.
pub async fn events_for(db: &Db, aggregate_id: Uuid) -> Result<Vec<Event>, sqlx::Error> {
    db_read!(db, |c| sqlx::query_as(
        "SELECT id, event_type, aggregate_type, aggregate_id, payload, created_at
         FROM outbox_events WHERE aggregate_id = $1 ORDER BY id"
    )
    .bind(aggregate_id)
    .fetch_all(c)
    .await)
}
