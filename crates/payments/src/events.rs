//! The events payments writes to the outbox, and their payloads' shapes.

use cho_platform::outbox::{EventSchema, EventType};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A payment was settled: the gateway's verdict, or cash collected on delivery.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSettled {
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub method: String,
    pub provider: String,
    /// In VND.
    pub amount: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub settlement: Settlement,
}

/// How a payment was settled: by a gateway, or as cash confirmed by staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Settlement {
    #[serde(rename_all = "camelCase")]
    Gateway {
        provider_transaction_id: Option<String>,
        /// The gateway's reason, for `payment.failed`.
        failure_code: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Cash {
        /// The staff member who confirmed the cash was collected.
        confirmed_by: Uuid,
    },
}

/// A bank transfer could not be matched to an order on its own: a person must look.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRequired {
    pub bank_transfer_id: Uuid,
    /// In VND.
    pub amount: i64,
    /// The transfer's description, as the bank reported it.
    pub content: String,
    pub order_code: Option<String>,
    pub reason: Option<String>,
}

/// The gateway refunded (part of) a payment.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefundSucceeded {
    pub refund_id: Uuid,
    pub payment_id: Uuid,
    pub order_id: Uuid,
    /// This refund, in VND.
    pub amount: i64,
    /// Everything refunded from the payment so far.
    pub refunded_amount: i64,
    pub captured_amount: i64,
}

/// The gateway refused a refund.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefundFailed {
    pub refund_id: Uuid,
    pub payment_id: Uuid,
    pub order_id: Uuid,
    pub amount: i64,
    /// `code: message` from the gateway.
    pub failure: Option<String>,
}

pub const PAYMENT_SUCCEEDED: EventType<PaymentSettled> =
    EventType::new("payment.succeeded", 1, "payment");
pub const PAYMENT_FAILED: EventType<PaymentSettled> =
    EventType::new("payment.failed", 1, "payment");
pub const PAYMENT_REVIEW_REQUIRED: EventType<ReviewRequired> =
    EventType::new("payment.review_required", 1, "bank_transfer");
pub const REFUND_SUCCEEDED: EventType<RefundSucceeded> =
    EventType::new("refund.succeeded", 1, "refund");
pub const REFUND_FAILED: EventType<RefundFailed> = EventType::new("refund.failed", 1, "refund");

/// Every event type payments publishes, for the OpenAPI document.
pub fn schemas() -> Vec<EventSchema> {
    vec![
        PAYMENT_SUCCEEDED.schema(),
        PAYMENT_FAILED.schema(),
        PAYMENT_REVIEW_REQUIRED.schema(),
        REFUND_SUCCEEDED.schema(),
        REFUND_FAILED.schema(),
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    // The shapes these payloads had as `json!` literals, before they had types.
    #[test]
    fn payloads_keep_their_shapes() {
        let (payment_id, order_id, staff) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let gateway = PaymentSettled {
            payment_id,
            order_id,
            method: "VNPAY".into(),
            provider: "vnpay".into(),
            amount: 1000,
            settlement: Settlement::Gateway {
                provider_transaction_id: Some("t-1".into()),
                failure_code: None,
            },
        };
        assert_eq!(
            serde_json::to_value(&gateway).unwrap(),
            json!({
                "paymentId": payment_id, "orderId": order_id, "method": "VNPAY", "provider": "vnpay",
                "amount": 1000, "providerTransactionId": "t-1", "failureCode": null,
            })
        );
        let cash = PaymentSettled {
            method: "COD".into(),
            provider: "COD".into(),
            settlement: Settlement::Cash {
                confirmed_by: staff,
            },
            ..gateway
        };
        assert_eq!(
            serde_json::to_value(&cash).unwrap(),
            json!({
                "paymentId": payment_id, "orderId": order_id, "method": "COD",
                "provider": "COD", "amount": 1000, "confirmedBy": staff,
            })
        );
    }
}
