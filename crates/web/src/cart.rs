//! The cart page: what the signed-in shopper is about to buy, with quantities to change,
//! lines to remove and the shipping fee to a province. Every change is a form posted
//! to the cart's own rules (`cho_sales::cart`) and answered with a redirect back to the
//! page (post/redirect/get), carrying at most a notice's key.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_catalog::inventory::VariantId;
use cho_platform::{ApiError, AppState, Vnd};
use cho_sales::cart::{self, CartView};
use cho_sales::pricing::MAX_LINE_QUANTITY;
use serde::Deserialize;
use uuid::Uuid;

use crate::account::next_path;
use crate::layout::{html, Layout};
use crate::pages::{error_page, private_layout, respond, stale_form_page};
use crate::session::{sign_in_first, Visitor};

const PATH: &str = "/gio-hang";

/// What a redirect back to the cart can tell the shopper, by the key in its query.
fn notice(key: &str) -> Option<&'static str> {
    Some(match key {
        "het-hang" => "Số lượng bạn chọn vượt quá số hàng còn trong kho.",
        "so-luong" => "Số lượng phải từ 1 đến 100.",
        "ngung-ban" => "Sản phẩm này hiện không còn bán.",
        "da-them" => "Đã thêm sản phẩm vào giỏ hàng.",
        _ => return None,
    })
}

/// The notice key of a refused cart change, or `None` when it is not the shopper's doing.
fn refusal(err: &ApiError) -> Option<&'static str> {
    Some(match err.code() {
        "insufficient_stock" => "het-hang",
        "invalid_input" => "so-luong",
        "not_found" => "ngung-ban",
        _ => return None,
    })
}

pub struct LineView {
    pub id: Uuid,
    pub href: String,
    pub product_name: String,
    pub variant_name: String,
    pub unit_price: String,
    pub quantity: i64,
    pub max_quantity: i64,
    pub total: String,
    /// Why the line cannot be bought as it is, if it cannot.
    pub problem: Option<String>,
}

pub struct ProvinceChoice {
    pub code: i64,
    pub name: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "cart.html")]
struct CartPage {
    layout: Layout,
    csrf: String,
    notice: Option<&'static str>,
    lines: Vec<LineView>,
    subtotal: String,
    provinces: Vec<ProvinceChoice>,
    /// The fee to the chosen province, when one is chosen.
    shipping_fee: Option<String>,
    total: String,
    can_check_out: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CartQuery {
    /// A notice's key (`?thong-bao=het-hang`).
    #[serde(rename = "thong-bao")]
    notice: String,
    /// The province to estimate shipping to (`?tinh=79`).
    tinh: Option<i64>,
}

pub fn lines(cart: &CartView) -> Vec<LineView> {
    cart.items
        .iter()
        .map(|item| LineView {
            id: item.id,
            href: format!("/san-pham/{}", item.product_slug),
            product_name: item.product_name.clone(),
            variant_name: item.variant_name.clone(),
            unit_price: Vnd(item.unit_price).to_string(),
            quantity: item.quantity,
            max_quantity: item
                .stock_quantity
                .clamp(item.quantity.min(MAX_LINE_QUANTITY), MAX_LINE_QUANTITY),
            total: Vnd(item.total).to_string(),
            problem: (!item.available).then(|| {
                if item.stock_quantity > 0 {
                    format!("Chỉ còn {} sản phẩm", item.stock_quantity)
                } else {
                    "Hết hàng hoặc ngừng bán".to_owned()
                }
            }),
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<CartQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PATH);
    };
    let result = cart_page(&state, &visitor, session.user_id, query).await;
    respond(&state, &visitor, result).await
}

async fn cart_page(
    state: &AppState,
    visitor: &Visitor,
    user_id: cho_platform::auth::UserId,
    query: CartQuery,
) -> Result<Response, ApiError> {
    let cart = cart::view(&state.db, user_id).await?;
    let province = query
        .tinh
        .filter(|code| cho_geography::province(*code).is_some());
    let shipping_fee = province.map(|code| cho_geography::shipping_fee(code, cart.total));
    let page = CartPage {
        layout: private_layout(state, visitor, "Giỏ hàng", PATH).await,
        csrf: visitor.csrf.clone(),
        notice: notice(&query.notice),
        lines: lines(&cart),
        subtotal: Vnd(cart.total).to_string(),
        provinces: cho_geography::provinces()
            .iter()
            .map(|p| ProvinceChoice {
                code: p.code,
                name: &p.name,
                selected: Some(p.code) == province,
            })
            .collect(),
        shipping_fee: shipping_fee.map(|fee| Vnd(fee).to_string()),
        total: Vnd(cart.total.saturating_add(shipping_fee.unwrap_or(0))).to_string(),
        can_check_out: !cart.items.is_empty() && cart.items.iter().all(|i| i.available),
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddForm {
    variant: String,
    quantity: String,
    /// The product page the form was on.
    back: String,
    _csrf: String,
}

/// A quantity as typed; what does not parse is refused by the cart's own rule.
fn quantity(typed: &str) -> i64 {
    typed.trim().parse().unwrap_or(0)
}

fn back_to_cart(notice: &str) -> Response {
    Redirect::to(&format!("{PATH}?thong-bao={notice}")).into_response()
}

/// Adds a variant to the cart. A shopper who is not signed in signs in first and comes
/// back to the product page.
pub async fn add(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<AddForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(&next_path(Some(&form.back)));
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let Ok(variant) = Uuid::parse_str(form.variant.trim()) else {
        return error_page(&state, StatusCode::BAD_REQUEST).await;
    };
    let added = cart::add_item(
        &state.db,
        session.user_id,
        VariantId(variant),
        quantity(&form.quantity),
    )
    .await;
    changed(&state, added, "da-them").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LineForm {
    quantity: String,
    _csrf: String,
}

/// Sets a line's quantity.
pub async fn update(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(item): Path<Uuid>,
    Form(form): Form<LineForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let updated =
        cart::set_quantity(&state.db, session.user_id, item, quantity(&form.quantity)).await;
    changed(&state, updated, "").await
}

/// Removes a line.
pub async fn remove(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(item): Path<Uuid>,
    Form(form): Form<LineForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let removed = cart::remove_item(&state.db, session.user_id, item).await;
    changed(&state, removed, "").await
}

/// Back to the cart after a change: with `done` when it was made, with the reason when
/// the cart's rules refused it; a failure of ours gets the error page.
async fn changed(state: &AppState, result: Result<(), ApiError>, done: &str) -> Response {
    match result {
        Ok(()) if done.is_empty() => Redirect::to(PATH).into_response(),
        Ok(()) => back_to_cart(done),
        Err(err) => match refusal(&err) {
            Some(key) => back_to_cart(key),
            None => crate::pages::failure_page(state, err).await,
        },
    }
}
