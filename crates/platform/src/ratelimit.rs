//! Rate limits kept in the database, so every replica counts against the same
//! budget: a fixed window per key (e.g. `login:<ip>`), counted with one upsert.

use crate::db::Db;
use crate::db_tx;

/// Counts a hit on `key`; true while the key has made at most `limit` hits in
/// the current window of `window_secs`.
pub async fn allow(db: &Db, key: &str, limit: i64, window_secs: i64) -> Result<bool, sqlx::Error> {
    let window = chrono::Utc::now().timestamp() / window_secs.max(1);
    let mut tx = db.begin().await?;
    let hits: i64 = db_tx!(&mut tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END,
           window_start = excluded.window_start
         RETURNING hits"
    )
    .bind(key)
    .bind(window)
    .fetch_one(&mut *c)
    .await?
    });
    tx.commit().await?;
    Ok(hits <= limit)
}

/// Seconds until the current fixed window of `window_secs` ends (at least 1).
pub fn seconds_left_in_window(window_secs: i64) -> u64 {
    let window = window_secs.max(1);
    let elapsed = chrono::Utc::now().timestamp().rem_euclid(window);
    (window - elapsed).max(1) as u64
}

/// A per-process budget of events per key per minute (a fixed window), for limits that
/// need not be shared between replicas, such as how much forged traffic is recorded.
/// Memory is bounded: the window's counts are dropped when it ends, and past
/// `MAX_KEYS` keys in one window a new key gets no budget.
#[derive(Debug, Default)]
pub struct LocalLimiter {
    window: std::sync::Mutex<(i64, std::collections::HashMap<String, u32>)>,
}

impl LocalLimiter {
    const MAX_KEYS: usize = 10_000;

    /// Counts an event for `key`; true while the key has had at most `limit` this minute.
    pub fn allow(&self, key: &str, limit: u32) -> bool {
        let minute = chrono::Utc::now().timestamp() / 60;
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.0 != minute {
            *window = (minute, Default::default());
        }
        let counts = &mut window.1;
        if !counts.contains_key(key) && counts.len() >= Self::MAX_KEYS {
            return false;
        }
        let count = counts.entry(key.to_owned()).or_default();
        *count += 1;
        *count <= limit
    }
}
