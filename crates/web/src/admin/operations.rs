//! What admins (not staff) watch: the job queue with its dead letters, which they can
//! put back in the queue, and the audit log of every staff write, filtered by action
//! or by what was changed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_platform::{audit, jobs, ApiError, AppState};
use serde::Deserialize;
use uuid::Uuid;

use super::{admins_only, AdminLayout, NoticeQuery, Staff};
use crate::labels::local_time;
use crate::layout::html;
use crate::pages::{error_page, failure_page, stale_form_page, TokenForm};

pub const JOBS_PATH: &str = "/admin/tac-vu";
pub const AUDIT_PATH: &str = "/admin/nhat-ky";

pub struct DeadRow {
    pub id: Uuid,
    pub kind: String,
    pub attempts: i64,
    pub error: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    layout: AdminLayout,
    notice: Option<&'static str>,
    depth: Vec<(String, String, i64)>,
    dead: Vec<DeadRow>,
}

pub async fn jobs(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    let result = async {
        let depth = jobs::depth(&state.db).await?;
        let dead = jobs::dead_jobs(&state.db, 100).await?;
        Ok::<_, ApiError>((depth, dead))
    }
    .await;
    let (depth, dead) = match result {
        Ok(found) => found,
        Err(err) => return failure_page(&state, err).await,
    };
    let page = JobsPage {
        layout: AdminLayout::new(&state, &staff, "Tác vụ nền"),
        notice: (query.notice == "da-xep-lai").then_some("Đã đưa tác vụ trở lại hàng đợi."),
        depth: depth
            .into_iter()
            .map(|d| (d.kind, d.status, d.count))
            .collect(),
        dead: dead
            .into_iter()
            .map(|j| DeadRow {
                id: j.id,
                kind: j.kind,
                attempts: j.attempts,
                error: j.last_error.unwrap_or_default(),
                at: local_time(j.updated_at),
            })
            .collect(),
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

pub async fn retry(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    match jobs::retry_dead(&state.db, id).await {
        Ok(true) => Redirect::to(&format!("{JOBS_PATH}?thong-bao=da-xep-lai")).into_response(),
        Ok(false) => error_page(&state, StatusCode::NOT_FOUND).await,
        Err(err) => failure_page(&state, err).await,
    }
}

pub struct AuditRow {
    pub at: String,
    pub action: String,
    pub entity: String,
    pub actor: String,
    pub ip: String,
    pub change: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: AdminLayout,
    action: String,
    entity_type: String,
    entity_id: String,
    rows: Vec<AuditRow>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    action: String,
    entity_type: String,
    entity_id: String,
    sau: Option<String>,
}

pub async fn audit_log(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<AuditQuery>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    let given = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let filter = audit::Filter {
        action: given(&query.action),
        entity_type: given(&query.entity_type),
        entity_id: given(&query.entity_id),
    };
    let page = match audit::list(&state.db, &filter, Some(50), query.sau.as_deref()).await {
        Ok(page) => page,
        Err(err) => return failure_page(&state, err).await,
    };
    let values = |v: Option<&serde_json::Value>| v.map(|j| j.to_string()).unwrap_or_default();
    let next = page.next_cursor.map(|cursor| {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("action", &query.action)
            .append_pair("entity_type", &query.entity_type)
            .append_pair("entity_id", &query.entity_id)
            .append_pair("sau", &cursor)
            .finish();
        format!("{AUDIT_PATH}?{query}")
    });
    let page = AuditPage {
        layout: AdminLayout::new(&state, &staff, "Nhật ký thao tác"),
        rows: page
            .items
            .iter()
            .map(|r| AuditRow {
                at: local_time(r.created_at),
                action: r.action.clone(),
                entity: format!("{} {}", r.entity_type, r.entity_id),
                actor: r.actor_id.map(|a| a.to_string()).unwrap_or_default(),
                ip: r.ip_address.clone().unwrap_or_default(),
                change: format!(
                    "{} → {}",
                    values(r.old_values.as_deref()),
                    values(r.new_values.as_deref())
                ),
            })
            .collect(),
        action: query.action,
        entity_type: query.entity_type,
        entity_id: query.entity_id,
        next,
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}
