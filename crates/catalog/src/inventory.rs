//! What other modules may ask of the catalog: variant snapshots for pricing,
//! and stock reservations inside the caller's transaction.
//!
//! Stock is reserved with a conditional decrement (`… WHERE stock_quantity >= n`),
//! which the database evaluates atomically per row, so concurrent checkouts
//! can never take stock below zero whatever their interleaving.

use std::collections::HashMap;

use cho_platform::db::{Arg, Args, Db, Tx};
use cho_platform::{bind_args, db_read, db_tx, now};
use uuid::Uuid;

/// A variant as checkout prices it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VariantSnapshot {
    pub variant_id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub product_slug: String,
    pub variant_name: String,
    pub sku: String,
    pub price: i64,
    pub sale_price: Option<i64>,
    pub stock_quantity: i64,
    /// The variant and its product are both on sale to the public.
    pub available: bool,
}

impl VariantSnapshot {
    /// What the shopper pays for one unit.
    pub fn unit_price(&self) -> i64 {
        self.sale_price
            .filter(|s| *s < self.price)
            .unwrap_or(self.price)
    }
}

fn snapshot_query(ids: &[Uuid]) -> (String, Args) {
    let mut args = Args::default();
    let placeholders: Vec<String> = ids.iter().map(|id| args.push(Arg::Uuid(*id))).collect();
    let sql = format!(
        "SELECT v.id AS variant_id, p.id AS product_id, p.name AS product_name, p.slug AS product_slug,
                v.name AS variant_name, v.sku, v.price, v.sale_price, v.stock_quantity,
                (v.is_active AND p.status = 'active') AS available
         FROM product_variants v JOIN products p ON p.id = v.product_id
         WHERE v.id IN ({})",
        placeholders.join(", ")
    );
    (sql, args)
}

fn by_id(rows: Vec<VariantSnapshot>) -> HashMap<Uuid, VariantSnapshot> {
    rows.into_iter().map(|r| (r.variant_id, r)).collect()
}

/// Snapshots of `ids` read outside any transaction (cart display).
pub async fn snapshots(
    db: &Db,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, VariantSnapshot>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (sql, args) = snapshot_query(ids);
    let rows = db_read!(db, |c| bind_args!(
        sqlx::query_as::<_, VariantSnapshot>(&sql),
        &args.0
    )
    .fetch_all(c)
    .await?);
    Ok(by_id(rows))
}

/// Snapshots of `ids` inside the caller's transaction (checkout).
pub async fn snapshots_in(
    tx: &mut Tx,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, VariantSnapshot>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (sql, args) = snapshot_query(ids);
    let rows = db_tx!(tx, |c| bind_args!(
        sqlx::query_as::<_, VariantSnapshot>(&sql),
        &args.0
    )
    .fetch_all(&mut *c)
    .await?);
    Ok(by_id(rows))
}

/// Takes `quantity` units of a variant; false (and nothing changed) when fewer are left.
/// Callers reserving several variants should do so in id order, so that two
/// transactions never wait on each other's rows in opposite orders.
pub async fn reserve(tx: &mut Tx, variant_id: Uuid, quantity: i64) -> Result<bool, sqlx::Error> {
    let remaining: Option<(i64, Uuid)> = db_tx!(tx, |c| sqlx::query_as(
        "UPDATE product_variants SET stock_quantity = stock_quantity - $1, updated_at = $2
         WHERE id = $3 AND stock_quantity >= $1 AND is_active = TRUE
         RETURNING stock_quantity, product_id"
    )
    .bind(quantity)
    .bind(now())
    .bind(variant_id)
    .fetch_optional(&mut *c)
    .await?);
    let Some((remaining, product_id)) = remaining else {
        metrics::counter!("cho_stock_outs_total").increment(1);
        return Ok(false);
    };
    db_tx!(tx, |c| sqlx::query(
        "UPDATE products SET sold_count = sold_count + $1 WHERE id = $2"
    )
    .bind(quantity)
    .bind(product_id)
    .execute(&mut *c)
    .await?
    .rows_affected());
    if remaining == 0 {
        refresh_in_stock(tx, product_id).await?;
    }
    Ok(true)
}

/// Returns `quantity` units of a variant to stock (a cancelled or expired order).
pub async fn release(tx: &mut Tx, variant_id: Uuid, quantity: i64) -> Result<(), sqlx::Error> {
    let product_id: Option<Uuid> = db_tx!(tx, |c| {
        sqlx::query_scalar(
        "UPDATE product_variants SET stock_quantity = stock_quantity + $1, updated_at = $2 WHERE id = $3 RETURNING product_id"
    )
    .bind(quantity)
    .bind(now())
    .bind(variant_id)
    .fetch_optional(&mut *c)
    .await?
    });
    if let Some(product_id) = product_id {
        db_tx!(tx, |c| {
            sqlx::query(
            "UPDATE products SET sold_count = CASE WHEN sold_count >= $1 THEN sold_count - $1 ELSE 0 END WHERE id = $2"
        )
        .bind(quantity)
        .bind(product_id)
        .execute(&mut *c)
        .await?
        .rows_affected()
        });
        refresh_in_stock(tx, product_id).await?;
    }
    Ok(())
}

async fn refresh_in_stock(tx: &mut Tx, product_id: Uuid) -> Result<(), sqlx::Error> {
    db_tx!(tx, |c| {
        sqlx::query(
        "UPDATE products SET in_stock = EXISTS (
             SELECT 1 FROM product_variants WHERE product_id = $1 AND is_active = TRUE AND stock_quantity > 0)
         WHERE id = $1"
    )
    .bind(product_id)
    .execute(&mut *c)
    .await?
    .rows_affected()
    });
    Ok(())
}

/// Recomputes a product's list price, sale price and stock flag from its variants.
pub async fn refresh_summary(tx: &mut Tx, product_id: Uuid) -> Result<(), sqlx::Error> {
    let variants: Vec<(i64, Option<i64>, i64)> = db_tx!(tx, |c| {
        sqlx::query_as(
        "SELECT price, sale_price, stock_quantity FROM product_variants WHERE product_id = $1 AND is_active = TRUE"
    )
    .bind(product_id)
    .fetch_all(&mut *c)
    .await?
    });
    let effective =
        |&(price, sale, _): &(i64, Option<i64>, i64)| sale.filter(|s| *s < price).unwrap_or(price);
    let cheapest = variants.iter().min_by_key(|v| effective(v));
    let (price, sale_price, effective_price) = match cheapest {
        Some(v) => (v.0, v.1.filter(|s| *s < v.0), effective(v)),
        None => (0, None, 0),
    };
    let in_stock = variants.iter().any(|v| v.2 > 0);
    db_tx!(tx, |c| {
        sqlx::query(
        "UPDATE products SET price = $1, sale_price = $2, effective_price = $3, in_stock = $4 WHERE id = $5"
    )
    .bind(price)
    .bind(sale_price)
    .bind(effective_price)
    .bind(in_stock)
    .bind(product_id)
    .execute(&mut *c)
    .await?
    .rows_affected()
    });
    Ok(())
}
