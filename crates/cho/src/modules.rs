//! The composition root: the shop's modules, in one list. A new module is a crate and
//! a line here; everything else (routes, jobs, settings, events, error codes, outbox
//! consumers) comes from its [`Module`].

use std::sync::Arc;

use cho_platform::Module;

pub fn all() -> Vec<Module> {
    vec![
        cho_identity::module(),
        cho_catalog::module(),
        cho_geography::module(),
        cho_sales::module(|state| {
            Arc::new(cho_payments::starter::Payments {
                state: state.clone(),
            })
        }),
        cho_payments::module(),
        cho_web::module(),
    ]
}
