//! Search: Vietnamese full-text search over the catalog, embedded (tantivy): no search
//! server to run. [`analyzer`] turns text into terms (accent- and tone-insensitive, still
//! preferring the accents the shopper typed), [`index`] holds the products and answers
//! queries, [`facets`] filters, counts and orders what they find, [`highlight`] marks
//! it, and `live` keeps this replica's index as current as the catalog.

pub mod analyzer;
pub mod facets;
pub mod highlight;
pub mod index;
mod live;
mod routes;

pub use facets::{FacetValue, Facets, Filters, Order, PriceRange};
pub use highlight::highlight;
pub use index::{Found, ProductIndex, Search, MAX_RESULTS};

use cho_catalog::ProductSummary;
use cho_platform::{ApiError, AppState, Module};
use serde::Serialize;
use utoipa::ToSchema;

/// The search module: `GET /v1/search` and `GET /v1/search/suggest` over this replica's index of the catalog.
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

/// A product found, with its name marked where the query matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(flatten)]
    pub product: ProductSummary,
    /// The product's name as HTML, the words that matched in `<mark>`.
    pub highlight: String,
}

/// One page of what a search found, as the API and the storefront show it.
#[derive(Debug, Clone)]
pub struct Results {
    pub items: Vec<Item>,
    pub total: usize,
    pub facets: Facets,
    /// Where the next page starts, when there is one.
    pub next_offset: Option<usize>,
}

/// At most `limit` completions of `text` from this replica's index.
pub async fn suggest(
    state: &AppState,
    text: String,
    limit: usize,
) -> Result<Vec<String>, ApiError> {
    let index = live::LiveIndex::of(state).current(state).await?;
    blocking(move || index.suggest(&text, limit)).await
}

/// Runs index work (a search, a build) off the async threads: it is CPU work.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> tantivy::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::internal(anyhow::anyhow!("search panicked: {e}")))?
        .map_err(|e| ApiError::internal(anyhow::anyhow!("search failed: {e}")))
}

/// Runs `search` on this replica's index (built again first when the catalog moved) and
/// reads the products found from the catalog, so prices and stock are the current ones.
pub async fn find(state: &AppState, search: Search) -> Result<Results, ApiError> {
    if search.limit == 0 || search.offset + search.limit > MAX_RESULTS {
        return Err(ApiError::bad_request(format!(
            "a search shows its first {MAX_RESULTS} results; narrow it to see more"
        )));
    }
    let index = live::LiveIndex::of(state).current(state).await?;
    let text = search.text.clone();
    let (offset, limit) = (search.offset, search.limit);
    let found = blocking(move || index.find(&search)).await?;
    let products = cho_catalog::summaries(&state.db, &found.ids).await?;
    let end = offset + limit;
    Ok(Results {
        items: products
            .into_iter()
            .map(|product| Item {
                highlight: highlight(&text, &product.name),
                product,
            })
            .collect(),
        total: found.total,
        facets: found.facets,
        next_offset: (end < found.total.min(MAX_RESULTS)).then_some(end),
    })
}
