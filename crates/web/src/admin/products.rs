//! Products in the back office: the list (drafts and archived ones included), one
//! product with a form per variant for its price, sale price, stock and availability,
//! and archiving. Every change is catalog's own audited `change_variant` / `archive`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_catalog::admin::{self, VariantInput};
use cho_catalog::ProductFilter;
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState, Vnd};
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminLayout, Staff};
use crate::layout::html;
use crate::pages::{failure_page, stale_form_page, TokenForm};

pub const PATH: &str = "/admin/san-pham";

fn product_path(id: Uuid) -> String {
    format!("{PATH}/{id}")
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub category: String,
    pub price: String,
    pub in_stock: bool,
}

#[derive(Template)]
#[template(path = "admin/products.html")]
struct ListPage {
    layout: AdminLayout,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    sau: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Response {
    let filter = ProductFilter {
        limit: Some(50),
        cursor: query.sau,
        ..Default::default()
    };
    let page = match cho_catalog::page(&state.db, &filter, true).await {
        Ok(page) => page,
        Err(err) => return failure_page(&state, err).await,
    };
    let page = ListPage {
        layout: AdminLayout::new(&state, &staff, "Sản phẩm"),
        rows: page
            .items
            .iter()
            .map(|p| Row {
                href: product_path(p.id),
                name: p.name.clone(),
                category: p.category.name.clone(),
                price: Vnd(p.sale_price.unwrap_or(p.price)).to_string(),
                in_stock: p.in_stock,
            })
            .collect(),
        next: page.next_cursor.map(|c| format!("{PATH}?sau={c}")),
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

pub struct VariantForm {
    pub path: String,
    pub name: String,
    pub sku: String,
    pub price: i64,
    pub sale_price: String,
    pub stock: i64,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/product.html")]
struct DetailPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    name: String,
    status: &'static str,
    archived: bool,
    storefront: String,
    variants: Vec<VariantForm>,
    archive_path: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    #[serde(rename = "thong-bao")]
    notice: String,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-luu" => (true, "Đã lưu phiên bản."),
        "da-luu-tru" => (
            true,
            "Đã lưu trữ sản phẩm: sản phẩm không còn hiện trên cửa hàng.",
        ),
        "khong-hop-le" => (
            false,
            "Giá, giá khuyến mãi hoặc tồn kho không hợp lệ (giá khuyến mãi phải thấp hơn giá bán).",
        ),
        _ => return None,
    })
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let result = detail_page(&state, &staff, id, &query).await;
    staff.visitor.finish(match result {
        Ok(page) => page,
        Err(err) => failure_page(&state, err).await,
    })
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    query: &DetailQuery,
) -> Result<Response, ApiError> {
    let product = cho_catalog::detail(&state.db, &id.to_string(), true).await?;
    let path = product_path(id);
    let summary = &product.summary;
    let page = DetailPage {
        layout: AdminLayout::new(state, staff, &summary.name),
        notice: notice(&query.notice),
        name: summary.name.clone(),
        status: match product.status.as_str() {
            "draft" => "Bản nháp",
            "archived" => "Đã lưu trữ",
            _ => "Đang bán",
        },
        archived: product.status == "archived",
        storefront: crate::catalog::product_href(summary),
        variants: product
            .variants
            .iter()
            .map(|v| VariantForm {
                path: format!("{path}/phien-ban/{}", v.id),
                name: v.name.clone(),
                sku: v.sku.clone(),
                price: v.price,
                sale_price: v.sale_price.map(|p| p.to_string()).unwrap_or_default(),
                stock: v.stock_quantity,
                active: v.is_active,
            })
            .collect(),
        archive_path: format!("{path}/luu-tru"),
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VariantFormInput {
    price: String,
    sale_price: String,
    stock: String,
    active: Option<String>,
    _csrf: String,
}

fn back(id: Uuid, notice: &str) -> Response {
    Redirect::to(&format!("{}?thong-bao={notice}", product_path(id))).into_response()
}

/// A whole number of đồng or units as typed (`1.290.000`); `None` when it is not one.
fn whole(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    digits.parse().ok()
}

pub async fn change_variant(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path((id, variant_id)): Path<(Uuid, Uuid)>,
    Form(form): Form<VariantFormInput>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let result = async {
        let product = cho_catalog::detail(&state.db, &id.to_string(), true).await?;
        let variant = product
            .variants
            .iter()
            .find(|v| v.id == variant_id)
            .ok_or_else(|| ApiError::not_found("variant"))?;
        let sale_price = match form.sale_price.trim() {
            "" => None,
            typed => Some(whole(typed).ok_or_else(|| ApiError::bad_request("salePrice"))?),
        };
        let input = VariantInput {
            name: variant.name.clone(),
            sku: variant.sku.clone(),
            price: whole(&form.price).ok_or_else(|| ApiError::bad_request("price"))?,
            sale_price,
            stock_quantity: whole(&form.stock).ok_or_else(|| ApiError::bad_request("stock"))?,
            attributes: variant.attributes.0.clone(),
            is_active: form.active.is_some(),
        };
        admin::change_variant(&state, staff.user_id, &client, variant_id, &input).await
    }
    .await;
    match result {
        Ok(_) => back(id, "da-luu"),
        Err(err) if err.code() == "invalid_input" => back(id, "khong-hop-le"),
        Err(err) => failure_page(&state, err).await,
    }
}

pub async fn archive(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    match admin::archive(&state, staff.user_id, &client, id).await {
        Ok(()) => back(id, "da-luu-tru"),
        Err(err) => failure_page(&state, err).await,
    }
}
