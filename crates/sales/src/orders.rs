//! Orders: reading them, and moving them through the state machine.

use cho_platform::auth::UserId;
use std::collections::HashMap;

use cho_catalog::inventory::{self, VariantId};
use cho_identity::ShippingAddress;
use cho_platform::audit::{self, Entry};
use cho_platform::db::{Arg, Args, Conn, Db, Tx};
use cho_platform::error::ErrorKind;
use cho_platform::extract::ClientInfo;
use cho_platform::outbox::{self, NewEvent};
use cho_platform::pagination::{decode_cursor, page_from, Page};
use cho_platform::{jobs, now, ApiError, ApiResult, Vnd};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::SalesError;
use crate::events::{self, OrderTransitioned};
use crate::payment::{
    CashCollection, OrderId, PaymentStarter, CLOSE_PAYMENTS_JOB, REFUND_ORDER_JOB,
};
use crate::status::{Action, OrderStatus, PaymentMethod, PaymentStatus};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OrderRow {
    pub id: Uuid,
    pub order_code: String,
    pub user_id: UserId,
    pub status: OrderStatus,
    pub payment_method: PaymentMethod,
    pub payment_status: PaymentStatus,
    pub subtotal: i64,
    pub discount_amount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub shipping_address: Json<ShippingAddress>,
    pub note: Option<String>,
    pub tracking_code: Option<String>,
    pub payment_url: Option<String>,
    pub qr_payload: Option<String>,
    pub cancel_reason: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

const ORDER_COLUMNS: &str = "id, order_code, user_id, status, payment_method, payment_status, subtotal, discount_amount,
    shipping_fee, total, shipping_address, note, tracking_code, payment_url, qr_payload, cancel_reason, expires_at, created_at, paid_at, confirmed_at,
    shipped_at, delivered_at, cancelled_at";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    pub id: Uuid,
    pub product_id: Uuid,
    pub variant_id: Uuid,
    pub product_name: String,
    pub variant_name: String,
    pub sku: String,
    pub unit_price: i64,
    pub quantity: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInfo {
    pub method: PaymentMethod,
    /// Where to send the shopper to pay (online gateways).
    pub payment_url: Option<String>,
    /// What to render as a QR code (VietQR).
    pub qr_payload: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: Uuid,
    pub order_code: String,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub subtotal: i64,
    pub discount_amount: i64,
    pub shipping_fee: i64,
    pub total: i64,
    pub payment: PaymentInfo,
    pub shipping_address: ShippingAddress,
    pub note: Option<String>,
    pub tracking_code: Option<String>,
    pub cancel_reason: Option<String>,
    pub items: Vec<OrderItem>,
    /// When an unpaid online order releases its stock.
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl OrderRow {
    fn into_view(self, items: Vec<OrderItem>) -> OrderView {
        OrderView {
            id: self.id,
            status: self.status,
            payment_status: self.payment_status,
            payment: PaymentInfo {
                method: self.payment_method,
                payment_url: self.payment_url,
                qr_payload: self.qr_payload,
            },
            order_code: self.order_code,
            subtotal: self.subtotal,
            discount_amount: self.discount_amount,
            shipping_fee: self.shipping_fee,
            total: self.total,
            shipping_address: self.shipping_address.0,
            note: self.note,
            tracking_code: self.tracking_code,
            cancel_reason: self.cancel_reason,
            items,
            expires_at: self.expires_at,
            created_at: self.created_at,
            paid_at: self.paid_at,
            confirmed_at: self.confirmed_at,
            shipped_at: self.shipped_at,
            delivered_at: self.delivered_at,
            cancelled_at: self.cancelled_at,
        }
    }
}

const ITEMS_SQL: &str = "SELECT id, product_id, variant_id, product_name, variant_name, sku, unit_price, quantity, total
                         FROM order_items WHERE order_id = $1 ORDER BY variant_id";

/// An order with its items; `owner` limits the lookup to one user's orders
/// (another user's order is "not found", not "forbidden": its existence is not disclosed).
/// An order with its lines; with `owner`, another user's order is a 404.
pub async fn get(
    conn: impl Into<Conn<'_>>,
    id: Uuid,
    owner: Option<UserId>,
) -> ApiResult<OrderView> {
    let mut conn = conn.into();
    let row = load(conn.reborrow(), id).await?;
    if owner.is_some_and(|owner| row.user_id != owner) {
        return Err(ApiError::not_found("order"));
    }
    let items: Vec<OrderItem> = conn.query(ITEMS_SQL).bind(id).fetch_all().await?;
    Ok(row.into_view(items))
}

/// An order by the code printed on it; with `owner`, another user's order is a 404.
pub async fn get_by_code(db: &Db, code: &str, owner: Option<UserId>) -> ApiResult<OrderView> {
    let id: Option<Uuid> = db
        .query("SELECT id FROM orders WHERE order_code = $1")
        .bind(code)
        .scalar_optional()
        .await?;
    get(db, id.ok_or_else(|| ApiError::not_found("order"))?, owner).await
}

/// What the back office's dashboard counts: when each order since `from` was placed,
/// when it was paid, and its total.
pub async fn placed_since(
    db: &Db,
    from: DateTime<Utc>,
) -> ApiResult<Vec<(DateTime<Utc>, Option<DateTime<Utc>>, i64)>> {
    Ok(db
        .query(
            "SELECT created_at, paid_at, total FROM orders WHERE created_at >= $1 OR paid_at >= $1",
        )
        .bind(from)
        .fetch_all()
        .await?)
}

/// Which orders a list holds; empty fields match every order.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// One user's orders.
    pub owner: Option<UserId>,
    pub status: Option<OrderStatus>,
    pub method: Option<PaymentMethod>,
    /// Placed at or after.
    pub placed_from: Option<DateTime<Utc>>,
    /// Placed before.
    pub placed_before: Option<DateTime<Utc>>,
}

/// The smallest UUIDv7 made at `at`: every id made from then on sorts at or after it.
fn first_id_at(at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &[0; 10]).into_uuid()
}

/// A page of orders, newest first: one user's, or everyone's with an optional status filter.
pub async fn list(
    db: &Db,
    filter: &OrderFilter,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> ApiResult<Page<OrderView>> {
    let limit = cho_platform::pagination::limit(limit)?;
    let mut args = Args::default();
    let mut conditions = Vec::new();
    if let Some(owner) = filter.owner {
        conditions.push(format!("user_id = {}", args.push(Arg::Uuid(owner.0))));
    }
    if let Some(status) = filter.status {
        conditions.push(format!(
            "status = {}",
            args.push(Arg::Text(status.as_str().into()))
        ));
    }
    if let Some(method) = filter.method {
        conditions.push(format!(
            "payment_method = {}",
            args.push(Arg::Text(method.as_str().into()))
        ));
    }
    // Order ids are UUIDv7, ordered by when they were made: a time range is an id range.
    if let Some(from) = filter.placed_from {
        conditions.push(format!("id >= {}", args.push(Arg::Uuid(first_id_at(from)))));
    }
    if let Some(until) = filter.placed_before {
        conditions.push(format!("id < {}", args.push(Arg::Uuid(first_id_at(until)))));
    }
    if let Some(cursor) = cursor {
        let last: Uuid = decode_cursor(cursor)?;
        conditions.push(format!("id < {}", args.push(Arg::Uuid(last))));
    }
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {ORDER_COLUMNS} FROM orders {filter} ORDER BY id DESC LIMIT {}",
        args.push(Arg::I64(limit + 1))
    );
    let rows: Vec<OrderRow> = db
        .query(&sql)
        .bind_args(&args)
        .fetch_all::<OrderRow>()
        .await?;
    let page = page_from(rows, limit, |r| r.id, |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        let lines: Vec<OrderItem> = db.query(ITEMS_SQL).bind(row.id).fetch_all().await?;
        items.push(row.into_view(lines));
    }
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The customer cancels one of their orders (the state machine decides whether they may).
pub async fn cancel_by_customer(
    db: &Db,
    id: Uuid,
    owner: UserId,
    reason: Option<String>,
) -> ApiResult<OrderView> {
    let mut tx = db.begin().await?;
    let input = TransitionInput {
        tracking_code: None,
        reason: reason.or_else(|| Some("cancelled by the customer".into())),
    };
    transition(&mut tx, id, Some(owner), Action::Cancel, input).await?;
    tx.commit().await?;
    get(db, id, Some(owner)).await
}

/// A staff member moves an order by `action`, in one transaction with its audit record.
/// Delivering a COD order records the cash collected through `payments`.
pub async fn staff_transition(
    db: &Db,
    staff: UserId,
    client: &ClientInfo,
    id: Uuid,
    action: Action,
    input: TransitionInput,
    payments: &dyn PaymentStarter,
) -> ApiResult<OrderView> {
    let mut tx = db.begin().await?;
    let details = json!({ "trackingCode": input.tracking_code, "reason": input.reason });
    let before = transition(&mut tx, id, None, action, input).await?;
    let after = get(&mut tx, id, None).await?;
    if action == Action::Deliver && before.payment_method == PaymentMethod::Cod {
        let collection = CashCollection {
            order_id: OrderId(id),
            order_code: before.order_code.clone(),
            amount: Vnd(before.total),
            confirmed_by: staff,
            collected_at: after.paid_at.unwrap_or_else(now),
        };
        payments.cash_collected(&mut tx, &collection).await?;
    }
    let entry = Entry {
        actor_id: Some(staff),
        action: match action {
            Action::Confirm => "order.confirm",
            Action::Ship => "order.ship",
            Action::Deliver => "order.deliver",
            Action::Complete => "order.complete",
            _ => "order.cancel",
        },
        entity_type: "order",
        entity_id: id.to_string(),
        old_values: Some(
            json!({ "status": before.status, "paymentStatus": before.payment_status }),
        ),
        new_values: Some(
            json!({ "status": after.status, "paymentStatus": after.payment_status, "details": details }),
        ),
    };
    audit::record(&mut tx, entry, client).await?;
    tx.commit().await?;
    Ok(after)
}

/// [`get`] inside a transaction, for responses that must be stored with the change.
pub(crate) async fn load(conn: impl Into<Conn<'_>>, id: Uuid) -> ApiResult<OrderRow> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
    let row: Option<OrderRow> = conn.into().query(&sql).bind(id).fetch_optional().await?;
    row.ok_or_else(|| ApiError::not_found("order"))
}

/// Details a transition may record.
#[derive(Debug, Default)]
pub struct TransitionInput {
    pub tracking_code: Option<String>,
    pub reason: Option<String>,
}

/// Moves an order by `action` inside `tx`: checks the state machine, applies
/// the change only if nobody moved the order meanwhile, releases stock on
/// cancellation and writes the matching `order.*` event to the outbox.
/// Returns the order as it was before.
pub(crate) async fn transition(
    tx: &mut Tx,
    id: Uuid,
    owner: Option<UserId>,
    action: Action,
    input: TransitionInput,
) -> ApiResult<OrderRow> {
    let order = load(&mut *tx, id).await?;
    apply_transition(tx, order, owner, action, input).await
}

/// [`transition`] for an order the caller has just loaded in `tx`.
pub(crate) async fn apply_transition(
    tx: &mut Tx,
    order: OrderRow,
    owner: Option<UserId>,
    action: Action,
    input: TransitionInput,
) -> ApiResult<OrderRow> {
    let id = order.id;
    if owner.is_some_and(|owner| owner != order.user_id) {
        return Err(ApiError::not_found("order"));
    }
    let from = order.status;
    if owner.is_some() && action == Action::Cancel && !from.cancellable_by_customer() {
        return Err(SalesError::NotCancellableByCustomer {
            status: from.as_str(),
        }
        .into());
    }
    let to = from.apply(action).map_err(SalesError::InvalidTransition)?;
    let now = now();
    // Delivering a cash-on-delivery order is when its money is collected.
    let payment_status = match (action, order.payment_method) {
        (Action::Pay, _) | (Action::Deliver, PaymentMethod::Cod) => PaymentStatus::Paid,
        (Action::Refund, _) => PaymentStatus::Refunded,
        _ => order.payment_status,
    };
    // Each milestone keeps its own timestamp; other moves only touch updated_at.
    let milestone = match to {
        OrderStatus::Paid => ", paid_at = $3",
        OrderStatus::Confirmed => ", confirmed_at = $3",
        OrderStatus::Shipping => ", shipped_at = $3",
        // Cash on delivery is paid when it is delivered.
        OrderStatus::Delivered if order.payment_method == PaymentMethod::Cod => {
            ", delivered_at = $3, paid_at = COALESCE(paid_at, $3)"
        }
        OrderStatus::Delivered => ", delivered_at = $3",
        OrderStatus::Cancelled => ", cancelled_at = $3",
        _ => "",
    };
    let sql = format!(
        "UPDATE orders
         SET status = $1, payment_status = $2, updated_at = $3{milestone},
         tracking_code = COALESCE($4, tracking_code), cancel_reason = COALESCE($5, cancel_reason)
         WHERE id = $6 AND status = $7"
    );
    let updated = tx
        .query(&sql)
        .bind(to.as_str())
        .bind(payment_status.as_str())
        .bind(now)
        .bind(&input.tracking_code)
        .bind(&input.reason)
        .bind(id)
        .bind(from.as_str())
        .execute()
        .await?;
    if updated == 0 {
        return Err(SalesError::OrderChanged.into());
    }
    if to == OrderStatus::Cancelled && from.holds_stock() {
        release_stock(tx, id).await?;
    }
    // Cancelling a paid order gives back what was not refunded yet: the payments
    // module refunds it from a job written in this same transaction.
    let paid = matches!(
        order.payment_status,
        PaymentStatus::Paid | PaymentStatus::PartiallyRefunded
    );
    if to == OrderStatus::Cancelled && paid {
        let reason = input.reason.as_deref().unwrap_or("order cancelled");
        let payload = json!({ "orderId": id, "reason": reason });
        jobs::enqueue(tx, REFUND_ORDER_JOB, &payload, now, None).await?;
    }
    // An order no longer waiting for payment closes its open payment attempts.
    if to == OrderStatus::Cancelled && from == OrderStatus::PendingPayment {
        let payload = json!({ "orderId": id });
        jobs::enqueue(tx, CLOSE_PAYMENTS_JOB, &payload, now, None).await?;
    }
    publish_transition(
        tx,
        id,
        &order.order_code,
        order.total,
        (from, to),
        payment_status.as_str(),
        &input,
    )
    .await?;
    Ok(order)
}

/// Marks orders awaiting payment `PAID` — the hot path of every payment
/// callback — with their `order.paid` events: on PostgreSQL one statement for
/// all of them. One answer per id, in order: `Err` names the state of an order
/// that could no longer be paid (an id given twice is paid once).
pub(crate) async fn pay_all_in(
    tx: &mut Tx,
    ids: &[Uuid],
) -> ApiResult<Vec<Result<(), OrderStatus>>> {
    let (from, to) = (OrderStatus::PendingPayment, OrderStatus::Paid);
    debug_assert_eq!(from.apply(Action::Pay), Ok(to));
    let paid_status = PaymentStatus::Paid.as_str();
    let pay = |ids: &str| {
        format!(
            "UPDATE orders
             SET status = $1, payment_status = $2, paid_at = $3, updated_at = $3
             WHERE id {ids} AND status = $4
             RETURNING id, order_code, total"
        )
    };
    let now = now();
    let mut paid: HashMap<Uuid, (String, i64)> = match tx {
        Tx::Postgres(c) => sqlx::query_as(&pay("= ANY($5)"))
            .bind(to.as_str())
            .bind(paid_status)
            .bind(now)
            .bind(from.as_str())
            .bind(ids)
            .fetch_all(&mut **c)
            .await?
            .into_iter()
            .map(|(id, code, total)| (id, (code, total)))
            .collect(),
        // A statement is a call into the library, not a round trip: one per order.
        Tx::Sqlite(c) => {
            let mut paid = HashMap::new();
            for &id in ids {
                let row: Option<(Uuid, String, i64)> = sqlx::query_as(&pay("= $5"))
                    .bind(to.as_str())
                    .bind(paid_status)
                    .bind(now)
                    .bind(from.as_str())
                    .bind(id)
                    .fetch_optional(&mut **c)
                    .await?;
                paid.extend(row.map(|(id, code, total)| (id, (code, total))));
            }
            paid
        }
    };
    let input = TransitionInput::default();
    let mut events = Vec::with_capacity(paid.len());
    let mut answers = Vec::with_capacity(ids.len());
    for &id in ids {
        answers.push(match paid.remove(&id) {
            Some((order_code, total)) => {
                events.push(transition_event(
                    id,
                    &order_code,
                    total,
                    (from, to),
                    paid_status,
                    &input,
                )?);
                Ok(())
            }
            None => Err(load(&mut *tx, id).await?.status),
        });
    }
    outbox::publish_all(tx, &events).await?;
    Ok(answers)
}

/// The `order.*` event of a transition, and its metric.
async fn publish_transition(
    tx: &mut Tx,
    id: Uuid,
    order_code: &str,
    total: i64,
    transition: (OrderStatus, OrderStatus),
    payment_status: &str,
    input: &TransitionInput,
) -> ApiResult<()> {
    let event = transition_event(id, order_code, total, transition, payment_status, input)?;
    outbox::publish_all(tx, &[event]).await?;
    Ok(())
}

/// The event recording a transition (counted in the transitions metric).
fn transition_event(
    id: Uuid,
    order_code: &str,
    total: i64,
    (from, to): (OrderStatus, OrderStatus),
    payment_status: &str,
    input: &TransitionInput,
) -> Result<NewEvent, sqlx::Error> {
    metrics::counter!("cho_order_transitions_total", "to" => to.as_str()).increment(1);
    let payload = OrderTransitioned {
        order_id: id,
        order_code: order_code.to_owned(),
        from: from.as_str(),
        status: to.as_str(),
        payment_status: payment_status.to_owned(),
        total,
        tracking_code: input.tracking_code.clone(),
        reason: input.reason.clone(),
    };
    events::transition_type(to).event(id, &payload)
}

async fn release_stock(tx: &mut Tx, order_id: Uuid) -> Result<(), sqlx::Error> {
    let lines: Vec<(VariantId, i64)> = tx
        .query("SELECT variant_id, quantity FROM order_items WHERE order_id = $1")
        .bind(order_id)
        .fetch_all()
        .await?;
    inventory::release_all(tx, &lines).await
}

/// The `order.expire` job: cancels an online order still unpaid at its deadline.
pub async fn expire(db: &Db, id: Uuid) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    let order = match load(&mut tx, id).await {
        Ok(order) => order,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(anyhow::anyhow!(e)),
    };
    if order.status != OrderStatus::PendingPayment {
        return Ok(()); // paid or cancelled in time: nothing to do
    }
    let input = TransitionInput {
        tracking_code: None,
        reason: Some("payment not received in time".into()),
    };
    match transition(&mut tx, id, None, Action::Expire, input).await {
        Ok(_) => {
            tx.commit().await?;
            metrics::counter!("cho_orders_expired_total").increment(1);
            tracing::info!(order_id = %id, order_code = %order.order_code, "unpaid order expired; stock released");
            Ok(())
        }
        // Someone else moved it first; the job has nothing left to do.
        Err(e)
            if [SalesError::ORDER_CHANGED, SalesError::INVALID_TRANSITION].contains(&e.code()) =>
        {
            Ok(())
        }
        Err(e) => Err(anyhow::anyhow!(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::first_id_at;

    #[test]
    fn ids_made_after_a_moment_sort_after_its_first_id() {
        let before = chrono::Utc::now();
        let id = cho_platform::new_id();
        assert!(first_id_at(before) <= id);
        assert!(first_id_at(before + chrono::Duration::seconds(1)) > id);
    }
}
