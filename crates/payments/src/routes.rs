//! `/v1/payments/*` (the gateways' callbacks and return URLs), a shopper's
//! payments of an order and retrying one, and staff refunds.

use cho_platform::auth::UserId;
use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use axum::Json;
use cho_platform::auth::{AuthUser, StaffUser};
use cho_platform::error::ErrorBody;
use cho_platform::extract::{wants_html, ClientInfo, IdempotencyKey, Json as Body, Path, Query};
use cho_platform::{ApiError, ApiResult, AppState};
use cho_sales::payment::{order, OrderId};
use cho_sales::status::PaymentMethod;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attempts::{self, Attempt, AttemptStatus};
use crate::gateway::{self, Rejected};
use crate::refunds::{self, Refund, RefundInput, Requester};
use crate::retry::{self, PayAgain, StartedView};
use crate::settings::PaymentSettings;
use crate::settle::Applied;
use crate::settler::Settler;
use crate::vnpay::{self, IpnAnswer};
use crate::{momo, zalopay};

/// The largest callback body accepted. The gateways' callbacks are well under 4 KB;
/// anything much larger is not from them.
const CALLBACK_BODY_LIMIT: usize = 16 * 1024;

pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(vnpay_ipn_get, vnpay_ipn_post))
        .routes(routes!(momo_ipn))
        .routes(routes!(zalopay_callback))
        .layer(Extension(Settler::start(state)))
        .layer(Extension(crate::suspicious::Recorder::default()))
        .layer(DefaultBodyLimit::max(CALLBACK_BODY_LIMIT))
        .routes(routes!(payment_return))
        .routes(routes!(order_payments, retry_payment))
        .routes(routes!(staff_order_payments))
        .routes(routes!(refund_order))
        .merge(crate::bank_transfers_api::router())
}

/// What became of a callback before any answer format is chosen.
enum Received {
    Applied(Applied),
    Rejected(Rejected),
    /// We could not process it (the database is down): the gateway should call again.
    Failed,
}

/// Where a callback came from, for the record of rejected ones.
struct Source<'a> {
    settler: &'a Settler,
    suspicious: &'a crate::suspicious::Recorder,
    client: ClientInfo,
}

/// Verify → apply, shared by every gateway's callback. Forged and malformed
/// callbacks are counted, logged as suspicious and kept (in part) for audit.
async fn receive(
    state: &AppState,
    source: Source<'_>,
    provider: &'static str,
    callback: Value,
) -> Received {
    if let Some(field) = cho_platform::extract::nul_field(&callback, String::new()) {
        let rejected = Rejected::Malformed(format!("{field} contains a NUL character"));
        source
            .suspicious
            .note(state, provider, &source.client, &callback, &rejected)
            .await;
        return Received::Rejected(rejected);
    }
    let gateway = match gateway::resolve(state, &state.db, provider).await {
        Ok(Some(gateway)) => gateway,
        Ok(None) => {
            tracing::warn!(
                provider,
                "callback for a gateway this shop has not configured"
            );
            return Received::Rejected(Rejected::Malformed(format!(
                "{provider} is not configured"
            )));
        }
        Err(err) => {
            tracing::error!(provider, error = %err, "callback could not be verified");
            return Received::Failed;
        }
    };
    let notification = match gateway.verify_callback(&callback) {
        Ok(notification) => notification,
        Err(rejected) => {
            source
                .suspicious
                .note(state, provider, &source.client, &callback, &rejected)
                .await;
            return Received::Rejected(rejected);
        }
    };
    let provider_ref = notification.provider_ref.clone();
    match source
        .settler
        .apply(provider, "callback", notification)
        .await
    {
        Ok(applied) => Received::Applied(applied),
        Err(err) => {
            tracing::error!(provider, provider_ref, error = %err, "callback could not be applied");
            Received::Failed
        }
    }
}

/// VNPay's answer codes, checked in its order: checksum → order → amount → state.
fn vnpay_answer(received: Received) -> IpnAnswer {
    match received {
        Received::Applied(Applied::Settled { .. }) => IpnAnswer::new("00", "Confirm Success"),
        Received::Applied(Applied::UnknownPayment) => IpnAnswer::new("01", "Order not found"),
        Received::Applied(Applied::AmountMismatch) => IpnAnswer::new("04", "Invalid amount"),
        Received::Applied(Applied::AlreadySettled) => {
            IpnAnswer::new("02", "Order already confirmed")
        }
        Received::Rejected(Rejected::BadSignature) => IpnAnswer::new("97", "Invalid Checksum"),
        Received::Rejected(Rejected::OtherMerchant(_)) => IpnAnswer::new("01", "Order not found"),
        Received::Applied(Applied::StillPending)
        | Received::Rejected(Rejected::Malformed(_))
        | Received::Failed => IpnAnswer::new("99", "Unknown error"),
    }
}

/// VNPay's IPN (server to server). Always HTTP 200; the outcome is in `RspCode`:
/// 00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid checksum, 99 other.
#[utoipa::path(get, path = "/payments/vnpay/callback", tag = "payments", responses((status = 200, body = IpnAnswer)))]
async fn vnpay_ipn_get(
    State(state): State<AppState>,
    Extension(settler): Extension<Settler>,
    Extension(suspicious): Extension<crate::suspicious::Recorder>,
    client: ClientInfo,
    // axum's extractors, not ours: whatever a callback holds is answered in its gateway's terms.
    axum::extract::Query(params): axum::extract::Query<BTreeMap<String, String>>,
) -> Json<IpnAnswer> {
    let source = Source {
        settler: &settler,
        suspicious: &suspicious,
        client,
    };
    Json(vnpay_answer(
        receive(&state, source, vnpay::PROVIDER, json!(params)).await,
    ))
}

/// The same IPN delivered as a form POST.
#[utoipa::path(post, path = "/payments/vnpay/callback", tag = "payments", responses((status = 200, body = IpnAnswer)))]
async fn vnpay_ipn_post(
    State(state): State<AppState>,
    Extension(settler): Extension<Settler>,
    Extension(suspicious): Extension<crate::suspicious::Recorder>,
    client: ClientInfo,
    Form(params): Form<BTreeMap<String, String>>,
) -> Json<IpnAnswer> {
    let source = Source {
        settler: &settler,
        suspicious: &suspicious,
        client,
    };
    Json(vnpay_answer(
        receive(&state, source, vnpay::PROVIDER, json!(params)).await,
    ))
}

/// MoMo's IPN. Answered `204 No Content` once it is recorded (applied now or
/// before); a forged, mismatched or unknown one gets a 400 error body, and an
/// internal failure a 503 so that MoMo delivers it again.
#[utoipa::path(post, path = "/payments/momo/callback", tag = "payments", request_body = Object,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn momo_ipn(
    State(state): State<AppState>,
    Extension(settler): Extension<Settler>,
    Extension(suspicious): Extension<crate::suspicious::Recorder>,
    client: ClientInfo,
    Json(callback): Json<Value>,
) -> Response {
    let rejection = |message: &str| ApiError::bad_request(message.to_owned()).into_response();
    let source = Source {
        settler: &settler,
        suspicious: &suspicious,
        client,
    };
    match receive(&state, source, momo::PROVIDER, callback).await {
        Received::Applied(
            Applied::Settled { .. } | Applied::AlreadySettled | Applied::StillPending,
        ) => StatusCode::NO_CONTENT.into_response(),
        Received::Applied(Applied::UnknownPayment) => rejection("unknown orderId"),
        Received::Applied(Applied::AmountMismatch) => {
            rejection("the amount does not match the payment")
        }
        Received::Rejected(rejected) => rejection(&rejected.to_string()),
        Received::Failed => ApiError::unavailable("try again later").into_response(),
    }
}

/// ZaloPay's answer: `return_code` 1 applied, 2 already applied, -1 refused, 0 call again.
#[derive(Debug, Serialize, ToSchema)]
struct ZalopayAnswer {
    return_code: i32,
    return_message: String,
}

/// ZaloPay's callback (`{data, mac, type}`), answered in its `return_code` convention.
#[utoipa::path(post, path = "/payments/zalopay/callback", tag = "payments", request_body = Object,
    responses((status = 200, body = ZalopayAnswer)))]
async fn zalopay_callback(
    State(state): State<AppState>,
    Extension(settler): Extension<Settler>,
    Extension(suspicious): Extension<crate::suspicious::Recorder>,
    client: ClientInfo,
    Json(callback): Json<Value>,
) -> Json<ZalopayAnswer> {
    let source = Source {
        settler: &settler,
        suspicious: &suspicious,
        client,
    };
    let (return_code, message) = match receive(&state, source, zalopay::PROVIDER, callback).await {
        Received::Applied(Applied::Settled { .. }) => (1, "success".to_owned()),
        Received::Applied(Applied::AlreadySettled) => (2, "already processed".to_owned()),
        Received::Applied(Applied::StillPending) => (0, "not settled yet".to_owned()),
        Received::Applied(Applied::UnknownPayment) => (-1, "unknown app_trans_id".to_owned()),
        Received::Applied(Applied::AmountMismatch) => (-1, "amount mismatch".to_owned()),
        Received::Rejected(rejected) => (-1, rejected.to_string()),
        Received::Failed => (0, "try again".to_owned()),
    };
    Json(ZalopayAnswer {
        return_code,
        return_message: message,
    })
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ReturnView {
    order_id: Uuid,
    /// Our record of the payment: the callback (or a query), not this page, decides it.
    payment_status: AttemptStatus,
    /// What the gateway told the shopper's browser (`succeeded`, `failed`).
    gateway_outcome: String,
}

/// Where a gateway sends the shopper's browser back (`vnpay`, `momo` or `zalopay`).
/// It checks the gateway's signature and shows the outcome; it changes nothing. A
/// browser (one that asks for HTML) is sent on to the shop's return page instead.
#[utoipa::path(get, path = "/payments/{gateway}/return", tag = "payments",
    params(("gateway" = String, Path, description = "vnpay, momo or zalopay")),
    responses((status = 200, body = ReturnView), (status = 303, description = "a browser, sent on to the shop's return page"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn payment_return(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Query(params): Query<BTreeMap<String, String>>,
) -> ApiResult<Response> {
    let page = &PaymentSettings::of(&state).shopper_return_page;
    let browser = !page.is_empty() && wants_html(&headers);
    match verify_return(&state, &name, &params).await {
        Ok(view) if browser => {
            let query = serde_urlencoded::to_string([
                ("order", view.order_id.to_string()),
                ("outcome", view.gateway_outcome),
            ])
            .map_err(anyhow::Error::from)?;
            Ok(Redirect::to(&format!("{page}?{query}")).into_response())
        }
        Ok(view) => Ok(Json(view).into_response()),
        // A forged or garbled return, or one for no payment of ours: the page says it
        // could not be confirmed.
        Err(err) if browser && matches!(err.code(), "invalid_input" | "not_found") => {
            Ok(Redirect::to(&format!("{page}?outcome=invalid")).into_response())
        }
        Err(err) => Err(err),
    }
}

async fn verify_return(
    state: &AppState,
    name: &str,
    params: &BTreeMap<String, String>,
) -> ApiResult<ReturnView> {
    let provider = match name {
        "vnpay" => vnpay::PROVIDER,
        "momo" => momo::PROVIDER,
        "zalopay" => zalopay::PROVIDER,
        _ => return Err(ApiError::not_found("payment gateway")),
    };
    let gateway = gateway::resolve(state, &state.db, provider)
        .await?
        .ok_or_else(|| ApiError::bad_request(format!("{provider} is not configured")))?;
    let notification = gateway.verify_return(params).map_err(|rejected| {
        ApiError::bad_request(format!(
            "the return parameters were not accepted: {rejected}"
        ))
    })?;
    let attempt = attempts::find_by_ref(&state.db, provider, &notification.provider_ref)
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))?;
    Ok(ReturnView {
        order_id: attempt.order_id.0,
        payment_status: attempt.status,
        gateway_outcome: match notification.outcome {
            gateway::Outcome::Succeeded => "succeeded",
            gateway::Outcome::Pending => "pending",
            _ => "failed",
        }
        .into(),
    })
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct PaymentView {
    id: Uuid,
    method: String,
    provider: String,
    amount: i64,
    refunded_amount: i64,
    /// `pending`, `succeeded`, `failed` or `expired`.
    status: AttemptStatus,
    provider_transaction_id: Option<String>,
    /// Why a person should look at this payment (money that arrived after the order closed).
    review_reason: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    /// When the payment succeeded, failed or expired (for cash: when it was collected).
    settled_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The staff member who confirmed cash collected on delivery.
    recorded_by: Option<Uuid>,
}

impl From<Attempt> for PaymentView {
    fn from(a: Attempt) -> Self {
        PaymentView {
            id: a.id,
            method: a.method,
            provider: a.provider,
            amount: a.amount,
            refunded_amount: a.refunded_amount,
            status: a.status,
            provider_transaction_id: a.provider_transaction_id,
            review_reason: a.review_reason,
            created_at: a.created_at,
            settled_at: a.settled_at,
            recorded_by: a.recorded_by,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct OrderPayments {
    payments: Vec<PaymentView>,
    refunds: Vec<Refund>,
}

async fn payments_of(
    state: &AppState,
    order_id: OrderId,
    owner: Option<UserId>,
) -> ApiResult<OrderPayments> {
    let mut tx = state.db.begin().await?;
    order(&mut tx, order_id, owner).await?;
    drop(tx);
    Ok(OrderPayments {
        payments: attempts::for_order(&state.db, order_id)
            .await?
            .into_iter()
            .map(PaymentView::from)
            .collect(),
        refunds: refunds::for_order(state, order_id).await?,
    })
}

/// The payment attempts and refunds of one of the caller's orders.
#[utoipa::path(get, path = "/orders/{id}/payments", tag = "payments", security(("bearer" = [])),
    responses((status = 200, body = OrderPayments), (status = 404, body = ErrorBody)))]
async fn order_payments(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderPayments>> {
    Ok(Json(payments_of(&state, OrderId(id), Some(user.id)).await?))
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RetryPayment {
    payment_method: PaymentMethod,
}

/// Pays an order that is still awaiting payment again — after a failed or
/// abandoned attempt — with the same or another online method.
#[utoipa::path(post, path = "/orders/{id}/payments", extensions(("x-error-codes" = json!(["payment_method_not_online", "order_not_awaiting_payment", "order_already_paid", "payment_in_progress", "provider_not_configured", "payment_refused", "gateway_unavailable"]))), tag = "payments", security(("bearer" = [])), request_body = RetryPayment,
    responses((status = 201, body = StartedView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn retry_payment(
    State(state): State<AppState>,
    user: AuthUser,
    client: ClientInfo,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<Uuid>,
    Body(request): Body<RetryPayment>,
) -> ApiResult<Response> {
    let again = PayAgain {
        user_id: user.id,
        order_id: OrderId(id),
        method: request.payment_method,
        idempotency_key: key.as_deref(),
        client_ip: client.ip,
    };
    let (status, body) = retry::pay_again(&state, again).await?;
    Ok((status, Json(body)).into_response())
}

/// Staff: the payment attempts and refunds of any order.
#[utoipa::path(get, path = "/admin/orders/{id}/payments", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = OrderPayments), (status = 404, body = ErrorBody)))]
async fn staff_order_payments(
    State(state): State<AppState>,
    _staff: StaffUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<OrderPayments>> {
    Ok(Json(payments_of(&state, OrderId(id), None).await?))
}

/// Staff: refunds all or part of what an order's payment captured — through
/// the gateway's refund API, or as a record of cash or a transfer the shop
/// returned by hand (COD, VietQR). Never more than was captured.
#[utoipa::path(post, path = "/admin/orders/{id}/refunds", extensions(("x-error-codes" = json!(["refund_exceeds_captured", "nothing_to_refund"]))), tag = "admin", security(("bearer" = [])), request_body = RefundInput,
    responses((status = 201, body = Refund), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn refund_order(
    State(state): State<AppState>,
    StaffUser(staff): StaffUser,
    client: ClientInfo,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<Uuid>,
    Body(input): Body<RefundInput>,
) -> ApiResult<Response> {
    let scope = format!("refunds:{}:{id}", staff.id);
    let requester = Requester {
        actor: Some(staff.id),
        client: &client,
    };
    let idempotency = key.as_deref().map(|key| (scope.as_str(), key));
    let refund =
        refunds::request(&state, OrderId(id), &input, requester, None, idempotency).await?;
    Ok((StatusCode::CREATED, Json(refund)).into_response())
}
