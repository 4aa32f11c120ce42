//! The order state machine. Every transition is checked here, and applied
//! with a conditional `UPDATE … WHERE status = <from>`, so two actors racing
//! on one order (a shopper cancelling as the expiry job fires) cannot both win.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    PendingPayment,
    PendingConfirmation,
    Paid,
    Confirmed,
    Shipping,
    Delivered,
    Completed,
    Cancelled,
    Refunded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentStatus {
    Unpaid,
    Paid,
    Failed,
    Refunded,
    PartiallyRefunded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentMethod {
    Cod,
    Vnpay,
    Momo,
    Zalopay,
    Vietqr,
    Wallet,
}

cho_platform::text_enum!(OrderStatus {
    PendingPayment => "PENDING_PAYMENT",
    PendingConfirmation => "PENDING_CONFIRMATION",
    Paid => "PAID",
    Confirmed => "CONFIRMED",
    Shipping => "SHIPPING",
    Delivered => "DELIVERED",
    Completed => "COMPLETED",
    Cancelled => "CANCELLED",
    Refunded => "REFUNDED",
});

cho_platform::text_enum!(PaymentStatus {
    Unpaid => "UNPAID",
    Paid => "PAID",
    Failed => "FAILED",
    Refunded => "REFUNDED",
    PartiallyRefunded => "PARTIALLY_REFUNDED",
});

cho_platform::text_enum!(PaymentMethod {
    Cod => "COD",
    Vnpay => "VNPAY",
    Momo => "MOMO",
    Zalopay => "ZALOPAY",
    Vietqr => "VIETQR",
    Wallet => "WALLET",
});

/// Something that moves an order from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Pay,
    Confirm,
    Ship,
    Deliver,
    Complete,
    Cancel,
    Expire,
    Refund,
}

impl Action {
    pub fn verb(self) -> &'static str {
        match self {
            Action::Pay => "paid",
            Action::Confirm => "confirmed",
            Action::Ship => "shipped",
            Action::Deliver => "delivered",
            Action::Complete => "completed",
            Action::Cancel => "cancelled",
            Action::Expire => "expired",
            Action::Refund => "refunded",
        }
    }
}

impl OrderStatus {
    /// The status `action` leads to from `self`, or why it cannot happen.
    pub fn apply(self, action: Action) -> Result<OrderStatus, String> {
        use OrderStatus::*;
        let next = match (self, action) {
            (PendingPayment, Action::Pay) => Paid,
            (PendingPayment, Action::Cancel | Action::Expire) => Cancelled,
            (PendingConfirmation, Action::Confirm) => Confirmed,
            (PendingConfirmation, Action::Cancel) => Cancelled,
            (Paid, Action::Confirm) => Confirmed,
            // A paid order can still be called off before it ships; its money goes back.
            (Paid, Action::Cancel) => Cancelled,
            (Paid | Confirmed | Delivered | Completed | Cancelled, Action::Refund) => Refunded,
            (Confirmed, Action::Ship) => Shipping,
            (Confirmed, Action::Cancel) => Cancelled,
            (Shipping, Action::Deliver) => Delivered,
            (Delivered, Action::Complete) => Completed,
            (from, action) => {
                return Err(format!(
                    "an order that is {} cannot be {}",
                    from.as_str(),
                    action.verb()
                ))
            }
        };
        Ok(next)
    }

    /// Whether the shopper may still cancel by themselves.
    pub fn cancellable_by_customer(self) -> bool {
        matches!(
            self,
            OrderStatus::PendingPayment | OrderStatus::PendingConfirmation | OrderStatus::Paid
        )
    }

    /// Whether the order still holds reserved stock that a cancellation returns.
    pub fn holds_stock(self) -> bool {
        !matches!(self, OrderStatus::Cancelled | OrderStatus::Refunded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    #[tokio::test]
    async fn an_unknown_status_read_from_the_database_is_an_error() {
        let db = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let known: OrderStatus = sqlx::query_scalar("SELECT 'PAID'")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(known, Paid);
        let unknown = sqlx::query_scalar::<_, OrderStatus>("SELECT 'ON_THE_MOON'")
            .fetch_one(&db)
            .await;
        assert!(
            matches!(&unknown, Err(sqlx::Error::ColumnDecode { source, .. }) if source.to_string().contains("ON_THE_MOON")),
            "{unknown:?}"
        );
    }

    #[test]
    fn the_cod_path() {
        let s = PendingConfirmation.apply(Action::Confirm).unwrap();
        let s = s.apply(Action::Ship).unwrap();
        let s = s.apply(Action::Deliver).unwrap();
        assert_eq!(s.apply(Action::Complete).unwrap(), Completed);
    }

    #[test]
    fn invalid_transitions_say_why() {
        assert_eq!(
            Shipping.apply(Action::Cancel).unwrap_err(),
            "an order that is SHIPPING cannot be cancelled"
        );
        assert!(Cancelled.apply(Action::Cancel).is_err());
        assert!(PendingConfirmation.apply(Action::Expire).is_err());
        assert!(Refunded.apply(Action::Cancel).is_err());
    }

    #[test]
    fn a_paid_order_can_be_cancelled_and_refunded() {
        let cancelled = Paid.apply(Action::Cancel).unwrap();
        assert_eq!(cancelled, Cancelled);
        assert_eq!(cancelled.apply(Action::Refund).unwrap(), Refunded);
    }

    #[test]
    fn text_round_trips() {
        for s in [
            PendingPayment,
            PendingConfirmation,
            Paid,
            Confirmed,
            Shipping,
            Delivered,
            Completed,
            Cancelled,
            Refunded,
        ] {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(PaymentMethod::parse("COD"), Some(PaymentMethod::Cod));
    }
}
