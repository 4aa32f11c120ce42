//! Identity: accounts, passwords, access and refresh tokens, roles, addresses.
//!
//! Other modules use [`AuthUser`] to learn who is calling and [`Role`] checks
//! to guard staff and admin routes; they never read the identity tables.

mod addresses;
mod auth;
mod error;
mod password;
mod routes;
mod tokens;
mod users;

pub use addresses::{saved_address, ShippingAddress, ShippingAddressInput};
pub use auth::{AdminUser, AuthUser, StaffUser};
pub use error::{IdentityError, ERROR_CODES};
pub use routes::router;
pub use users::{create_user, find_user_id_by_login, NewUser, Role, UserView};
