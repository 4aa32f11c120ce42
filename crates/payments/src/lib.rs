//! Payments: payment attempts for orders, the gateways' protocols and their
//! callbacks, and (in sandbox mode) simulators of the gateways.
//!
//! The sales module knows no gateway: it calls [`starter::Payments`] through
//! its `PaymentStarter` seam at checkout, and this module reports confirmed
//! payments back with `cho_sales::payment::mark_paid`.

pub mod attempts;
mod routes;
pub mod sandbox;
pub mod signing;
pub mod starter;
pub mod vietqr;
pub mod vnpay;

pub use routes::router;
