//! Sales: the cart, checkout, orders and their state machine.
//!
//! Reads product data and reserves stock only through `cho_catalog::inventory`;
//! validates addresses through `cho_identity`/`cho_geography`.

pub mod cart;
pub mod checkout;
mod error;
pub mod events;
pub mod orders;
pub mod payment;
pub mod pricing;
mod routes;
mod settings;
pub mod status;

use std::time::Duration;

use cho_platform::jobs::Registry;
use cho_platform::{AppState, Module};
use uuid::Uuid;

use crate::payment::SharedStarter;

pub use error::{SalesError, ERROR_CODES};
pub use settings::SalesSettings;

const CART_CLEANUP_JOB: &str = "cart.cleanup";

/// The sales module: the cart, checkout and orders. Checkout starts payments through
/// the [`payment::PaymentStarter`] that `payments` makes from the running state.
pub fn module(payments: fn(&AppState) -> SharedStarter) -> Module {
    Module {
        error_codes: ERROR_CODES,
        state: |config, modules| {
            modules.insert(config.section::<SalesSettings>()?);
            Ok(())
        },
        api: Box::new(move |state| routes::router(payments(state))),
        jobs: register_jobs,
        events: events::schemas,
        ..Module::new("sales")
    }
}

fn register_jobs(registry: &mut Registry, state: &AppState) {
    let db = &state.db;
    let cart_abandon_days = SalesSettings::of(state).cart_abandon_days;
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
