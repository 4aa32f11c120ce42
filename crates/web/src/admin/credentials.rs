//! Payment gateways' credentials, for admins: where those in force come from, the
//! merchant id and when they were set — never a secret value, not even back into the
//! form — and a form per gateway that sets or replaces them (sealed by payments'
//! `credentials::set`, audited) or removes the stored ones.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_payments::credentials::{self, Provider, Source, PROVIDERS};
use cho_payments::PaymentSettings;
use cho_platform::config::Secret;
use cho_platform::crypto::SecretMap;
use cho_platform::extract::ClientInfo;
use cho_platform::AppState;

use super::{admins_only, AdminLayout, NoticeQuery, Staff};
use crate::labels::local_time;
use crate::layout::html;
use crate::pages::{error_page, failure_page, stale_form_page, TokenForm};

pub const PATH: &str = "/admin/cong-thanh-toan";

pub struct GatewayView {
    pub provider: &'static str,
    pub path: String,
    pub source: &'static str,
    pub stored: bool,
    pub merchant_id: String,
    pub updated_at: String,
    pub fields: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/credentials.html")]
struct CredentialsPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    environment: String,
    gateways: Vec<GatewayView>,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-luu" => (true, "Đã lưu thông tin kết nối (đã mã hóa)."),
        "da-xoa" => (
            true,
            "Đã xóa thông tin đã lưu; cấu hình CHO_* (nếu có) được dùng lại.",
        ),
        "khong-hop-le" => (
            false,
            "Vui lòng nhập đủ và đúng mọi trường của cổng thanh toán.",
        ),
        _ => return None,
    })
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    let environment = PaymentSettings::of(&state).payment_environment.clone();
    let statuses = match credentials::statuses(&state, &environment).await {
        Ok(statuses) => statuses,
        Err(err) => return failure_page(&state, err).await,
    };
    let gateways = PROVIDERS
        .into_iter()
        .zip(statuses)
        .map(|(provider, status)| GatewayView {
            provider: provider.as_str(),
            path: format!("{PATH}/{}", provider.as_str().to_lowercase()),
            source: match status.source {
                Source::Stored => "Đã lưu (mã hóa) qua trang quản trị",
                Source::Environment => "Cấu hình CHO_* của máy chủ",
                Source::None => "Chưa cấu hình",
            },
            stored: status.source == Source::Stored,
            merchant_id: status.merchant_id.unwrap_or_default(),
            updated_at: status.updated_at.map(local_time).unwrap_or_default(),
            fields: status.fields,
        })
        .collect();
    let page = CredentialsPage {
        layout: AdminLayout::new(&state, &staff, "Cổng thanh toán"),
        notice: notice(&query.notice),
        environment,
        gateways,
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

fn back(notice: &str) -> Response {
    Redirect::to(&format!("{PATH}?thong-bao={notice}")).into_response()
}

pub async fn set(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(name): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    if !staff
        .visitor
        .form_is_genuine(form.get("_csrf").map_or("", String::as_str))
    {
        return stale_form_page(&state).await;
    }
    let Some(provider) = Provider::parse(&name) else {
        return error_page(&state, StatusCode::NOT_FOUND).await;
    };
    // Only the provider's own fields, and only those typed in.
    let fields: SecretMap = provider
        .field_names()
        .into_iter()
        .filter_map(|field| {
            let value = form.get(field)?.trim();
            (!value.is_empty()).then(|| (field.to_owned(), Secret::new(value.to_owned())))
        })
        .collect();
    let environment = PaymentSettings::of(&state).payment_environment.clone();
    match credentials::set(
        &state,
        provider,
        &environment,
        fields,
        staff.user_id,
        &client,
    )
    .await
    {
        Ok(_) => back("da-luu"),
        Err(err) if err.code() == "invalid_input" => back("khong-hop-le"),
        Err(err) => failure_page(&state, err).await,
    }
}

pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(name): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    if let Some(refused) = admins_only(&state, &staff).await {
        return refused;
    }
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let Some(provider) = Provider::parse(&name) else {
        return error_page(&state, StatusCode::NOT_FOUND).await;
    };
    let environment = PaymentSettings::of(&state).payment_environment.clone();
    match credentials::delete(&state, provider, &environment, staff.user_id, &client).await {
        Ok(_) => back("da-xoa"),
        Err(err) => failure_page(&state, err).await,
    }
}
