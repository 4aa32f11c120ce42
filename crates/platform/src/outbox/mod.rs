//! The transactional outbox: domain events are written in the same
//! transaction as the change that caused them, so none is lost or invented
//! by a crash. [Consumers](consumers) read them from here, each from its own
//! durable cursor.
//!
//! Every event has a type ([`EventType`]): a name such as `order.paid`, the
//! version of its payload's shape, and a payload struct whose schema the
//! OpenAPI document publishes (see [`EventSchema`]). Modules declare their
//! types as constants; the composition root lists them.
//!
//! # Order
//!
//! Events are read in `(xid, position)` order, where `position` is taken from
//! a sequence at insert time and `xid` is the inserting transaction. On
//! PostgreSQL neither alone is commit order: a transaction holding position 5
//! may commit after one holding position 6, so a reader that had seen 6 and
//! moved its cursor past it would never see 5. Instead readers only look at
//! rows whose `xid` is below the oldest transaction still running
//! (`pg_snapshot_xmin(pg_current_snapshot())`). Every transaction below that
//! horizon has finished, and every new one gets a larger xid, so that set can
//! no longer gain rows: ordered by `(xid, position)` it only ever grows at the
//! end and a cursor into it skips nothing. The price is latency (an event
//! waits until every transaction older than its own has ended) and that order
//! is the order transactions *started writing*, not the order they committed:
//! consumers should read state from the payload rather than infer it from
//! the sequence of events. On SQLite there is one writer at a time, so insert
//! order is commit order: `xid` is always 0 and `position` alone decides.

pub mod consumers;

use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::types::Json;
use utoipa::openapi::{RefOr, Schema};
use uuid::Uuid;

use crate::db::{Db, Tx};
use crate::{new_id, now};

/// For implementing [`Consumer`] without depending on `async-trait` directly.
pub use async_trait::async_trait;
pub use consumers::{Consumer, ConsumerStatus, Runner};

/// A kind of event whose payload is a `P`: its name (`order.created`), the version of
/// the payload's shape, and the kind of aggregate it is about. A change to the shape
/// that could break a consumer is a new version.
pub struct EventType<P> {
    pub name: &'static str,
    pub version: i32,
    pub aggregate_type: &'static str,
    payload: PhantomData<fn(&P)>,
}

// Derives would demand `P: Clone`; an event type is only names and numbers.
impl<P> Clone for EventType<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P> Copy for EventType<P> {}

impl<P> std::fmt::Debug for EventType<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} v{}", self.name, self.version)
    }
}

impl<P> EventType<P> {
    pub const fn new(name: &'static str, version: i32, aggregate_type: &'static str) -> Self {
        Self {
            name,
            version,
            aggregate_type,
            payload: PhantomData,
        }
    }
}

impl<P: Serialize> EventType<P> {
    /// This event about `aggregate_id`, ready for [`publish_all`].
    pub fn event(&self, aggregate_id: Uuid, payload: &P) -> Result<NewEvent, sqlx::Error> {
        let payload = serde_json::to_value(payload).map_err(|e| sqlx::Error::Encode(e.into()))?;
        Ok(NewEvent {
            event_type: self.name,
            event_version: self.version,
            aggregate_type: self.aggregate_type,
            aggregate_id,
            payload,
        })
    }
}

impl<P: utoipa::ToSchema> EventType<P> {
    /// The entry of this type in the OpenAPI document.
    pub fn schema(&self) -> EventSchema {
        let mut nested = Vec::new();
        P::schemas(&mut nested);
        EventSchema {
            name: self.name,
            version: self.version,
            schema: P::schema(),
            nested,
        }
    }
}

/// An event type as the OpenAPI document describes it: a component schema named
/// `{name}.v{version}` (e.g. `order.paid.v1`) for its payload.
pub struct EventSchema {
    pub name: &'static str,
    pub version: i32,
    pub schema: RefOr<Schema>,
    /// Schemas the payload's schema refers to.
    pub nested: Vec<(String, RefOr<Schema>)>,
}

impl EventSchema {
    pub fn component_name(&self) -> String {
        format!("{}.v{}", self.name, self.version)
    }
}

/// Adds one component schema per event type to `openapi`.
pub fn document_events(openapi: &mut utoipa::openapi::OpenApi, types: Vec<EventSchema>) {
    let components = openapi.components.get_or_insert_with(Default::default);
    for event in types {
        let name = event.component_name();
        components.schemas.insert(name, event.schema);
        components.schemas.extend(event.nested);
    }
}

/// Records one event of type `event_type` about `aggregate_id`.
pub async fn publish<P: Serialize>(
    tx: &mut Tx,
    event_type: &EventType<P>,
    aggregate_id: Uuid,
    payload: &P,
) -> Result<Uuid, sqlx::Error> {
    insert(tx, &event_type.event(aggregate_id, payload)?).await
}

async fn insert(tx: &mut Tx, event: &NewEvent) -> Result<Uuid, sqlx::Error> {
    let id = new_id();
    // `position` and (on PostgreSQL) `xid` come from the columns' defaults.
    tx.query(
        "INSERT INTO outbox_events (id, event_type, event_version, aggregate_type, aggregate_id,
         payload, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(event.event_type)
    .bind(event.event_version)
    .bind(event.aggregate_type)
    .bind(event.aggregate_id)
    .bind(Json(&event.payload))
    .bind(now())
    .execute()
    .await?;
    Ok(id)
}

/// An event to record with [`publish_all`], made by [`EventType::event`].
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event_type: &'static str,
    pub event_version: i32,
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
                insert(tx, event).await?;
            }
            return Ok(());
        }
    };
    let ids: Vec<Uuid> = events.iter().map(|_| new_id()).collect();
    let types: Vec<&str> = events.iter().map(|e| e.event_type).collect();
    let versions: Vec<i32> = events.iter().map(|e| e.event_version).collect();
    let aggregate_types: Vec<&str> = events.iter().map(|e| e.aggregate_type).collect();
    let aggregate_ids: Vec<Uuid> = events.iter().map(|e| e.aggregate_id).collect();
    let payloads: Vec<Json<&Value>> = events.iter().map(|e| Json(&e.payload)).collect();
    // WITH ORDINALITY keeps the events' positions in the order given.
    sqlx::query(
        "INSERT INTO outbox_events (id, event_type, event_version, aggregate_type, aggregate_id,
         payload, created_at) SELECT e.id, e.event_type, e.event_version, e.aggregate_type,
         e.aggregate_id, e.payload, $7
         FROM UNNEST($1::uuid[], $2::text[], $3::int[], $4::text[], $5::uuid[], $6::jsonb[]) WITH
         ORDINALITY AS e (id, event_type, event_version, aggregate_type, aggregate_id, payload, n)
         ORDER BY e.n",
    )
    .bind(ids)
    .bind(types)
    .bind(versions)
    .bind(aggregate_types)
    .bind(aggregate_ids)
    .bind(payloads)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A recorded event, as consumers receive it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: Uuid,
    /// Where the event stands in the outbox's order (with `xid`, see the module docs).
    pub position: i64,
    pub xid: i64,
    pub event_type: String,
    pub event_version: i32,
    pub aggregate_type: String,
    pub aggregate_id: Uuid,
    pub payload: Json<Value>,
    pub created_at: DateTime<Utc>,
}

const EVENT_COLUMNS: &str = "id, position, xid, event_type, event_version, aggregate_type, aggregate_id, payload, created_at";

/// The events recorded about one aggregate, oldest first.
pub async fn events_for(db: &Db, aggregate_id: Uuid) -> Result<Vec<Event>, sqlx::Error> {
    let sql =
        format!("SELECT {EVENT_COLUMNS} FROM outbox_events WHERE aggregate_id = $1 ORDER BY id");
    db.query(&sql).bind(aggregate_id).fetch_all().await
}
