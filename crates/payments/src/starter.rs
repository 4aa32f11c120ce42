//! Starting to pay an order — at checkout, or again after a failed attempt:
//! an attempt row, and the URL or QR payload the shopper pays with.
//!
//! The attempt is written in the caller's transaction. A gateway that signs
//! its pay URL locally (VNPay) and VietQR answer within that transaction; a
//! gateway that must be called (MoMo, ZaloPay) is called after the commit, so
//! no database transaction ever waits on a gateway.

use std::sync::Arc;

use cho_platform::db::Tx;
use cho_platform::{now, ApiError, ApiResult, AppState};
use cho_sales::payment::{
    mark_payment_failed, payment_restarted, CashCollection, OrderToPay, PaymentStarter,
    StartedPayment,
};
use cho_sales::status::PaymentMethod;
use serde_json::json;

use crate::attempts::{self, AttemptStatus, NewAttempt};
use crate::error::PaymentError;
use crate::events::{PaymentSettled, Settlement, PAYMENT_SUCCEEDED};
use crate::gateway::{self, Gateway, GatewayError, NewPayment};
use crate::{bank_transfers, sandbox, vietqr};

pub struct Payments {
    pub state: AppState,
}

#[async_trait::async_trait]
impl PaymentStarter for Payments {
    async fn start(&self, tx: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment> {
        begin_attempt(&self.state, tx, order, 1).await
    }

    async fn open(&self, order: &OrderToPay) -> ApiResult<StartedPayment> {
        open_at_gateway(&self.state, order).await
    }

    async fn cash_collected(&self, tx: &mut Tx, collection: &CashCollection) -> ApiResult<()> {
        let recorded = attempts::record_cash(
            tx,
            collection.order_id,
            &collection.order_code,
            collection.amount,
            collection.collected_at,
            Some(collection.confirmed_by),
        )
        .await?;
        if let Some(payment_id) = recorded {
            let event = PaymentSettled {
                payment_id,
                order_id: collection.order_id.0,
                method: "COD".into(),
                provider: "COD".into(),
                amount: collection.amount.dong(),
                settlement: Settlement::Cash {
                    confirmed_by: collection.confirmed_by.0,
                },
            };
            cho_platform::outbox::publish(tx, &PAYMENT_SUCCEEDED, payment_id, &event).await?;
            metrics::counter!("cho_payments_total", "method" => "COD", "outcome" => "succeeded")
                .increment(1);
        }
        Ok(())
    }
}

/// The gateway that takes payments by `method`.
fn provider_of(method: PaymentMethod) -> ApiResult<&'static str> {
    match method {
        PaymentMethod::Vnpay => Ok(crate::vnpay::PROVIDER),
        PaymentMethod::Momo => Ok(crate::momo::PROVIDER),
        PaymentMethod::Zalopay => Ok(crate::zalopay::PROVIDER),
        PaymentMethod::Vietqr => Ok(vietqr::PROVIDER),
        other => Err(PaymentError::MethodNotOnline {
            method: other.as_str(),
        }
        .into()),
    }
}

/// Writes attempt number `attempt_no` for `order` and, where no gateway call is
/// needed, says where to pay.
pub async fn begin_attempt(
    state: &AppState,
    tx: &mut Tx,
    order: &OrderToPay,
    attempt_no: u32,
) -> ApiResult<StartedPayment> {
    let provider = provider_of(order.method)?;
    let created_at = now();
    if provider == vietqr::PROVIDER {
        let (bin, account) = bank_transfers::shop_account(state)
            .ok_or_else(|| PaymentError::ProviderNotConfigured("VietQR transfers".into()))?;
        // The transfer's content is the order code: bank statements are matched
        // on it, so an order has one VietQR attempt, reused when paid again.
        insert(
            tx,
            order,
            provider,
            &order.order_code,
            attempt_no,
            created_at,
        )
        .await?;
        let payload = vietqr::payload(&bin, &account, Some(order.amount.dong()), &order.order_code);
        return Ok(StartedPayment {
            // In sandbox mode a simulated banking app "scans" the code.
            payment_url: state
                .config
                .sandbox
                .then(|| sandbox::vietqr::app_url(state, &payload)),
            qr_payload: Some(payload),
            open_after_commit: false,
        });
    }
    let gateway = configured(gateway::resolve(state, &mut *tx, provider).await?, provider)?;
    let provider_ref = gateway.provider_ref(&order.order_code, attempt_no, created_at);
    if !insert(tx, order, provider, &provider_ref, attempt_no, created_at).await? {
        return Err(PaymentError::PaymentInProgress.into());
    }
    if !gateway.creates_locally() {
        return Ok(StartedPayment {
            open_after_commit: true,
            ..StartedPayment::default()
        });
    }
    let client_ip = order.client_ip.as_deref().unwrap_or("127.0.0.1");
    let payment = NewPayment {
        provider_ref: &provider_ref,
        order_code: &order.order_code,
        amount: order.amount.dong(),
        client_ip,
        created_at,
        expires_at: order.expires_at,
    };
    let checkout = gateway.create(&payment).await.map_err(unavailable)?;
    Ok(StartedPayment {
        payment_url: checkout.payment_url,
        qr_payload: checkout.qr_payload,
        open_after_commit: false,
    })
}

async fn insert(
    tx: &mut Tx,
    order: &OrderToPay,
    provider: &str,
    provider_ref: &str,
    attempt_no: u32,
    created_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<bool> {
    let attempt = NewAttempt {
        order_id: order.order_id,
        method: order.method.as_str(),
        provider,
        amount: order.amount,
        provider_ref,
        attempt_no: attempt_no as i32,
        status: AttemptStatus::Pending,
        created_at,
        recorded_by: None,
    };
    let written = attempts::insert(tx, &attempt).await?.is_some();
    if written {
        metrics::counter!("cho_payments_created_total", "method" => order.method.as_str())
            .increment(1);
    }
    Ok(written)
}

/// Opens the order's newest attempt at its gateway (after the attempt committed)
/// and records where to pay. A refusal fails the attempt; an unreachable
/// gateway leaves it pending, for reconciliation to ask about.
pub async fn open_at_gateway(state: &AppState, order: &OrderToPay) -> ApiResult<StartedPayment> {
    let attempt = attempts::for_order(&state.db, order.order_id)
        .await?
        .into_iter()
        .next_back()
        .ok_or_else(|| ApiError::not_found("payment"))?;
    let gateway = configured(
        gateway::resolve(state, &state.db, &attempt.provider).await?,
        &attempt.provider,
    )?;
    let client_ip = order.client_ip.as_deref().unwrap_or("127.0.0.1");
    let payment = NewPayment {
        provider_ref: &attempt.provider_ref,
        order_code: &order.order_code,
        amount: attempt.amount,
        client_ip,
        created_at: attempt.created_at,
        expires_at: order.expires_at,
    };
    match gateway.create(&payment).await {
        Ok(checkout) => {
            let started = StartedPayment {
                payment_url: checkout.payment_url,
                qr_payload: checkout.qr_payload,
                open_after_commit: false,
            };
            let mut tx = state.db.begin().await?;
            payment_restarted(&mut tx, order.order_id, order.method, &started).await?;
            tx.commit().await?;
            Ok(started)
        }
        Err(GatewayError::Refused { code, message }) => {
            let mut tx = state.db.begin().await?;
            let payload = json!({ "create": { "code": code, "message": message } });
            if attempts::settle(&mut tx, attempt.id, AttemptStatus::Failed, None, &payload).await? {
                mark_payment_failed(&mut tx, order.order_id).await?;
            }
            tx.commit().await?;
            metrics::counter!("cho_payments_total", "method" => attempt.method, "outcome" => "failed")
                .increment(1);
            Err(PaymentError::Refused {
                provider: attempt.provider.clone(),
                code,
                message,
            }
            .into())
        }
        Err(err) => Err(unavailable(err)),
    }
}

/// The gateway, or the shopper's answer when the shop has not set it up.
fn configured(gateway: Option<Arc<dyn Gateway>>, provider: &str) -> ApiResult<Arc<dyn Gateway>> {
    gateway.ok_or_else(|| PaymentError::ProviderNotConfigured(provider.to_owned()).into())
}

fn unavailable(err: GatewayError) -> ApiError {
    PaymentError::GatewayUnavailable(err.to_string()).into()
}
