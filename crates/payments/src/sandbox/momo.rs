//! The MoMo simulator: `/v2/gateway/api/{create,query,refund}`, the payment
//! page behind `payUrl`, and the signed IPN (POST JSON) and redirect.

use std::collections::BTreeMap;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cho_platform::AppState;
use serde_json::{json, Value};

use super::{payment_page, rejection, store, Choice};
use crate::gateway::{sandbox_url, text};
use crate::momo::{
    Momo, CREATE_SIGNED_FIELDS, IPN_SIGNED_FIELDS, PROVIDER, QUERY_SIGNED_FIELDS,
    REFUND_SIGNED_FIELDS,
};
use crate::signing::signatures_match;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/momo/v2/gateway/api/create", post(create))
        .route("/sandbox/momo/v2/gateway/api/query", post(query))
        .route("/sandbox/momo/v2/gateway/api/refund", post(refund))
        .route("/sandbox/momo/pay", get(page).post(complete))
}

/// MoMo's answer with `resultCode` and `message`, and the given fields.
fn answer(code: i64, message: &str, fields: Value) -> Response {
    let mut body = json!({ "resultCode": code, "message": message, "responseTime": chrono::Utc::now().timestamp_millis() });
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    Json(body).into_response()
}

/// Checks a request signed over `signed` fields; `Err` is MoMo's answer.
fn checked(state: &AppState, body: &Value, signed: &[&str]) -> Result<Momo, Box<Response>> {
    let momo = Momo::simulated(state)
        .ok_or_else(|| Box::new(rejection(StatusCode::NOT_FOUND, "MoMo is not configured")))?;
    let expected = momo.signed(body.clone(), signed);
    let presented = text(body, "signature").unwrap_or_default();
    if !signatures_match(expected["signature"].as_str().unwrap_or(""), &presented) {
        return Err(Box::new(answer(
            11,
            "Chữ ký không hợp lệ (invalid signature)",
            json!({}),
        )));
    }
    if text(body, "partnerCode").as_deref() != Some(&momo.partner_code) {
        return Err(Box::new(answer(11, "partnerCode không hợp lệ", json!({}))));
    }
    Ok(momo)
}

async fn create(State(state): State<AppState>, Json(body): Json<Value>) -> Response {
    if let Err(answer) = checked(&state, &body, CREATE_SIGNED_FIELDS) {
        return *answer;
    }
    let order_id = text(&body, "orderId").unwrap_or_default();
    let amount = text(&body, "amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    if !(1_000..=50_000_000).contains(&amount) {
        return answer(
            22,
            "Số tiền không hợp lệ (amount must be 1,000–50,000,000)",
            json!({ "orderId": order_id }),
        );
    }
    if let Err(err) = store::open(&state.db, PROVIDER, &order_id, amount, &body).await {
        tracing::error!(error = %err, "sandbox could not open a MoMo transaction");
        return answer(99, "Lỗi hệ thống", json!({}));
    }
    let pay_url = format!("{}/pay?orderId={order_id}", sandbox_url(&state, "momo"));
    answer(
        0,
        "Thành công.",
        json!({
            "partnerCode": text(&body, "partnerCode"), "requestId": text(&body, "requestId"),
            "orderId": order_id, "amount": amount, "payUrl": pay_url,
            "deeplink": format!("momo://app?action=payWithApp&orderId={order_id}"), "qrCodeUrl": pay_url,
        }),
    )
}

async fn page(
    State(state): State<AppState>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let order_id = query.get("orderId").cloned().unwrap_or_default();
    match store::get(&state.db, PROVIDER, &order_id).await {
        Ok(Some(txn)) => {
            let info = txn.request.0["orderInfo"].as_str().unwrap_or("").to_owned();
            let hidden = [("orderId".to_owned(), order_id.clone())].into();
            payment_page("MoMo", &info, txn.amount, &order_id, &hidden).into_response()
        }
        _ => rejection(StatusCode::NOT_FOUND, "Giao dịch không tồn tại"),
    }
}

async fn complete(
    State(state): State<AppState>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let http = state.http.clone();
    let Some(momo) = Momo::simulated(&state) else {
        return rejection(StatusCode::NOT_FOUND, "MoMo is not configured");
    };
    let order_id = form.get("orderId").cloned().unwrap_or_default();
    let choice = Choice::from_form(&form);
    let txn = match store::get(&state.db, PROVIDER, &order_id).await {
        Ok(Some(txn)) => txn,
        _ => return rejection(StatusCode::NOT_FOUND, "Giao dịch không tồn tại"),
    };
    if store::finish(&state.db, PROVIDER, &order_id, choice.paid)
        .await
        .is_err()
    {
        return rejection(StatusCode::INTERNAL_SERVER_ERROR, "sandbox error");
    }
    let request = &txn.request.0;
    let (code, message) = if choice.paid {
        (0, "Thành công.")
    } else {
        (1006, "Giao dịch bị từ chối bởi người dùng.")
    };
    let ipn = momo.signed(
        json!({
            "partnerCode": momo.partner_code, "orderId": order_id, "requestId": request["requestId"],
            "amount": txn.amount, "orderInfo": request["orderInfo"], "orderType": "momo_wallet",
            "transId": txn.transaction_id.parse::<i64>().unwrap_or(0), "resultCode": code, "message": message,
            "payType": "qr", "responseTime": chrono::Utc::now().timestamp_millis(), "extraData": request["extraData"],
        }),
        IPN_SIGNED_FIELDS,
    );
    let ipn_url = request["ipnUrl"].as_str().unwrap_or_default().to_owned();
    let body = ipn.clone();
    choice
        .deliver("MoMo", move || http.post(&ipn_url).json(&body).send())
        .await;
    let query: Vec<(String, String)> = ipn
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| (k.clone(), text(&ipn, k).unwrap_or_default()))
        .collect();
    let query = serde_urlencoded::to_string(query).unwrap_or_default();
    let redirect = request["redirectUrl"].as_str().unwrap_or_default();
    Redirect::to(&format!("{redirect}?{query}")).into_response()
}

async fn query(State(state): State<AppState>, Json(body): Json<Value>) -> Response {
    if let Err(answer) = checked(&state, &body, QUERY_SIGNED_FIELDS) {
        return *answer;
    }
    let order_id = text(&body, "orderId").unwrap_or_default();
    match store::get(&state.db, PROVIDER, &order_id).await {
        Ok(Some(txn)) => {
            let (code, message, trans_id) = match txn.status.as_str() {
                "succeeded" => (
                    0,
                    "Thành công.",
                    txn.transaction_id.parse::<i64>().unwrap_or(0),
                ),
                "failed" => (1006, "Giao dịch bị từ chối bởi người dùng.", 0),
                _ => (1000, "Giao dịch đang chờ thanh toán.", 0),
            };
            answer(
                code,
                message,
                json!({
                    "partnerCode": text(&body, "partnerCode"), "orderId": order_id, "requestId": text(&body, "requestId"),
                    "amount": txn.amount, "transId": trans_id, "payType": "qr", "extraData": "",
                }),
            )
        }
        Ok(None) => answer(42, "orderId không tồn tại", json!({ "orderId": order_id })),
        Err(_) => answer(99, "Lỗi hệ thống", json!({})),
    }
}

async fn refund(State(state): State<AppState>, Json(body): Json<Value>) -> Response {
    if let Err(answer) = checked(&state, &body, REFUND_SIGNED_FIELDS) {
        return *answer;
    }
    let trans_id = text(&body, "transId").unwrap_or_default();
    let refund_ref = text(&body, "orderId").unwrap_or_default();
    let amount = text(&body, "amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    let txn = match store::by_transaction_id(&state.db, PROVIDER, &trans_id).await {
        Ok(Some(txn)) => txn,
        Ok(None) => return answer(1080, "Giao dịch gốc không tồn tại", json!({})),
        Err(_) => return answer(99, "Lỗi hệ thống", json!({})),
    };
    let fields = json!({ "orderId": refund_ref, "amount": amount, "transId": format!("9{}", txn.transaction_id) });
    match store::refund(&state.db, PROVIDER, &txn.provider_ref, &refund_ref, amount).await {
        Ok(store::Refunded::Done | store::Refunded::Repeat) => answer(0, "Thành công.", fields),
        Ok(store::Refunded::Refused) => {
            answer(1081, "Số tiền hoàn vượt quá số tiền giao dịch", fields)
        }
        Err(_) => answer(99, "Lỗi hệ thống", json!({})),
    }
}
