//! Paying for an order from the pages: coming back from a gateway, the VietQR code to
//! scan, the live status an open order page polls, and paying again with another
//! method after a failure. What a payment's outcome is, is the payments module's
//! record (its callbacks and reconciliation), never what a return URL says.

use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use cho_payments::retry::{self, PayAgain};
use cho_platform::extract::ClientInfo;
use cho_platform::AppState;
use cho_sales::orders;
use cho_sales::payment::OrderId;
use cho_sales::status::PaymentMethod;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::orders::order_path;
use crate::pages::{failure_page, message_page, respond, stale_form_page};
use crate::session::{drawn_key, sign_in_first, Visitor};

/// The methods an order waiting for payment can be paid again with.
pub const ONLINE_METHODS: &[PaymentMethod] = &[
    PaymentMethod::Vnpay,
    PaymentMethod::Momo,
    PaymentMethod::Zalopay,
    PaymentMethod::Vietqr,
];

/// What the order page says after a payment step, by the key in its query (`?ket-qua=`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The gateway said it succeeded (our record may not have caught up yet).
    Succeeded,
    Failed,
    Pending,
    /// The payment could not be opened with the chosen method.
    NotOpened,
}

impl Outcome {
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Succeeded => "thanh-cong",
            Outcome::Failed => "that-bai",
            Outcome::Pending => "dang-xu-ly",
            Outcome::NotOpened => "khong-mo-duoc",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [
            Outcome::Succeeded,
            Outcome::Failed,
            Outcome::Pending,
            Outcome::NotOpened,
        ]
        .into_iter()
        .find(|o| o.key() == key)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReturnQuery {
    order: Option<Uuid>,
    outcome: String,
}

/// Where the payments module sends a browser back from a gateway (its
/// `shopper_return_page`), once the gateway's signature checked out.
pub async fn returned(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
    Query(query): Query<ReturnQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(&format!("/thanh-toan/ket-qua?{}", raw.unwrap_or_default()));
    };
    let Some(order_id) = query.order.filter(|_| query.outcome != "invalid") else {
        return message_page(
            &state,
            StatusCode::BAD_REQUEST,
            "Không xác nhận được kết quả thanh toán",
            "Kết quả cổng thanh toán gửi về không hợp lệ. Vui lòng xem trạng thái đơn trong mục Đơn hàng.",
        )
        .await;
    };
    let outcome = match query.outcome.as_str() {
        "succeeded" => Outcome::Succeeded,
        "pending" => Outcome::Pending,
        _ => Outcome::Failed,
    };
    match orders::get(&state.db, order_id, Some(session.user_id)).await {
        Ok(order) => to_order(&order.order_code, outcome),
        Err(err) => respond(&state, &visitor, Err(err)).await,
    }
}

fn to_order(code: &str, outcome: Outcome) -> Response {
    Redirect::to(&format!("{}?ket-qua={}", order_path(code), outcome.key())).into_response()
}

/// The order's status, for the script on its page that turns "waiting" into "paid".
pub async fn status(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(code): Path<String>,
) -> Response {
    let Some(session) = &visitor.session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match orders::get_by_code(&state.db, &code, Some(session.user_id)).await {
        Ok(order) => (
            [(header::CACHE_CONTROL, "private, no-store")],
            Json(json!({
                "status": order.status,
                "paymentStatus": order.payment_status,
            })),
        )
            .into_response(),
        Err(err) => err.status().into_response(),
    }
}

/// The QR code of a VietQR payload, as an inline SVG image.
pub fn qr_svg(payload: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(232, 232)
        .quiet_zone(true)
        .build();
    // The XML declaration has no place inside HTML; the image gets a name.
    let start = image.find("<svg")?;
    Some(image[start..].replacen(
        "<svg",
        "<svg role=\"img\" aria-label=\"Mã VietQR để chuyển khoản\"",
        1,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PayAgainForm {
    payment_method: String,
    key: String,
    _csrf: String,
}

/// Pays an order waiting for payment again, with the chosen online method.
pub async fn pay_again(
    State(state): State<AppState>,
    visitor: Visitor,
    client: ClientInfo,
    Path(code): Path<String>,
    Form(form): Form<PayAgainForm>,
) -> Response {
    let path = order_path(&code);
    let Some(session) = &visitor.session else {
        return sign_in_first(&path);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let Some(method) =
        PaymentMethod::parse(&form.payment_method).filter(|m| ONLINE_METHODS.contains(m))
    else {
        return to_order(&code, Outcome::NotOpened);
    };
    let order = match orders::get_by_code(&state.db, &code, Some(session.user_id)).await {
        Ok(order) => order,
        Err(err) => return respond(&state, &visitor, Err(err)).await,
    };
    let key = drawn_key(&form.key);
    let again = PayAgain {
        user_id: session.user_id,
        order_id: OrderId(order.id),
        method,
        idempotency_key: key,
        client_ip: client.ip,
    };
    match retry::pay_again(&state, again).await {
        Ok((_, started)) => match started["paymentUrl"].as_str() {
            Some(url) if method != PaymentMethod::Vietqr => Redirect::to(url).into_response(),
            _ => Redirect::to(&path).into_response(),
        },
        // Paid or closed meanwhile: the order's page says where it stands.
        Err(err)
            if matches!(
                err.code(),
                "order_not_awaiting_payment" | "order_already_paid"
            ) =>
        {
            Redirect::to(&path).into_response()
        }
        // Refusals the shopper can do something about: another method, or later.
        Err(err)
            if matches!(
                err.code(),
                "payment_method_not_online"
                    | "payment_in_progress"
                    | "provider_not_configured"
                    | "payment_refused"
                    | "gateway_unavailable"
            ) =>
        {
            to_order(&code, Outcome::NotOpened)
        }
        Err(err) => failure_page(&state, err).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_becomes_an_inline_svg_with_a_name() {
        let svg = qr_svg("00020101021238570010A000000727").unwrap();
        assert!(svg.starts_with("<svg role=\"img\" aria-label="));
        assert!(svg.contains("<path") || svg.contains("<rect"));
    }

    #[test]
    fn outcome_keys_round_trip() {
        for outcome in [
            Outcome::Succeeded,
            Outcome::Failed,
            Outcome::Pending,
            Outcome::NotOpened,
        ] {
            assert!(Outcome::parse(outcome.key()) == Some(outcome));
        }
    }
}
