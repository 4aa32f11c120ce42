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
