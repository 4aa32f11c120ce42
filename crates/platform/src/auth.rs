//! Who is calling: roles, access tokens (HS256 JWTs, verified without a database call)
//! and the extractors that authenticate a request from `Authorization: Bearer …`.
//! Identity issues the tokens; every module guards its routes with these extractors.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorKind};
use crate::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Staff,
    Admin,
}

crate::text_enum!(Role {
    Customer => "customer",
    Staff => "staff",
    Admin => "admin",
});

crate::id_type! {
    /// A user account: who a request acts for, who owns an order or an address.
    pub struct UserId;
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: UserId,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
}

pub fn issue_access_token(
    key: &[u8],
    user_id: UserId,
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

/// Verifies with the first of `keys` whose signature matches: the current key, then the
/// previous application secrets' during a rotation, so that nobody is signed out by it.
pub fn verify_access_token_with<'k>(
    keys: impl IntoIterator<Item = &'k [u8]>,
    token: &str,
) -> Result<Claims, ApiError> {
    use jsonwebtoken::errors::ErrorKind as Jwt;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    for key in keys {
        match jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) if *e.kind() == Jwt::InvalidSignature => continue,
            Err(e) if *e.kind() == Jwt::ExpiredSignature => {
                return Err(ApiError::new(
                    ErrorKind::Unauthorized,
                    "token_expired",
                    "access token expired",
                ))
            }
            Err(_) => break,
        }
    }
    Err(ApiError::unauthenticated("invalid access token"))
}

/// Any signed-in user.
#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
}

/// A signed-in user with the staff or admin role.
#[derive(Debug, Clone, Copy)]
pub struct StaffUser(pub AuthUser);

/// A signed-in user with the admin role.
#[derive(Debug, Clone, Copy)]
pub struct AdminUser(pub AuthUser);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<AuthUser>() {
            return Ok(*user);
        }
        let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthenticated("sign in first: the Authorization header is missing")
        })?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::unauthenticated("the Authorization header must be 'Bearer <accessToken>'")
            })?;
        let keys = std::iter::once(&state.keys.jwt)
            .chain(&state.keys.jwt_previous)
            .map(Vec::as_slice);
        let claims = verify_access_token_with(keys, token.trim())?;
        let user = AuthUser {
            id: claims.sub,
            role: claims.role,
        };
        parts.extensions.insert(user);
        Ok(user)
    }
}

impl FromRequestParts<AppState> for StaffUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        if user.role < Role::Staff {
            return Err(ApiError::forbidden("this action needs a staff account"));
        }
        Ok(StaffUser(user))
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = AuthUser::from_request_parts(parts, state).await?;
        if user.role != Role::Admin {
            return Err(ApiError::forbidden("this action needs an admin account"));
        }
        Ok(AdminUser(user))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify_access_token(key: &[u8], token: &str) -> Result<Claims, ApiError> {
        verify_access_token_with(std::iter::once(key), token)
    }

    #[test]
    fn access_tokens_verify_only_with_their_key() {
        let id = UserId::generate();
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
        let id = UserId::generate();
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
