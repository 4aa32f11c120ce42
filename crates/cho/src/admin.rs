//! Back-office endpoints that belong to no single module: the job queue and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cho_platform::audit;
use cho_platform::auth::AdminUser;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{Path, Query};
use cho_platform::jobs::{self, DeadJob, QueueDepth};
use cho_platform::outbox::{consumers, ConsumerStatus};
use cho_platform::pagination::{Page, PageParams};
use cho_platform::{ApiError, ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue))
        .routes(routes!(retry_job))
        .routes(routes!(audit_logs))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct QueueReport {
    depth: Vec<QueueDepth>,
    /// The most recent dead-lettered jobs.
    dead: Vec<DeadJob>,
    /// Every outbox consumer's cursor: how far behind the newest event it is, and
    /// why it is failing if it is.
    consumers: Vec<ConsumerStatus>,
}

/// Job queue depth by kind and status, the dead-letter queue, and the outbox consumers.
#[utoipa::path(get, path = "/admin/jobs", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = QueueReport)))]
async fn queue(State(state): State<AppState>, _admin: AdminUser) -> ApiResult<Json<QueueReport>> {
    Ok(Json(QueueReport {
        depth: jobs::depth(&state.db).await?,
        dead: jobs::dead_jobs(&state.db, 100).await?,
        consumers: consumers::statuses(&state.db).await?,
    }))
}

/// Puts a dead-lettered job back in the queue.
#[utoipa::path(post, path = "/admin/jobs/{id}/retry", tag = "admin", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn retry_job(
    State(state): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    if jobs::retry_dead(&state.db, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("dead job"))
    }
}

/// Every staff write, newest first.
#[utoipa::path(get, path = "/admin/audit-logs", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<audit::Record>)))]
async fn audit_logs(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(params): Query<PageParams>,
) -> ApiResult<Json<Page<audit::Record>>> {
    let filter = audit::Filter::default();
    Ok(Json(
        audit::list(&state.db, &filter, params.limit, params.cursor.as_deref()).await?,
    ))
}
