//! The seam between sales and payments. Sales does not know any gateway: at
//! checkout it asks a [`PaymentStarter`] (implemented by the payments module)
//! to start paying an online order, inside the checkout transaction; the
//! payments module reports outcomes back through [`mark_paid_all`].

use cho_platform::auth::UserId;
use std::sync::Arc;

use cho_platform::db::{Conn, Tx};
use cho_platform::{ApiError, ApiResult, Vnd};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use cho_platform::now;

use crate::error::SalesError;
use crate::orders::{self, TransitionInput};
use crate::status::{Action, OrderStatus, PaymentMethod, PaymentStatus};

/// The job the payments module runs to refund an order cancelled after it was
/// paid; sales enqueues it in the cancelling transaction.
pub const REFUND_ORDER_JOB: &str = "refund.order";
/// Job the payments module runs when an order stops waiting for payment (cancelled or
/// expired): its open payment attempts are closed.
pub const CLOSE_PAYMENTS_JOB: &str = "payment.close";

cho_platform::id_type! {
    /// An order, as other modules refer to it.
    pub struct OrderId;
}

/// Cash a courier collected on delivery, confirmed by a staff member.
#[derive(Debug, Clone)]
pub struct CashCollection {
    pub order_id: OrderId,
    pub order_code: String,
    pub amount: Vnd,
    pub confirmed_by: UserId,
    pub collected_at: DateTime<Utc>,
}

/// What a payment module needs to start paying for an order.
#[derive(Debug, Clone)]
pub struct OrderToPay {
    pub order_id: OrderId,
    pub order_code: String,
    pub method: PaymentMethod,
    pub amount: Vnd,
    pub expires_at: Option<DateTime<Utc>>,
    pub client_ip: Option<String>,
}

/// Where the shopper goes to pay.
#[derive(Debug, Clone, Default)]
pub struct StartedPayment {
    pub payment_url: Option<String>,
    pub qr_payload: Option<String>,
    /// The gateway must be called to open the payment, which happens after the
    /// order commits ([`PaymentStarter::open`]): no transaction waits on a gateway.
    pub open_after_commit: bool,
}

#[async_trait::async_trait]
pub trait PaymentStarter: Send + Sync {
    /// Starts paying `order` inside the checkout transaction; an error aborts the checkout.
    async fn start(&self, tx: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment>;

    /// Opens at its gateway a payment that [`start`](Self::start) left to open
    /// after commit. A failure leaves the order waiting for payment, to retry.
    async fn open(&self, order: &OrderToPay) -> ApiResult<StartedPayment> {
        Err(SalesError::PaymentNotOpenable {
            method: order.method.as_str(),
        }
        .into())
    }

    /// Records cash collected on delivery as a payment, inside the delivery's transaction.
    async fn cash_collected(&self, tx: &mut Tx, collection: &CashCollection) -> ApiResult<()>;
}

/// The starter used when no payments module is wired in: online methods are refused.
pub struct NoOnlinePayments;

#[async_trait::async_trait]
impl PaymentStarter for NoOnlinePayments {
    async fn start(&self, _: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment> {
        Err(SalesError::PaymentMethodUnavailable {
            method: order.method.as_str(),
        }
        .into())
    }

    async fn cash_collected(&self, _: &mut Tx, _: &CashCollection) -> ApiResult<()> {
        Ok(())
    }
}

pub type SharedStarter = Arc<dyn PaymentStarter>;

/// What happened when a confirmed payment was applied to its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaidOutcome {
    /// The order moved to `PAID`.
    Paid,
    /// The order was no longer awaiting payment (cancelled or expired first):
    /// the money needs a refund or a person's review.
    OrderClosed(OrderStatus),
}

/// Marks orders paid, inside the caller's transaction (with the payments'
/// own updates): one outcome per order id, in order.
pub async fn mark_paid_all(tx: &mut Tx, order_ids: &[OrderId]) -> ApiResult<Vec<PaidOutcome>> {
    let ids: Vec<Uuid> = order_ids.iter().map(|id| id.0).collect();
    let answers = orders::pay_all_in(tx, &ids).await?;
    Ok(answers
        .into_iter()
        .map(|answer| match answer {
            Ok(()) => PaidOutcome::Paid,
            Err(status) => PaidOutcome::OrderClosed(status),
        })
        .collect())
}

/// Records that the order's last payment attempt failed; the order keeps
/// waiting for payment (the shopper may retry) until it expires.
pub async fn mark_payment_failed(tx: &mut Tx, order_id: OrderId) -> ApiResult<()> {
    tx.query(
        "UPDATE orders
         SET payment_status = $1, updated_at = $2
         WHERE id = $3 AND status = $4 AND payment_status = $5",
    )
    .bind(PaymentStatus::Failed.as_str())
    .bind(now())
    .bind(order_id)
    .bind(OrderStatus::PendingPayment.as_str())
    .bind(PaymentStatus::Unpaid.as_str())
    .execute()
    .await?;
    Ok(())
}

/// A new attempt to pay an order that is still waiting for its money: its
/// payment URL or QR payload, and the payment status back to `UNPAID`.
pub async fn payment_restarted(
    tx: &mut Tx,
    order_id: OrderId,
    method: PaymentMethod,
    started: &StartedPayment,
) -> ApiResult<()> {
    tx.query(
        "UPDATE orders
         SET payment_method = $6, payment_status = $1, payment_url = $2, qr_payload = $3,
         updated_at = $4
         WHERE id = $5",
    )
    .bind(PaymentStatus::Unpaid.as_str())
    .bind(&started.payment_url)
    .bind(&started.qr_payload)
    .bind(now())
    .bind(order_id)
    .bind(method.as_str())
    .execute()
    .await?;
    Ok(())
}

/// Records a refund on the order: `PARTIALLY_REFUNDED`, or `REFUNDED` once
/// everything captured went back (which also moves the order to `REFUNDED`
/// where its state allows).
pub async fn mark_refunded(tx: &mut Tx, order_id: OrderId, fully: bool) -> ApiResult<()> {
    let order = orders::load(&mut *tx, order_id.0).await?;
    if fully && order.status.apply(Action::Refund).is_ok() {
        orders::apply_transition(tx, order, None, Action::Refund, TransitionInput::default())
            .await?;
        return Ok(());
    }
    let status = if fully {
        PaymentStatus::Refunded
    } else {
        PaymentStatus::PartiallyRefunded
    };
    tx.query("UPDATE orders SET payment_status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now())
        .bind(order_id)
        .execute()
        .await?;
    Ok(())
}

/// What the payments module may know of an order.
#[derive(Debug, Clone)]
pub struct PayableOrder {
    pub id: OrderId,
    pub order_code: String,
    pub user_id: UserId,
    pub method: PaymentMethod,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub total: Vnd,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Reads an order (from the pool, or in the caller's transaction); with `owner`, another
/// user's order is a 404.
pub async fn order(
    conn: impl Into<Conn<'_>>,
    order_id: OrderId,
    owner: Option<UserId>,
) -> ApiResult<PayableOrder> {
    let order = orders::load(conn, order_id.0).await?;
    if owner.is_some_and(|owner| owner != order.user_id) {
        return Err(ApiError::not_found("order"));
    }
    Ok(PayableOrder {
        id: OrderId(order.id),
        status: order.status,
        method: order.payment_method,
        payment_status: order.payment_status,
        order_code: order.order_code,
        user_id: order.user_id,
        total: Vnd(order.total),
        expires_at: order.expires_at,
    })
}
