//! Applying what a gateway says — from a callback or a query — to a payment
//! and its order, once. Every gateway's callback ends here, so the checks
//! happen in one order for all of them: payment exists → amount matches →
//! still pending (or expired: we stopped waiting, the money may still have
//! come, and then it is a late payment) → apply, in one transaction with the order's transition and
//! the events. The notification that settles a payment is kept on it
//! (`provider_payload`); every other one in `payment_callbacks`.

use std::collections::HashSet;

use cho_platform::db::Tx;
use cho_platform::outbox::{self, NewEvent};
use cho_platform::{ApiError, AppState};
use cho_sales::payment::{mark_paid_all, mark_payment_failed, OrderId, PaidOutcome};
use cho_sales::status::OrderStatus;

use crate::attempts::{self, Attempt, AttemptStatus, Verdict};
use crate::events::{PaymentSettled, Settlement, PAYMENT_FAILED, PAYMENT_SUCCEEDED};
use crate::gateway::{Notification, Outcome};
use crate::refunds;
use crate::settings::PaymentSettings;

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

/// A notification to apply, and where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub provider: &'static str,
    /// `callback` or `query`, for metrics and the record.
    pub source: &'static str,
    pub notification: &'a Notification,
}

impl Delivery<'_> {
    /// The attempt's status this notification asks for, when the gateway has decided.
    fn verdict(&self) -> Option<AttemptStatus> {
        match self.notification.outcome {
            Outcome::Succeeded => Some(AttemptStatus::Succeeded),
            Outcome::Failed(_) => Some(AttemptStatus::Failed),
            Outcome::Pending | Outcome::NotFound => None,
        }
    }

    fn names(&self, attempt: &Attempt) -> bool {
        attempt.provider == self.provider && attempt.provider_ref == self.notification.provider_ref
    }
}

/// Applies `notification` for `provider` in a transaction of its own.
pub async fn apply(
    state: &AppState,
    provider: &'static str,
    source: &'static str,
    notification: &Notification,
) -> Result<Applied, ApiError> {
    let delivery = Delivery {
        provider,
        source,
        notification,
    };
    let mut applied = apply_all(state, &[delivery]).await;
    applied.pop().expect("one answer per delivery")
}

/// Applies notifications in one transaction — one commit for all the
/// callbacks that arrived together. Should that transaction fail, each is
/// applied again in one of its own, so one bad notification cannot fail the
/// others. One answer per delivery, in order.
pub async fn apply_all(
    state: &AppState,
    deliveries: &[Delivery<'_>],
) -> Vec<Result<Applied, ApiError>> {
    let answers = match apply_together(state, deliveries).await {
        Ok(applied) => applied.into_iter().map(Ok).collect(),
        Err(err) if deliveries.len() > 1 => {
            tracing::warn!(error = %err, count = deliveries.len(), "a group of payment notifications failed; applying them one by one");
            let mut answers = Vec::with_capacity(deliveries.len());
            for delivery in deliveries {
                let applied = apply_together(state, std::slice::from_ref(delivery)).await;
                answers.push(applied.map(|mut applied| applied.remove(0)));
            }
            answers
        }
        Err(err) => vec![Err(err)],
    };
    for (delivery, answer) in deliveries.iter().zip(&answers) {
        let label = match answer {
            Ok(applied) => applied.label(),
            Err(_) => "error",
        };
        metrics::counter!("cho_payment_callbacks_total", "provider" => delivery.provider, "kind" => delivery.source, "outcome" => label)
            .increment(1);
        // A settled payment keeps the notification that settled it as its
        // `provider_payload`; every other one is kept in `payment_callbacks`.
        if !matches!(answer, Ok(Applied::Settled { .. })) {
            let notification = delivery.notification;
            attempts::record_callback(
                &state.db,
                delivery.provider,
                Some(&notification.provider_ref),
                &notification.payload,
                &format!("{}:{label}", delivery.source),
            )
            .await;
        }
    }
    answers
}

async fn apply_together(
    state: &AppState,
    deliveries: &[Delivery<'_>],
) -> Result<Vec<Applied>, ApiError> {
    let mut tx = state.db.begin().await?;
    let applied = apply_all_in(&mut tx, state, deliveries).await?;
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
    let delivery = Delivery {
        provider,
        source,
        notification,
    };
    let mut applied = apply_all_in(tx, state, &[delivery]).await?;
    Ok(applied.remove(0))
}

/// [`apply_all`] inside the caller's transaction: one answer per delivery, in order.
async fn apply_all_in(
    tx: &mut Tx,
    state: &AppState,
    deliveries: &[Delivery<'_>],
) -> Result<Vec<Applied>, ApiError> {
    let mut answers: Vec<Option<Applied>> = vec![None; deliveries.len()];
    // Notifications about one payment are applied one after another in the
    // order they came (a repeat finds the payment settled by the first): each
    // round takes the first undecided notification of every payment.
    loop {
        let mut named = HashSet::new();
        let round: Vec<usize> = (0..deliveries.len())
            .filter(|&i| answers[i].is_none())
            .filter(|&i| {
                named.insert((
                    deliveries[i].provider,
                    &deliveries[i].notification.provider_ref,
                ))
            })
            .collect();
        if round.is_empty() {
            break;
        }
        let round_deliveries: Vec<Delivery> = round.iter().map(|&i| deliveries[i]).collect();
        let applied = apply_round(tx, state, &round_deliveries).await?;
        for (i, applied) in round.into_iter().zip(applied) {
            answers[i] = Some(applied);
        }
    }
    Ok(answers.into_iter().flatten().collect())
}

/// Applies notifications that each name a different payment: the payments
/// they settle in one statement, the events in one, the orders paid in one.
async fn apply_round(
    tx: &mut Tx,
    state: &AppState,
    deliveries: &[Delivery<'_>],
) -> Result<Vec<Applied>, ApiError> {
    let verdicts: Vec<Verdict> = deliveries
        .iter()
        .filter_map(|delivery| {
            let notification = delivery.notification;
            Some(Verdict {
                provider: delivery.provider,
                provider_ref: &notification.provider_ref,
                amount: notification.amount?,
                status: delivery.verdict()?,
                provider_transaction_id: notification.transaction_id.as_deref(),
                payload: &notification.payload,
            })
        })
        .collect();
    let mut settled = attempts::settle_pending_all(tx, &verdicts).await?;
    let (mut answers, mut events, mut paid, mut failed) = (vec![], vec![], vec![], vec![]);
    for delivery in deliveries {
        let Some(at) = settled.iter().position(|attempt| delivery.names(attempt)) else {
            answers.push(why_not_settled(tx, delivery).await?);
            continue;
        };
        let attempt = settled.swap_remove(at);
        let succeeded = attempt.status == AttemptStatus::Succeeded;
        events.push(payment_event(delivery, &attempt)?);
        // Counted before the caller commits: a failed commit overcounts.
        metrics::counter!("cho_payments_total", "method" => attempt.method.clone(), "outcome" => attempt.status.as_str())
            .increment(1);
        answers.push(Applied::Settled { succeeded });
        if succeeded {
            paid.push(attempt);
        } else {
            failed.push(attempt);
        }
    }
    outbox::publish_all(tx, &events).await?;
    let order_ids: Vec<OrderId> = paid.iter().map(|attempt| attempt.order_id).collect();
    let outcomes = mark_paid_all(tx, &order_ids).await?;
    for (attempt, outcome) in paid.iter().zip(outcomes) {
        if let PaidOutcome::OrderClosed(order_status) = outcome {
            late_payment(tx, state, attempt, order_status).await?;
        }
    }
    for attempt in &failed {
        mark_payment_failed(tx, attempt.order_id).await?;
    }
    Ok(answers)
}

fn payment_event(delivery: &Delivery<'_>, attempt: &Attempt) -> Result<NewEvent, sqlx::Error> {
    let notification = delivery.notification;
    let (event_type, failure_code) = match &notification.outcome {
        Outcome::Failed(code) => (PAYMENT_FAILED, Some(code.clone())),
        _ => (PAYMENT_SUCCEEDED, None),
    };
    let payload = PaymentSettled {
        payment_id: attempt.id,
        order_id: attempt.order_id.0,
        method: attempt.method.clone(),
        provider: delivery.provider.into(),
        amount: attempt.amount,
        settlement: Settlement::Gateway {
            provider_transaction_id: notification.transaction_id.clone(),
            failure_code,
        },
    };
    event_type.event(attempt.id, &payload)
}

/// Money for an order that was closed first: refunded, or kept for a person to review.
async fn late_payment(
    tx: &mut Tx,
    state: &AppState,
    attempt: &Attempt,
    order_status: OrderStatus,
) -> Result<(), ApiError> {
    let (provider, provider_ref) = (&attempt.provider, &attempt.provider_ref);
    let reason = format!("paid after the order was {}", order_status.as_str());
    if PaymentSettings::of(state).refund_late_payments {
        tracing::warn!(provider, provider_ref, %reason, "late payment: refunding it");
        refunds::schedule_late_payment_refund(tx, attempt, &reason).await?;
    } else {
        tracing::warn!(provider, provider_ref, %reason, "late payment queued for review");
    }
    attempts::flag_for_review(tx, attempt.id, &reason).await?;
    Ok(())
}

/// Why a notification settled nothing, in the order the checks are made:
/// payment exists → amount matches → still pending → gateway decided.
async fn why_not_settled(tx: &mut Tx, delivery: &Delivery<'_>) -> Result<Applied, ApiError> {
    let Delivery {
        provider,
        source,
        notification,
    } = *delivery;
    let provider_ref = notification.provider_ref.as_str();
    let Some(attempt) = attempts::find_by_ref(&mut *tx, provider, provider_ref).await? else {
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
    if !matches!(
        attempt.status,
        AttemptStatus::Pending | AttemptStatus::Expired
    ) {
        return Ok(Applied::AlreadySettled);
    }
    Ok(match notification.outcome {
        Outcome::Pending | Outcome::NotFound => Applied::StillPending,
        // Pending a moment ago, settled by a twin since.
        Outcome::Succeeded | Outcome::Failed(_) => Applied::AlreadySettled,
    })
}
