//! Payment attempts in the back office, newest first and filtered by status and
//! gateway; one attempt with the notification that settled it and every other
//! callback that named it; and the callbacks refused before they could name one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use cho_payments::attempts::{Attempt, AttemptStatus};
use cho_payments::history::{self, AttemptFilter, Callback};
use cho_platform::{ApiError, AppState, Vnd};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::{AdminLayout, Staff};
use crate::form::Choice;
use crate::labels::local_time;
use crate::layout::html;
use crate::pages::respond;

pub const PATH: &str = "/admin/thanh-toan";
const PAGE_SIZE: i64 = 50;
const PROVIDERS: [&str; 5] = ["VNPAY", "MOMO", "ZALOPAY", "VIETQR", "COD"];

fn status_label(status: AttemptStatus) -> &'static str {
    match status {
        AttemptStatus::Pending => "Đang chờ",
        AttemptStatus::Processing => "Đang xử lý",
        AttemptStatus::Succeeded => "Thành công",
        AttemptStatus::Failed => "Thất bại",
        AttemptStatus::Cancelled => "Đã huỷ",
        AttemptStatus::Expired => "Hết hạn",
    }
}

pub struct Row {
    pub href: String,
    pub at: String,
    pub provider: String,
    pub amount: String,
    pub status: &'static str,
    pub reference: String,
    pub review: bool,
}

impl From<&Attempt> for Row {
    fn from(attempt: &Attempt) -> Self {
        Row {
            href: format!("{PATH}/{}", attempt.id),
            at: local_time(attempt.created_at),
            provider: attempt.provider.clone(),
            amount: Vnd(attempt.amount).to_string(),
            status: status_label(attempt.status),
            reference: attempt.provider_ref.clone(),
            review: attempt.review_reason.is_some(),
        }
    }
}

/// A callback as the page lists it; its payload folded away, pretty-printed.
pub struct CallbackRow {
    pub at: String,
    pub provider: String,
    pub outcome: String,
    pub payload: String,
}

fn pretty(payload: &Value) -> String {
    serde_json::to_string_pretty(payload).unwrap_or_default()
}

impl CallbackRow {
    fn new(provider: &str, callback: &Callback) -> Self {
        CallbackRow {
            at: local_time(callback.received_at),
            provider: provider.to_owned(),
            outcome: callback.outcome.clone(),
            payload: pretty(&callback.payload.0),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/payments.html")]
struct ListPage {
    layout: AdminLayout,
    statuses: Vec<Choice>,
    providers: Vec<Choice>,
    status: String,
    provider: String,
    rows: Vec<Row>,
    next: Option<String>,
    refused: Vec<CallbackRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    #[serde(rename = "trang-thai")]
    status: String,
    #[serde(rename = "cong")]
    provider: String,
    #[serde(rename = "truoc")]
    before: Option<Uuid>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Response {
    let result = list_page(&state, &staff, query).await;
    respond(&state, &staff.visitor, result).await
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    query: ListQuery,
) -> Result<Response, ApiError> {
    let status = match query.status.as_str() {
        "" => None,
        typed => {
            Some(AttemptStatus::parse(typed).ok_or_else(|| ApiError::bad_request("trang-thai"))?)
        }
    };
    let provider = match query.provider.as_str() {
        "" => None,
        typed if PROVIDERS.contains(&typed) => Some(typed.to_owned()),
        _ => return Err(ApiError::bad_request("cong")),
    };
    let filter = AttemptFilter {
        status,
        provider,
        before: query.before,
    };
    let attempts = history::attempts(&state.db, &filter, PAGE_SIZE).await?;
    let next = (attempts.len() as i64 == PAGE_SIZE)
        .then(|| attempts.last().map(|a| a.id))
        .flatten()
        .map(|last| {
            format!(
                "{PATH}?trang-thai={}&cong={}&truoc={last}",
                query.status, query.provider
            )
        });
    let refused = history::refused_callbacks(&state.db, 20).await?;
    let page = ListPage {
        layout: AdminLayout::new(state, staff, "Thanh toán"),
        statuses: std::iter::once(Choice::new("", "Tất cả"))
            .chain(
                AttemptStatus::ALL
                    .iter()
                    .map(|s| Choice::new(s.as_str(), status_label(*s))),
            )
            .collect(),
        providers: std::iter::once(Choice::new("", "Tất cả"))
            .chain(PROVIDERS.iter().map(|p| Choice::new(*p, *p)))
            .collect(),
        rows: attempts.iter().map(Row::from).collect(),
        next,
        refused: refused
            .iter()
            .map(|(provider, callback)| CallbackRow::new(provider, callback))
            .collect(),
        status: query.status,
        provider: query.provider,
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "admin/payment.html")]
struct DetailPage {
    layout: AdminLayout,
    row: Row,
    method: String,
    transaction: String,
    refunded: String,
    settled_at: String,
    review_reason: Option<String>,
    order: Option<(String, String)>,
    settled_by: Option<String>,
    callbacks: Vec<CallbackRow>,
}

pub async fn detail(State(state): State<AppState>, staff: Staff, Path(id): Path<Uuid>) -> Response {
    let result = detail_page(&state, &staff, id).await;
    respond(&state, &staff.visitor, result).await
}

async fn detail_page(state: &AppState, staff: &Staff, id: Uuid) -> Result<Response, ApiError> {
    let found = history::attempt(&state.db, id).await?;
    let history = found.ok_or_else(|| ApiError::not_found("payment"))?;
    let attempt = &history.attempt;
    // The order is sales' to show; a payment whose order is gone still has its page.
    let order = cho_sales::orders::get(&state.db, attempt.order_id.0, None)
        .await
        .ok()
        .map(|order| {
            let href = format!("{}/{}", super::orders::PATH, order.order_code);
            (href, order.order_code)
        });
    let page = DetailPage {
        layout: AdminLayout::new(
            state,
            staff,
            &format!("Thanh toán {}", attempt.provider_ref),
        ),
        row: Row::from(attempt),
        method: attempt.method.clone(),
        transaction: attempt.provider_transaction_id.clone().unwrap_or_default(),
        refunded: Vnd(attempt.refunded_amount).to_string(),
        settled_at: attempt.settled_at.map(local_time).unwrap_or_default(),
        review_reason: attempt.review_reason.clone(),
        order,
        settled_by: history.settled_by.as_ref().map(pretty),
        callbacks: history
            .callbacks
            .iter()
            .map(|c| CallbackRow::new(&attempt.provider, c))
            .collect(),
    };
    Ok(html(StatusCode::OK, &page))
}
