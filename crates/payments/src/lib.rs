//! Payments: payment attempts for orders, the gateways' protocols and their
//! callbacks, and (in sandbox mode) simulators of the gateways.
//!
//! The sales module knows no gateway: it calls [`starter::Payments`] through
//! its `PaymentStarter` seam at checkout, and this module reports confirmed
//! payments back with `cho_sales::payment::mark_paid_all`.

pub mod attempts;
pub mod bank_transfers;
mod bank_transfers_api;
pub mod credentials;
pub mod credentials_api;
mod error;
pub mod events;
pub mod gateway;
pub mod history;
pub mod momo;
pub mod reconcile;
pub mod refunds;
pub mod retry;
mod routes;
pub mod sandbox;
pub mod settings;
pub mod settle;
mod settler;
pub mod signing;
pub mod starter;
mod suspicious;
pub mod vietqr;
pub mod vnpay;
pub mod zalopay;

use cho_platform::jobs::Registry;
use cho_platform::{AppState, Module};

pub use error::{PaymentError, ERROR_CODES};
pub use settings::PaymentSettings;

/// The payments module: attempts, gateways and their callbacks, refunds, bank
/// transfers, stored credentials and (in sandbox mode) the gateways' simulators.
pub fn module() -> Module {
    Module {
        error_codes: ERROR_CODES,
        state: |config, modules| {
            modules.insert(PaymentSettings::load(config)?);
            Ok(())
        },
        api: Box::new(|state| routes::router(state).merge(credentials_api::router())),
        pages: Box::new(|state| match state.config.sandbox {
            true => sandbox::router(),
            false => axum::Router::new(),
        }),
        jobs: register_jobs,
        events: events::schemas,
        ..Module::new("payments")
    }
}

/// The payments module's background jobs: refunds and reconciliation.
fn register_jobs(registry: &mut Registry, state: &AppState) {
    refunds::register(registry, state);
    reconcile::register(registry, state);
}
