//! How a page handler answers: its page, or an error page that says in Vietnamese what
//! went wrong (never JSON, never a trace).

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use cho_platform::{ApiError, AppState};

use crate::layout::{html, Layout, Link};
use crate::session::Visitor;

/// A form that carries nothing but its token (sign out, delete, retry …).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    pub _csrf: String,
}

/// The layout of a page that is the visitor's own (account, cart, orders): not indexed.
pub async fn private_layout(
    state: &AppState,
    visitor: &Visitor,
    title: &str,
    path: &str,
) -> Layout {
    let menu = menu(state).await.unwrap_or_default();
    let mut layout = Layout::new(state, menu, title, path).for_visitor(visitor);
    layout.indexable = false;
    layout
}

/// The header's menu: the top-level categories.
pub async fn menu(state: &AppState) -> Result<Vec<Link>, ApiError> {
    let rows = cho_catalog::all_categories(&state.db).await?;
    Ok(cho_catalog::tree(&rows)
        .into_iter()
        .map(|c| Link {
            href: format!("/{}", c.slug),
            name: c.name,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: &'static str,
}

/// The page of `result`, or the error page of its error, as `visitor` gets it.
pub async fn respond(
    state: &AppState,
    visitor: &Visitor,
    result: Result<Response, ApiError>,
) -> Response {
    visitor.finish(match result {
        Ok(page) => page,
        Err(err) => failure_page(state, err).await,
    })
}

/// The answer to a form whose token is not this browser's: an old tab, or another site.
pub async fn stale_form_page(state: &AppState) -> Response {
    message_page(
        state,
        StatusCode::FORBIDDEN,
        "Biểu mẫu đã hết hạn",
        "Vui lòng tải lại trang rồi thử lại.",
    )
    .await
}

/// The error page of `err`; a server-side failure is logged with its cause first.
pub async fn failure_page(state: &AppState, err: impl Into<ApiError>) -> Response {
    let err = err.into();
    if err.status().is_server_error() {
        tracing::error!(error = ?err, code = err.code(), "a page failed");
    }
    error_page(state, err.status()).await
}

pub async fn error_page(state: &AppState, status: StatusCode) -> Response {
    let (heading, message) = match status {
        StatusCode::NOT_FOUND => (
            "Không tìm thấy trang",
            "Trang bạn tìm không có hoặc đã được chuyển đi.",
        ),
        StatusCode::FORBIDDEN => (
            "Không có quyền truy cập",
            "Tài khoản của bạn không được mở trang này.",
        ),
        StatusCode::TOO_MANY_REQUESTS => (
            "Bạn thao tác quá nhanh",
            "Vui lòng đợi một chút rồi thử lại.",
        ),
        s if s.is_client_error() => (
            "Yêu cầu không hợp lệ",
            "Đường dẫn hoặc bộ lọc không hợp lệ.",
        ),
        StatusCode::SERVICE_UNAVAILABLE => ("Cửa hàng đang bận", "Vui lòng thử lại sau ít phút."),
        _ => (
            "Đã có lỗi xảy ra",
            "Chúng tôi đã ghi nhận lỗi. Vui lòng thử lại sau.",
        ),
    };
    if status.is_server_error() {
        tracing::warn!(%status, "a page answered with an error");
    }
    message_page(state, status, heading, message).await
}

/// A page that only says `heading` and `message`.
pub async fn message_page(
    state: &AppState,
    status: StatusCode,
    heading: &'static str,
    message: &'static str,
) -> Response {
    // Without the database the menu is left out, not the page.
    let menu = menu(state).await.unwrap_or_default();
    let mut layout = Layout::new(state, menu, heading, "/");
    layout.indexable = false;
    html(
        status,
        &ErrorPage {
            layout,
            heading,
            message,
        },
    )
}
