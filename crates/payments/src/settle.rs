//! Applying what a gateway says — from a callback or a query — to a payment
//! and its order, once. Every gateway's callback ends here, so the checks
//! happen in one order for all of them: payment exists → amount matches →
//! still pending → apply, in one transaction with the order's transition and
//! the events. The notification that settles a payment is kept on it
//! (`provider_payload`); every other one in `payment_callbacks`.

use cho_platform::db::Tx;
use cho_platform::{outbox, ApiError, AppState};
use cho_sales::payment::{mark_paid, mark_payment_failed, PaidOutcome};
use serde_json::json;

use crate::attempts;
use crate::gateway::{Notification, Outcome};
use crate::refunds;

/// What became of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The payment moved out of `pending`.
    Settled {
        succeeded: bool,
    },
    UnknownPayment,
    AmountMismatch,
    /// The payment had already been settled (a repeat, or a twin that won).
    AlreadySettled,
    /// The gateway has not decided yet; nothing changed.
    StillPending,
}

impl Applied {
    pub fn label(&self) -> &'static str {
        match self {
            Applied::Settled { succeeded: true } => "succeeded",
            Applied::Settled { succeeded: false } => "failed",
            Applied::UnknownPayment => "unknown_payment",
            Applied::AmountMismatch => "amount_mismatch",
            Applied::AlreadySettled => "already_settled",
            Applied::StillPending => "still_pending",
        }
    }
}

/// Applies `notification` for `provider`. `source` says where it came from
/// (`callback`, `query`) for metrics and the record.
pub async fn apply(
    state: &AppState,
    provider: &'static str,
    source: &'static str,
    notification: &Notification,
) -> Result<Applied, ApiError> {
    let applied = apply_once(state, provider, source, notification).await;
    let label = match &applied {
        Ok(applied) => applied.label(),
        Err(_) => "error",
    };
    metrics::counter!("cho_payment_callbacks_total", "provider" => provider, "kind" => source, "outcome" => label)
        .increment(1);
    // A settled payment keeps the notification that settled it as its
    // `provider_payload`; every other one is kept in `payment_callbacks`.
    if !matches!(applied, Ok(Applied::Settled { .. })) {
        attempts::record_callback(
            &state.db,
            provider,
            Some(&notification.provider_ref),
            &notification.payload,
            &format!("{source}:{label}"),
        )
        .await;
    }
    applied
}

async fn apply_once(
    state: &AppState,
    provider: &'static str,
    source: &'static str,
    notification: &Notification,
) -> Result<Applied, ApiError> {
    let mut tx = state.db.begin().await?;
    let applied = apply_in(&mut tx, state, provider, source, notification).await?;
    tx.commit().await?;
    Ok(applied)
}

/// [`apply`] inside the caller's transaction, for a caller that writes its
/// own record of the notification with it. Changes nothing unless `Settled`.
pub async fn apply_in(
    tx: &mut Tx,
    state: &AppState,
    provider: &'static str,
    source: &'static str,
    notification: &Notification,
) -> Result<Applied, ApiError> {
    let provider_ref = notification.provider_ref.as_str();
    let status = match &notification.outcome {
        Outcome::Succeeded => Some("succeeded"),
        Outcome::Failed(_) => Some("failed"),
        Outcome::Pending | Outcome::NotFound => None,
    };
    let transaction_id = notification.transaction_id.as_deref();
    // Of two identical notifications arriving together, only one moves the attempt out of `pending`.
    let settled = match (status, notification.amount) {
        (Some(status), Some(amount)) => {
            attempts::settle_pending_by_ref(
                tx,
                provider,
                provider_ref,
                amount,
                status,
                transaction_id,
                &notification.payload,
            )
            .await?
        }
        _ => None,
    };
    let (Some(attempt), Some(status)) = (settled, status) else {
        return why_not_settled(tx, provider, source, notification).await;
    };
    let code = match &notification.outcome {
        Outcome::Failed(code) => Some(code.as_str()),
        _ => None,
    };
    let event = json!({
        "paymentId": attempt.id, "orderId": attempt.order_id, "method": attempt.method, "provider": provider,
        "amount": attempt.amount, "providerTransactionId": transaction_id, "failureCode": code,
    });
    let succeeded = status == "succeeded";
    if succeeded {
        outbox::publish(tx, "payment.succeeded", "payment", attempt.id, &event).await?;
        if let PaidOutcome::OrderClosed(order_status) = mark_paid(tx, attempt.order_id).await? {
            let reason = format!("paid after the order was {}", order_status.as_str());
            if state.config.refund_late_payments {
                tracing::warn!(provider, provider_ref, %reason, "late payment: refunding it");
                refunds::schedule_late_payment_refund(tx, &attempt, &reason).await?;
            } else {
                tracing::warn!(provider, provider_ref, %reason, "late payment queued for review");
            }
            attempts::flag_for_review(tx, attempt.id, &reason).await?;
        }
    } else {
        outbox::publish(tx, "payment.failed", "payment", attempt.id, &event).await?;
        mark_payment_failed(tx, attempt.order_id).await?;
    }
    // Counted before the caller commits: a failed commit overcounts by one.
    metrics::counter!("cho_payments_total", "method" => attempt.method, "outcome" => status)
        .increment(1);
    Ok(Applied::Settled { succeeded })
}

/// Why a notification settled nothing, in the order the checks are made:
/// payment exists → amount matches → still pending → gateway decided.
async fn why_not_settled(
    tx: &mut Tx,
    provider: &'static str,
    source: &'static str,
    notification: &Notification,
) -> Result<Applied, ApiError> {
    let provider_ref = notification.provider_ref.as_str();
    let Some(attempt) = attempts::find_by_ref_in(tx, provider, provider_ref).await? else {
        tracing::warn!(
            provider,
            provider_ref,
            source,
            "notification for an unknown payment"
        );
        return Ok(Applied::UnknownPayment);
    };
    if notification.amount != Some(attempt.amount) {
        tracing::warn!(provider, provider_ref, source, expected = attempt.amount, received = ?notification.amount, "notification amount mismatch");
        return Ok(Applied::AmountMismatch);
    }
    if attempt.status != "pending" {
        return Ok(Applied::AlreadySettled);
    }
    Ok(match notification.outcome {
        Outcome::Pending | Outcome::NotFound => Applied::StillPending,
        // Pending a moment ago, settled by a twin since.
        Outcome::Succeeded | Outcome::Failed(_) => Applied::AlreadySettled,
    })
}
