//! Search: Vietnamese full-text search over the catalog, embedded (tantivy).
//!
//! This first part is the analyzer every indexed field and every query goes through
//! ([`analyzer`]): accent- and tone-insensitive matching that still prefers the accents
//! the shopper typed.

pub mod analyzer;
pub mod index;

pub use index::{Hit, ProductDoc, ProductIndex};
