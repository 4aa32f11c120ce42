//! `/v1/cart*`, `/v1/orders*` and the staff's `/v1/admin/orders*`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use cho_catalog::inventory::VariantId;
use cho_platform::auth::{AuthUser, StaffUser};
use cho_platform::error::ErrorBody;
use cho_platform::extract::{ClientInfo, IdempotencyKey, Json as Body, OptionalJson, Path, Query};
use cho_platform::pagination::Page;
use cho_platform::{ApiResult, AppState};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::cart::{self, CartView};
use crate::checkout::{self, Checkout, PlaceOrder};
use crate::orders::{self, OrderFilter, OrderView, TransitionInput};
use crate::payment::SharedStarter;
use crate::settings::SalesSettings;
use crate::status::{Action, OrderStatus};

/// The sales routes; `payments` starts online payments at checkout.
pub fn router(payments: SharedStarter) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_cart))
        .routes(routes!(add_cart_item))
        .routes(routes!(update_cart_item, remove_cart_item))
        .routes(routes!(list_orders, place_order))
        .routes(routes!(get_order))
        .routes(routes!(cancel_order))
        .routes(routes!(admin_list_orders))
        .routes(routes!(admin_get_order))
        .routes(routes!(admin_confirm))
        .routes(routes!(admin_ship))
        .routes(routes!(admin_deliver))
        .routes(routes!(admin_complete))
        .routes(routes!(admin_cancel))
        .layer(Extension(payments))
}

/// The caller's cart at today's prices.
#[utoipa::path(get, path = "/cart", tag = "cart", security(("bearer" = [])),
    responses((status = 200, body = CartView)))]
async fn get_cart(State(state): State<AppState>, user: AuthUser) -> ApiResult<Json<CartView>> {
    Ok(Json(cart::view(&state.db, user.id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AddItem {
    variant_id: Uuid,
    /// 1 to 100; added to what the cart already holds.
    quantity: i64,
}

/// Puts a variant in the cart.
#[utoipa::path(post, path = "/cart/items", extensions(("x-error-codes" = json!(["not_found", "insufficient_stock"]))), tag = "cart", security(("bearer" = [])), request_body = AddItem,
    responses((status = 200, body = CartView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn add_cart_item(
    State(state): State<AppState>,
    user: AuthUser,
    Body(req): Body<AddItem>,
) -> ApiResult<Json<CartView>> {
    cart::add_item(&state.db, user.id, VariantId(req.variant_id), req.quantity).await?;
    Ok(Json(cart::view(&state.db, user.id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SetQuantity {
    quantity: i64,
}

/// Changes a line's quantity.
#[utoipa::path(patch, path = "/cart/items/{id}", extensions(("x-error-codes" = json!(["insufficient_stock"]))), tag = "cart", security(("bearer" = [])), request_body = SetQuantity,
    responses((status = 200, body = CartView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_cart_item(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    Body(req): Body<SetQuantity>,
) -> ApiResult<Json<CartView>> {
    cart::set_quantity(&state.db, user.id, id, req.quantity).await?;
    Ok(Json(cart::view(&state.db, user.id).await?))
}

/// Removes a line.
#[utoipa::path(delete, path = "/cart/items/{id}", tag = "cart", security(("bearer" = [])),
    responses((status = 200, body = CartView), (status = 404, body = ErrorBody)))]
async fn remove_cart_item(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CartView>> {
    cart::remove_item(&state.db, user.id, id).await?;
    Ok(Json(cart::view(&state.db, user.id).await?))
}

/// Checks out the cart. COD orders await the shop's confirmation; online
/// payments await the gateway and expire unpaid after the payment timeout.
#[utoipa::path(post, path = "/orders", extensions(("x-error-codes" = json!(["cart_empty", "product_unavailable", "product_unpriced", "order_total_too_large", "insufficient_stock", "payment_method_unavailable", "payment_method_not_online", "provider_not_configured", "not_found"]))), tag = "orders", security(("bearer" = [])), request_body = PlaceOrder,
    responses((status = 201, body = OrderView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn place_order(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    user: AuthUser,
    client: ClientInfo,
    IdempotencyKey(key): IdempotencyKey,
    Body(req): Body<PlaceOrder>,
) -> ApiResult<Response> {
    let timeout =
        chrono::Duration::seconds(SalesSettings::of(&state).order_payment_timeout_secs as i64);
    let checkout = Checkout {
        user_id: user.id,
        idempotency_key: key.as_deref(),
        payment_timeout: timeout,
        client_ip: client.ip,
        payments: payments.as_ref(),
    };
    let placed = checkout::place_order(&state.db, checkout, req).await?;
    Ok((placed.status, Json(placed.body)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct OrderListQuery {
    /// Only orders in this status.
    status: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

impl OrderListQuery {
    fn status(&self) -> ApiResult<Option<OrderStatus>> {
        self.status
            .as_deref()
            .map(|s| {
                OrderStatus::parse(s).ok_or_else(|| {
                    cho_platform::ApiError::bad_request(format!("unknown order status '{s}'"))
                })
            })
            .transpose()
    }
}

/// The caller's orders, newest first.
#[utoipa::path(get, path = "/orders", tag = "orders", security(("bearer" = [])), params(OrderListQuery),
    responses((status = 200, body = Page<OrderView>)))]
async fn list_orders(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<OrderListQuery>,
) -> ApiResult<Json<Page<OrderView>>> {
    Ok(Json(
        orders::list(
            &state.db,
            &OrderFilter {
                owner: Some(user.id),
                status: q.status()?,
                ..Default::default()
            },
            q.limit,
            q.cursor.as_deref(),
        )
        .await?,
    ))
}

/// One of the caller's orders (another user's order is a 404).
#[utoipa::path(get, path = "/orders/{id}", tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
async fn get_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(orders::get(&state.db, id, Some(user.id)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct CancelRequest {
    reason: Option<String>,
}

/// Cancels one of the caller's orders before the shop confirms it; the stock returns.
#[utoipa::path(post, path = "/orders/{id}/cancel", extensions(("x-error-codes" = json!(["order_not_cancellable", "order_changed"]))), tag = "orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
    OptionalJson(body): OptionalJson<CancelRequest>,
) -> ApiResult<Json<OrderView>> {
    let reason = body.and_then(|b| b.reason);
    Ok(Json(
        orders::cancel_by_customer(&state.db, id, user.id, reason).await?,
    ))
}

/// All orders, newest first, optionally in one status.
#[utoipa::path(get, path = "/admin/orders", tag = "admin-orders", security(("bearer" = [])), params(OrderListQuery),
    responses((status = 200, body = Page<OrderView>)))]
async fn admin_list_orders(
    State(state): State<AppState>,
    _staff: StaffUser,
    Query(q): Query<OrderListQuery>,
) -> ApiResult<Json<Page<OrderView>>> {
    Ok(Json(
        orders::list(
            &state.db,
            &OrderFilter {
                status: q.status()?,
                ..Default::default()
            },
            q.limit,
            q.cursor.as_deref(),
        )
        .await?,
    ))
}

/// Any order, for staff.
#[utoipa::path(get, path = "/admin/orders/{id}", tag = "admin-orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody)))]
async fn admin_get_order(
    State(state): State<AppState>,
    _staff: StaffUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(orders::get(&state.db, id, None).await?))
}

/// Confirms a COD or paid order.
#[utoipa::path(post, path = "/admin/orders/{id}/confirm", extensions(("x-error-codes" = json!(["invalid_transition", "order_changed"]))), tag = "admin-orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_confirm(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(
        orders::staff_transition(
            &state.db,
            staff.0.id,
            &client,
            id,
            Action::Confirm,
            TransitionInput::default(),
            payments.as_ref(),
        )
        .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ShipRequest {
    /// The carrier's tracking code.
    tracking_code: String,
}

/// Hands a confirmed order to the carrier.
#[utoipa::path(post, path = "/admin/orders/{id}/ship", extensions(("x-error-codes" = json!(["invalid_transition", "order_changed"]))), tag = "admin-orders", security(("bearer" = [])), request_body = ShipRequest,
    responses((status = 200, body = OrderView), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn admin_ship(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(req): Body<ShipRequest>,
) -> ApiResult<Json<OrderView>> {
    let code = req.tracking_code.trim();
    if code.is_empty() || code.len() > 64 {
        return Err(cho_platform::ApiError::bad_request(
            "trackingCode must be 1 to 64 characters",
        ));
    }
    let input = TransitionInput {
        tracking_code: Some(code.to_owned()),
        reason: None,
    };
    Ok(Json(
        orders::staff_transition(
            &state.db,
            staff.0.id,
            &client,
            id,
            Action::Ship,
            input,
            payments.as_ref(),
        )
        .await?,
    ))
}

/// Records delivery; a COD order is paid at this moment.
#[utoipa::path(post, path = "/admin/orders/{id}/deliver", extensions(("x-error-codes" = json!(["invalid_transition", "order_changed"]))), tag = "admin-orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 409, body = ErrorBody)))]
async fn admin_deliver(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(
        orders::staff_transition(
            &state.db,
            staff.0.id,
            &client,
            id,
            Action::Deliver,
            TransitionInput::default(),
            payments.as_ref(),
        )
        .await?,
    ))
}

/// Closes a delivered order.
#[utoipa::path(post, path = "/admin/orders/{id}/complete", extensions(("x-error-codes" = json!(["invalid_transition", "order_changed"]))), tag = "admin-orders", security(("bearer" = [])),
    responses((status = 200, body = OrderView), (status = 409, body = ErrorBody)))]
async fn admin_complete(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(
        orders::staff_transition(
            &state.db,
            staff.0.id,
            &client,
            id,
            Action::Complete,
            TransitionInput::default(),
            payments.as_ref(),
        )
        .await?,
    ))
}

/// Cancels an order that has not shipped; its stock returns.
#[utoipa::path(post, path = "/admin/orders/{id}/cancel", extensions(("x-error-codes" = json!(["invalid_transition", "order_changed"]))), tag = "admin-orders", security(("bearer" = [])), request_body = CancelRequest,
    responses((status = 200, body = OrderView), (status = 409, body = ErrorBody)))]
async fn admin_cancel(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    OptionalJson(body): OptionalJson<CancelRequest>,
) -> ApiResult<Json<OrderView>> {
    let reason = body
        .and_then(|b| b.reason)
        .or_else(|| Some("cancelled by the shop".into()));
    Ok(Json(
        orders::staff_transition(
            &state.db,
            staff.0.id,
            &client,
            id,
            Action::Cancel,
            TransitionInput {
                tracking_code: None,
                reason,
            },
            payments.as_ref(),
        )
        .await?,
    ))
}
