//! Group commit of gateway callbacks. Callbacks that arrive together are
//! applied in one transaction ([`settle::apply_all`]): on PostgreSQL a few
//! set-wide statements and one commit for the group instead of six statements
//! per callback. A callback waits for nobody: a worker takes whatever is
//! queued the moment it is free, so at low traffic a group is one callback.
//!
//! Repeats of one callback may land in two groups at once; should their
//! row locks cross, PostgreSQL aborts one group and its callbacks are applied
//! one by one ([`settle::apply_all`]'s fallback): slower, never wrong.

use std::sync::Arc;

use cho_platform::{ApiError, AppState};
use tokio::sync::{mpsc, oneshot, Mutex};

use crate::gateway::Notification;
use crate::settle::{self, Applied, Delivery};

/// The most callbacks one transaction applies.
const MAX_GROUP: usize = 64;
/// Groups applied at once, each on a pooled connection of its own.
const WORKERS: usize = 4;

/// A handle on the workers; they stop once every handle is dropped.
#[derive(Clone)]
pub struct Settler {
    queue: mpsc::Sender<Job>,
}

struct Job {
    provider: &'static str,
    source: &'static str,
    notification: Notification,
    answer: oneshot::Sender<Result<Applied, ApiError>>,
}

impl Settler {
    /// Starts the workers on the current Tokio runtime.
    pub fn start(state: &AppState) -> Self {
        let (queue, jobs) = mpsc::channel(MAX_GROUP * WORKERS);
        let jobs = Arc::new(Mutex::new(jobs));
        for _ in 0..WORKERS {
            tokio::spawn(work(state.clone(), jobs.clone()));
        }
        Settler { queue }
    }

    /// Applies `notification` with whatever else is queued, as [`settle::apply`] would alone.
    pub async fn apply(
        &self,
        provider: &'static str,
        source: &'static str,
        notification: Notification,
    ) -> Result<Applied, ApiError> {
        let stopped = || ApiError::unavailable("payments are shutting down");
        let (answer, answered) = oneshot::channel();
        let job = Job {
            provider,
            source,
            notification,
            answer,
        };
        self.queue.send(job).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

async fn work(state: AppState, jobs: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let mut group = Vec::with_capacity(MAX_GROUP);
        if jobs.lock().await.recv_many(&mut group, MAX_GROUP).await == 0 {
            return; // every handle is gone
        }
        // A panic fails this group's callbacks (their gateways call again), not the worker.
        if let Err(err) = tokio::spawn(apply_group(state.clone(), group)).await {
            tracing::error!(error = %err, "applying a group of payment callbacks panicked");
        }
    }
}

async fn apply_group(state: AppState, group: Vec<Job>) {
    let deliveries: Vec<Delivery> = group
        .iter()
        .map(|job| Delivery {
            provider: job.provider,
            source: job.source,
            notification: &job.notification,
        })
        .collect();
    let answers = settle::apply_all(&state, &deliveries).await;
    for (job, answer) in group.into_iter().zip(answers) {
        // The caller may have gone (its request timed out); the outcome stands.
        let _ = job.answer.send(answer);
    }
}
