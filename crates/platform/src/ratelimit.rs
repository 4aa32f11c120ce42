//! Rate limits kept in the database, so every replica counts against the same
//! budget: a fixed window per key (e.g. `login:<ip>`), counted with one upsert.

use crate::db::Db;

/// Counts a hit on `key`; true while the key has made at most `limit` hits in
/// the current window of `window_secs`.
pub async fn allow(db: &Db, key: &str, limit: i64, window_secs: i64) -> Result<bool, sqlx::Error> {
    let window = chrono::Utc::now().timestamp() / window_secs.max(1);
    let mut tx = db.begin().await?;
    let hits: i64 = tx
        .query(
            "INSERT INTO rate_limits (key, window_start, hits)
             VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN
             rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1
             END, window_start = excluded.window_start
             RETURNING hits",
        )
        .bind(key)
        .bind(window)
        .scalar()
        .await?;
    tx.commit().await?;
    Ok(hits <= limit)
}

/// Seconds until the current fixed window of `window_secs` ends (at least 1).
pub fn seconds_left_in_window(window_secs: i64) -> u64 {
    let window = window_secs.max(1);
    let elapsed = chrono::Utc::now().timestamp().rem_euclid(window);
    (window - elapsed).max(1) as u64
}

/// Per-minute budgets per key, decided in memory; with [`SharedLimiter::sync`] running,
/// shared by every replica without a database write per request. (Never synced, it is a
/// per-process budget, e.g. for how much forged traffic is recorded.)
///
/// Each replica counts hits in memory and decides at once: a key is over its budget when
/// the hits the replicas had reported at the last sync, plus this replica's hits since,
/// exceed the limit. A sync ([`SharedLimiter::sync`], every second) adds this replica's
/// new hits to the key's row in `rate_limits` and reads back the shared total, so
/// replicas learn of each other's traffic within about a second.
#[derive(Debug, Default)]
pub struct SharedLimiter {
    window: std::sync::Mutex<SharedWindow>,
}

#[derive(Debug, Default)]
struct SharedWindow {
    minute: i64,
    keys: std::collections::HashMap<String, SharedCount>,
}

#[derive(Debug, Default, Clone, Copy)]
struct SharedCount {
    /// Every replica's hits as of the last sync.
    reported: i64,
    /// This replica's hits since then.
    unsynced: i64,
}

/// The answer to one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the budget; the window ends in this many seconds.
    Limited {
        retry_after_secs: u64,
    },
}

impl SharedLimiter {
    /// Keys tracked in one window; past it, new keys share one budget, so memory stays bounded.
    const MAX_KEYS: usize = 100_000;

    /// Counts a hit on `key` against `limit` per minute.
    pub fn hit(&self, key: &str, limit: i64) -> Verdict {
        let minute = chrono::Utc::now().timestamp() / 60;
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.minute != minute {
            *window = SharedWindow {
                minute,
                keys: Default::default(),
            };
        }
        let key = if window.keys.len() >= Self::MAX_KEYS && !window.keys.contains_key(key) {
            "overflow"
        } else {
            key
        };
        let count = window.keys.entry(key.to_owned()).or_default();
        count.unsynced += 1;
        if count.reported + count.unsynced <= limit {
            Verdict::Allowed
        } else {
            Verdict::Limited {
                retry_after_secs: seconds_left_in_window(60),
            }
        }
    }

    /// Reports this replica's new hits and learns the shared totals, in one transaction.
    pub async fn sync(&self, db: &Db) -> Result<(), sqlx::Error> {
        let (minute, pending): (i64, Vec<(String, i64)>) = {
            let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
            let pending = window
                .keys
                .iter_mut()
                .filter(|(_, count)| count.unsynced > 0)
                .map(|(key, count)| {
                    // Counted as reported now; the total read back replaces it.
                    count.reported += count.unsynced;
                    (key.clone(), std::mem::take(&mut count.unsynced))
                })
                .collect();
            (window.minute, pending)
        };
        if pending.is_empty() {
            return Ok(());
        }
        let mut totals = Vec::with_capacity(pending.len());
        let mut tx = db.begin().await?;
        for (key, hits) in &pending {
            let total: i64 = tx
                .query(
                    "INSERT INTO rate_limits (key, window_start, hits)
                     VALUES ($1, $2, $3)
                     ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN
                     rate_limits.window_start = excluded.window_start THEN
                     rate_limits.hits + excluded.hits ELSE excluded.hits END,
                     window_start = excluded.window_start
                     RETURNING hits",
                )
                .bind(format!("shared:{key}"))
                .bind(minute)
                .bind(hits)
                .scalar()
                .await?;
            totals.push(total);
        }
        tx.commit().await?;
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if window.minute == minute {
            for ((key, _), total) in pending.iter().zip(totals) {
                if let Some(count) = window.keys.get_mut(key) {
                    count.reported = count.reported.max(total);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_limited_past_its_budget_and_others_are_not() {
        let limiter = SharedLimiter::default();
        for _ in 0..3 {
            assert_eq!(limiter.hit("ip:1", 3), Verdict::Allowed);
        }
        assert!(matches!(
            limiter.hit("ip:1", 3),
            Verdict::Limited { retry_after_secs } if (1..=60).contains(&retry_after_secs)
        ));
        assert_eq!(limiter.hit("ip:2", 3), Verdict::Allowed);
    }
}
