//! Refunds, as records of their own: requested by staff, by cancelling a paid
//! order, or automatically for a payment that landed after its order closed.
//!
//! A refund first reserves its amount on the payment with a conditional update
//! (never more than was captured, whatever runs concurrently), and is written
//! with a `refund.send` job in the same transaction. It is then sent to the
//! gateway at once; if the gateway cannot be reached the job sends it again —
//! under the same reference, which the gateways deduplicate. Cash and bank
//! transfers have no refund API: those refunds are records of money the shop
//! returned by hand, and succeed when written.

use cho_platform::auth::UserId;
use cho_platform::extract::ClientInfo;
use cho_platform::{audit, jobs, new_id, now, outbox, ApiError, ApiResult, AppState, StateMachine};
use cho_sales::payment::{mark_refunded, order, OrderId, PayableOrder, REFUND_ORDER_JOB};
use cho_sales::status::{PaymentMethod, PaymentStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::attempts::{self, Attempt, AttemptStatus};
use crate::error::PaymentError;
use crate::events::{RefundFailed, RefundSucceeded, REFUND_FAILED, REFUND_SUCCEEDED};
use crate::gateway::{self, GatewayError, RefundCall, RefundOutcome};

pub const SEND_JOB: &str = "refund.send";
/// Providers whose refunds are handed back by the shop itself.
const MANUAL_PROVIDERS: &[&str] = &["COD", "VIETQR"];

/// Where a refund stands: `pending` until the gateway (or the shop, for cash and
/// transfers) has given the money back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RefundStatus {
    Pending,
    Succeeded,
    Failed,
}

cho_platform::text_enum!(RefundStatus {
    Pending => "pending",
    Succeeded => "succeeded",
    Failed => "failed",
});

impl StateMachine for RefundStatus {
    /// A pending refund gets the gateway's answer, once; the answer is final.
    fn can_become(self, next: Self) -> bool {
        use RefundStatus::*;
        matches!((self, next), (Pending, Succeeded | Failed))
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    pub id: Uuid,
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub amount: i64,
    pub status: RefundStatus,
    pub reason: String,
    pub provider_refund_id: Option<String>,
    pub failure: Option<String>,
    pub requested_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub refund_ref: String,
}

const COLUMNS: &str =
    "id, payment_id, order_id, amount, status, reason, provider_refund_id, failure, requested_by,
    created_at, settled_at, refund_ref";

/// `POST /v1/admin/orders/{id}/refunds`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefundInput {
    /// VND; the whole remaining captured amount when omitted.
    pub amount: Option<i64>,
    pub reason: String,
    /// Which payment to refund; the one that paid the order when omitted.
    pub payment_id: Option<Uuid>,
}

pub async fn get(state: &AppState, id: Uuid) -> ApiResult<Refund> {
    let sql = format!("SELECT {COLUMNS} FROM refunds WHERE id = $1");
    let refund: Option<Refund> = state.db.query(&sql).bind(id).fetch_optional().await?;
    refund.ok_or_else(|| ApiError::not_found("refund"))
}

pub async fn for_order(state: &AppState, order_id: OrderId) -> ApiResult<Vec<Refund>> {
    let sql = format!("SELECT {COLUMNS} FROM refunds WHERE order_id = $1 ORDER BY id");
    Ok(state.db.query(&sql).bind(order_id).fetch_all().await?)
}

async fn find_by_ref(tx: &mut cho_platform::db::Tx, refund_ref: &str) -> ApiResult<Option<Refund>> {
    let sql = format!("SELECT {COLUMNS} FROM refunds WHERE refund_ref = $1");
    Ok(tx.query(&sql).bind(refund_ref).fetch_optional().await?)
}

/// Who asked for a refund, for the record and the audit log.
pub struct Requester<'a> {
    pub actor: Option<UserId>,
    pub client: &'a ClientInfo,
}

/// Refunds (part of) what an order's payment captured, and sends it to the
/// gateway. With `refund_ref`, a second request under the same reference
/// returns the first refund instead of refunding twice.
pub async fn request(
    state: &AppState,
    order_id: OrderId,
    input: &RefundInput,
    requester: Requester<'_>,
    refund_ref: Option<String>,
    idempotency: Option<(&str, &str)>,
) -> ApiResult<Refund> {
    if input.reason.trim().is_empty() || input.reason.chars().count() > 255 {
        return Err(ApiError::bad_request("reason must be 1 to 255 characters"));
    }
    if input.amount.is_some_and(|a| a <= 0) {
        return Err(ApiError::bad_request(
            "amount must be a positive number of đồng",
        ));
    }
    let mut tx = state.db.begin().await?;
    if let Some((scope, key)) = idempotency {
        let hash = cho_platform::idempotency::fingerprint(input);
        if let cho_platform::idempotency::Claim::Replay(_, body) =
            cho_platform::idempotency::claim(&mut tx, scope, key, &hash).await?
        {
            drop(tx);
            let id = body["id"].as_str().and_then(|id| id.parse().ok());
            return get(state, id.ok_or_else(cho_platform::idempotency::key_in_use)?).await;
        }
    }
    // 32 characters: every gateway accepts it as a refund reference.
    let refund_ref = refund_ref.unwrap_or_else(|| new_id().simple().to_string());
    if let Some(existing) = find_by_ref(&mut tx, &refund_ref).await? {
        return Ok(existing);
    }
    let order = order(&mut tx, order_id, None).await?;
    let payment = refundable_payment(&mut tx, &order, input.payment_id).await?;
    let amount = input
        .amount
        .unwrap_or(payment.amount - payment.refunded_amount);
    if amount <= 0 || !attempts::reserve_refund(&mut tx, payment.id, amount).await? {
        return Err(PaymentError::RefundExceedsCaptured {
            amount,
            refunded: payment.refunded_amount,
            captured: payment.amount,
        }
        .into());
    }
    let manual = MANUAL_PROVIDERS.contains(&payment.provider.as_str());
    let id = new_id();
    let now = now();
    let status = if manual {
        RefundStatus::Succeeded
    } else {
        RefundStatus::Pending
    };
    tx.query(
        "INSERT INTO refunds (id, payment_id, order_id, amount, status, reason, refund_ref,
         requested_by, created_at, updated_at, settled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
    )
    .bind(id)
    .bind(payment.id)
    .bind(order.id)
    .bind(amount)
    .bind(status.as_str())
    .bind(input.reason.trim())
    .bind(&refund_ref)
    .bind(requester.actor)
    .bind(now)
    .bind(manual.then_some(now))
    .execute()
    .await?;
    if manual {
        refund_succeeded(&mut tx, &payment, id, amount).await?;
    } else {
        let retry_at = now + chrono::Duration::seconds(30);
        jobs::enqueue(
            &mut tx,
            SEND_JOB,
            &json!({ "refundId": id }),
            retry_at,
            None,
        )
        .await?;
    }
    let entry = audit::Entry {
        actor_id: requester.actor,
        action: "refund.request",
        entity_type: "order",
        entity_id: order.id.to_string(),
        old_values: Some(json!({ "refundedAmount": payment.refunded_amount })),
        new_values: Some(json!({
            "refundId": id, "paymentId": payment.id, "amount": amount, "reason": input.reason.trim(),
        })),
    };
    audit::record(&mut tx, entry, requester.client).await?;
    if let Some((scope, key)) = idempotency {
        let body = json!({ "id": id });
        cho_platform::idempotency::complete(
            &mut tx,
            scope,
            key,
            axum::http::StatusCode::CREATED,
            &body,
        )
        .await?;
    }
    tx.commit().await?;
    if !manual {
        if let Err(err) = send(state, id).await {
            tracing::warn!(refund_id = %id, error = %err, "refund not sent yet; the refund.send job will retry");
        }
    }
    get(state, id).await
}

/// The payment a refund draws on: the one named, or the one that paid the order.
/// Cash collected on delivery is recorded as a payment the first time it is refunded.
async fn refundable_payment(
    tx: &mut cho_platform::db::Tx,
    order: &PayableOrder,
    payment_id: Option<Uuid>,
) -> ApiResult<Attempt> {
    let payments = attempts::for_order(&mut *tx, order.id).await?;
    if let Some(payment_id) = payment_id {
        return payments
            .into_iter()
            .find(|p| p.id == payment_id && p.status == AttemptStatus::Succeeded)
            .ok_or_else(|| {
                PaymentError::NothingToRefund(
                    "that payment of this order has captured nothing to refund".into(),
                )
                .into()
            });
    }
    if let Some(paid) = payments
        .into_iter()
        .find(|p| p.status == AttemptStatus::Succeeded && p.review_reason.is_none())
    {
        return Ok(paid);
    }
    let cash_collected =
        order.method == PaymentMethod::Cod && matches!(order.payment_status, PaymentStatus::Paid);
    if !cash_collected {
        return Err(PaymentError::NothingToRefund(format!(
            "order {} has no captured payment to refund",
            order.order_code
        ))
        .into());
    }
    // Delivered before cash was recorded at delivery. A concurrent refund may have
    // written it first: then it is read back.
    let recorded =
        attempts::record_cash(tx, order.id, &order.order_code, order.total, now(), None).await?;
    let written = match recorded {
        Some(id) => attempts::get(&mut *tx, id).await?,
        None => {
            attempts::find_by_ref(&mut *tx, "COD", &attempts::cash_ref(&order.order_code)).await?
        }
    };
    written.ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("the COD payment just written is missing"))
    })
}

/// Marks a refund succeeded: events, and the order's payment status.
async fn refund_succeeded(
    tx: &mut cho_platform::db::Tx,
    payment: &Attempt,
    refund_id: Uuid,
    amount: i64,
) -> ApiResult<()> {
    let payment = attempts::get(&mut *tx, payment.id)
        .await?
        .ok_or_else(|| ApiError::not_found("payment"))?;
    let event = RefundSucceeded {
        refund_id,
        payment_id: payment.id,
        order_id: payment.order_id.0,
        amount,
        refunded_amount: payment.refunded_amount,
        captured_amount: payment.amount,
    };
    outbox::publish(tx, &REFUND_SUCCEEDED, refund_id, &event).await?;
    // A payment that arrived after its order closed never paid that order.
    if payment.review_reason.is_none() {
        mark_refunded(
            tx,
            payment.order_id,
            payment.refunded_amount == payment.amount,
        )
        .await?;
    }
    metrics::counter!("cho_refunds_total", "provider" => payment.provider.clone(), "outcome" => "succeeded").increment(1);
    Ok(())
}

/// Sends a pending refund to its gateway and records the answer. Safe to run
/// more than once: the gateway deduplicates the reference, and only a pending
/// refund is settled.
pub async fn send(state: &AppState, refund_id: Uuid) -> anyhow::Result<()> {
    let refund = get(state, refund_id).await?;
    if refund.status.is_final() {
        return Ok(());
    }
    let payment = attempts::get(&state.db, refund.payment_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("refund {refund_id} has no payment"))?;
    let gateway = gateway::resolve(state, &state.db, &payment.provider)
        .await?
        .ok_or_else(|| anyhow::anyhow!("{} is not configured", payment.provider))?;
    let call = RefundCall {
        attempt: &payment,
        refund_ref: &refund.refund_ref,
        amount: refund.amount,
        full: refund.amount == payment.amount,
        reason: &refund.reason,
        requested_by: "cho",
        requested_at: refund.created_at,
    };
    let outcome = match gateway.refund(&call).await {
        Ok(outcome) => outcome,
        // Unknown outcome: the job asks again.
        Err(err @ GatewayError::Unavailable(_)) => return Err(err.into()),
        Err(err) => RefundOutcome::Failed {
            code: "error".into(),
            message: err.to_string(),
        },
    };
    let mut tx = state.db.begin().await?;
    let (status, provider_refund_id, failure) = match &outcome {
        RefundOutcome::Pending => {
            anyhow::bail!("the gateway is still processing refund {refund_id}")
        }
        RefundOutcome::Succeeded { provider_refund_id } => {
            (RefundStatus::Succeeded, provider_refund_id.clone(), None)
        }
        RefundOutcome::Failed { code, message } => (
            RefundStatus::Failed,
            None,
            Some(format!("{code}: {message}")),
        ),
    };
    let now = now();
    let sql = format!(
        "UPDATE refunds
         SET status = $1, provider_refund_id = $2, failure = $3, settled_at = $4,
         updated_at = $4
         WHERE id = $5 AND status IN ({})",
        RefundStatus::sources_sql(status)
    );
    let settled = tx
        .query(&sql)
        .bind(status)
        .bind(&provider_refund_id)
        .bind(&failure)
        .bind(now)
        .bind(refund_id)
        .execute()
        .await?;
    if settled == 0 {
        return Ok(()); // another sender recorded the answer first
    }
    if status == RefundStatus::Succeeded {
        refund_succeeded(&mut tx, &payment, refund_id, refund.amount).await?;
    } else {
        attempts::release_refund(&mut tx, payment.id, refund.amount).await?;
        let event = RefundFailed {
            refund_id,
            payment_id: payment.id,
            order_id: payment.order_id.0,
            amount: refund.amount,
            failure: failure.clone(),
        };
        outbox::publish(&mut tx, &REFUND_FAILED, refund_id, &event).await?;
        metrics::counter!("cho_refunds_total", "provider" => payment.provider.clone(), "outcome" => "failed").increment(1);
        tracing::warn!(%refund_id, provider = %payment.provider, ?failure, "the gateway refused a refund");
    }
    tx.commit().await?;
    Ok(())
}

/// Refunds a payment that succeeded after its order had closed, from a job
/// written in the transaction that recorded it.
pub async fn schedule_late_payment_refund(
    tx: &mut cho_platform::db::Tx,
    payment: &Attempt,
    reason: &str,
) -> ApiResult<()> {
    let payload = json!({ "orderId": payment.order_id, "paymentId": payment.id, "reason": reason });
    jobs::enqueue(tx, REFUND_ORDER_JOB, &payload, now(), None).await?;
    Ok(())
}

/// The `refund.order` job: refunds what an order's payment captured, once
/// (its reference is derived from the order and payment).
async fn refund_order(state: AppState, payload: serde_json::Value) -> anyhow::Result<()> {
    let order_id: OrderId = serde_json::from_value(payload["orderId"].clone())?;
    let payment_id: Option<Uuid> = serde_json::from_value(payload["paymentId"].clone()).ok();
    let reason = payload["reason"]
        .as_str()
        .unwrap_or("order cancelled")
        .to_owned();
    // One automatic refund per payment (or per order when the payment is implied).
    let refund_ref = payment_id.unwrap_or(order_id.0).simple().to_string();
    let input = RefundInput {
        amount: None,
        reason,
        payment_id,
    };
    let client = ClientInfo::default();
    let requester = Requester {
        actor: None,
        client: &client,
    };
    if refundable_left(&state, order_id, payment_id).await? == 0 {
        tracing::info!(%order_id, "nothing left to refund automatically");
        return Ok(());
    }
    // Anything else that stops the refund (a concurrent one, a gateway that is down) is
    // an error: the job runs again, and finds either money left to refund or none.
    let refund = request(&state, order_id, &input, requester, Some(refund_ref), None)
        .await
        .map_err(|err| anyhow::anyhow!(err))?;
    tracing::info!(%order_id, refund_id = %refund.id, status = refund.status.as_str(), "automatic refund requested");
    Ok(())
}

/// What an automatic refund of the order could still give back: the named payment's
/// captured amount not yet refunded, or that of the payment that paid the order.
async fn refundable_left(
    state: &AppState,
    order_id: OrderId,
    payment_id: Option<Uuid>,
) -> ApiResult<i64> {
    let payments = attempts::for_order(&state.db, order_id).await?;
    let payment = match payment_id {
        Some(id) => payments.iter().find(|p| p.id == id),
        None => payments
            .iter()
            .find(|p| p.status == AttemptStatus::Succeeded && p.review_reason.is_none()),
    };
    Ok(payment
        .filter(|p| p.status == AttemptStatus::Succeeded)
        .map_or(0, |p| p.amount - p.refunded_amount))
}

pub fn register(registry: &mut jobs::Registry, state: &AppState) {
    let for_send = state.clone();
    registry.register(SEND_JOB, move |payload| {
        let state = for_send.clone();
        async move {
            let id: Uuid = serde_json::from_value(payload["refundId"].clone())?;
            send(&state, id).await
        }
    });
    let for_order = state.clone();
    registry.register(REFUND_ORDER_JOB, move |payload| {
        refund_order(for_order.clone(), payload)
    });
}

#[cfg(test)]
mod tests {
    use super::RefundStatus;
    use cho_platform::StateMachine;

    #[test]
    fn a_refund_is_answered_once() {
        assert_eq!(
            RefundStatus::sources_sql(RefundStatus::Succeeded),
            "'pending'"
        );
        assert!(RefundStatus::Succeeded.is_final() && RefundStatus::Failed.is_final());
    }
}
