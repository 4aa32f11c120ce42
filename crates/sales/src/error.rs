//! What can go wrong in sales, each with its stable code.

use cho_platform::error::{DomainError, ErrorCode, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum SalesError {
    #[error("the cart is empty")]
    CartEmpty,
    #[error("a product in the cart is no longer sold; remove it and try again")]
    ProductUnavailable,
    #[error("a product in the cart has no valid price")]
    ProductUnpriced,
    #[error("the order total is too large")]
    TotalTooLarge,
    #[error("not enough stock for {product} ({sku}): the cart was kept and nothing was reserved")]
    InsufficientStock { product: String, sku: String },
    #[error("only {available} of {sku} left in stock")]
    StockLimited { available: i64, sku: String },
    #[error("{method} payments cannot be opened")]
    PaymentNotOpenable { method: &'static str },
    #[error("{method} payments are not available")]
    PaymentMethodUnavailable { method: &'static str },
    #[error(
        "an order that is {status} can no longer be cancelled by the shopper; contact the shop"
    )]
    NotCancellableByCustomer { status: &'static str },
    /// The state machine has no such move from the order's status.
    #[error("{0}")]
    InvalidTransition(String),
    /// Another request moved the order between reading and writing it.
    #[error("the order changed while this request was processed; try again")]
    OrderChanged,
}

impl SalesError {
    pub const INVALID_TRANSITION: &'static str = "invalid_transition";
    pub const ORDER_CHANGED: &'static str = "order_changed";
}

impl DomainError for SalesError {
    fn kind(&self) -> ErrorKind {
        match self {
            SalesError::CartEmpty
            | SalesError::TotalTooLarge
            | SalesError::PaymentNotOpenable { .. }
            | SalesError::PaymentMethodUnavailable { .. } => ErrorKind::Unprocessable,
            SalesError::ProductUnavailable
            | SalesError::ProductUnpriced
            | SalesError::InsufficientStock { .. }
            | SalesError::StockLimited { .. }
            | SalesError::NotCancellableByCustomer { .. }
            | SalesError::InvalidTransition(_)
            | SalesError::OrderChanged => ErrorKind::Conflict,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            SalesError::CartEmpty => "cart_empty",
            SalesError::ProductUnavailable => "product_unavailable",
            SalesError::ProductUnpriced => "product_unpriced",
            SalesError::TotalTooLarge => "order_total_too_large",
            SalesError::InsufficientStock { .. } | SalesError::StockLimited { .. } => {
                "insufficient_stock"
            }
            SalesError::PaymentNotOpenable { .. } => "payment_not_openable",
            SalesError::PaymentMethodUnavailable { .. } => "payment_method_unavailable",
            SalesError::NotCancellableByCustomer { .. } => "order_not_cancellable",
            SalesError::InvalidTransition(_) => Self::INVALID_TRANSITION,
            SalesError::OrderChanged => Self::ORDER_CHANGED,
        }
    }
}

/// Sales' codes, for the API document.
#[rustfmt::skip]
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode { code: "cart_empty", status: 422, meaning: "checkout of an empty cart" },
    ErrorCode { code: "product_unavailable", status: 409, meaning: "a product in the cart is no longer sold" },
    ErrorCode { code: "product_unpriced", status: 409, meaning: "a product in the cart has no valid price" },
    ErrorCode { code: "order_total_too_large", status: 422, meaning: "the order total does not fit the amount limits" },
    ErrorCode { code: "insufficient_stock", status: 409, meaning: "not enough stock for a variant; nothing was reserved" },
    ErrorCode { code: "payment_not_openable", status: 422, meaning: "this payment method has no gateway page to open" },
    ErrorCode { code: "payment_method_unavailable", status: 422, meaning: "this payment method is not available in this shop" },
    ErrorCode { code: "order_not_cancellable", status: 409, meaning: "the order went too far for the shopper to cancel it" },
    ErrorCode { code: "invalid_transition", status: 409, meaning: "the order's status does not allow this action" },
    ErrorCode { code: "order_changed", status: 409, meaning: "the order changed meanwhile: read it again and retry" },
];
