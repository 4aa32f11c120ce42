//! Catalog: the category tree, brands, products with variants, and the stock
//! that lives on variants. Other modules use [`inventory`] — never these tables.

mod admin;
mod cards;
pub mod demo;
mod demo_data;
mod error;
pub mod images;
pub mod inventory;
mod products;
mod routes;
mod searchable;
pub mod slug;
pub mod staff;
mod taxonomy;

pub use admin::{ProductInput, VariantInput};
pub use error::{CatalogError, ERROR_CODES};
/// What the storefront reads: the same functions the JSON routes call.
pub use products::{
    detail, page, ProductDetail, ProductFilter, ProductSummary, Ref, Sort, Variant,
};
pub use searchable::{revision, searchable, summaries, Searchable};
pub use taxonomy::{
    all_brands, all_categories, tree, Brand, BrandInput, CategoryInput, CategoryNode, CategoryRow,
};

use cho_platform::Module;

/// The catalog module: the category tree, brands, products and their stock.
pub fn module() -> Module {
    Module {
        error_codes: ERROR_CODES,
        api: Box::new(|_| routes::router()),
        pages: Box::new(|_| images::router()),
        ..Module::new("catalog")
    }
}
