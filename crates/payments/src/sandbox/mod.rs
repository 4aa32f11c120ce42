//! Gateway simulators, served by our own binary in sandbox mode (`--demo` or
//! `CHO_SANDBOX=true`) so the whole payment flow works with nothing but a
//! browser or curl. Each simulator checks our requests' signatures like its
//! gateway, serves a page where the shopper pays or cancels, then sends the
//! IPN or callback signed exactly as the gateway does and redirects to the
//! return URL; switches on the page simulate duplicate, delayed and lost
//! deliveries. Their server APIs (create, query, refund) answer from the
//! `sandbox_transactions` table, so reconciliation and refunds are exercised
//! over real HTTP against them.

mod momo;
mod store;
pub mod vietqr;
mod vnpay;
mod zalopay;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use cho_platform::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(vnpay::router())
        .merge(momo::router())
        .merge(zalopay::router())
        .merge(vietqr::router())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn rejection(status: StatusCode, message: &str) -> Response {
    (status, Html(format!("<h1>{}</h1>", escape(message)))).into_response()
}

/// The payment page: what is paid, and the shopper's choice with the delivery switches.
fn payment_page(
    gateway: &str,
    info: &str,
    amount: i64,
    reference: &str,
    hidden: &BTreeMap<String, String>,
) -> Html<String> {
    let hidden: String = hidden
        .iter()
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(k),
                escape(v)
            )
        })
        .collect();
    Html(format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{gateway} sandbox</title>
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
.amount{{font-size:2rem;font-weight:700;color:#005baa}}button{{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem}}</style></head>
<body><h1>{gateway} — môi trường thử nghiệm</h1>
<p>{info}</p><p class="amount">{amount}</p><p>Mã giao dịch: <code>{reference}</code></p>
<form method="post">{hidden}
<p><label>Thông báo (IPN): <select name="sim_deliver"><option value="once">gửi một lần</option><option value="twice">gửi hai lần cùng lúc</option>
<option value="none">không gửi (mất IPN)</option></select></label>
<label>trễ (ms) <input name="sim_delay_ms" value="0" size="6"></label></p>
<button name="sim_outcome" value="pay">Thanh toán</button><button name="sim_outcome" value="cancel">Hủy giao dịch</button>
</form></body></html>"#,
        gateway = escape(gateway),
        info = escape(info),
        amount = cho_platform::Vnd(amount),
        reference = escape(reference),
    ))
}

/// The shopper's choice on a payment page.
struct Choice {
    paid: bool,
    copies: usize,
    delay: Duration,
}

impl Choice {
    fn from_form(form: &BTreeMap<String, String>) -> Self {
        Choice {
            paid: form.get("sim_outcome").map(String::as_str) == Some("pay"),
            copies: match form.get("sim_deliver").map(String::as_str) {
                Some("none") => 0,
                Some("twice") => 2,
                _ => 1,
            },
            delay: Duration::from_millis(
                form.get("sim_delay_ms")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0u64)
                    .min(60_000),
            ),
        }
    }

    /// Delivers the notification `copies` times at once, after the delay
    /// (in the background when there is one, as a real gateway would).
    async fn deliver<F, Fut>(&self, gateway: &'static str, send: F)
    where
        F: Fn() -> Fut + Send + 'static,
        Fut: Future<Output = Result<reqwest::Response, reqwest::Error>> + Send,
    {
        let (copies, delay) = (self.copies, self.delay);
        let delivery = async move {
            tokio::time::sleep(delay).await;
            let sends = (0..copies).map(|_| send());
            for outcome in futures_util::future::join_all(sends).await {
                match outcome {
                    Ok(response) => {
                        tracing::info!(gateway, status = %response.status(), "sandbox notification delivered")
                    }
                    Err(err) => {
                        tracing::warn!(gateway, error = %err, "sandbox notification could not be delivered")
                    }
                }
            }
        };
        if delay.is_zero() {
            delivery.await;
        } else {
            tokio::spawn(delivery);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            super::escape("<a href=\"x\">"),
            "&lt;a href=&quot;x&quot;&gt;"
        );
    }
}
