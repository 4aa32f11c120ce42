//! `POST /v1/orders`: the caller's cart becomes an order in one transaction.
//!
//! Order of work inside the transaction: claim the idempotency key → read the
//! cart → snapshot and price its lines → insert the order and its lines →
//! outbox event and, for online payment, the expiry job → clear the cart →
//! store the response under the idempotency key → reserve stock (variants in
//! id order, then their products in id order: see `inventory::reserve_all`) → commit. Any failure rolls all of
//! it back: nothing reserved, the cart kept, no key consumed.

use axum::http::StatusCode;
use cho_catalog::inventory::{self, VariantId};
use cho_identity::ShippingAddressInput;
use cho_platform::auth::UserId;
use cho_platform::db::Db;
use cho_platform::idempotency::{self, Claim};
use cho_platform::{jobs, new_id, now, outbox, ApiError, ApiResult, Vnd};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::types::Json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::cart;
use crate::error::SalesError;
use crate::events::{OrderCreated, ORDER_CREATED};
use crate::orders::{self, OrderView};
use crate::payment::{OrderId, OrderToPay, PaymentStarter};
use crate::pricing::{self, Line, PricingError};
use crate::status::{OrderStatus, PaymentMethod, PaymentStatus};

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlaceOrder {
    /// Where to ship, as typed; or give `addressId` instead.
    pub shipping_address: Option<ShippingAddressInput>,
    /// One of the shopper's saved addresses, instead of `shippingAddress`.
    pub address_id: Option<Uuid>,
    pub payment_method: PaymentMethod,
    pub note: Option<String>,
}

pub struct Placed {
    pub status: StatusCode,
    pub body: Value,
}

pub const ORDER_EXPIRE_JOB: &str = "order.expire";

/// Places an order from `user_id`'s cart. With an idempotency key, a repeat of
/// the same request returns the first response instead of a second order.
/// Who is checking out, and with what.
pub struct Checkout<'a> {
    pub user_id: UserId,
    pub idempotency_key: Option<&'a str>,
    pub payment_timeout: chrono::Duration,
    pub client_ip: Option<String>,
    pub payments: &'a dyn PaymentStarter,
}

pub async fn place_order(
    db: &Db,
    checkout: Checkout<'_>,
    request: PlaceOrder,
) -> ApiResult<Placed> {
    let Checkout {
        user_id,
        idempotency_key,
        payment_timeout,
        client_ip,
        payments,
    } = checkout;
    let address = match (&request.shipping_address, request.address_id) {
        (Some(typed), None) => typed.validate()?,
        (None, Some(saved)) => cho_identity::saved_address(db, user_id, saved).await?,
        _ => {
            return Err(ApiError::bad_request(
                "give exactly one of shippingAddress or addressId",
            ))
        }
    };
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(ApiError::bad_request("note must be at most 500 characters"));
    }

    let mut tx = db.begin().await?;
    let scope = format!("orders:{user_id}");
    if let Some(key) = idempotency_key {
        if let Claim::Replay(status, body) =
            idempotency::claim(&mut tx, &scope, key, &idempotency::fingerprint(&request)).await?
        {
            return Ok(Placed { status, body });
        }
    }

    let mut lines = cart::lines(&mut tx, user_id).await?;
    if lines.is_empty() {
        return Err(SalesError::CartEmpty.into());
    }
    lines.sort_by_key(|l| l.variant_id);
    let ids: Vec<VariantId> = lines.iter().map(|l| l.variant_id).collect();
    let variants = inventory::snapshots(&mut tx, &ids).await?;
    let mut priced = Vec::with_capacity(lines.len());
    for line in &lines {
        let variant = variants
            .get(&line.variant_id)
            .filter(|v| v.available)
            .ok_or(SalesError::ProductUnavailable)?;
        priced.push((
            line,
            variant,
            Line {
                unit_price: variant.unit_price(),
                quantity: line.quantity,
            },
        ));
    }
    let price_lines: Vec<Line> = priced.iter().map(|(_, _, l)| *l).collect();
    let totals = pricing::price(&price_lines, 0, address.province_code).map_err(|e| match e {
        PricingError::Overflow => SalesError::TotalTooLarge,
        PricingError::InvalidLine => SalesError::ProductUnpriced,
    })?;

    let id = new_id();
    let now = now();
    let (status, expires_at) = match request.payment_method {
        PaymentMethod::Cod => (OrderStatus::PendingConfirmation, None),
        _ => (OrderStatus::PendingPayment, Some(now + payment_timeout)),
    };
    // Order codes are short enough to read over the phone, so two orders of a
    // busy day can draw the same one: draw again rather than fail the checkout.
    let mut order_code = order_code();
    let mut draws = 1;
    while tx
        .query(
            "INSERT INTO orders (id, order_code, user_id, status, payment_method, payment_status,
             subtotal, discount_amount, shipping_fee, total, shipping_address, note, expires_at,
             created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
             ON CONFLICT (order_code) DO NOTHING",
        )
        .bind(id)
        .bind(&order_code)
        .bind(user_id)
        .bind(status.as_str())
        .bind(request.payment_method.as_str())
        .bind(PaymentStatus::Unpaid.as_str())
        .bind(totals.subtotal)
        .bind(totals.discount_amount)
        .bind(totals.shipping_fee)
        .bind(totals.total)
        .bind(Json(&address))
        .bind(&note)
        .bind(expires_at)
        .bind(now)
        .execute()
        .await?
        == 0
    {
        if draws == 5 {
            return Err(anyhow::anyhow!("no free order code after {draws} draws").into());
        }
        order_code = self::order_code();
        draws += 1;
    }
    for (line, variant, price_line) in &priced {
        tx.query(
            "INSERT INTO order_items (id, order_id, product_id, variant_id, product_name,
             variant_name, sku, unit_price, quantity, total)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(new_id())
        .bind(id)
        .bind(variant.product_id)
        .bind(line.variant_id)
        .bind(&variant.product_name)
        .bind(&variant.variant_name)
        .bind(&variant.sku)
        .bind(price_line.unit_price)
        .bind(price_line.quantity)
        .bind(price_line.unit_price * price_line.quantity)
        .execute()
        .await?;
    }

    let event = OrderCreated {
        order_id: id,
        order_code: order_code.clone(),
        user_id: user_id.0,
        status: status.as_str(),
        payment_method: request.payment_method.as_str(),
        total: totals.total,
    };
    outbox::publish(&mut tx, &ORDER_CREATED, id, &event).await?;
    if let Some(expires_at) = expires_at {
        jobs::enqueue(
            &mut tx,
            ORDER_EXPIRE_JOB,
            &json!({ "orderId": id }),
            expires_at,
            None,
        )
        .await?;
    }
    cart::clear(&mut tx, user_id).await?;

    let mut open_after_commit = None;
    if request.payment_method != PaymentMethod::Cod {
        let to_pay = OrderToPay {
            order_id: OrderId(id),
            order_code: order_code.clone(),
            method: request.payment_method,
            amount: Vnd(totals.total),
            expires_at,
            client_ip,
        };
        let started = payments.start(&mut tx, &to_pay).await?;
        open_after_commit = started.open_after_commit.then_some(to_pay);
        tx.query("UPDATE orders SET payment_url = $1, qr_payload = $2 WHERE id = $3")
            .bind(&started.payment_url)
            .bind(&started.qr_payload)
            .bind(id)
            .execute()
            .await?;
    }
    let view: OrderView = orders::get(&mut tx, id, None).await?;
    let mut body = serde_json::to_value(&view).map_err(anyhow::Error::from)?;
    if let Some(key) = idempotency_key {
        idempotency::complete(&mut tx, &scope, key, StatusCode::CREATED, &body).await?;
    }
    // Stock is reserved last: the variant rows stay locked from here to the
    // commit, and a hot SKU's checkouts queue on that lock, so it is held for
    // as few statements as possible. Failing here still rolls everything back.
    let wanted: Vec<(VariantId, i64)> = lines.iter().map(|l| (l.variant_id, l.quantity)).collect();
    if let Err(short) = inventory::reserve_all(&mut tx, &wanted).await? {
        let variant = &variants[&short];
        return Err(SalesError::InsufficientStock {
            product: variant.product_name.clone(),
            sku: variant.sku.clone(),
        }
        .into());
    }
    tx.commit().await?;
    metrics::counter!("cho_orders_placed_total", "payment_method" => request.payment_method.as_str()).increment(1);
    if let Some(to_pay) = open_after_commit {
        match payments.open(&to_pay).await {
            Ok(opened) => {
                body["payment"]["paymentUrl"] = json!(opened.payment_url);
                body["payment"]["qrPayload"] = json!(opened.qr_payload);
                if let Some(key) = idempotency_key {
                    let mut tx = db.begin().await?;
                    idempotency::complete(&mut tx, &scope, key, StatusCode::CREATED, &body).await?;
                    tx.commit().await?;
                }
            }
            // The order stands, waiting for payment; the shopper can retry it.
            Err(err) => {
                tracing::warn!(order_id = %id, error = %err, "the payment could not be opened at the gateway")
            }
        }
    }
    Ok(Placed {
        status: StatusCode::CREATED,
        body,
    })
}

/// A short code shoppers can read over the phone: `CHO` + date + 6 characters
/// from an alphabet without look-alikes (0/O, 1/I/L).
fn order_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let suffix: String = (0..6)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("CHO{}{}", chrono::Utc::now().format("%y%m%d"), suffix)
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_codes_are_readable() {
        let code = super::order_code();
        assert_eq!(code.len(), 15);
        assert!(code.starts_with("CHO"));
        assert!(!code[9..].contains(['0', 'O', '1', 'I', 'L']));
    }
}
