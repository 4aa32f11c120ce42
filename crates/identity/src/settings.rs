//! The `[identity]` settings section (`CHO_IDENTITY_*`; the flat names from before, such
//! as `CHO_LOGIN_MAX_FAILURES`, still work).

use cho_platform::config::Section;
use cho_platform::AppState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentitySettings {
    /// Failed logins before an account is locked (`CHO_LOGIN_MAX_FAILURES`).
    pub login_max_failures: i32,
    /// How long a lockout lasts, in seconds (`CHO_LOGIN_LOCKOUT_SECS`).
    pub login_lockout_secs: i64,
    /// Sign-in attempts allowed per client IP per minute (`CHO_LOGIN_RATE_PER_MINUTE`).
    pub login_rate_per_minute: i64,
    /// Access token lifetime, in seconds (`CHO_ACCESS_TOKEN_TTL_SECS`).
    pub access_token_ttl_secs: i64,
    /// Refresh token lifetime, in days (`CHO_REFRESH_TOKEN_TTL_DAYS`).
    pub refresh_token_ttl_days: i64,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self {
            login_max_failures: 5,
            login_lockout_secs: 15 * 60,
            login_rate_per_minute: 20,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
        }
    }
}

impl Section for IdentitySettings {
    const NAME: &'static str = "identity";
}

impl IdentitySettings {
    /// The settings the binary registered for this process.
    pub fn of(state: &AppState) -> &Self {
        state.module::<Self>()
    }
}
