//! The composition root: the shop's modules, in one list. A new module is a crate and
//! a line here; everything else (routes, jobs, settings, events, error codes, outbox
//! consumers) comes from its [`Module`].

use std::sync::Arc;

use cho_platform::{AppState, Module};
use cho_sales::payment::SharedStarter;

pub fn all() -> Vec<Module> {
    vec![
        cho_identity::module(),
        cho_catalog::module(),
        cho_search::module(),
        cho_geography::module(),
        cho_sales::module(payments),
        cho_payments::module(),
        cho_web::module(payments),
    ]
}

/// How checkout, in the API and on the pages, starts paying for an order.
fn payments(state: &AppState) -> SharedStarter {
    Arc::new(cho_payments::starter::Payments {
        state: state.clone(),
    })
}
