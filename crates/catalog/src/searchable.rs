//! What search indexes of the catalog: each product on sale with the words shoppers
//! look for it by. The search module reads this, never the catalog's tables.

use std::collections::HashMap;

use cho_platform::db::{Db, Tx};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::products::{ProductSummary, Ref, SummaryRow, SUMMARY_SELECT};
use crate::taxonomy::{all_categories, CategoryRow};

/// The catalog's revision: it moves with every staff change, so a copy built from the
/// catalog (the search index) knows when to build again.
pub async fn revision(db: &Db) -> Result<i64, sqlx::Error> {
    db.query("SELECT revision FROM catalog_revision WHERE id = 1")
        .scalar()
        .await
}

/// Moves the revision, inside the transaction of the change that moves it.
pub(crate) async fn bump(tx: &mut Tx) -> Result<(), sqlx::Error> {
    tx.query("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1")
        .execute()
        .await?;
    Ok(())
}

/// The active products among `ids`, in the order given (an id no longer on sale is left out).
pub async fn summaries(db: &Db, ids: &[Uuid]) -> Result<Vec<ProductSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "{SUMMARY_SELECT} WHERE p.status = 'active' AND p.id IN ({})",
        placeholders.join(", ")
    );
    let mut query = db.query(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    let rows: Vec<SummaryRow> = query.fetch_all().await?;
    let mut by_id: HashMap<Uuid, ProductSummary> = rows
        .into_iter()
        .map(|row| (row.id, row.into_summary()))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// A product as search knows it: the words it is found by and what results are
/// filtered and sorted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searchable {
    pub id: Uuid,
    pub name: String,
    pub brand: Option<Ref>,
    /// Its category's path, the top-level category first.
    pub categories: Vec<Ref>,
    /// Its variants' SKUs and names, its specifications and its descriptions.
    pub details: String,
    /// What its cheapest variant costs the shopper (the sale price when on sale), VND.
    pub price: i64,
    pub in_stock: bool,
    pub sold_count: i64,
    /// Average rating in hundredths (0 to 500).
    pub rating: i64,
    pub created_at: DateTime<Utc>,
}

/// Every active product's searchable text, by id.
pub async fn searchable(db: &Db) -> Result<Vec<Searchable>, sqlx::Error> {
    let products: Vec<ProductRow> = db
        .query(
            "SELECT p.id, p.name, b.id AS brand_id, b.name AS brand_name, b.slug AS brand_slug,
             p.category_id, p.short_description, p.description, p.specs, p.effective_price,
             p.in_stock, p.sold_count, p.avg_rating, p.created_at
             FROM products p LEFT JOIN brands b ON b.id = p.brand_id
             WHERE p.status = 'active'
             ORDER BY p.id",
        )
        .fetch_all()
        .await?;
    let variants: Vec<(Uuid, String, String)> = db
        .query(
            "SELECT v.product_id, v.sku, v.name
             FROM product_variants v JOIN products p ON p.id = v.product_id
             WHERE p.status = 'active' AND v.is_active
             ORDER BY v.product_id, v.sku",
        )
        .fetch_all()
        .await?;
    let mut variant_words: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (product_id, sku, name) in variants {
        variant_words
            .entry(product_id)
            .or_default()
            .extend([sku, name]);
    }
    let categories = all_categories(db).await?;
    let by_id: HashMap<Uuid, &CategoryRow> = categories.iter().map(|c| (c.id, c)).collect();
    let path = |mut id: Option<Uuid>| {
        let mut path = Vec::new();
        // The tree is at most a few levels deep; the bound only guards a cycle.
        while let Some(row) = id.and_then(|i| by_id.get(&i)).filter(|_| path.len() < 16) {
            path.push(Ref {
                id: row.id,
                name: row.name.clone(),
                slug: row.slug.clone(),
            });
            id = row.parent_id;
        }
        path.reverse();
        path
    };
    Ok(products
        .into_iter()
        .map(|row| {
            let mut details = variant_words.remove(&row.id).unwrap_or_default();
            details.push(specs_words(&row.specs.0));
            details.extend(row.short_description);
            details.extend(row.description);
            Searchable {
                id: row.id,
                name: row.name,
                brand: match (row.brand_id, row.brand_name, row.brand_slug) {
                    (Some(id), Some(name), Some(slug)) => Some(Ref { id, name, slug }),
                    _ => None,
                },
                categories: path(Some(row.category_id)),
                details: details.join(" · "),
                price: row.effective_price,
                in_stock: row.in_stock,
                sold_count: row.sold_count,
                rating: row.avg_rating,
                created_at: row.created_at,
            }
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: Uuid,
    name: String,
    brand_id: Option<Uuid>,
    brand_name: Option<String>,
    brand_slug: Option<String>,
    category_id: Uuid,
    short_description: Option<String>,
    description: Option<String>,
    specs: Json<Value>,
    effective_price: i64,
    in_stock: bool,
    sold_count: i64,
    avg_rating: i64,
    created_at: DateTime<Utc>,
}

/// The words of a product's specifications: group names, row names and values.
fn specs_words(specs: &Value) -> String {
    let mut words = Vec::new();
    fn walk(value: &Value, words: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    words.push(key.clone());
                    walk(value, words);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, words)),
            Value::String(text) => words.push(text.clone()),
            Value::Null => {}
            other => words.push(other.to_string()),
        }
    }
    walk(specs, &mut words);
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn specs_give_their_names_and_values() {
        let specs =
            json!({"Màn hình": {"Kích thước": "6.9 inch", "Tần số": 120}, "Màu": ["Đen", "Bạc"]});
        assert_eq!(
            specs_words(&specs),
            "Màn hình Kích thước 6.9 inch Tần số 120 Màu Đen Bạc"
        );
    }
}
