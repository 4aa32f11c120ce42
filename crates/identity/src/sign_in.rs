//! Signing in with a password, for the JSON API (which then issues tokens) and the
//! pages (which then open a browser session): one set of rules for both.

use cho_platform::auth::{Role, UserId};
use cho_platform::{ratelimit, ApiError, ApiResult, AppState};

use crate::error::IdentityError;
use crate::password;
use crate::settings::IdentitySettings;
use crate::users::{self, Login};

/// Who signs in: exactly one of an email address or a phone number, and a password.
pub struct Credentials<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub password: String,
}

/// The account that signed in.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn {
    pub user_id: UserId,
    pub role: Role,
}

/// Checks `credentials` for a client at `ip`: a per-address rate limit shared across
/// replicas, then the password, with a per-account lockout after repeated failures.
pub async fn authenticate(
    state: &AppState,
    ip: Option<&str>,
    credentials: Credentials<'_>,
) -> ApiResult<SignedIn> {
    // Per client IP, across replicas; the per-account lockout below catches
    // slow guessing against one account from many addresses.
    let ip = ip.unwrap_or("unknown");
    if !ratelimit::allow(
        &state.db,
        &format!("login:{ip}"),
        IdentitySettings::of(state).login_rate_per_minute,
        60,
    )
    .await?
    {
        metrics::counter!("cho_login_rate_limited_total").increment(1);
        return Err(ApiError::too_many_requests(
            "too many sign-in attempts from this address: wait a minute",
            ratelimit::seconds_left_in_window(60),
        ));
    }
    let user = match (credentials.email, credentials.phone) {
        (Some(email), None) => {
            users::find_by_login(&state.db, Login::Email(&users::normalize_email(email)?)).await?
        }
        (None, Some(phone)) => {
            users::find_by_login(&state.db, Login::Phone(&users::normalize_phone(phone)?)).await?
        }
        _ => return Err(ApiError::bad_request("give exactly one of email or phone")),
    };
    let now = cho_platform::now();
    let valid = password::verify(
        credentials.password,
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    // A locked account answers exactly as an unknown one (same status, body and work), so
    // the answer never tells an attacker that an address has an account.
    let Some(user) = user.filter(|u| u.locked_until.is_none_or(|until| until <= now)) else {
        return Err(IdentityError::InvalidCredentials.into());
    };
    let config = IdentitySettings::of(state);
    let mut tx = state.db.begin().await?;
    if !valid {
        let lockout = chrono::Duration::seconds(config.login_lockout_secs);
        users::record_failed_login(&mut tx, user.id, config.login_max_failures.into(), lockout)
            .await?;
        tx.commit().await?;
        metrics::counter!("cho_login_failures_total").increment(1);
        return Err(IdentityError::InvalidCredentials.into());
    }
    if user.status != "active" {
        return Err(IdentityError::AccountDisabled.into());
    }
    users::record_successful_login(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(SignedIn {
        user_id: UserId(user.id),
        role: Role::parse(&user.role).unwrap_or(Role::Customer),
    })
}
