//! The durable job queue, in the same database as everything else.
//!
//! A job is enqueued inside the transaction that makes it necessary (placing
//! an order schedules its expiry), so it exists exactly when that change does.
//! Workers claim one job at a time with a lease: on PostgreSQL the claim uses
//! `FOR UPDATE SKIP LOCKED` so workers never wait on each other; on SQLite the
//! single writer makes the claiming `UPDATE … RETURNING` atomic by itself. A
//! worker that dies mid-job leaves the lease to expire and the job is claimed
//! again, so handlers must be idempotent. Failures back off exponentially and
//! a job that keeps failing is dead-lettered (status `dead`) for an operator.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::types::Json;
use tokio::sync::watch;
use uuid::Uuid;

use crate::db::{Backend, Db, Tx};
use crate::{new_id, now};

/// How long a claimed job may run before another worker may take it over.
const LEASE: Duration = Duration::from_secs(300);
/// How long an idle worker waits before looking for work again.
const IDLE_POLL: Duration = Duration::from_millis(250);

/// Enqueues a job to run at `run_at`. With a `dedupe_key`, a job with the same
/// key that is still pending makes this a no-op (used by periodic jobs).
pub async fn enqueue(
    tx: &mut Tx,
    kind: &str,
    payload: &Value,
    run_at: DateTime<Utc>,
    dedupe_key: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = now();
    tx.query(
        "INSERT INTO jobs (id, kind, payload, status, attempts, run_at, dedupe_key, created_at,
         updated_at)
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(kind)
    .bind(Json(payload))
    .bind(run_at)
    .bind(dedupe_key)
    .bind(now)
    .execute()
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub payload: Json<Value>,
    pub attempts: i64,
}

type HandlerFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;
type Handler = Arc<dyn Fn(Value) -> HandlerFuture + Send + Sync>;

/// Job kinds and the functions that run them.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Handler>,
    periodic: Vec<(&'static str, Duration)>,
}

impl Registry {
    pub fn register<F, Fut>(&mut self, kind: &'static str, handler: F) -> &mut Self
    where
        F: Fn(Value) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.handlers
            .insert(kind, Arc::new(move |payload| Box::pin(handler(payload))));
        self
    }

    /// Runs `kind` (already registered) every `every`, once across all workers.
    pub fn every(&mut self, kind: &'static str, every: Duration) -> &mut Self {
        self.periodic.push((kind, every));
        self
    }
}

pub struct Worker {
    pub db: Db,
    pub registry: Registry,
    pub concurrency: usize,
    pub max_attempts: i64,
}

impl Worker {
    /// Runs until `shutdown` turns true; a job in progress is finished first.
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        let worker = Arc::new(self);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..worker.concurrency.max(1) {
            let (worker, shutdown) = (worker.clone(), shutdown.clone());
            tasks.spawn(async move { worker.work_loop(shutdown).await });
        }
        for &(kind, every) in &worker.registry.periodic {
            let (db, shutdown) = (worker.db.clone(), shutdown.clone());
            tasks.spawn(async move { schedule_loop(db, kind, every, shutdown).await });
        }
        while tasks.join_next().await.is_some() {}
        tracing::info!("job worker stopped");
    }

    /// Runs, one after another, every job that is due at `at` (a job due later than now,
    /// when `at` is in the future), and returns how many ran. A test moves time forward
    /// this way instead of sleeping until a job is due.
    pub async fn run_due(&self, at: DateTime<Utc>) -> Result<usize, sqlx::Error> {
        let mut ran = 0;
        while let Some(job) = claim_due(&self.db, at).await? {
            self.execute(job).await;
            ran += 1;
        }
        Ok(ran)
    }

    async fn work_loop(&self, mut shutdown: watch::Receiver<bool>) {
        while !*shutdown.borrow() {
            match claim(&self.db).await {
                Ok(Some(job)) => self.execute(job).await,
                Ok(None) => sleep_unless_shutdown(IDLE_POLL, &mut shutdown).await,
                Err(err) => {
                    tracing::warn!(error = %err, "could not claim a job");
                    sleep_unless_shutdown(Duration::from_secs(2), &mut shutdown).await;
                }
            }
        }
    }

    async fn execute(&self, job: Job) {
        let outcome = match self.registry.handlers.get(job.kind.as_str()) {
            Some(handler) => {
                match tokio::time::timeout(LEASE, handler(job.payload.0.clone())).await {
                    Ok(result) => result,
                    Err(_) => Err(anyhow::anyhow!("timed out after {LEASE:?}")),
                }
            }
            None => Err(anyhow::anyhow!("no handler for job kind {}", job.kind)),
        };
        let recorded = match &outcome {
            Ok(()) => finish(&self.db, job.id).await,
            Err(err) => fail(&self.db, &job, &format!("{err:#}"), self.max_attempts).await,
        };
        let label = match (&outcome, job.attempts >= self.max_attempts) {
            (Ok(()), _) => "succeeded",
            (Err(_), false) => "retried",
            (Err(_), true) => "dead",
        };
        metrics::counter!("cho_jobs_processed_total", "kind" => job.kind.clone(), "outcome" => label).increment(1);
        if let Err(err) = &outcome {
            tracing::warn!(job_id = %job.id, kind = %job.kind, attempt = job.attempts, outcome = label, error = %err, "job failed");
        }
        if let Err(err) = recorded {
            tracing::error!(job_id = %job.id, error = %err, "could not record job outcome; its lease will expire and it will run again");
        }
    }
}

/// Waits `duration`, or less when shutdown is asked for meanwhile.
pub(crate) async fn sleep_unless_shutdown(
    duration: Duration,
    shutdown: &mut watch::Receiver<bool>,
) {
    tokio::select! {
        _ = tokio::time::sleep(duration) => {}
        _ = shutdown.changed() => {}
    }
}

async fn schedule_loop(
    db: Db,
    kind: &'static str,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    while !*shutdown.borrow() {
        let scheduled = async {
            let mut tx = db.begin().await?;
            enqueue(&mut tx, kind, &Value::Null, now(), Some(kind)).await?;
            tx.commit().await
        };
        if let Err(err) = scheduled.await {
            tracing::warn!(kind, error = %err, "could not schedule periodic job");
        }
        sleep_unless_shutdown(every, &mut shutdown).await;
    }
}

/// Takes the next due job (or one whose lease expired) and leases it.
pub async fn claim(db: &Db) -> Result<Option<Job>, sqlx::Error> {
    claim_due(db, now()).await
}

/// [`claim`] as of the time `now`.
async fn claim_due(db: &Db, now: DateTime<Utc>) -> Result<Option<Job>, sqlx::Error> {
    let lease_until = now + chrono::Duration::from_std(LEASE).expect("lease fits");
    let due = "(status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)";
    let sql = match db.backend() {
        Backend::Postgres => format!(
            "UPDATE jobs
             SET status = 'running', attempts = attempts + 1, locked_until = $1, updated_at = $2
             WHERE id = (SELECT id FROM jobs WHERE {due} ORDER BY run_at LIMIT 1 FOR UPDATE SKIP
             LOCKED)
             RETURNING id, kind, payload, attempts"
        ),
        Backend::Sqlite => format!(
            "UPDATE jobs
             SET status = 'running', attempts = attempts + 1, locked_until = $1, updated_at = $2
             WHERE id = (SELECT id FROM jobs WHERE {due} ORDER BY run_at LIMIT 1)
             RETURNING id, kind, payload, attempts"
        ),
    };
    let mut tx = db.begin().await?;
    let job = tx
        .query(&sql)
        .bind(lease_until)
        .bind(now)
        .fetch_optional::<Job>()
        .await?;
    tx.commit().await?;
    Ok(job)
}

async fn finish(db: &Db, id: Uuid) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.query("DELETE FROM jobs WHERE id = $1")
        .bind(id)
        .execute()
        .await?;
    tx.commit().await
}

async fn fail(db: &Db, job: &Job, error: &str, max_attempts: i64) -> Result<(), sqlx::Error> {
    let now = now();
    let mut tx = db.begin().await?;
    if job.attempts >= max_attempts {
        // Dead jobs give up their dedupe key so a periodic job keeps being scheduled.
        tx.query(
            "UPDATE jobs
             SET status = 'dead', last_error = $1, locked_until = NULL, dedupe_key = NULL,
             updated_at = $2
             WHERE id = $3",
        )
        .bind(error)
        .bind(now)
        .bind(job.id)
        .execute()
        .await?;
    } else {
        tx.query(
            "UPDATE jobs
             SET status = 'queued', last_error = $1, locked_until = NULL, run_at = $2,
             updated_at = $3
             WHERE id = $4",
        )
        .bind(error)
        .bind(now + backoff(job.attempts))
        .bind(now)
        .bind(job.id)
        .execute()
        .await?;
    }
    tx.commit().await
}

/// Delay before retry `attempt` (1-based): 2, 4, 8 … seconds, capped at an hour.
pub fn backoff(attempt: i64) -> chrono::Duration {
    let exponent = attempt.clamp(1, 12) as u32;
    chrono::Duration::seconds((1i64 << exponent).min(3600))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueDepth {
    pub kind: String,
    pub status: String,
    pub count: i64,
}

/// Jobs per kind and status, for metrics and the admin endpoint.
pub async fn depth(db: &Db) -> Result<Vec<QueueDepth>, sqlx::Error> {
    db.query(
        "SELECT kind, status, COUNT(*) AS count
         FROM jobs
         GROUP BY kind, status
         ORDER BY kind, status",
    )
    .fetch_all()
    .await
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeadJob {
    pub id: Uuid,
    pub kind: String,
    #[schema(value_type = Object)]
    pub payload: Json<Value>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

pub async fn dead_jobs(db: &Db, limit: i64) -> Result<Vec<DeadJob>, sqlx::Error> {
    db.query(
        "SELECT id, kind, payload, attempts, last_error, updated_at
         FROM jobs
         WHERE status = 'dead'
         ORDER BY updated_at DESC
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all()
    .await
}

/// Puts a dead job back in the queue with a fresh attempt budget; false if no such dead job.
pub async fn retry_dead(db: &Db, id: Uuid) -> Result<bool, sqlx::Error> {
    let now = now();
    let mut tx = db.begin().await?;
    let updated = tx
        .query(
            "UPDATE jobs
             SET status = 'queued', attempts = 0, run_at = $1, updated_at = $1
             WHERE id = $2 AND status = 'dead'",
        )
        .bind(now)
        .bind(id)
        .execute()
        .await?;
    tx.commit().await?;
    Ok(updated == 1)
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1).num_seconds(), 2);
        assert_eq!(backoff(2).num_seconds(), 4);
        assert_eq!(backoff(5).num_seconds(), 32);
        assert_eq!(backoff(40).num_seconds(), 3600);
    }
}
