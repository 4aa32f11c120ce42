//! Reconciliation: payments still pending after `CHO_RECONCILE_AFTER_SECS`
//! are asked about at their gateway, with a growing pause between questions,
//! and settled by what it says — through the same path as a callback, so a
//! callback and a query racing each other still apply once. A success that
//! arrives after its order expired is flagged (or refunded) there too.

use std::time::Duration;

use cho_platform::{jobs, now, AppState};
use cho_sales::payment::{OrderId, CLOSE_PAYMENTS_JOB};
use chrono::{DateTime, Utc};

use crate::attempts::{self, Attempt};
use crate::gateway::{self, Outcome};
use crate::settings::PaymentSettings;
use crate::settle::{self, Applied};

pub const RECONCILE_JOB: &str = "payments.reconcile";
const BATCH: i64 = 50;
/// Past this age a payment is no longer asked about (ZaloPay answers for 48 h).
const GIVE_UP_AFTER_HOURS: i64 = 72;

/// What one pass did, for the log and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub checked: usize,
    pub settled: usize,
    pub still_pending: usize,
    pub expired: usize,
    pub errors: usize,
}

/// One pass as of `at` (now, for the job; later, for a test that lets time pass): asks the
/// gateways about payments pending for longer than `reconcile_after_secs` by then.
pub async fn run_once(state: &AppState, at: DateTime<Utc>) -> anyhow::Result<Pass> {
    let cutoff =
        at - chrono::Duration::seconds(PaymentSettings::of(state).reconcile_after_secs.max(0));
    let due = attempts::due_for_check(&state.db, cutoff, BATCH).await?;
    let mut pass = Pass::default();
    for attempt in due {
        pass.checked += 1;
        let outcome = check(state, &attempt).await;
        let label = match &outcome {
            Ok(Checked::Settled) => {
                pass.settled += 1;
                "settled"
            }
            Ok(Checked::StillPending) => {
                pass.still_pending += 1;
                "still_pending"
            }
            Ok(Checked::Expired) => {
                pass.expired += 1;
                "expired"
            }
            Err(err) => {
                pass.errors += 1;
                tracing::warn!(payment_id = %attempt.id, provider = %attempt.provider, error = %err, "reconciliation could not check a payment");
                "error"
            }
        };
        metrics::counter!("cho_reconciliation_total", "provider" => attempt.provider.clone(), "outcome" => label)
            .increment(1);
        if !matches!(outcome, Ok(Checked::Settled | Checked::Expired)) {
            attempts::check_again_at(&state.db, attempt.id, now() + pause(&attempt)).await?;
        }
    }
    if pass.checked > 0 {
        tracing::info!(?pass, "reconciliation pass");
    }
    Ok(pass)
}

enum Checked {
    Settled,
    StillPending,
    Expired,
}

async fn check(state: &AppState, attempt: &Attempt) -> anyhow::Result<Checked> {
    let age = Utc::now() - attempt.created_at;
    let Some(gateway) = gateway::resolve(state, &state.db, &attempt.provider).await? else {
        // Bank transfers cannot be asked about; their order's expiry closes them.
        return give_up_if_old(state, attempt, age).await;
    };
    let notification = gateway.query(attempt).await?;
    let provider = gateway.provider();
    if notification.outcome == Outcome::NotFound {
        return give_up_if_old(state, attempt, age).await;
    }
    Ok(
        match settle::apply(state, provider, "query", &notification).await? {
            Applied::Settled { .. } | Applied::AlreadySettled => Checked::Settled,
            Applied::StillPending => return give_up_if_old(state, attempt, age).await,
            other => anyhow::bail!(
                "the gateway's answer does not fit the payment: {}",
                other.label()
            ),
        },
    )
}

async fn give_up_if_old(
    state: &AppState,
    attempt: &Attempt,
    age: chrono::Duration,
) -> anyhow::Result<Checked> {
    if age < chrono::Duration::hours(GIVE_UP_AFTER_HOURS) {
        return Ok(Checked::StillPending);
    }
    let mut tx = state.db.begin().await?;
    attempts::expire(&mut tx, attempt.id).await?;
    tx.commit().await?;
    Ok(Checked::Expired)
}

/// The pause before asking about a payment again: a quarter of its age,
/// between one minute and one hour.
fn pause(attempt: &Attempt) -> chrono::Duration {
    let age = Utc::now() - attempt.created_at;
    (age / 4).clamp(chrono::Duration::minutes(1), chrono::Duration::hours(1))
}

/// The `payment.close` job: an order stopped waiting for payment, so its pending attempts
/// close. Each gateway is asked first, so money it took at the last moment is applied (as
/// a late payment of a closed order) rather than forgotten; the rest become `expired`.
/// A gateway that cannot be asked fails the job, which runs again.
pub async fn close_for_order(state: &AppState, order_id: OrderId) -> anyhow::Result<()> {
    for attempt in attempts::pending_for_order(&state.db, order_id).await? {
        if let Some(gateway) = gateway::resolve(state, &state.db, &attempt.provider).await? {
            let notification = gateway.query(&attempt).await?;
            if matches!(
                notification.outcome,
                Outcome::Succeeded | Outcome::Failed(_)
            ) {
                settle::apply(state, gateway.provider(), "query", &notification).await?;
                continue;
            }
        }
        let mut tx = state.db.begin().await?;
        attempts::expire(&mut tx, attempt.id).await?;
        tx.commit().await?;
        metrics::counter!("cho_reconciliation_total", "provider" => attempt.provider.clone(), "outcome" => "expired")
            .increment(1);
    }
    Ok(())
}

pub fn register(registry: &mut jobs::Registry, state: &AppState) {
    let closing = state.clone();
    registry.register(CLOSE_PAYMENTS_JOB, move |payload| {
        let state = closing.clone();
        async move {
            let order_id = serde_json::from_value(payload["orderId"].clone())?;
            close_for_order(&state, order_id).await
        }
    });
    let state = state.clone();
    registry.register(RECONCILE_JOB, move |_| {
        let state = state.clone();
        async move { run_once(&state, now()).await.map(|_| ()) }
    });
    registry.every(RECONCILE_JOB, Duration::from_secs(60));
}
