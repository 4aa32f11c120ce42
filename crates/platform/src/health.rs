//! Whether the database can be reached, known without asking it on every request.
//!
//! When PostgreSQL goes away, a pool would make each request wait for its acquire
//! timeout before failing. Instead the first failure marks the database down; requests
//! then answer 503 at once, and a watcher pings it a few times a second until it answers
//! again, so service comes back within a fraction of a second of the database.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::Connection;
use tokio::sync::{watch, Notify};

use crate::db::Db;

/// How often a down database is pinged, and how long one ping may take.
const RETRY_EVERY: Duration = Duration::from_millis(200);
const PING_TIMEOUT: Duration = Duration::from_secs(1);
/// How often a database believed up is pinged, so an outage with no traffic is noticed.
const CHECK_EVERY: Duration = Duration::from_secs(1);

#[derive(Clone, Default)]
pub struct DbHealth(Arc<Inner>);

#[derive(Default)]
struct Inner {
    down: AtomicBool,
    changed: Notify,
}

impl DbHealth {
    pub fn is_down(&self) -> bool {
        self.0.down.load(Ordering::Relaxed)
    }

    /// Records that a query could not reach the database.
    pub fn mark_down(&self) {
        if !self.0.down.swap(true, Ordering::Relaxed) {
            tracing::warn!("the database is unreachable: answering 503 until it is back");
            metrics::gauge!("cho_database_up").set(0.0);
            self.0.changed.notify_one();
        }
    }

    fn mark_up(&self) {
        if self.0.down.swap(false, Ordering::Relaxed) {
            tracing::info!("the database is reachable again");
        }
        metrics::gauge!("cho_database_up").set(1.0);
    }

    /// Pings the database until `stop`: often while it is down, once a second while up.
    ///
    /// The ping has a connection of its own, outside the pool: a pool that is merely busy
    /// must not look like an outage, and a refused connection must count at once rather
    /// than after the pool's retries. SQLite lives in this process and cannot go away.
    pub async fn watch(self, db: Db, mut stop: watch::Receiver<bool>) {
        let Db::Postgres(pool) = db else { return };
        let options = pool.connect_options();
        let mut connection = None;
        loop {
            let pause = if self.is_down() {
                RETRY_EVERY
            } else {
                CHECK_EVERY
            };
            tokio::select! {
                _ = stop.wait_for(|stop| *stop) => return,
                () = self.0.changed.notified() => {}
                () = tokio::time::sleep(pause) => {}
            }
            if ping(&options, &mut connection).await {
                self.mark_up();
            } else {
                self.mark_down();
            }
        }
    }
}

async fn ping(options: &PgConnectOptions, connection: &mut Option<PgConnection>) -> bool {
    let answered = tokio::time::timeout(PING_TIMEOUT, async {
        if connection.is_none() {
            *connection = Some(PgConnection::connect_with(options).await?);
        }
        match connection.as_mut() {
            Some(connection) => connection.ping().await,
            None => Ok(()),
        }
    })
    .await;
    let up = matches!(answered, Ok(Ok(())));
    if !up {
        *connection = None;
    }
    up
}
