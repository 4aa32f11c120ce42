//! Geography: Vietnam's 2025 administrative divisions (34 provinces, wards and
//! communes directly under them) and the table of shipping fees by zone. Carriers
//! (quotes, shipments, tracking) will be a shipping context above sales.

mod divisions;
mod fees;
mod routes;

pub use divisions::{province, provinces, validate_ward, Province, Ward};
pub use fees::{region_of, shipping_fee, Region, FREE_SHIPPING_FROM};

use cho_platform::Module;

/// The geography module: the divisions and shipping fees, read-only.
pub fn module() -> Module {
    Module {
        api: Box::new(|_| routes::router()),
        ..Module::new("geography")
    }
}
