//! Outbox consumers: each reads every event in order from its own durable
//! cursor (`outbox_cursors`), at least once.
//!
//! A batch is one transaction: claim the consumer's cursor row, read the
//! events after it, hand each wanted one to the consumer with that same
//! transaction, move the cursor past the batch, commit. The consumer's writes
//! and the cursor's advance therefore commit together or not at all. A
//! failure rolls the whole batch back, is recorded on the cursor row in a
//! transaction of its own, and the batch is tried again after a bounded
//! backoff; an event is never skipped, so a consumer that keeps failing stops
//! and its lag grows (visible in metrics and `GET /v1/admin/jobs`).
//!
//! Claiming the row keeps replicas from running one consumer at once: on
//! PostgreSQL `FOR UPDATE SKIP LOCKED` holds it for the batch's transaction
//! (another replica skips it); on SQLite the claim is the batch's first write,
//! which makes the transaction the single writer until it ends.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::watch;

use super::{Event, EVENT_COLUMNS};
use crate::db::{Backend, Db, Tx};
use crate::jobs::sleep_unless_shutdown;
use crate::now;

/// Something that reacts to outbox events: webhooks, search, notifications.
#[async_trait::async_trait]
pub trait Consumer: Send + Sync + 'static {
    /// The cursor's name; stable across releases (renaming starts from the oldest event).
    fn name(&self) -> &'static str;

    /// The event types (`order.paid`) it receives; empty for every event. Others
    /// move its cursor without calling [`Consumer::handle`].
    fn event_types(&self) -> &[&'static str];

    /// Handles one event inside the batch's transaction, which also moves the cursor.
    /// May be called more than once for an event (at least once), so it must be
    /// idempotent; an error rolls back the batch and retries it later.
    async fn handle(&self, tx: &mut Tx, event: &Event) -> anyhow::Result<()>;
}

/// Events read and handled in one transaction.
const BATCH_SIZE: i64 = 100;
/// How long a consumer with nothing to do waits before looking again.
const IDLE_POLL: Duration = Duration::from_millis(200);
/// Upper bound on one batch: on SQLite it holds the only writer, on PostgreSQL the claim.
const BATCH_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest wait between retries of a failing consumer.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Runs every registered consumer, one task each, until shutdown.
pub struct Runner {
    db: Db,
    consumers: Vec<Arc<dyn Consumer>>,
    idle_poll: Duration,
}

impl Runner {
    /// Fails when two consumers share a name (they would share a cursor).
    pub fn new(db: Db, consumers: Vec<Arc<dyn Consumer>>) -> anyhow::Result<Self> {
        let mut names = HashSet::new();
        for consumer in &consumers {
            anyhow::ensure!(
                names.insert(consumer.name()),
                "two outbox consumers are named {}",
                consumer.name()
            );
        }
        Ok(Self {
            db,
            consumers,
            idle_poll: IDLE_POLL,
        })
    }

    /// How long an idle consumer waits before polling again (tests shorten it).
    pub fn idle_poll(mut self, idle_poll: Duration) -> Self {
        self.idle_poll = idle_poll;
        self
    }

    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        if self.consumers.is_empty() {
            return;
        }
        let mut tasks = tokio::task::JoinSet::new();
        for consumer in self.consumers {
            let looping = ConsumerLoop {
                db: self.db.clone(),
                wanted: consumer.event_types().iter().copied().collect(),
                consumer,
                idle_poll: self.idle_poll,
            };
            tasks.spawn(looping.run(shutdown.clone()));
        }
        while tasks.join_next().await.is_some() {}
        tracing::info!("outbox consumers stopped");
    }
}

struct ConsumerLoop {
    db: Db,
    consumer: Arc<dyn Consumer>,
    wanted: HashSet<&'static str>,
    idle_poll: Duration,
}

/// What one batch came to.
enum Batch {
    /// This many events were read (and the wanted ones handled).
    Done(usize),
    /// Another replica holds the cursor, or it is backing off after a failure.
    NotClaimed,
}

/// Why a batch did not commit.
enum BatchError {
    /// The consumer failed (`attempts` failures in a row before this one).
    Consumer {
        error: anyhow::Error,
        attempts: i64,
    },
    Database(sqlx::Error),
}

impl From<sqlx::Error> for BatchError {
    fn from(err: sqlx::Error) -> Self {
        BatchError::Database(err)
    }
}

impl ConsumerLoop {
    async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let name = self.consumer.name();
        while !*shutdown.borrow() {
            if let Err(err) = register(&self.db, name).await {
                tracing::warn!(consumer = name, error = %err, "could not register an outbox consumer");
                sleep_unless_shutdown(Duration::from_secs(2), &mut shutdown).await;
                continue;
            }
            break;
        }
        while !*shutdown.borrow() {
            let pause = match self.batch().await {
                Ok(Batch::Done(read)) if read as i64 == BATCH_SIZE => continue,
                Ok(_) => self.idle_poll,
                Err(BatchError::Consumer { error, attempts }) => {
                    self.failed(&error, attempts).await;
                    self.idle_poll
                }
                Err(BatchError::Database(err)) => {
                    tracing::warn!(consumer = name, error = %err, "outbox consumer could not run a batch");
                    Duration::from_secs(2)
                }
            };
            sleep_unless_shutdown(pause, &mut shutdown).await;
        }
    }

    /// One transaction: claim, read, handle, advance, commit.
    async fn batch(&self) -> Result<Batch, BatchError> {
        let name = self.consumer.name();
        let mut tx = self.db.begin().await?;
        let Some(cursor) = claim(&mut tx, name).await? else {
            return Ok(Batch::NotClaimed);
        };
        let events = read_after(&mut tx, &cursor, BATCH_SIZE).await?;
        let Some(last) = events.last() else {
            return Ok(Batch::Done(0)); // dropping `tx` releases the claim
        };
        let (xid, position) = (last.xid, last.position);
        let handled = tokio::time::timeout(BATCH_TIMEOUT, self.handle_all(&mut tx, &events));
        let outcome = match handled.await {
            Ok(outcome) => outcome,
            Err(_) => Err(anyhow::anyhow!("batch timed out after {BATCH_TIMEOUT:?}")),
        };
        if let Err(error) = outcome {
            let attempts = cursor.attempts;
            return Err(BatchError::Consumer { error, attempts });
        }
        advance(&mut tx, name, xid, position).await?;
        tx.commit().await?;
        metrics::counter!("cho_outbox_events_consumed_total", "consumer" => name)
            .increment(events.len() as u64);
        Ok(Batch::Done(events.len()))
    }

    async fn handle_all(&self, tx: &mut Tx, events: &[Event]) -> anyhow::Result<()> {
        let wanted = events
            .iter()
            .filter(|e| self.wanted.is_empty() || self.wanted.contains(e.event_type.as_str()));
        for event in wanted {
            self.consumer.handle(tx, event).await.map_err(|err| {
                err.context(format!(
                    "event {} ({} v{}, position {})",
                    event.id, event.event_type, event.event_version, event.position
                ))
            })?;
        }
        Ok(())
    }

    async fn failed(&self, error: &anyhow::Error, attempts: i64) {
        let name = self.consumer.name();
        let delay = backoff(attempts + 1);
        metrics::counter!("cho_outbox_consumer_failures_total", "consumer" => name).increment(1);
        tracing::warn!(consumer = name, attempt = attempts + 1, retry_in = ?delay, error = format!("{error:#}"), "outbox consumer failed");
        if let Err(err) = record_failure(&self.db, name, &format!("{error:#}"), delay).await {
            tracing::error!(consumer = name, error = %err, "could not record an outbox consumer's failure");
        }
    }
}

/// Delay before retry `attempt` (1-based): 1, 2, 4 … seconds, capped at [`MAX_BACKOFF`].
pub fn backoff(attempt: i64) -> Duration {
    let exponent = attempt.clamp(1, 16) as u32 - 1;
    Duration::from_secs(1u64 << exponent).min(MAX_BACKOFF)
}

/// A consumer's place in the outbox: the last handled event's `(xid, position)`.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Cursor {
    xid: i64,
    position: i64,
    attempts: i64,
}

/// Creates the consumer's cursor if it has none: a new consumer starts at the oldest
/// event still kept.
pub async fn register(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.query(
        "INSERT INTO outbox_cursors (consumer, updated_at)
         VALUES ($1, $2)
         ON CONFLICT (consumer) DO NOTHING",
    )
    .bind(name)
    .bind(now())
    .execute()
    .await?;
    tx.commit().await
}

/// Takes the consumer's cursor for this transaction, unless another replica holds it
/// or it is waiting out a failure's backoff.
async fn claim(tx: &mut Tx, name: &str) -> Result<Option<Cursor>, sqlx::Error> {
    let due = "consumer = $1 AND (retry_at IS NULL OR retry_at <= $2)";
    let sql = match tx.backend() {
        Backend::Postgres => format!(
            "SELECT xid, position, attempts FROM outbox_cursors WHERE {due} FOR UPDATE SKIP LOCKED"
        ),
        // A write first, so this transaction is the writer from the start.
        Backend::Sqlite => format!(
            "UPDATE outbox_cursors
             SET attempts = attempts
             WHERE {due}
             RETURNING xid, position, attempts"
        ),
    };
    tx.query(&sql).bind(name).bind(now()).fetch_optional().await
}

/// Up to `limit` events after `cursor`, in order, from the prefix of the outbox that
/// can no longer change (see the [module docs](super)).
async fn read_after(tx: &mut Tx, cursor: &Cursor, limit: i64) -> Result<Vec<Event>, sqlx::Error> {
    let settled = match tx.backend() {
        Backend::Postgres => "AND xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "SELECT {EVENT_COLUMNS}
         FROM outbox_events
         WHERE (xid, position) > ($1, $2) {settled}
         ORDER BY xid, position
         LIMIT $3"
    );
    tx.query(&sql)
        .bind(cursor.xid)
        .bind(cursor.position)
        .bind(limit)
        .fetch_all()
        .await
}

/// Moves the cursor past `(xid, position)` and clears any recorded failure.
async fn advance(tx: &mut Tx, name: &str, xid: i64, position: i64) -> Result<(), sqlx::Error> {
    tx.query(
        "UPDATE outbox_cursors
         SET xid = $1, position = $2, attempts = 0, last_error = NULL, failing_since = NULL,
         retry_at = NULL, updated_at = $3
         WHERE consumer = $4",
    )
    .bind(xid)
    .bind(position)
    .bind(now())
    .bind(name)
    .execute()
    .await?;
    Ok(())
}

async fn record_failure(
    db: &Db,
    name: &str,
    error: &str,
    delay: Duration,
) -> Result<(), sqlx::Error> {
    let now = now();
    let retry_at = now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    let mut tx = db.begin().await?;
    tx.query(
        "UPDATE outbox_cursors
         SET attempts = attempts + 1, last_error = $1, failing_since = COALESCE(failing_since,
         $2), retry_at = $3
         WHERE consumer = $4",
    )
    .bind(error)
    .bind(now)
    .bind(retry_at)
    .bind(name)
    .execute()
    .await?;
    tx.commit().await
}

/// A consumer's progress, for metrics and the admin endpoint.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerStatus {
    pub name: String,
    /// The position of the last event it handled (0 before the first).
    pub position: i64,
    /// Events recorded after its cursor, not yet handled.
    pub lag: i64,
    /// Failures in a row; 0 when its last batch succeeded.
    pub attempts: i64,
    pub last_error: Option<String>,
    pub failing_since: Option<DateTime<Utc>>,
    /// When its cursor last moved (or was created).
    pub updated_at: DateTime<Utc>,
}

/// Every consumer that has a cursor, with its lag.
pub async fn statuses(db: &Db) -> Result<Vec<ConsumerStatus>, sqlx::Error> {
    db.query(
        "SELECT c.consumer AS name, c.position, c.attempts, c.last_error, c.failing_since,
         c.updated_at, (SELECT COUNT(*) FROM outbox_events e WHERE (e.xid, e.position) > (c.xid,
         c.position)) AS lag
         FROM outbox_cursors c
         ORDER BY c.consumer",
    )
    .fetch_all()
    .await
}

/// Events deleted per statement, so a purge never holds locks for long.
const PURGE_BATCH: i64 = 1000;

/// Deletes events older than `retention` that every consumer's cursor has passed
/// (every cursor in the table: a consumer that is not running in this release still
/// holds events back until its row is deleted). Returns how many it deleted.
pub async fn purge(db: &Db, retention: chrono::Duration) -> Result<u64, sqlx::Error> {
    let cutoff = now() - retention;
    let mut deleted = 0;
    loop {
        let mut tx = db.begin().await?;
        let batch = tx.query(
            // `position IN`, not `(xid, position) IN`: SQLite finds no rows for the
            // row-value form of this statement.
            "DELETE FROM outbox_events WHERE position IN (
                 SELECT e.position FROM outbox_events e
                 WHERE e.created_at < $1
                   AND NOT EXISTS (SELECT 1 FROM outbox_cursors c WHERE (c.xid, c.position) < (e.xid, e.position))
                 ORDER BY e.xid, e.position LIMIT $2)"
        )
        .bind(cutoff)
        .bind(PURGE_BATCH)
        .execute()
        .await?;
        tx.commit().await?;
        deleted += batch;
        if batch < PURGE_BATCH as u64 {
            return Ok(deleted);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_and_is_bounded() {
        assert_eq!(backoff(1), Duration::from_secs(1));
        assert_eq!(backoff(2), Duration::from_secs(2));
        assert_eq!(backoff(4), Duration::from_secs(8));
        assert_eq!(backoff(400), Duration::from_secs(60));
    }
}
