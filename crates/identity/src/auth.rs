//! Extractors that authenticate the caller from `Authorization: Bearer …`.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use cho_platform::{ApiError, AppState};
use uuid::Uuid;

use crate::tokens::verify_access_token_with;
use crate::users::Role;

/// Any signed-in user.
#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: Uuid,
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
