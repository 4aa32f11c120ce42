//! Back-office endpoints that belong to no single module: the job queue and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cho_platform::auth::AdminUser;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{Path, Query};
use cho_platform::jobs::{self, DeadJob, QueueDepth};
use cho_platform::outbox::{consumers, ConsumerStatus};
use cho_platform::pagination::{decode_cursor, limit, page_from, Page, PageParams};
use cho_platform::{ApiError, ApiResult, AppState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::types::Json as SqlJson;
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

#[derive(Serialize, ToSchema, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
struct AuditLog {
    id: Uuid,
    actor_id: Option<Uuid>,
    action: String,
    entity_type: String,
    entity_id: String,
    #[schema(value_type = Option<Object>)]
    old_values: Option<SqlJson<Value>>,
    #[schema(value_type = Option<Object>)]
    new_values: Option<SqlJson<Value>>,
    ip_address: Option<String>,
    user_agent: Option<String>,
    created_at: DateTime<Utc>,
}

/// Every staff write, newest first.
#[utoipa::path(get, path = "/admin/audit-logs", tag = "admin", security(("bearer" = [])), params(PageParams),
    responses((status = 200, body = Page<AuditLog>)))]
async fn audit_logs(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(params): Query<PageParams>,
) -> ApiResult<Json<Page<AuditLog>>> {
    let limit = limit(params.limit)?;
    let before: Option<Uuid> = params.cursor.as_deref().map(decode_cursor).transpose()?;
    // UUIDv7 ids sort by creation time; the largest possible id stands for "no cursor".
    let before = before.unwrap_or(Uuid::max());
    let rows: Vec<AuditLog> = state
        .db
        .query(
            "SELECT id, actor_id, action, entity_type, entity_id, old_values, new_values,
             ip_address, user_agent, created_at
             FROM audit_logs
             WHERE id < $1
             ORDER BY id DESC
             LIMIT $2",
        )
        .bind(before)
        .bind(limit + 1)
        .fetch_all()
        .await?;
    Ok(Json(page_from(rows, limit, |r| r.id, |r| r)))
}
