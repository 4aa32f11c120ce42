//! Identity: accounts, passwords, access and refresh tokens, roles, addresses.
//!
//! Identity issues the access tokens that `cho_platform::auth` verifies; other modules
//! guard their routes with its extractors and never read the identity tables.

mod addresses;
mod error;
mod password;
mod routes;
mod settings;
mod tokens;
mod users;

pub use addresses::{saved_address, ShippingAddress, ShippingAddressInput};
pub use cho_platform::auth::{AdminUser, AuthUser, Role, StaffUser};
pub use error::{IdentityError, ERROR_CODES};
pub use settings::IdentitySettings;
pub use users::{create_user, find_user_id_by_login, NewUser, UserView};

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
        ..Module::new("identity")
    }
}
