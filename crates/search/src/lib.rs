//! Search: Vietnamese full-text search over the catalog, embedded (tantivy): no search
//! server to run. [`analyzer`] turns text into terms (accent- and tone-insensitive, still
//! preferring the accents the shopper typed), [`index`] holds the products and answers
//! queries, [`live`] keeps this replica's index as current as the catalog.

pub mod analyzer;
pub mod index;
mod live;
mod routes;

pub use index::{Hit, ProductDoc, ProductIndex};

use cho_platform::Module;

/// The search module: `GET /v1/search` over this replica's index of the catalog.
pub fn module() -> Module {
    Module {
        state: |_, modules| {
            modules.insert(live::LiveIndex::new()?);
            Ok(())
        },
        api: Box::new(|_| routes::router()),
        ..Module::new("search")
    }
}
