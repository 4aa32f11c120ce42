//! `GET /v1/search`: products matching a Vietnamese query, best first.

use axum::extract::State;
use axum::Json;
use cho_catalog::ProductSummary;
use cho_platform::error::ErrorBody;
use cho_platform::extract::Query;
use cho_platform::{ApiError, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::live::LiveIndex;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SearchQuery {
    /// What the shopper typed, with or without accents.
    q: String,
    /// At most 100 (default 20).
    limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct SearchResults {
    items: Vec<ProductSummary>,
    total: usize,
}

/// Products matching `q`, best first: accents typed or not, either tone placement,
/// model numbers whole or apart, a typo in a long word.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    let index = LiveIndex::of(&state).current(&state).await?;
    let text = query.q;
    let hits = tokio::task::spawn_blocking(move || index.search(&text, limit))
        .await
        .map_err(|e| ApiError::internal(anyhow::anyhow!("search panicked: {e}")))?
        .map_err(|e| ApiError::internal(anyhow::anyhow!("search failed: {e}")))?;
    let ids: Vec<Uuid> = hits.iter().filter_map(|h| h.id.parse().ok()).collect();
    let items = cho_catalog::summaries(&state.db, &ids).await?;
    Ok(Json(SearchResults {
        total: items.len(),
        items,
    }))
}
