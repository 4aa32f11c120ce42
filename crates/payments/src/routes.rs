//! `/v1/payments/*`: the gateways' callbacks and return URLs.

use std::collections::BTreeMap;

use axum::extract::{Form, State};
use axum::Json;
use cho_platform::extract::Query;
use cho_platform::{ApiError, ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::attempts;
use crate::vnpay::{self, IpnAnswer, Vnpay};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(vnpay_ipn_get, vnpay_ipn_post))
        .routes(routes!(vnpay_return))
}

/// VNPay's IPN (server to server). Always HTTP 200; the outcome is in `RspCode`:
/// 00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid checksum, 99 other.
#[utoipa::path(get, path = "/payments/vnpay/callback", tag = "payments", responses((status = 200, body = IpnAnswer)))]
async fn vnpay_ipn_get(
    State(state): State<AppState>,
    Query(params): Query<BTreeMap<String, String>>,
) -> Json<IpnAnswer> {
    Json(vnpay::handle_ipn(&state, params).await)
}

/// The same IPN delivered as a form POST.
#[utoipa::path(post, path = "/payments/vnpay/callback", tag = "payments", responses((status = 200, body = IpnAnswer)))]
async fn vnpay_ipn_post(
    State(state): State<AppState>,
    Form(params): Form<BTreeMap<String, String>>,
) -> Json<IpnAnswer> {
    Json(vnpay::handle_ipn(&state, params).await)
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct ReturnView {
    order_id: Uuid,
    /// Our record of the payment: the IPN, not this page, decides it.
    payment_status: String,
    /// What VNPay told the shopper's browser (`00` = paid).
    response_code: Option<String>,
}

/// Where VNPay sends the shopper's browser back. It shows the outcome and changes nothing:
/// only the IPN (or a query to VNPay) settles a payment.
#[utoipa::path(get, path = "/payments/vnpay/return", tag = "payments",
    responses((status = 200, body = ReturnView), (status = 400, body = cho_platform::error::ErrorBody)))]
async fn vnpay_return(
    State(state): State<AppState>,
    Query(params): Query<BTreeMap<String, String>>,
) -> ApiResult<Json<ReturnView>> {
    let vnpay =
        Vnpay::resolve(&state).ok_or_else(|| ApiError::bad_request("VNPay is not configured"))?;
    if !vnpay.verify(&params) {
        return Err(ApiError::bad_request(
            "the return parameters are not signed by VNPay",
        ));
    }
    let txn_ref = params
        .get("vnp_TxnRef")
        .map(String::as_str)
        .unwrap_or_default();
    let attempt = attempts::find_by_ref(&state.db, vnpay::PROVIDER, txn_ref)
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))?;
    Ok(Json(ReturnView {
        order_id: attempt.order_id,
        payment_status: attempt.status,
        response_code: params.get("vnp_ResponseCode").cloned(),
    }))
}
