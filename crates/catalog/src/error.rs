//! What can go wrong in the catalog, each with its stable code.

use cho_platform::error::{DomainError, ErrorCode, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// A unique value (a slug, a SKU) another row already has.
    #[error("{what} is already taken")]
    AlreadyTaken { what: String },
    #[error("the category still has {children} subcategories and {products} products: move or delete them first")]
    CategoryInUse { children: i64, products: i64 },
    #[error("the brand still has {products} products")]
    BrandInUse { products: i64 },
}

impl DomainError for CatalogError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }

    fn code(&self) -> &'static str {
        match self {
            CatalogError::AlreadyTaken { .. } => "already_taken",
            CatalogError::CategoryInUse { .. } => "category_in_use",
            CatalogError::BrandInUse { .. } => "brand_in_use",
        }
    }
}

/// The catalog's codes, for the API document.
#[rustfmt::skip]
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode { code: "already_taken", status: 409, meaning: "a slug or SKU that another row already has" },
    ErrorCode { code: "category_in_use", status: 409, meaning: "the category still has subcategories or products" },
    ErrorCode { code: "brand_in_use", status: 409, meaning: "the brand still has products" },
];
