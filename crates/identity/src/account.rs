//! What users change about their own account: their name and phone number, and their
//! password. A new password closes every other way in: each refresh-token family and
//! every browser session but the one making the change.

use cho_platform::auth::UserId;
use cho_platform::db::{is_unique_violation, Db};
use cho_platform::secrets::sha256_hex;
use cho_platform::{now, ratelimit, ApiError, ApiResult};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::IdentityError;
use crate::password;
use crate::users::{self, normalize_phone, validate_full_name, validate_password, UserView};

/// Password changes allowed per account per minute: the current password is checked,
/// so this bounds guessing it from a stolen session.
const PASSWORD_CHANGES_PER_MINUTE: i64 = 5;

/// A user's new name and phone number (`None` or empty removes the phone number,
/// unless it is the account's only login).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileChange {
    pub full_name: String,
    pub phone: Option<String>,
}

/// Replaces the user's name and phone number; a phone another account has is a 409.
pub async fn update_profile(
    db: &Db,
    user_id: UserId,
    change: &ProfileChange,
) -> ApiResult<UserView> {
    let full_name = validate_full_name(&change.full_name)?;
    let phone = match change.phone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(typed) => Some(normalize_phone(typed)?),
    };
    let current = users::profile(db, user_id).await?;
    if phone.is_none() && current.email.is_none() {
        return Err(ApiError::bad_request(
            "the phone number is this account's only login: it cannot be removed",
        ));
    }
    let mut tx = db.begin().await?;
    let updated = tx
        .query("UPDATE users SET full_name = $1, phone = $2, updated_at = $3 WHERE id = $4")
        .bind(&full_name)
        .bind(&phone)
        .bind(now())
        .bind(user_id)
        .execute()
        .await;
    match updated {
        Ok(0) => return Err(ApiError::not_found("user")),
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(IdentityError::AccountExists.into()),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    users::profile(db, user_id).await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Sets a new password once the current one is given. Every refresh token of the
/// account is revoked and every browser session closed except `keep_session` (the
/// browser making the change), in the same transaction as the new hash.
pub async fn change_password(
    db: &Db,
    user_id: UserId,
    change: PasswordChange,
    keep_session: Option<&str>,
) -> ApiResult<()> {
    let key = format!("password-change:{user_id}");
    if !ratelimit::allow(db, &key, PASSWORD_CHANGES_PER_MINUTE, 60).await? {
        return Err(ApiError::too_many_requests(
            "too many password changes: wait a minute",
            ratelimit::seconds_left_in_window(60),
        ));
    }
    validate_password(&change.new_password)?;
    let stored = users::password_hash(db, user_id).await?;
    if !password::verify(change.current_password, stored).await? {
        return Err(IdentityError::WrongPassword.into());
    }
    let hash = password::hash(change.new_password).await?;
    let now = now();
    let mut tx = db.begin().await?;
    tx.query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now)
        .bind(user_id)
        .execute()
        .await?;
    tx.query("UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute()
        .await?;
    tx.query("DELETE FROM browser_sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(
            keep_session
                .map(|token| sha256_hex(token.as_bytes()))
                .unwrap_or_default(),
        )
        .execute()
        .await?;
    tx.commit().await?;
    Ok(())
}
