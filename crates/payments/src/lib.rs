//! Payments: payment attempts for orders, the gateways' protocols and their callbacks.

pub mod signing;
pub mod vietqr;
