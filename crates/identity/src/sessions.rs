//! Browser sessions: what a signed-in cookie stands for. The cookie carries a random
//! token; the table keeps only its SHA-256, so a copy of the database opens no session.
//! Signing out deletes the row; an expired or disabled account's session finds nothing.

use cho_platform::auth::{Role, UserId};
use cho_platform::db::Db;
use cho_platform::now;
use cho_platform::secrets::{random_token, sha256_hex};

/// Whose session a cookie opens.
#[derive(Debug, Clone)]
pub struct BrowserSession {
    pub user_id: UserId,
    pub role: Role,
    pub full_name: String,
}

/// Opens a session for `user_id` lasting `ttl_days`; returns the cookie's token.
pub async fn open(db: &Db, user_id: UserId, ttl_days: i64) -> Result<String, sqlx::Error> {
    let token = random_token(32);
    let now = now();
    let mut tx = db.begin().await?;
    tx.query(
        "INSERT INTO browser_sessions (token_hash, user_id, expires_at, created_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(sha256_hex(token.as_bytes()))
    .bind(user_id)
    .bind(now + chrono::Duration::days(ttl_days))
    .bind(now)
    .execute()
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The session of `token`, if it is open, unexpired and its account active.
pub async fn find(db: &Db, token: &str) -> Result<Option<BrowserSession>, sqlx::Error> {
    let row: Option<(UserId, String, String)> = db
        .query(
            "SELECT u.id, u.role, u.full_name
             FROM browser_sessions s
             JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.status = 'active'",
        )
        .bind(sha256_hex(token.as_bytes()))
        .bind(now())
        .fetch_optional()
        .await?;
    Ok(row.map(|(user_id, role, full_name)| BrowserSession {
        user_id,
        role: Role::parse(&role).unwrap_or(Role::Customer),
        full_name,
    }))
}

/// Closes the session of `token` (signing out); closing twice is harmless.
pub async fn close(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.query("DELETE FROM browser_sessions WHERE token_hash = $1")
        .bind(sha256_hex(token.as_bytes()))
        .execute()
        .await?;
    tx.commit().await
}

/// Deletes expired sessions (the hourly clean-up job).
pub async fn purge_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let purged = tx
        .query("DELETE FROM browser_sessions WHERE expires_at < $1")
        .bind(now())
        .execute()
        .await?;
    tx.commit().await?;
    Ok(purged)
}
