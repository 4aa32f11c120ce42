//! Access tokens (HS256 JWTs, verified without a database call) and refresh
//! tokens (random, stored only as a hash, rotated on every use). Refresh tokens
//! form families: one login starts a family, each rotation adds to it, and
//! presenting a token that was already used revokes the whole family — a
//! stolen token then stops working for thief and owner alike.

use crate::error::IdentityError;
use cho_platform::db::{Db, Tx};
use cho_platform::secrets::{random_token, sha256_hex};
use cho_platform::{db_tx, new_id, now, ApiError};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::users::Role;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub token_type: &'static str,
}

pub fn issue_access_token(
    key: &[u8],
    user_id: Uuid,
    role: Role,
    ttl_secs: i64,
) -> anyhow::Result<String> {
    let iat = Utc::now().timestamp();
    let claims = Claims {
        sub: user_id,
        role,
        iat,
        exp: iat + ttl_secs,
    };
    Ok(jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key),
    )?)
}

#[cfg(test)]
fn verify_access_token(key: &[u8], token: &str) -> Result<Claims, ApiError> {
    verify_access_token_with(std::iter::once(key), token)
}

/// Verifies with the first of `keys` whose signature matches: the current key, then the
/// previous application secrets' during a rotation, so that nobody is signed out by it.
pub fn verify_access_token_with<'k>(
    keys: impl IntoIterator<Item = &'k [u8]>,
    token: &str,
) -> Result<Claims, ApiError> {
    use jsonwebtoken::errors::ErrorKind;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    for key in keys {
        match jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) if *e.kind() == ErrorKind::InvalidSignature => continue,
            Err(e) if *e.kind() == ErrorKind::ExpiredSignature => {
                return Err(IdentityError::TokenExpired.into())
            }
            Err(_) => break,
        }
    }
    Err(ApiError::unauthenticated("invalid access token"))
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
    db_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(new_id())
    .bind(user_id)
    .bind(family.unwrap_or_else(new_id))
    .bind(sha256_hex(token.as_bytes()))
    .bind(now + chrono::Duration::days(ttl_days))
    .bind(now)
    .execute(&mut *c)
    .await?.rows_affected()
    });
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
    let stored: Option<StoredToken> = db_tx!(tx, |c| {
        sqlx::query_as(
        "SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = $1"
    )
    .bind(&hash)
    .fetch_optional(&mut *c)
    .await?
    });
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
        None => db_tx!(tx, |c| sqlx::query(
            "UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL"
        )
        .bind(now)
        .bind(stored.id)
        .execute(&mut *c)
        .await?
        .rows_affected()),
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
    db_tx!(tx, |c| sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL"
    )
    .bind(now())
    .bind(family_id)
    .execute(&mut *c)
    .await?
    .rows_affected());
    Ok(())
}

/// Revokes the family `presented` belongs to (logout); false when the token is unknown.
pub async fn revoke(db: &Db, presented: &str) -> Result<bool, sqlx::Error> {
    let hash = sha256_hex(presented.as_bytes());
    let mut tx = db.begin().await?;
    let family: Option<Uuid> = db_tx!(&mut tx, |c| sqlx::query_scalar(
        "SELECT family_id FROM refresh_tokens WHERE token_hash = $1"
    )
    .bind(&hash)
    .fetch_optional(&mut *c)
    .await?);
    if let Some(family) = family {
        revoke_family(&mut tx, family).await?;
    }
    tx.commit().await?;
    Ok(family.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_tokens_verify_only_with_their_key() {
        let id = Uuid::now_v7();
        let token =
            issue_access_token(b"key-one-key-one-key-one-key-one!", id, Role::Staff, 60).unwrap();
        let claims = verify_access_token(b"key-one-key-one-key-one-key-one!", &token).unwrap();
        assert_eq!((claims.sub, claims.role), (id, Role::Staff));
        assert!(verify_access_token(b"key-two-key-two-key-two-key-two!", &token).is_err());
        let expired = issue_access_token(b"k", id, Role::Customer, -10).unwrap();
        assert!(
            matches!(verify_access_token(b"k", &expired), Err(e) if e.code() == "token_expired")
        );
    }

    #[test]
    fn tokens_of_a_previous_secret_verify_during_a_rotation() {
        let id = Uuid::now_v7();
        let (old, new): (&[u8], &[u8]) = (
            b"old-key-old-key-old-key-old-key!",
            b"new-key-new-key-new-key-new-key!",
        );
        let token = issue_access_token(old, id, Role::Admin, 60).unwrap();
        assert!(verify_access_token(new, &token).is_err());
        let claims = verify_access_token_with([new, old], &token).unwrap();
        assert_eq!(claims.sub, id);
        let expired = issue_access_token(old, id, Role::Admin, -10).unwrap();
        assert!(
            matches!(verify_access_token_with([new, old], &expired), Err(e) if e.code() == "token_expired")
        );
        assert!(verify_access_token_with([new], "not.a.token").is_err());
    }
}
