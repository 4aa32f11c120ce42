//! The server-side cart: one per user, lines validated against live stock.

use cho_platform::auth::UserId;
use std::collections::HashMap;

use cho_catalog::inventory::{self, VariantId, VariantSnapshot};
use cho_platform::db::{Conn, Db, Tx};
use cho_platform::{new_id, now, ApiError, ApiResult};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::SalesError;
use crate::pricing::MAX_LINE_QUANTITY;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CartItem {
    pub id: Uuid,
    pub variant_id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub product_slug: String,
    pub variant_name: String,
    pub sku: String,
    pub quantity: i64,
    /// What one unit costs now (the sale price when on sale), VND.
    pub unit_price: i64,
    pub total: i64,
    /// Units left in stock.
    pub stock_quantity: i64,
    /// False when the product was withdrawn or sold out below this quantity.
    pub available: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CartView {
    pub items: Vec<CartItem>,
    pub subtotal: i64,
    pub discount_amount: i64,
    pub total: i64,
    pub coupon_code: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CartLine {
    pub id: Uuid,
    pub variant_id: VariantId,
    pub quantity: i64,
}

pub(crate) fn validate_quantity(quantity: i64) -> ApiResult<()> {
    if !(1..=MAX_LINE_QUANTITY).contains(&quantity) {
        return Err(ApiError::bad_request(format!(
            "quantity must be between 1 and {MAX_LINE_QUANTITY}, got {quantity}"
        )));
    }
    Ok(())
}

const LINES_SQL: &str =
    "SELECT i.id, i.variant_id, i.quantity FROM cart_items i JOIN carts c ON c.id = i.cart_id
                          WHERE c.user_id = $1 ORDER BY i.created_at, i.id";

pub(crate) async fn lines(
    conn: impl Into<Conn<'_>>,
    user_id: UserId,
) -> Result<Vec<CartLine>, sqlx::Error> {
    conn.into().query(LINES_SQL).bind(user_id).fetch_all().await
}

/// The caller's cart priced at today's prices.
pub async fn view(db: &Db, user_id: UserId) -> ApiResult<CartView> {
    let lines = lines(db, user_id).await?;
    let ids: Vec<VariantId> = lines.iter().map(|l| l.variant_id).collect();
    let variants = inventory::snapshots(db, &ids).await?;
    Ok(render(lines, &variants))
}

fn render(lines: Vec<CartLine>, variants: &HashMap<VariantId, VariantSnapshot>) -> CartView {
    let items: Vec<CartItem> = lines
        .into_iter()
        .filter_map(|line| {
            let v = variants.get(&line.variant_id)?;
            let unit_price = v.unit_price();
            Some(CartItem {
                id: line.id,
                variant_id: line.variant_id.0,
                product_id: v.product_id,
                product_name: v.product_name.clone(),
                product_slug: v.product_slug.clone(),
                variant_name: v.variant_name.clone(),
                sku: v.sku.clone(),
                quantity: line.quantity,
                unit_price,
                total: unit_price.saturating_mul(line.quantity),
                stock_quantity: v.stock_quantity,
                available: v.available && v.stock_quantity >= line.quantity,
            })
        })
        .collect();
    let subtotal = items
        .iter()
        .fold(0i64, |sum, item| sum.saturating_add(item.total));
    CartView {
        items,
        subtotal,
        discount_amount: 0,
        total: subtotal,
        coupon_code: None,
    }
}

async fn cart_id(tx: &mut Tx, user_id: UserId) -> Result<Uuid, sqlx::Error> {
    let now = now();
    tx.query(
        "INSERT INTO carts (id, user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(new_id())
    .bind(user_id)
    .bind(now)
    .execute()
    .await?;
    tx.query("SELECT id FROM carts WHERE user_id = $1")
        .bind(user_id)
        .scalar()
        .await
}

async fn available_variant(tx: &mut Tx, variant_id: VariantId, wanted: i64) -> ApiResult<()> {
    let snapshot = inventory::snapshots(&mut *tx, &[variant_id])
        .await?
        .remove(&variant_id);
    let variant = snapshot
        .filter(|v| v.available)
        .ok_or_else(|| ApiError::not_found("product variant"))?;
    if variant.stock_quantity < wanted {
        return Err(SalesError::StockLimited {
            available: variant.stock_quantity,
            sku: variant.sku.clone(),
        }
        .into());
    }
    Ok(())
}

/// Adds `quantity` of a variant (on top of what the cart already holds).
pub async fn add_item(
    db: &Db,
    user_id: UserId,
    variant_id: VariantId,
    quantity: i64,
) -> ApiResult<()> {
    validate_quantity(quantity)?;
    let mut tx = db.begin().await?;
    let cart_id = cart_id(&mut tx, user_id).await?;
    let current: Option<i64> = tx
        .query("SELECT quantity FROM cart_items WHERE cart_id = $1 AND variant_id = $2")
        .bind(cart_id)
        .bind(variant_id)
        .scalar_optional()
        .await?;
    let wanted = current.unwrap_or(0) + quantity;
    validate_quantity(wanted)?;
    available_variant(&mut tx, variant_id, wanted).await?;
    tx.query(
        "INSERT INTO cart_items (id, cart_id, variant_id, quantity, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(new_id())
    .bind(cart_id)
    .bind(variant_id)
    .bind(wanted)
    .bind(now())
    .execute()
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the quantity of one of the caller's cart lines.
pub async fn set_quantity(db: &Db, user_id: UserId, item_id: Uuid, quantity: i64) -> ApiResult<()> {
    validate_quantity(quantity)?;
    let mut tx = db.begin().await?;
    let line = owned_line(&mut tx, user_id, item_id).await?;
    available_variant(&mut tx, line.variant_id, quantity).await?;
    tx.query("UPDATE cart_items SET quantity = $1 WHERE id = $2")
        .bind(quantity)
        .bind(item_id)
        .execute()
        .await?;
    touch(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_item(db: &Db, user_id: UserId, item_id: Uuid) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    owned_line(&mut tx, user_id, item_id).await?;
    tx.query("DELETE FROM cart_items WHERE id = $1")
        .bind(item_id)
        .execute()
        .await?;
    touch(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}

async fn owned_line(tx: &mut Tx, user_id: UserId, item_id: Uuid) -> ApiResult<CartLine> {
    let line: Option<CartLine> = tx
        .query(
            "SELECT i.id, i.variant_id, i.quantity
             FROM cart_items i
             JOIN carts c ON c.id = i.cart_id
             WHERE i.id = $1 AND c.user_id = $2",
        )
        .bind(item_id)
        .bind(user_id)
        .fetch_optional()
        .await?;
    line.ok_or_else(|| ApiError::not_found("cart item"))
}

async fn touch(tx: &mut Tx, user_id: UserId) -> Result<(), sqlx::Error> {
    tx.query("UPDATE carts SET updated_at = $1 WHERE user_id = $2")
        .bind(now())
        .bind(user_id)
        .execute()
        .await?;
    Ok(())
}

/// Empties the caller's cart (after checkout).
pub(crate) async fn clear(tx: &mut Tx, user_id: UserId) -> Result<(), sqlx::Error> {
    tx.query("DELETE FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE user_id = $1)")
        .bind(user_id)
        .execute()
        .await?;
    Ok(())
}

/// Deletes carts untouched for `days`; returns how many.
pub async fn delete_abandoned(db: &Db, days: i64) -> Result<u64, sqlx::Error> {
    let cutoff = now() - chrono::Duration::days(days);
    let mut tx = db.begin().await?;
    let deleted = tx
        .query("DELETE FROM carts WHERE updated_at < $1")
        .bind(cutoff)
        .execute()
        .await?;
    tx.commit().await?;
    Ok(deleted)
}
