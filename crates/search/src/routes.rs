//! `GET /v1/search`: products matching a Vietnamese query, best first, with facets.

use axum::extract::State;
use axum::Json;
use cho_platform::error::ErrorBody;
use cho_platform::extract::Query;
use cho_platform::pagination::{self, decode_cursor, encode_cursor};
use cho_platform::{ApiError, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{Facets, Filters, Item, Order, Search};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(suggest))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// What the shopper typed, with or without accents; empty (or absent) browses.
    q: Option<String>,
    /// Category slug or id; products of its subcategories are included.
    category: Option<String>,
    /// Brand slug or id.
    brand: Option<String>,
    /// Lowest price paid (sale price when on sale), VND.
    min_price: Option<i64>,
    /// Highest price paid, VND.
    max_price: Option<i64>,
    /// Only products with a variant in stock.
    in_stock: Option<bool>,
    /// `relevance` (default), `newest`, `price_asc`, `price_desc`, `best_selling` or `rating`.
    #[param(inline)]
    sort: Option<Order>,
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
    /// At most 100 (default 20).
    limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SearchResults {
    items: Vec<Item>,
    /// How many products match, on every page.
    total: usize,
    facets: Facets,
    next_cursor: Option<String>,
}

/// Products matching `q`, best first: accents typed or not, either tone placement,
/// model numbers whole or apart, a typo in a long word. Facet counts reflect the
/// other filters; an empty `q` browses.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    // Between 1 and 100, so the conversion holds.
    let limit = pagination::limit(query.limit)? as usize;
    // The cursor holds where the next page starts: a search's results have no stable key
    // to continue from, since a change to the catalog may reorder them.
    let offset: usize = match query.cursor.as_deref() {
        None => 0,
        Some(cursor) => decode_cursor(cursor)?,
    };
    let results = crate::find(
        &state,
        Search {
            text: query.q.unwrap_or_default(),
            filters: Filters {
                category: query.category,
                brand: query.brand,
                min_price: query.min_price,
                max_price: query.max_price,
                in_stock: query.in_stock.unwrap_or(false),
            },
            order: query.sort.unwrap_or_default(),
            offset,
            limit,
        },
    )
    .await?;
    Ok(Json(SearchResults {
        items: results.items,
        total: results.total,
        facets: results.facets,
        next_cursor: results.next_offset.map(|offset| encode_cursor(&offset)),
    }))
}

/// At most this many suggestions.
const MAX_SUGGESTIONS: usize = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SuggestQuery {
    /// What the shopper has typed so far.
    q: String,
    /// At most 10 (the default).
    limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
struct Suggestions {
    suggestions: Vec<String>,
}

/// Completions while the shopper types: brands and categories whose words begin with
/// the words typed (accents optional), then the names of the best-matching products.
#[utoipa::path(get, path = "/search/suggest", tag = "search", params(SuggestQuery),
    responses((status = 200, body = Suggestions), (status = 400, body = ErrorBody)))]
async fn suggest(
    State(state): State<AppState>,
    Query(query): Query<SuggestQuery>,
) -> ApiResult<Json<Suggestions>> {
    let limit = query.limit.unwrap_or(MAX_SUGGESTIONS);
    if !(1..=MAX_SUGGESTIONS).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_SUGGESTIONS}"
        )));
    }
    let suggestions = crate::suggest(&state, query.q, limit).await?;
    Ok(Json(Suggestions { suggestions }))
}
