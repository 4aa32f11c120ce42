//! Identity: accounts, passwords, access and refresh tokens, roles, addresses.
//!
//! Identity issues the access tokens that `cho_platform::auth` verifies; other modules
//! guard their routes with its extractors and never read the identity tables.

mod account;
mod addresses;
mod error;
mod password;
mod routes;
pub mod sessions;
mod settings;
pub mod sign_in;
mod tokens;
mod users;

pub use account::{change_password, update_profile, PasswordChange, ProfileChange};
pub use addresses::{
    delete as delete_address, list as addresses, save as save_address, saved_address,
    AddressRequest, AddressView, ShippingAddress, ShippingAddressInput,
};
pub use cho_platform::auth::{AdminUser, AuthUser, Role, StaffUser};
pub use error::{IdentityError, ERROR_CODES};
pub use password::{MAX_LEN as PASSWORD_MAX_LEN, MIN_LEN as PASSWORD_MIN_LEN};
pub use settings::IdentitySettings;
pub use users::{
    create_user, find_user_id_by_login, normalize_email, normalize_phone, profile,
    validate_full_name, validate_password, NewUser, UserView,
};

use cho_platform::Module;

/// The identity module: accounts, tokens and addresses.
pub fn module() -> Module {
    Module {
        error_codes: ERROR_CODES,
        state: |config, modules| {
            modules.insert(config.section::<IdentitySettings>()?);
            Ok(())
        },
        api: Box::new(|_| routes::router()),
        jobs: register_jobs,
        ..Module::new("identity")
    }
}

const SESSION_PURGE_JOB: &str = "sessions.purge";

fn register_jobs(registry: &mut cho_platform::jobs::Registry, state: &cho_platform::AppState) {
    let db = state.db.clone();
    registry.register(SESSION_PURGE_JOB, move |_| {
        let db = db.clone();
        async move {
            let deleted = sessions::purge_expired(&db).await?;
            if deleted > 0 {
                tracing::info!(deleted, "expired browser sessions deleted");
            }
            Ok(())
        }
    });
    registry.every(SESSION_PURGE_JOB, std::time::Duration::from_secs(3600));
}
