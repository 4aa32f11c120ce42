//! What can go wrong in payments, each with its stable code.

use cho_platform::error::{DomainError, ErrorCode, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error("{method} cannot be chosen for an order awaiting online payment")]
    MethodNotOnline { method: &'static str },
    #[error("{0} is not configured for this shop")]
    ProviderNotConfigured(String),
    #[error("order {order_code} is {status}: only an order awaiting payment can be paid again")]
    OrderNotAwaitingPayment {
        order_code: String,
        status: &'static str,
    },
    #[error("this order has already been paid")]
    AlreadyPaid,
    #[error("another payment of this order was started at the same moment; try again")]
    PaymentInProgress,
    #[error(
        "{provider} refused the payment ({code}: {message}); try again or choose another method"
    )]
    Refused {
        provider: String,
        code: String,
        message: String,
    },
    #[error("the payment gateway is unavailable: {0}")]
    GatewayUnavailable(String),
    #[error(
        "cannot refund {amount} đồng: {refunded} of the {captured} captured was already refunded"
    )]
    RefundExceedsCaptured {
        amount: i64,
        refunded: i64,
        captured: i64,
    },
    #[error("{0}")]
    NothingToRefund(String),
    #[error("this transfer is {0}, not awaiting review")]
    TransferNotInReview(&'static str),
    #[error("the transfer cannot pay order {order_code}: {reason}")]
    TransferMismatch { order_code: String, reason: String },
    #[error("this transfer was resolved by someone else meanwhile")]
    TransferResolvedMeanwhile,
}

impl DomainError for PaymentError {
    fn kind(&self) -> ErrorKind {
        match self {
            PaymentError::MethodNotOnline { .. }
            | PaymentError::ProviderNotConfigured(_)
            | PaymentError::Refused { .. } => ErrorKind::Unprocessable,
            PaymentError::GatewayUnavailable(_) => ErrorKind::Unavailable,
            PaymentError::OrderNotAwaitingPayment { .. }
            | PaymentError::AlreadyPaid
            | PaymentError::PaymentInProgress
            | PaymentError::RefundExceedsCaptured { .. }
            | PaymentError::NothingToRefund(_)
            | PaymentError::TransferNotInReview(_)
            | PaymentError::TransferMismatch { .. }
            | PaymentError::TransferResolvedMeanwhile => ErrorKind::Conflict,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            PaymentError::MethodNotOnline { .. } => "payment_method_not_online",
            PaymentError::ProviderNotConfigured(_) => "provider_not_configured",
            PaymentError::OrderNotAwaitingPayment { .. } => "order_not_awaiting_payment",
            PaymentError::AlreadyPaid => "order_already_paid",
            PaymentError::PaymentInProgress => "payment_in_progress",
            PaymentError::Refused { .. } => "payment_refused",
            PaymentError::GatewayUnavailable(_) => "gateway_unavailable",
            PaymentError::RefundExceedsCaptured { .. } => "refund_exceeds_captured",
            PaymentError::NothingToRefund(_) => "nothing_to_refund",
            PaymentError::TransferNotInReview(_) => "transfer_not_in_review",
            PaymentError::TransferMismatch { .. } => "transfer_mismatch",
            PaymentError::TransferResolvedMeanwhile => "transfer_resolved",
        }
    }
}

/// Payments' codes, for the API document.
#[rustfmt::skip]
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode { code: "payment_method_not_online", status: 422, meaning: "the method is not paid through a gateway (COD, wallet)" },
    ErrorCode { code: "provider_not_configured", status: 422, meaning: "the shop has not set up this gateway" },
    ErrorCode { code: "order_not_awaiting_payment", status: 409, meaning: "only an order awaiting payment can be paid again" },
    ErrorCode { code: "order_already_paid", status: 409, meaning: "the order has a successful payment" },
    ErrorCode { code: "payment_in_progress", status: 409, meaning: "another payment of the order started at the same moment" },
    ErrorCode { code: "payment_refused", status: 422, meaning: "the gateway refused to create the payment; retry or choose another method" },
    ErrorCode { code: "gateway_unavailable", status: 503, meaning: "the gateway did not answer; the order keeps waiting for payment" },
    ErrorCode { code: "refund_exceeds_captured", status: 409, meaning: "the refund is more than what is left to refund" },
    ErrorCode { code: "nothing_to_refund", status: 409, meaning: "no captured payment to refund" },
    ErrorCode { code: "transfer_not_in_review", status: 409, meaning: "the bank transfer is not awaiting review" },
    ErrorCode { code: "transfer_mismatch", status: 409, meaning: "the bank transfer cannot pay that order" },
    ErrorCode { code: "transfer_resolved", status: 409, meaning: "someone else resolved the bank transfer meanwhile" },
];
