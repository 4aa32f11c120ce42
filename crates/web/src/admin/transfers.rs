//! The bank-transfer review queue: money that came in by VietQR transfer without an
//! order code, for the wrong amount, or for an order already paid or closed. Staff
//! apply a line to an order or dismiss it with a note, through payments' audited
//! `bank_transfers::resolve`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_payments::bank_transfers::{self, Resolution, ResolveAction, Status};
use cho_platform::extract::ClientInfo;
use cho_platform::{AppState, Vnd};
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminLayout, NoticeQuery, Staff};
use crate::layout::html;
use crate::pages::{failure_page, stale_form_page};

pub const PATH: &str = "/admin/chuyen-khoan";

pub struct Line {
    pub id: Uuid,
    pub amount: String,
    pub content: String,
    pub bank: String,
    pub at: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "admin/transfers.html")]
struct QueuePage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    lines: Vec<Line>,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-ap-dung" => (true, "Đã dùng khoản chuyển khoản để thanh toán đơn hàng."),
        "da-bo-qua" => (true, "Đã đóng khoản chuyển khoản."),
        "sai-so-tien" => (
            false,
            "Số tiền không khớp với số đơn hàng cần thanh toán, hoặc đơn không còn chờ thanh toán.",
        ),
        "khong-co-don" => (false, "Không tìm thấy đơn hàng có mã này."),
        "can-ghi-chu" => (false, "Vui lòng ghi lý do khi đóng một khoản chuyển khoản."),
        "da-xu-ly" => (false, "Khoản chuyển khoản này đã được xử lý."),
        _ => return None,
    })
}

pub async fn queue(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let lines = match bank_transfers::list(&state.db, Some(Status::Review), 100).await {
        Ok(lines) => lines,
        Err(err) => return failure_page(&state, err).await,
    };
    let page = QueuePage {
        layout: AdminLayout::new(&state, &staff, "Chuyển khoản cần xem xét"),
        notice: notice(&query.notice),
        lines: lines
            .into_iter()
            .map(|t| Line {
                id: t.id,
                amount: Vnd(t.amount).to_string(),
                content: t.content,
                bank: format!("{} · {}", t.bank, t.account_number),
                at: t.transferred_at,
                reason: t.reason.unwrap_or_default(),
            })
            .collect(),
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResolveForm {
    order_code: String,
    note: String,
    _csrf: String,
}

fn back(notice: &str) -> Response {
    Redirect::to(&format!("{PATH}?thong-bao={notice}")).into_response()
}

async fn resolve(
    state: &AppState,
    staff: &Staff,
    client: &ClientInfo,
    id: Uuid,
    form: ResolveForm,
    action: ResolveAction,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(state).await;
    }
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let resolution = Resolution {
        action,
        order_code: optional(&form.order_code).map(|c| c.to_uppercase()),
        note: optional(&form.note),
    };
    match bank_transfers::resolve(state, id, &resolution, staff.user_id, client).await {
        Ok(_) if action == ResolveAction::Apply => back("da-ap-dung"),
        Ok(_) => back("da-bo-qua"),
        Err(err) => match err.code() {
            "transfer_mismatch" => back("sai-so-tien"),
            "not_found" => back("khong-co-don"),
            "invalid_input" => back(if action == ResolveAction::Apply {
                "khong-co-don"
            } else {
                "can-ghi-chu"
            }),
            "transfer_not_in_review" | "transfer_resolved" => back("da-xu-ly"),
            _ => failure_page(state, err).await,
        },
    }
}

pub async fn apply(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<ResolveForm>,
) -> Response {
    resolve(&state, &staff, &client, id, form, ResolveAction::Apply).await
}

pub async fn dismiss(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<ResolveForm>,
) -> Response {
    resolve(&state, &staff, &client, id, form, ResolveAction::Dismiss).await
}
