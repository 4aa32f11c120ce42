//! The events sales writes to the outbox, and their payloads' shapes.

use cho_platform::outbox::{EventSchema, EventType};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::status::OrderStatus;

/// A shopper placed an order.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderCreated {
    pub order_id: Uuid,
    pub order_code: String,
    pub user_id: Uuid,
    /// `PENDING_PAYMENT` for online payment, `PENDING` for cash on delivery.
    pub status: &'static str,
    pub payment_method: &'static str,
    /// In VND.
    pub total: i64,
}

/// An order moved from one status to another.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderTransitioned {
    pub order_id: Uuid,
    pub order_code: String,
    pub from: &'static str,
    pub status: &'static str,
    pub payment_status: String,
    /// In VND.
    pub total: i64,
    pub tracking_code: Option<String>,
    pub reason: Option<String>,
}

pub const ORDER_CREATED: EventType<OrderCreated> = EventType::new("order.created", 1, "order");
pub const ORDER_PAID: EventType<OrderTransitioned> = EventType::new("order.paid", 1, "order");
pub const ORDER_CONFIRMED: EventType<OrderTransitioned> =
    EventType::new("order.confirmed", 1, "order");
pub const ORDER_SHIPPED: EventType<OrderTransitioned> = EventType::new("order.shipped", 1, "order");
pub const ORDER_DELIVERED: EventType<OrderTransitioned> =
    EventType::new("order.delivered", 1, "order");
pub const ORDER_COMPLETED: EventType<OrderTransitioned> =
    EventType::new("order.completed", 1, "order");
pub const ORDER_CANCELLED: EventType<OrderTransitioned> =
    EventType::new("order.cancelled", 1, "order");
pub const ORDER_REFUNDED: EventType<OrderTransitioned> =
    EventType::new("order.refunded", 1, "order");
/// Any other move (none today: every status a transition reaches has its own type).
pub const ORDER_UPDATED: EventType<OrderTransitioned> = EventType::new("order.updated", 1, "order");

const TRANSITIONS: [EventType<OrderTransitioned>; 8] = [
    ORDER_PAID,
    ORDER_CONFIRMED,
    ORDER_SHIPPED,
    ORDER_DELIVERED,
    ORDER_COMPLETED,
    ORDER_CANCELLED,
    ORDER_REFUNDED,
    ORDER_UPDATED,
];

/// The event type of a move to `to`.
pub fn transition_type(to: OrderStatus) -> EventType<OrderTransitioned> {
    match to {
        OrderStatus::Cancelled => ORDER_CANCELLED,
        OrderStatus::Confirmed => ORDER_CONFIRMED,
        OrderStatus::Shipping => ORDER_SHIPPED,
        OrderStatus::Delivered => ORDER_DELIVERED,
        OrderStatus::Completed => ORDER_COMPLETED,
        OrderStatus::Paid => ORDER_PAID,
        OrderStatus::Refunded => ORDER_REFUNDED,
        _ => ORDER_UPDATED,
    }
}

/// Every event type sales publishes, for the OpenAPI document.
pub fn schemas() -> Vec<EventSchema> {
    let mut schemas = vec![ORDER_CREATED.schema()];
    schemas.extend(TRANSITIONS.iter().map(EventType::schema));
    schemas
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    // The shape this payload had as a `json!` literal, before it had a type.
    #[test]
    fn transitions_keep_their_shape() {
        let id = Uuid::now_v7();
        let payload = OrderTransitioned {
            order_id: id,
            order_code: "CHO-1".into(),
            from: "PENDING",
            status: "CONFIRMED",
            payment_status: "UNPAID".into(),
            total: 5,
            tracking_code: None,
            reason: None,
        };
        let event = transition_type(OrderStatus::Confirmed)
            .event(id, &payload)
            .unwrap();
        assert_eq!(
            (event.event_type, event.event_version),
            ("order.confirmed", 1)
        );
        assert_eq!(
            event.payload,
            json!({
                "orderId": id, "orderCode": "CHO-1", "from": "PENDING", "status": "CONFIRMED",
                "paymentStatus": "UNPAID", "total": 5, "trackingCode": null, "reason": null,
            })
        );
    }
}
