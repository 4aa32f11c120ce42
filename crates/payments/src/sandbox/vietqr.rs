//! A simulated banking app for VietQR: it "scans" the order's payload, lets
//! the shopper transfer (the amount and content can be changed, to try what a
//! wrong transfer does), and then — as the bank-statement service would —
//! posts the statement line to our SePay webhook with the shop's API key.

use std::collections::BTreeMap;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use cho_platform::AppState;
use chrono::FixedOffset;
use serde_json::json;

use super::{escape, rejection, Choice};
use crate::bank_transfers;
use crate::gateway::{our_url, sandbox_url};
use crate::vietqr;

pub fn router() -> Router<AppState> {
    Router::new().route("/sandbox/vietqr/app", get(page).post(transfer))
}

/// Where the shopper's (simulated) banking app opens `payload`.
pub fn app_url(state: &AppState, payload: &str) -> String {
    let query = serde_urlencoded::to_string([("qr", payload)]).unwrap_or_default();
    format!("{}/app?{query}", sandbox_url(state, "vietqr"))
}

async fn page(Query(query): Query<BTreeMap<String, String>>) -> Response {
    let Some(transfer) = query.get("qr").and_then(|qr| vietqr::parse(qr)) else {
        return rejection(
            StatusCode::BAD_REQUEST,
            "Mã QR không hợp lệ (invalid VietQR payload)",
        );
    };
    let amount = transfer.amount.unwrap_or(0);
    Html(format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>VietQR sandbox</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.6rem 0}}input{{font-size:1rem}}button{{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem}}</style></head>
<body><h1>Ngân hàng thử nghiệm — chuyển khoản VietQR</h1>
<p>Người nhận: tài khoản <code>{account}</code> tại ngân hàng BIN <code>{bin}</code></p><p>Số tiền theo mã QR: <b>{shown}</b></p>
<form method="post"><input type="hidden" name="account" value="{account}">
<label>Số tiền (đ) <input name="amount" value="{amount}"></label>
<label>Nội dung <input name="content" value="{purpose}" size="30"></label>
<p><label>Sao kê (webhook): <select name="sim_deliver"><option value="once">gửi một lần</option><option value="twice">gửi hai lần cùng lúc</option>
<option value="none">không gửi</option></select></label>
<label>trễ (ms) <input name="sim_delay_ms" value="0" size="6"></label></p>
<button name="sim_outcome" value="pay">Chuyển khoản</button></form></body></html>"#,
        account = escape(&transfer.account),
        bin = escape(&transfer.bank_bin),
        shown = cho_platform::Vnd(amount),
        purpose = escape(&transfer.purpose),
    ))
    .into_response()
}

async fn transfer(
    State(state): State<AppState>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let http = state.http.clone();
    let Some(api_key) = bank_transfers::api_key(&state) else {
        return rejection(
            StatusCode::NOT_FOUND,
            "the bank-statement webhook is not configured",
        );
    };
    let field = |name: &str| {
        form.get(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let Some(amount) = field("amount").parse::<i64>().ok().filter(|a| *a > 0) else {
        return rejection(
            StatusCode::BAD_REQUEST,
            "Số tiền không hợp lệ (invalid amount)",
        );
    };
    let content = field("content");
    let now = chrono::Utc::now();
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    let id = now.timestamp_micros();
    let line = json!({
        "id": id, "gateway": "Sandbox Bank", "transactionDate": now.with_timezone(&vietnam).format("%Y-%m-%d %H:%M:%S").to_string(),
        "accountNumber": field("account"), "code": null, "content": content, "transferType": "in",
        "transferAmount": amount, "accumulated": 0, "subAccount": null, "referenceCode": format!("SBX.{id}"),
        "description": format!("BankAPINotify {content}"),
    });
    let webhook = our_url(&state, "sepay/webhook");
    Choice::from_form(&form)
        .deliver("SePay", move || {
            http.post(&webhook)
                .header("Authorization", format!("Apikey {api_key}"))
                .json(&line)
                .send()
        })
        .await;
    Html(format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>VietQR sandbox</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto"><h1>Chuyển khoản thành công</h1>
<p>{amount} — nội dung <code>{content}</code></p><p>Mã tham chiếu <code>SBX.{id}</code></p></body></html>"#,
        amount = cho_platform::Vnd(amount),
        content = escape(&content),
    ))
    .into_response()
}
