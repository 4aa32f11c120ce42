//! The VNPay simulator: the payment page behind the pay URL, the IPN by GET,
//! and the merchant API (`querydr`, `refund`) with signed answers.

use std::collections::BTreeMap;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cho_platform::AppState;
use serde_json::{json, Value};

use super::{payment_page, rejection, store, Choice};
use crate::signing::{signatures_match, vnpay_api_signature};
use crate::vnpay::{
    params_of, vnpay_time, Vnpay, PROVIDER, QUERY_ANSWER_FIELDS, REFUND_ANSWER_FIELDS,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox/vnpay/pay", get(page).post(complete))
        .route(
            "/sandbox/vnpay/merchant_webapi/api/transaction",
            post(merchant_api),
        )
}

/// Checks the request's signature as VNPay does.
fn checked(state: &AppState, params: &BTreeMap<String, String>) -> Result<Vnpay, Box<Response>> {
    let vnpay = Vnpay::simulated(state)
        .ok_or_else(|| Box::new(rejection(StatusCode::NOT_FOUND, "VNPay is not configured")))?;
    if !vnpay.verify(params) {
        return Err(Box::new(rejection(
            StatusCode::BAD_REQUEST,
            "Sai chữ ký — invalid signature",
        )));
    }
    Ok(vnpay)
}

fn amount_of(params: &BTreeMap<String, String>) -> i64 {
    params
        .get("vnp_Amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0)
        / 100
}

/// The payment page the shopper is sent to.
async fn page(
    State(state): State<AppState>,
    Query(params): Query<BTreeMap<String, String>>,
) -> Response {
    if let Err(rejection) = checked(&state, &params) {
        return *rejection;
    }
    let field = |name: &str| params.get(name).map_or("", String::as_str);
    let request = json!(params);
    if let Err(err) = store::open(
        &state.db,
        PROVIDER,
        field("vnp_TxnRef"),
        amount_of(&params),
        &request,
    )
    .await
    {
        tracing::error!(error = %err, "sandbox could not open a VNPay transaction");
        return rejection(StatusCode::INTERNAL_SERVER_ERROR, "sandbox error");
    }
    let hidden = params
        .iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    payment_page(
        "VNPay",
        field("vnp_OrderInfo"),
        amount_of(&params),
        field("vnp_TxnRef"),
        &hidden,
    )
    .into_response()
}

/// The shopper's choice: record it, deliver VNPay's signed IPN, redirect back.
async fn complete(
    State(state): State<AppState>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let http = state.http.clone();
    let request: BTreeMap<String, String> = form
        .iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let vnpay = match checked(&state, &request) {
        Ok(vnpay) => vnpay,
        Err(rejection) => return *rejection,
    };
    let choice = Choice::from_form(&form);
    let field = |name: &str| request.get(name).cloned().unwrap_or_default();
    let txn_ref = field("vnp_TxnRef");
    let opened = async {
        let txn = store::open(
            &state.db,
            PROVIDER,
            &txn_ref,
            amount_of(&request),
            &json!(request),
        )
        .await?;
        store::finish(&state.db, PROVIDER, &txn_ref, choice.paid).await?;
        Ok::<_, sqlx::Error>(txn)
    };
    let txn = match opened.await {
        Ok(txn) => txn,
        Err(err) => {
            tracing::error!(error = %err, "sandbox could not record a VNPay payment");
            return rejection(StatusCode::INTERNAL_SERVER_ERROR, "sandbox error");
        }
    };
    let result = vnpay.result_params(
        &txn_ref,
        txn.amount,
        &field("vnp_OrderInfo"),
        choice.paid,
        &txn.transaction_id,
    );
    let signed = vnpay.signed_query(&result);
    let ipn_url = format!(
        "{}/v1/payments/vnpay/callback?{signed}",
        state.config.public_url.trim_end_matches('/')
    );
    choice
        .deliver("VNPay", move || http.get(&ipn_url).send())
        .await;
    Redirect::to(&format!("{}?{signed}", field("vnp_ReturnUrl"))).into_response()
}

/// `querydr` and `refund`, answered and signed as VNPay does.
async fn merchant_api(State(state): State<AppState>, Json(request): Json<Value>) -> Response {
    let Some(vnpay) = Vnpay::simulated(&state) else {
        return rejection(StatusCode::NOT_FOUND, "VNPay is not configured");
    };
    let params = params_of(&request).unwrap_or_default();
    let field = |name: &str| {
        params
            .get(&format!("vnp_{name}"))
            .map_or("", String::as_str)
    };
    let command = field("Command");
    let signed_fields: &[&str] = match command {
        "querydr" => &[
            "RequestId",
            "Version",
            "Command",
            "TmnCode",
            "TxnRef",
            "TransactionDate",
            "CreateDate",
            "IpAddr",
            "OrderInfo",
        ],
        "refund" => &[
            "RequestId",
            "Version",
            "Command",
            "TmnCode",
            "TransactionType",
            "TxnRef",
            "Amount",
            "TransactionNo",
            "TransactionDate",
            "CreateBy",
            "CreateDate",
            "IpAddr",
            "OrderInfo",
        ],
        _ => return answer(&vnpay, command, "99", "Unknown command", None, &[]),
    };
    let values: Vec<&str> = signed_fields.iter().map(|name| field(name)).collect();
    if !signatures_match(
        &vnpay_api_signature(&vnpay.hash_secret, &values),
        field("SecureHash"),
    ) {
        return answer(&vnpay, command, "97", "Invalid checksum", None, &[]);
    }
    let txn = match store::get(&state.db, PROVIDER, field("TxnRef")).await {
        Ok(Some(txn)) => txn,
        Ok(None) => return answer(&vnpay, command, "91", "Transaction not found", None, &[]),
        Err(_) => return answer(&vnpay, command, "99", "Error", None, &[]),
    };
    if command == "querydr" {
        let status = match txn.status.as_str() {
            "succeeded" => "00",
            "failed" => "02",
            _ => "01",
        };
        return answer(
            &vnpay,
            command,
            "00",
            "Query success",
            Some(&txn),
            &[("TransactionStatus", status)],
        );
    }
    let amount = field("Amount").parse::<i64>().unwrap_or(0) / 100;
    if txn.status != "succeeded" {
        return answer(
            &vnpay,
            command,
            "95",
            "Original transaction was not successful",
            Some(&txn),
            &[],
        );
    }
    match store::refund(
        &state.db,
        PROVIDER,
        field("TxnRef"),
        field("RequestId"),
        amount,
    )
    .await
    {
        Ok(store::Refunded::Done) => answer(
            &vnpay,
            command,
            "00",
            "Refund success",
            Some(&txn),
            &[
                ("TransactionType", field("TransactionType")),
                ("TransactionStatus", "05"),
                ("Amount", field("Amount")),
            ],
        ),
        Ok(store::Refunded::Repeat) => {
            answer(&vnpay, command, "94", "Duplicate request", Some(&txn), &[])
        }
        Ok(store::Refunded::Refused) => answer(
            &vnpay,
            command,
            "02",
            "Refund amount exceeds the remaining amount",
            Some(&txn),
            &[],
        ),
        Err(_) => answer(&vnpay, command, "99", "Error", None, &[]),
    }
}

/// A signed answer of the merchant API.
fn answer(
    vnpay: &Vnpay,
    command: &str,
    code: &str,
    message: &str,
    txn: Option<&store::Transaction>,
    extra: &[(&str, &str)],
) -> Response {
    let mut fields: BTreeMap<&str, String> = BTreeMap::new();
    fields.insert("ResponseId", cho_platform::new_id().simple().to_string());
    fields.insert("Command", command.to_owned());
    fields.insert("ResponseCode", code.to_owned());
    fields.insert("Message", message.to_owned());
    fields.insert("TmnCode", vnpay.tmn_code.clone());
    if let Some(txn) = txn {
        fields.insert("TxnRef", txn.provider_ref.clone());
        fields.insert("Amount", (txn.amount * 100).to_string());
        fields.insert("BankCode", "NCB".into());
        fields.insert("PayDate", vnpay_time(chrono::Utc::now()));
        fields.insert("TransactionNo", txn.transaction_id.clone());
        fields.insert("TransactionType", "01".into());
        fields.insert(
            "OrderInfo",
            txn.request.0["vnp_OrderInfo"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        );
    }
    for (k, v) in extra {
        fields.insert(k, (*v).to_owned());
    }
    let order = if command == "refund" {
        REFUND_ANSWER_FIELDS
    } else {
        QUERY_ANSWER_FIELDS
    };
    let values: Vec<&str> = order
        .iter()
        .map(|k| fields.get(k).map_or("", String::as_str))
        .collect();
    let signature = vnpay_api_signature(&vnpay.hash_secret, &values);
    let mut body: serde_json::Map<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (format!("vnp_{k}"), Value::String(v)))
        .collect();
    body.insert("vnp_SecureHash".into(), Value::String(signature));
    Json(Value::Object(body)).into_response()
}
