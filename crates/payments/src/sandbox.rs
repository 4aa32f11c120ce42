//! Gateway simulators, served by our own binary in sandbox mode (`--demo` or
//! `CHO_SANDBOX=true`) so the whole payment flow works with nothing but a
//! browser or curl. Each page checks the request's signature like the gateway,
//! and after the shopper pays or cancels it sends the IPN signed exactly as
//! the gateway does, then redirects to the return URL. Switches simulate
//! duplicate, delayed and lost IPNs.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use cho_platform::AppState;
use rand::Rng;

use crate::vnpay::Vnpay;

pub fn router() -> Router<AppState> {
    Router::new().route("/sandbox/vnpay/pay", get(vnpay_page).post(vnpay_complete))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn format_vnd(amount: i64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out + " ₫"
}

enum Rejection {
    NotConfigured,
    BadSignature,
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::NotConfigured => (
                StatusCode::NOT_FOUND,
                Html("<h1>VNPay is not configured</h1>"),
            )
                .into_response(),
            Rejection::BadSignature => (
                StatusCode::BAD_REQUEST,
                Html("<h1>Sai chữ ký</h1><p>Invalid signature.</p>"),
            )
                .into_response(),
        }
    }
}

/// Checks the request's signature as VNPay does.
fn checked(state: &AppState, params: &BTreeMap<String, String>) -> Result<Vnpay, Rejection> {
    let vnpay = Vnpay::resolve(state).ok_or(Rejection::NotConfigured)?;
    if !vnpay.verify(params) {
        return Err(Rejection::BadSignature);
    }
    Ok(vnpay)
}

/// The payment page the shopper is sent to.
async fn vnpay_page(
    State(state): State<AppState>,
    Query(params): Query<BTreeMap<String, String>>,
) -> Response {
    if let Err(rejection) = checked(&state, &params) {
        return rejection.into_response();
    }
    let amount = params
        .get("vnp_Amount")
        .and_then(|a| a.parse::<i64>().ok())
        .unwrap_or(0)
        / 100;
    let hidden: String = params
        .iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(k),
                escape(v)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>VNPay sandbox</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
.amount{{font-size:2rem;font-weight:700;color:#005baa}}button{{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem}}</style></head>
<body><h1>VNPay — môi trường thử nghiệm</h1>
<p>{info}</p><p class="amount">{amount}</p><p>Mã giao dịch: <code>{txn}</code></p>
<form method="post">{hidden}
<p><label>IPN: <select name="sim_deliver"><option value="once">gửi một lần</option><option value="twice">gửi hai lần cùng lúc</option>
<option value="none">không gửi (mất IPN)</option></select></label>
<label>trễ (ms) <input name="sim_delay_ms" value="0" size="6"></label></p>
<button name="sim_outcome" value="pay">Thanh toán</button><button name="sim_outcome" value="cancel">Hủy giao dịch</button>
</form></body></html>"#,
        info = escape(params.get("vnp_OrderInfo").map(String::as_str).unwrap_or("")),
        amount = format_vnd(amount),
        txn = escape(params.get("vnp_TxnRef").map(String::as_str).unwrap_or("")),
    ))
    .into_response()
}

/// The shopper's choice: build VNPay's signed result, deliver the IPN, redirect back.
async fn vnpay_complete(
    State(state): State<AppState>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let request: BTreeMap<String, String> = form
        .iter()
        .filter(|(k, _)| k.starts_with("vnp_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let vnpay = match checked(&state, &request) {
        Ok(vnpay) => vnpay,
        Err(rejection) => return rejection.into_response(),
    };
    let paid = form.get("sim_outcome").map(String::as_str) == Some("pay");
    let field = |name: &str| request.get(name).cloned().unwrap_or_default();
    let transaction_no = rand::thread_rng()
        .gen_range(10_000_000..99_999_999)
        .to_string();
    let amount = field("vnp_Amount").parse::<i64>().unwrap_or(0) / 100;
    let result = vnpay.result_params(
        &field("vnp_TxnRef"),
        amount,
        &field("vnp_OrderInfo"),
        paid,
        &transaction_no,
    );
    let signed = vnpay.signed_query(&result);
    let ipn_url = format!(
        "{}/v1/payments/vnpay/callback?{signed}",
        state.config.public_url.trim_end_matches('/')
    );
    let copies = match form.get("sim_deliver").map(String::as_str) {
        Some("none") => 0,
        Some("twice") => 2,
        _ => 1,
    };
    let delay = Duration::from_millis(
        form.get("sim_delay_ms")
            .and_then(|d| d.parse().ok())
            .unwrap_or(0)
            .min(60_000),
    );
    let delivery = deliver_ipn(ipn_url, copies, delay);
    if delay.is_zero() {
        delivery.await;
    } else {
        tokio::spawn(delivery);
    }
    Redirect::to(&format!("{}?{signed}", field("vnp_ReturnUrl"))).into_response()
}

/// Sends the IPN `copies` times at once, as VNPay's servers would (GET).
async fn deliver_ipn(url: String, copies: usize, delay: Duration) {
    tokio::time::sleep(delay).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("HTTP client builds");
    let sends = (0..copies).map(|_| client.get(&url).send());
    for outcome in futures_util::future::join_all(sends).await {
        match outcome {
            Ok(response) => {
                tracing::info!(status = %response.status(), "sandbox VNPay IPN delivered")
            }
            Err(err) => tracing::warn!(error = %err, "sandbox VNPay IPN could not be delivered"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_read_the_vietnamese_way() {
        assert_eq!(super::format_vnd(34_990_000), "34.990.000 ₫");
        assert_eq!(super::format_vnd(500), "500 ₫");
        assert_eq!(
            super::escape("<a href=\"x\">"),
            "&lt;a href=&quot;x&quot;&gt;"
        );
    }
}
