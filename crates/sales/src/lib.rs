//! Sales: the cart, checkout, orders and their state machine.
//!
//! Reads product data and reserves stock only through `cho_catalog::inventory`;
//! validates addresses through `cho_identity`/`cho_geography`.

mod cart;
mod checkout;
mod error;
pub mod events;
mod orders;
pub mod payment;
pub mod pricing;
mod routes;
mod settings;
pub mod status;

use std::time::Duration;

use cho_platform::db::Db;
use cho_platform::jobs::Registry;
use uuid::Uuid;

pub use error::{SalesError, ERROR_CODES};
pub use routes::router;
pub use settings::SalesSettings;

const CART_CLEANUP_JOB: &str = "cart.cleanup";

/// Registers the sales module's background jobs.
pub fn register_jobs(registry: &mut Registry, db: &Db, cart_abandon_days: i64) {
    let expire_db = db.clone();
    registry.register(checkout::ORDER_EXPIRE_JOB, move |payload| {
        let db = expire_db.clone();
        async move {
            let id: Uuid = serde_json::from_value(payload["orderId"].clone())?;
            orders::expire(&db, id).await
        }
    });
    let cleanup_db = db.clone();
    registry.register(CART_CLEANUP_JOB, move |_| {
        let db = cleanup_db.clone();
        async move {
            let deleted = cart::delete_abandoned(&db, cart_abandon_days).await?;
            if deleted > 0 {
                tracing::info!(deleted, "abandoned carts deleted");
            }
            Ok(())
        }
    });
    registry.every(CART_CLEANUP_JOB, Duration::from_secs(3600));
}
