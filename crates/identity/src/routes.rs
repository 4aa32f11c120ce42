//! `/v1/auth/*` and `/v1/users/me*`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{ClientInfo, Json as Body, Path};
use cho_platform::{ApiError, ApiResult, AppState};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::account::{self, PasswordChange, ProfileChange};
use crate::addresses::{self, AddressRequest, AddressView};
use crate::error::IdentityError;
use crate::settings::IdentitySettings;
use crate::sign_in::{self, Credentials};
use crate::tokens::{self, Rotation, TokenPair};
use crate::users::{self, NewUser, UserView};
use cho_platform::auth::{self, AuthUser, Role, UserId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh_token))
        .routes(routes!(logout))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(list_addresses, create_address))
        .routes(routes!(get_address, update_address, delete_address))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RegisterRequest {
    #[schema(example = "an.nguyen@example.vn")]
    email: Option<String>,
    #[schema(example = "Mật-khẩu-đủ-dài")]
    password: String,
    #[schema(example = "Nguyễn Văn An")]
    full_name: String,
    #[schema(example = "0912345678")]
    phone: Option<String>,
}

/// Creates a customer account.
#[utoipa::path(post, path = "/auth/register", extensions(("x-error-codes" = json!(["account_exists"]))), tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = UserView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    Body(req): Body<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let user = users::create_user(
        &state.db,
        NewUser {
            email: req.email,
            phone: req.phone,
            password: req.password,
            full_name: req.full_name,
            role: Role::Customer,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LoginRequest {
    /// Sign in with an email address…
    email: Option<String>,
    /// …or a phone number.
    phone: Option<String>,
    password: String,
}

/// Signs in with email or phone and password.
#[utoipa::path(post, path = "/auth/login", extensions(("x-error-codes" = json!(["invalid_credentials", "account_disabled"]))), tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    client: ClientInfo,
    Body(req): Body<LoginRequest>,
) -> ApiResult<Json<TokenPair>> {
    let signed_in = sign_in::authenticate(
        &state,
        client.ip.as_deref(),
        Credentials {
            email: req.email.as_deref(),
            phone: req.phone.as_deref(),
            password: req.password,
        },
    )
    .await?;
    let ttl_days = IdentitySettings::of(&state).refresh_token_ttl_days;
    let mut tx = state.db.begin().await?;
    let refresh =
        tokens::insert_refresh_token(&mut tx, signed_in.user_id.0, None, ttl_days).await?;
    tx.commit().await?;
    Ok(Json(token_pair(
        &state,
        signed_in.user_id.0,
        signed_in.role,
        refresh,
    )?))
}

fn token_pair(
    state: &AppState,
    user_id: Uuid,
    role: Role,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    let ttl = IdentitySettings::of(state).access_token_ttl_secs;
    Ok(TokenPair {
        access_token: auth::issue_access_token(&state.keys.jwt, UserId(user_id), role, ttl)?,
        refresh_token,
        expires_in: ttl,
        token_type: "Bearer",
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RefreshRequest {
    refresh_token: String,
}

/// Exchanges a refresh token for a new pair. A refresh token works once:
/// presenting it again revokes every token of that sign-in.
#[utoipa::path(post, path = "/auth/refresh-token", extensions(("x-error-codes" = json!(["unauthenticated", "refresh_token_invalid", "refresh_token_reused"]))), tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
async fn refresh_token(
    State(state): State<AppState>,
    Body(req): Body<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    let mut tx = state.db.begin().await?;
    let rotation = tokens::rotate(
        &mut tx,
        &req.refresh_token,
        IdentitySettings::of(&state).refresh_token_ttl_days,
    )
    .await?;
    tx.commit().await?;
    match rotation {
        Rotation::Rotated { user_id, token } => {
            // The role is read again so a promotion or demotion takes effect on refresh.
            let user = users::find_by_id(&state.db, UserId(user_id))
                .await?
                .filter(|u| u.status == "active")
                .ok_or_else(|| ApiError::unauthenticated("this account is disabled"))?;
            let role = Role::parse(&user.role).unwrap_or(Role::Customer);
            Ok(Json(token_pair(&state, user_id, role, token)?))
        }
        Rotation::Invalid => Err(IdentityError::RefreshTokenInvalid.into()),
        Rotation::Reused { user_id } => {
            tracing::warn!(%user_id, "refresh token reused: its family was revoked");
            Err(IdentityError::RefreshTokenReused.into())
        }
    }
}

/// Signs out: revokes the refresh token and every token rotated from the same sign-in.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(
    State(state): State<AppState>,
    Body(req): Body<RefreshRequest>,
) -> ApiResult<StatusCode> {
    if tokens::revoke(&state.db, &req.refresh_token).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::unauthenticated("refresh token is invalid"))
    }
}

/// The signed-in user.
#[utoipa::path(get, path = "/users/me", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = UserView)))]
async fn me(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<UserView>> {
    Ok(Json(users::profile(&state.db, user.id).await?))
}

/// Changes the signed-in user's name and phone number.
#[utoipa::path(patch, path = "/users/me", extensions(("x-error-codes" = json!(["account_exists"]))), tag = "users", security(("bearer" = [])), request_body = ProfileChange,
    responses((status = 200, body = UserView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_me(
    State(state): State<AppState>,
    user: AuthUser,
    Body(change): Body<ProfileChange>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(
        account::update_profile(&state.db, user.id, &change).await?,
    ))
}

/// Changes the signed-in user's password; every refresh token of the account is revoked
/// (access tokens already issued run out on their own, within minutes).
#[utoipa::path(post, path = "/users/me/password", extensions(("x-error-codes" = json!(["wrong_password", "rate_limited"]))), tag = "users", security(("bearer" = [])), request_body = PasswordChange,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    user: AuthUser,
    Body(change): Body<PasswordChange>,
) -> ApiResult<StatusCode> {
    account::change_password(&state.db, user.id, change, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, ToSchema)]
struct AddressList {
    items: Vec<AddressView>,
}

/// The signed-in user's delivery addresses, default first.
#[utoipa::path(get, path = "/users/me/addresses", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = AddressList)))]
async fn list_addresses(
    State(state): State<AppState>,
    user: AuthUser,
) -> ApiResult<Json<AddressList>> {
    Ok(Json(AddressList {
        items: addresses::list(&state.db, user.id).await?,
    }))
}

/// Adds a delivery address (validated against the 2025 divisions).
#[utoipa::path(post, path = "/users/me/addresses", extensions(("x-error-codes" = json!(["too_many_addresses"]))), tag = "users", security(("bearer" = [])), request_body = AddressRequest,
    responses((status = 201, body = AddressView), (status = 400, body = ErrorBody)))]
async fn create_address(
    State(state): State<AppState>,
    user: AuthUser,
    Body(req): Body<AddressRequest>,
) -> ApiResult<(StatusCode, Json<AddressView>)> {
    let id = addresses::save(&state.db, user.id, None, req).await?;
    Ok((
        StatusCode::CREATED,
        Json(addresses::get(&state.db, user.id, id).await?),
    ))
}

/// One of the signed-in user's addresses.
#[utoipa::path(get, path = "/users/me/addresses/{id}", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = AddressView), (status = 404, body = ErrorBody)))]
async fn get_address(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AddressView>> {
    Ok(Json(addresses::get(&state.db, user.id, id).await?))
}

/// Replaces an address.
#[utoipa::path(put, path = "/users/me/addresses/{id}", tag = "users", security(("bearer" = [])), request_body = AddressRequest,
    responses((status = 200, body = AddressView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_address(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Body(req): Body<AddressRequest>,
) -> ApiResult<Json<AddressView>> {
    addresses::save(&state.db, user.id, Some(id), req).await?;
    Ok(Json(addresses::get(&state.db, user.id, id).await?))
}

/// Deletes an address.
#[utoipa::path(delete, path = "/users/me/addresses/{id}", tag = "users", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_address(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    addresses::delete(&state.db, user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
