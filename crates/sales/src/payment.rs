//! The seam between sales and payments. Sales does not know any gateway: at
//! checkout it asks a [`PaymentStarter`] (implemented by the payments module)
//! to start paying an online order, inside the checkout transaction; the
//! payments module reports outcomes back through [`mark_paid`].

use std::sync::Arc;

use cho_platform::db::Tx;
use cho_platform::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::orders::{self, TransitionInput};
use crate::status::{Action, OrderStatus, PaymentMethod};

/// What a payment module needs to start paying for an order.
#[derive(Debug, Clone)]
pub struct OrderToPay {
    pub order_id: Uuid,
    pub order_code: String,
    pub method: PaymentMethod,
    pub amount: i64,
    pub expires_at: Option<DateTime<Utc>>,
    pub client_ip: Option<String>,
}

/// Where the shopper goes to pay.
#[derive(Debug, Clone, Default)]
pub struct StartedPayment {
    pub payment_url: Option<String>,
    pub qr_payload: Option<String>,
}

#[async_trait::async_trait]
pub trait PaymentStarter: Send + Sync {
    /// Starts paying `order` inside the checkout transaction; an error aborts the checkout.
    async fn start(&self, tx: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment>;
}

/// The starter used when no payments module is wired in: online methods are refused.
pub struct NoOnlinePayments;

#[async_trait::async_trait]
impl PaymentStarter for NoOnlinePayments {
    async fn start(&self, _: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment> {
        Err(ApiError::Unprocessable(format!(
            "{} payments are not available",
            order.method.as_str()
        )))
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

/// Marks an order paid, inside the caller's transaction (with the payment's own update).
pub async fn mark_paid(tx: &mut Tx, order_id: Uuid) -> ApiResult<PaidOutcome> {
    let order = orders::load_in(tx, order_id).await?;
    let status = order.status();
    if status != OrderStatus::PendingPayment {
        return Ok(PaidOutcome::OrderClosed(status));
    }
    orders::apply_transition(tx, order, None, Action::Pay, TransitionInput::default()).await?;
    Ok(PaidOutcome::Paid)
}
