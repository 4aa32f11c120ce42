//! Access tokens (HS256 JWTs, verified without a database call) and refresh
//! tokens (random, stored only as a hash, rotated on every use). Refresh tokens
//! form families: one login starts a family, each rotation adds to it, and
//! presenting a token that was already used revokes the whole family — a
//! stolen token then stops working for thief and owner alike.

use cho_platform::db::{Db, Tx};
use cho_platform::secrets::{random_token, sha256_hex};
use cho_platform::{new_id, now};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub token_type: &'static str,
}

/// Stores a new refresh token in `family` (a new family when `None`) and returns it.
pub async fn insert_refresh_token(
    tx: &mut Tx,
    user_id: Uuid,
    family: Option<Uuid>,
    ttl_days: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token(32);
    let now = now();
    tx.query(
        "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id())
    .bind(user_id)
    .bind(family.unwrap_or_else(new_id))
    .bind(sha256_hex(token.as_bytes()))
    .bind(now + chrono::Duration::days(ttl_days))
    .bind(now)
    .execute()
    .await?;
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct StoredToken {
    id: Uuid,
    user_id: Uuid,
    family_id: Uuid,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

pub enum Rotation {
    Rotated {
        user_id: Uuid,
        token: String,
    },
    /// Unknown, expired or revoked: nothing changed.
    Invalid,
    /// A used token came back: its family is now revoked. Commit the transaction.
    Reused {
        user_id: Uuid,
    },
}

/// Marks `presented` used and issues its successor in the same family.
pub async fn rotate(tx: &mut Tx, presented: &str, ttl_days: i64) -> Result<Rotation, sqlx::Error> {
    let hash = sha256_hex(presented.as_bytes());
    let stored: Option<StoredToken> = tx
        .query(
            "SELECT id, user_id, family_id, expires_at, used_at, revoked_at
             FROM refresh_tokens
             WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional()
        .await?;
    let Some(stored) = stored else {
        return Ok(Rotation::Invalid);
    };
    let now = now();
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    // The conditional update decides races: of two concurrent uses only one marks it.
    let marked = match stored.used_at {
        Some(_) => 0,
        None => {
            tx.query("UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(now)
                .bind(stored.id)
                .execute()
                .await?
        }
    };
    if marked == 0 {
        revoke_family(tx, stored.family_id).await?;
        return Ok(Rotation::Reused {
            user_id: stored.user_id,
        });
    }
    let token = insert_refresh_token(tx, stored.user_id, Some(stored.family_id), ttl_days).await?;
    Ok(Rotation::Rotated {
        user_id: stored.user_id,
        token,
    })
}

pub async fn revoke_family(tx: &mut Tx, family_id: Uuid) -> Result<(), sqlx::Error> {
    tx.query(
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(family_id)
    .execute()
    .await?;
    Ok(())
}

/// Revokes the family `presented` belongs to (logout); false when the token is unknown.
pub async fn revoke(db: &Db, presented: &str) -> Result<bool, sqlx::Error> {
    let hash = sha256_hex(presented.as_bytes());
    let mut tx = db.begin().await?;
    let family: Option<Uuid> = tx
        .query("SELECT family_id FROM refresh_tokens WHERE token_hash = $1")
        .bind(&hash)
        .scalar_optional()
        .await?;
    if let Some(family) = family {
        revoke_family(&mut tx, family).await?;
    }
    tx.commit().await?;
    Ok(family.is_some())
}
