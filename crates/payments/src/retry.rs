//! Paying again for an order still waiting for its money, after a failed or
//! abandoned attempt, with the same or another online method: the API's
//! `POST /v1/orders/{id}/payments` and the order page's retry form.

use axum::http::StatusCode;
use cho_platform::auth::UserId;
use cho_platform::idempotency::{self, Claim};
use cho_platform::{ApiResult, AppState};
use cho_sales::payment::{order, payment_restarted, OrderId, OrderToPay};
use cho_sales::status::{OrderStatus, PaymentMethod};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::attempts::{self, AttemptStatus};
use crate::error::PaymentError;
use crate::starter;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StartedView {
    order_id: Uuid,
    method: PaymentMethod,
    payment_url: Option<String>,
    qr_payload: Option<String>,
}

/// Who pays which order again, and how.
pub struct PayAgain<'a> {
    pub user_id: UserId,
    pub order_id: OrderId,
    pub method: PaymentMethod,
    /// With a key, a repeat of the same request answers the first response.
    pub idempotency_key: Option<&'a str>,
    pub client_ip: Option<String>,
}

/// Starts a new attempt; answers the status and body of the API's response (a
/// [`StartedView`]), replayed for a repeated key.
pub async fn pay_again(state: &AppState, again: PayAgain<'_>) -> ApiResult<(StatusCode, Value)> {
    let PayAgain {
        user_id,
        order_id: id,
        method,
        idempotency_key,
        client_ip,
    } = again;
    if matches!(method, PaymentMethod::Cod | PaymentMethod::Wallet) {
        return Err(PaymentError::MethodNotOnline {
            method: method.as_str(),
        }
        .into());
    }
    let scope = format!("payments:{user_id}");
    let mut tx = state.db.begin().await?;
    if let Some(key) = idempotency_key {
        let hash = idempotency::fingerprint(&(id, json!({ "paymentMethod": method })));
        if let Claim::Replay(status, body) = idempotency::claim(&mut tx, &scope, key, &hash).await?
        {
            return Ok((status, body));
        }
    }
    let order = order(&mut tx, id, Some(user_id)).await?;
    if order.status != OrderStatus::PendingPayment {
        return Err(PaymentError::OrderNotAwaitingPayment {
            order_code: order.order_code,
            status: order.status.as_str(),
        }
        .into());
    }
    let attempts = attempts::for_order(&mut tx, id).await?;
    if attempts
        .iter()
        .any(|a| a.status == AttemptStatus::Succeeded)
    {
        return Err(PaymentError::AlreadyPaid.into());
    }
    let attempt_no = attempts.iter().map(|a| a.attempt_no).max().unwrap_or(0) + 1;
    let to_pay = OrderToPay {
        order_id: id,
        order_code: order.order_code.clone(),
        method,
        amount: order.total,
        expires_at: order.expires_at,
        client_ip,
    };
    let mut started = starter::begin_attempt(state, &mut tx, &to_pay, attempt_no as u32).await?;
    payment_restarted(&mut tx, id, method, &started).await?;
    let view = |started: &cho_sales::payment::StartedPayment| StartedView {
        order_id: id.0,
        method,
        payment_url: started.payment_url.clone(),
        qr_payload: started.qr_payload.clone(),
    };
    if let Some(key) = idempotency_key {
        let body = serde_json::to_value(view(&started)).map_err(anyhow::Error::from)?;
        idempotency::complete(&mut tx, &scope, key, StatusCode::CREATED, &body).await?;
    }
    tx.commit().await?;
    if started.open_after_commit {
        started = starter::open_at_gateway(state, &to_pay).await?;
        if let Some(key) = idempotency_key {
            // The first answer, as it finally was: with the gateway's URL.
            let body = serde_json::to_value(view(&started)).map_err(anyhow::Error::from)?;
            let mut tx = state.db.begin().await?;
            idempotency::complete(&mut tx, &scope, key, StatusCode::CREATED, &body).await?;
            tx.commit().await?;
        }
    }
    let body = serde_json::to_value(view(&started)).map_err(anyhow::Error::from)?;
    Ok((StatusCode::CREATED, body))
}
