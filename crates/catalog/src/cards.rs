//! Product cards: what a list shows of a product, kept ready to send.
//!
//! A list entry is a [`ProductSummary`]. Its text fields (id, slug, name, category, brand,
//! first image, creation time) change only when the back office edits the product, its
//! category or its brand; those edits write them, as JSON object members, to the
//! product's `card` in the same transaction. Its numbers (prices, rating, sales, stock
//! and featured flags) change with every sale, so a list reads them from their columns
//! and splices them in ([`list_entry`]). A page is then string concatenation: building
//! and parsing JSON per row was most of an uncached list's cost.
//!
//! The card is rendered by serialising the same [`ProductSummary`] a detail sends, so a
//! list entry and a detail agree field by field (a test compares every demo product).

use cho_platform::db::{Backend, Db, Tx};
use serde_json::Value;
use uuid::Uuid;

use crate::products::{ProductSummary, SummaryRow, SUMMARY_SELECT};

/// The fields a list reads from columns at request time, not from the card.
const LIVE_FIELDS: [&str; 7] = [
    "price",
    "salePrice",
    "avgRating",
    "reviewCount",
    "soldCount",
    "inStock",
    "isFeatured",
];

/// The SQL of one list entry of the product `p`: its card and its [`LIVE_FIELDS`] as
/// one JSON object. NULL when the product has no card yet.
pub(crate) fn list_entry(backend: Backend) -> &'static str {
    // One formatting call per entry: a chain of `||` copies the growing string each time.
    match backend {
        Backend::Sqlite => {
            r#"CASE WHEN p.card IS NOT NULL THEN printf('{%s,"price":%d,"salePrice":%s,"avgRating":%d.%02d,"reviewCount":%d,"soldCount":%d,"inStock":%s,"isFeatured":%s}',
                p.card, p.price, coalesce(p.sale_price, 'null'), p.avg_rating / 100, p.avg_rating % 100,
                p.review_count, p.sold_count, iif(p.in_stock, 'true', 'false'),
                iif(p.is_featured, 'true', 'false')) END"#
        }
        Backend::Postgres => {
            r#"CASE WHEN p.card IS NOT NULL THEN
                format('{%s,"price":%s,"salePrice":%s,"avgRating":%s.%s,"reviewCount":%s,"soldCount":%s,"inStock":%s,"isFeatured":%s}',
                p.card, p.price, coalesce(CAST(p.sale_price AS TEXT), 'null'), p.avg_rating / 100,
                lpad(CAST(p.avg_rating % 100 AS TEXT), 2, '0'), p.review_count, p.sold_count,
                CASE WHEN p.in_stock THEN 'true' ELSE 'false' END,
                CASE WHEN p.is_featured THEN 'true' ELSE 'false' END) END"#
        }
    }
}

/// Whose cards to write.
pub(crate) enum Cards {
    Product(Uuid),
    InCategory(Uuid),
    OfBrand(Uuid),
    /// Products without one (written before cards existed).
    Missing,
}

/// Writes the cards of `which` products from their current rows.
pub(crate) async fn write(tx: &mut Tx, which: Cards) -> Result<(), sqlx::Error> {
    let (condition, id) = match which {
        Cards::Product(id) => ("p.id = $1", Some(id)),
        Cards::InCategory(id) => ("p.category_id = $1", Some(id)),
        Cards::OfBrand(id) => ("p.brand_id = $1", Some(id)),
        Cards::Missing => ("p.card IS NULL", None),
    };
    let sql = format!("{SUMMARY_SELECT} WHERE {condition}");
    let query = tx.query(&sql);
    let query = match id {
        Some(id) => query.bind(id),
        None => query,
    };
    let rows: Vec<SummaryRow> = query.fetch_all().await?;
    for row in rows {
        let id = row.id;
        let card = card_of(&row.into_summary());
        tx.query("UPDATE products SET card = $1 WHERE id = $2")
            .bind(&card)
            .bind(id)
            .execute()
            .await?;
    }
    Ok(())
}

/// Writes every missing card, in a transaction of its own.
pub(crate) async fn write_missing(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    write(&mut tx, Cards::Missing).await?;
    tx.commit().await
}

/// A summary's members other than the [`LIVE_FIELDS`], as JSON without the braces.
fn card_of(summary: &ProductSummary) -> String {
    let Ok(Value::Object(mut members)) = serde_json::to_value(summary) else {
        unreachable!("a ProductSummary serialises to an object")
    };
    for field in LIVE_FIELDS {
        members.remove(field);
    }
    let object = Value::Object(members).to_string();
    object[1..object.len() - 1].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_with_its_live_fields_is_the_summary() {
        let summary = ProductSummary {
            id: Uuid::nil(),
            slug: "ao-dai".into(),
            name: "Áo dài \"lụa\"\nHà Đông".into(),
            price: 1_290_000,
            sale_price: Some(990_000),
            brand: None,
            category: crate::products::Ref {
                id: Uuid::max(),
                name: "Thời trang".into(),
                slug: "thoi-trang".into(),
            },
            image_url: Some("/static/demo/ao-dai.svg".into()),
            avg_rating: 4.33,
            review_count: 3,
            sold_count: 12,
            in_stock: true,
            is_featured: false,
            created_at: chrono::DateTime::from_timestamp(1_764_777_600, 123_000).unwrap(),
        };
        let card = card_of(&summary);
        assert!(!card.contains('\n'), "a list separates entries by newlines");
        let entry = format!(
            r#"{{{card},"price":1290000,"salePrice":990000,"avgRating":4.33,"reviewCount":3,"soldCount":12,"inStock":true,"isFeatured":false}}"#
        );
        let entry: Value = serde_json::from_str(&entry).unwrap();
        assert_eq!(entry, serde_json::to_value(&summary).unwrap());
    }
}
