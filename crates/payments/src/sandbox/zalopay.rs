//! The ZaloPay simulator: `/v2/{create,query,refund}` (form posts signed with
//! key1), the payment page behind `order_url`, the callback signed with key2
//! (sent only for a successful payment, as ZaloPay does) and the redirect.

use std::collections::BTreeMap;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cho_platform::AppState;
use serde_json::{json, Value};

use super::{payment_page, rejection, store, Choice};
use crate::gateway::sandbox_url;
use crate::signing::{signatures_match, zalopay_mac};
use crate::zalopay::{Zalopay, PROVIDER};

type Fields = BTreeMap<String, String>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/zalopay/v2/create", post(create))
        .route("/sandbox/zalopay/v2/query", post(query))
        .route("/sandbox/zalopay/v2/refund", post(refund))
        .route("/sandbox/zalopay/pay", get(page).post(complete))
}

fn answer(code: i64, message: &str, fields: Value) -> Response {
    let mut body = json!({ "return_code": code, "return_message": message, "sub_return_code": code, "sub_return_message": message });
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    Json(body).into_response()
}

/// Checks the `mac` over `signed` fields (with key1 appended when `with_key`).
fn checked(
    state: &AppState,
    form: &Fields,
    signed: &[&str],
    with_key: bool,
) -> Result<Zalopay, Box<Response>> {
    let zalopay = Zalopay::simulated(state).ok_or_else(|| {
        Box::new(rejection(
            StatusCode::NOT_FOUND,
            "ZaloPay is not configured",
        ))
    })?;
    let mut values: Vec<&str> = signed
        .iter()
        .map(|k| form.get(*k).map_or("", String::as_str))
        .collect();
    if with_key {
        values.push(&zalopay.key1);
    }
    let presented = form.get("mac").map_or("", String::as_str);
    if !signatures_match(&zalopay_mac(&zalopay.key1, &values), presented) {
        return Err(Box::new(answer(
            2,
            "mac không hợp lệ (invalid mac)",
            json!({}),
        )));
    }
    if form.get("app_id") != Some(&zalopay.app_id) {
        return Err(Box::new(answer(2, "app_id không hợp lệ", json!({}))));
    }
    Ok(zalopay)
}

async fn create(State(state): State<AppState>, Form(form): Form<Fields>) -> Response {
    let signed = [
        "app_id",
        "app_trans_id",
        "app_user",
        "amount",
        "app_time",
        "embed_data",
        "item",
    ];
    if let Err(answer) = checked(&state, &form, &signed, false) {
        return *answer;
    }
    let reference = form.get("app_trans_id").cloned().unwrap_or_default();
    let amount = form
        .get("amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    if amount <= 0 {
        return answer(2, "amount không hợp lệ", json!({}));
    }
    if let Err(err) = store::open(&state.db, PROVIDER, &reference, amount, &json!(form)).await {
        tracing::error!(error = %err, "sandbox could not open a ZaloPay transaction");
        return answer(2, "lỗi hệ thống", json!({}));
    }
    let order_url = format!(
        "{}/pay?apptransid={reference}",
        sandbox_url(&state, "zalopay")
    );
    answer(
        1,
        "Giao dịch thành công",
        json!({
            "order_url": order_url, "zp_trans_token": reference, "order_token": reference, "qr_code": order_url,
        }),
    )
}

async fn page(State(state): State<AppState>, Query(query): Query<Fields>) -> Response {
    let reference = query.get("apptransid").cloned().unwrap_or_default();
    match store::get(&state.db, PROVIDER, &reference).await {
        Ok(Some(txn)) => {
            let info = txn.request.0["description"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            let hidden = [("apptransid".to_owned(), reference.clone())].into();
            payment_page("ZaloPay", &info, txn.amount, &reference, &hidden).into_response()
        }
        _ => rejection(StatusCode::NOT_FOUND, "Giao dịch không tồn tại"),
    }
}

async fn complete(State(state): State<AppState>, Form(form): Form<Fields>) -> Response {
    let http = state.http.clone();
    let Some(zalopay) = Zalopay::simulated(&state) else {
        return rejection(StatusCode::NOT_FOUND, "ZaloPay is not configured");
    };
    let reference = form.get("apptransid").cloned().unwrap_or_default();
    let choice = Choice::from_form(&form);
    let txn = match store::get(&state.db, PROVIDER, &reference).await {
        Ok(Some(txn)) => txn,
        _ => return rejection(StatusCode::NOT_FOUND, "Giao dịch không tồn tại"),
    };
    if store::finish(&state.db, PROVIDER, &reference, choice.paid)
        .await
        .is_err()
    {
        return rejection(StatusCode::INTERNAL_SERVER_ERROR, "sandbox error");
    }
    let request = &txn.request.0;
    let field = |name: &str| request[name].as_str().unwrap_or_default().to_owned();
    if choice.paid {
        let data = json!({
            "app_id": zalopay.app_id.parse::<i64>().unwrap_or(0), "app_trans_id": reference,
            "app_time": field("app_time").parse::<i64>().unwrap_or(0), "app_user": field("app_user"),
            "amount": txn.amount, "embed_data": field("embed_data"), "item": field("item"),
            "zp_trans_id": txn.transaction_id.parse::<i64>().unwrap_or(0),
            "server_time": chrono::Utc::now().timestamp_millis(), "channel": 38,
            "merchant_user_id": "", "user_fee_amount": 0, "discount_amount": 0,
        });
        let body = zalopay.callback_body(&data);
        let callback_url = field("callback_url");
        choice
            .deliver("ZaloPay", move || {
                http.post(&callback_url).json(&body).send()
            })
            .await;
    }
    let mut params: Fields = [
        ("appid", zalopay.app_id.clone()),
        ("apptransid", reference.clone()),
        ("pmcid", "38".into()),
        ("bankcode", String::new()),
        ("amount", txn.amount.to_string()),
        ("discountamount", "0".into()),
        ("status", if choice.paid { "1" } else { "-49" }.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let checksum = zalopay.redirect_checksum(&params);
    params.insert("checksum".into(), checksum);
    let embed: Value = serde_json::from_str(&field("embed_data")).unwrap_or_default();
    let redirect = embed["redirecturl"].as_str().unwrap_or_default();
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    Redirect::to(&format!("{redirect}?{query}")).into_response()
}

async fn query(State(state): State<AppState>, Form(form): Form<Fields>) -> Response {
    if let Err(answer) = checked(&state, &form, &["app_id", "app_trans_id"], true) {
        return *answer;
    }
    let reference = form.get("app_trans_id").cloned().unwrap_or_default();
    match store::get(&state.db, PROVIDER, &reference).await {
        Ok(Some(txn)) => {
            let (code, message, trans_id) = match txn.status.as_str() {
                "succeeded" => (
                    1,
                    "Giao dịch thành công",
                    txn.transaction_id.parse::<i64>().unwrap_or(0),
                ),
                "failed" => (2, "Giao dịch thất bại", 0),
                _ => (3, "Giao dịch đang xử lý", 0),
            };
            answer(
                code,
                message,
                json!({
                    "is_processing": code == 3, "amount": txn.amount, "zp_trans_id": trans_id, "discount_amount": 0,
                }),
            )
        }
        // ZaloPay reports an order it never saw as still processing.
        Ok(None) => answer(
            3,
            "Giao dịch chưa được thanh toán",
            json!({ "is_processing": true, "amount": 0, "zp_trans_id": 0 }),
        ),
        Err(_) => answer(2, "lỗi hệ thống", json!({})),
    }
}

async fn refund(State(state): State<AppState>, Form(form): Form<Fields>) -> Response {
    let signed = [
        "app_id",
        "zp_trans_id",
        "amount",
        "description",
        "timestamp",
    ];
    if let Err(answer) = checked(&state, &form, &signed, false) {
        return *answer;
    }
    let trans_id = form.get("zp_trans_id").cloned().unwrap_or_default();
    let refund_ref = form.get("m_refund_id").cloned().unwrap_or_default();
    let amount = form
        .get("amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0);
    let txn = match store::by_transaction_id(&state.db, PROVIDER, &trans_id).await {
        Ok(Some(txn)) => txn,
        Ok(None) => return answer(2, "zp_trans_id không tồn tại", json!({})),
        Err(_) => return answer(2, "lỗi hệ thống", json!({})),
    };
    let fields = json!({ "refund_id": format!("{}{}", txn.transaction_id, amount) });
    match store::refund(&state.db, PROVIDER, &txn.provider_ref, &refund_ref, amount).await {
        Ok(store::Refunded::Done | store::Refunded::Repeat) => {
            answer(1, "Hoàn tiền thành công", fields)
        }
        Ok(store::Refunded::Refused) => answer(2, "Số tiền hoàn không hợp lệ", fields),
        Err(_) => answer(2, "lỗi hệ thống", json!({})),
    }
}
