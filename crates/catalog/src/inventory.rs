//! What other modules may ask of the catalog: variant snapshots for pricing,
//! and stock reservations inside the caller's transaction.
//!
//! Stock is reserved with a conditional decrement (`… WHERE stock_quantity >= n`),
//! which the database evaluates atomically per row, so concurrent checkouts
//! can never take stock below zero whatever their interleaving.

use std::collections::{BTreeMap, HashMap};

use cho_platform::db::{Arg, Args, Conn, Tx};
use cho_platform::now;
use uuid::Uuid;

cho_platform::id_type! {
    /// A product variant: what a cart line holds and checkout reserves.
    pub struct VariantId;
}

/// A variant as checkout prices it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VariantSnapshot {
    pub variant_id: VariantId,
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

fn snapshot_query(ids: &[VariantId]) -> (String, Args) {
    let mut args = Args::default();
    let placeholders: Vec<String> = ids.iter().map(|id| args.push(Arg::Uuid(id.0))).collect();
    let sql = format!(
        "SELECT v.id AS variant_id, p.id AS product_id, p.name AS product_name, p.slug AS
         product_slug, v.name AS variant_name, v.sku, v.price, v.sale_price, v.stock_quantity,
         (v.is_active AND p.status = 'active') AS available
         FROM product_variants v
         JOIN products p ON p.id = v.product_id
         WHERE v.id IN ({})",
        placeholders.join(", ")
    );
    (sql, args)
}

fn by_id(rows: Vec<VariantSnapshot>) -> HashMap<VariantId, VariantSnapshot> {
    rows.into_iter().map(|r| (r.variant_id, r)).collect()
}

/// Snapshots of `ids`, read from the pool (cart display) or in the caller's transaction
/// (checkout).
pub async fn snapshots(
    conn: impl Into<Conn<'_>>,
    ids: &[VariantId],
) -> Result<HashMap<VariantId, VariantSnapshot>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (sql, args) = snapshot_query(ids);
    let rows = conn
        .into()
        .query(&sql)
        .bind_args(&args)
        .fetch_all::<VariantSnapshot>()
        .await?;
    Ok(by_id(rows))
}

/// Takes stock for every `(variant, quantity)` line, or reports the first variant that
/// is short (and the caller rolls back).
///
/// Locks are taken in one total order: every variant row in id order, then every
/// product row in id order. Releasing stock and the back office's variant edits
/// (variant, then its product) follow the same order, so no two transactions can wait
/// on each other's rows in a cycle.
pub async fn reserve_all(
    tx: &mut Tx,
    lines: &[(VariantId, i64)],
) -> Result<Result<(), VariantId>, sqlx::Error> {
    let mut sold: BTreeMap<Uuid, (i64, bool)> = BTreeMap::new();
    for (variant_id, quantity) in sorted(lines) {
        let taken: Option<(i64, Uuid)> = tx
            .query(
                "UPDATE product_variants
                 SET stock_quantity = stock_quantity - $1, updated_at = $2
                 WHERE id = $3 AND stock_quantity >= $1 AND is_active = TRUE
                 RETURNING stock_quantity, product_id",
            )
            .bind(quantity)
            .bind(now())
            .bind(variant_id)
            .fetch_optional()
            .await?;
        let Some((remaining, product_id)) = taken else {
            metrics::counter!("cho_stock_outs_total").increment(1);
            return Ok(Err(variant_id));
        };
        let product = sold.entry(product_id).or_default();
        product.0 += quantity;
        product.1 |= remaining == 0;
    }
    for (product_id, (quantity, sold_out_a_variant)) in sold {
        update_product_counts(tx, product_id, quantity, sold_out_a_variant).await?;
    }
    Ok(Ok(()))
}

/// Returns stock for every `(variant, quantity)` line (a cancelled or expired order),
/// in the lock order of [`reserve_all`].
pub async fn release_all(tx: &mut Tx, lines: &[(VariantId, i64)]) -> Result<(), sqlx::Error> {
    let mut returned: BTreeMap<Uuid, i64> = BTreeMap::new();
    for (variant_id, quantity) in sorted(lines) {
        let product_id: Option<Uuid> = tx
            .query(
                "UPDATE product_variants
                 SET stock_quantity = stock_quantity + $1, updated_at = $2
                 WHERE id = $3
                 RETURNING product_id",
            )
            .bind(quantity)
            .bind(now())
            .bind(variant_id)
            .scalar_optional()
            .await?;
        if let Some(product_id) = product_id {
            *returned.entry(product_id).or_default() += quantity;
        }
    }
    for (product_id, quantity) in returned {
        update_product_counts(tx, product_id, -quantity, true).await?;
    }
    Ok(())
}

fn sorted(lines: &[(VariantId, i64)]) -> Vec<(VariantId, i64)> {
    let mut lines = lines.to_vec();
    lines.sort_unstable_by_key(|(variant_id, _)| *variant_id);
    lines
}

/// Adds `sold` to a product's sales count (never below zero) and, when its variants'
/// stock may have crossed zero, recomputes whether it is in stock.
async fn update_product_counts(
    tx: &mut Tx,
    product_id: Uuid,
    sold: i64,
    refresh_in_stock: bool,
) -> Result<(), sqlx::Error> {
    tx.query(
        "UPDATE products
         SET sold_count = CASE WHEN sold_count + $1 > 0 THEN sold_count + $1 ELSE 0 END, in_stock
         = CASE WHEN $2 THEN EXISTS ( SELECT 1 FROM product_variants WHERE product_id = $3 AND
         is_active = TRUE AND stock_quantity > 0) ELSE in_stock END
         WHERE id = $3",
    )
    .bind(sold)
    .bind(refresh_in_stock)
    .bind(product_id)
    .execute()
    .await?;
    Ok(())
}

/// Recomputes a product's list price, sale price and stock flag from its variants.
pub async fn refresh_summary(tx: &mut Tx, product_id: Uuid) -> Result<(), sqlx::Error> {
    let variants: Vec<(i64, Option<i64>, i64)> = tx
        .query(
            "SELECT price, sale_price, stock_quantity
             FROM product_variants
             WHERE product_id = $1 AND is_active = TRUE",
        )
        .bind(product_id)
        .fetch_all()
        .await?;
    let effective =
        |&(price, sale, _): &(i64, Option<i64>, i64)| sale.filter(|s| *s < price).unwrap_or(price);
    let cheapest = variants.iter().min_by_key(|v| effective(v));
    let (price, sale_price, effective_price) = match cheapest {
        Some(v) => (v.0, v.1.filter(|s| *s < v.0), effective(v)),
        None => (0, None, 0),
    };
    let in_stock = variants.iter().any(|v| v.2 > 0);
    tx.query(
        "UPDATE products
         SET price = $1, sale_price = $2, effective_price = $3, in_stock = $4
         WHERE id = $5",
    )
    .bind(price)
    .bind(sale_price)
    .bind(effective_price)
    .bind(in_stock)
    .bind(product_id)
    .execute()
    .await?;
    Ok(())
}
