//! `cho seed demo`: loads the demo catalog into an empty shop.

use std::collections::HashMap;

use cho_platform::db::Db;
use cho_platform::ApiError;
use uuid::Uuid;

use crate::admin::{self, ProductInput, VariantInput};
use crate::demo_data::demo_catalog;
use crate::taxonomy::{self, BrandInput, CategoryInput};

#[derive(Debug, Default)]
pub struct SeedReport {
    pub categories: usize,
    pub brands: usize,
    pub products: usize,
    pub variants: usize,
}

/// Seeds the demo catalog in one transaction; does nothing (and reports zero)
/// when the shop already has products, so it is safe to run at every start.
pub async fn seed(db: &Db) -> Result<SeedReport, ApiError> {
    let existing: i64 = db.query("SELECT COUNT(*) FROM products").scalar().await?;
    if existing > 0 {
        return Ok(SeedReport::default());
    }
    let catalog = demo_catalog();
    let mut report = SeedReport::default();
    let mut tx = db.begin().await?;

    let mut category_ids: HashMap<&str, Uuid> = HashMap::new();
    // Parents are listed before their children in the demo data.
    for (position, category) in catalog.categories.iter().enumerate() {
        let parent_id = category.parent.map(|name| category_ids[name]);
        let input = CategoryInput {
            name: category.name.to_owned(),
            parent_id,
            slug: None,
            description: None,
            image_url: None,
            sort_order: position as i64,
            is_active: true,
        };
        let row = taxonomy::save_category(&mut tx, None, input).await?;
        category_ids.insert(category.name, row.id);
        report.categories += 1;
    }

    let mut brand_ids: HashMap<&str, Uuid> = HashMap::new();
    for (position, brand) in catalog.brands.iter().enumerate() {
        let input = BrandInput {
            name: brand.name.to_owned(),
            slug: None,
            description: Some(brand.description.to_owned()),
            logo_url: None,
            sort_order: position as i64,
        };
        brand_ids.insert(
            brand.name,
            taxonomy::save_brand(&mut tx, None, input).await?.id,
        );
        report.brands += 1;
    }

    for product in catalog.products {
        report.variants += product.variants.len();
        let input = ProductInput {
            name: product.name,
            slug: None,
            category_id: category_ids[product.category],
            brand_id: Some(brand_ids[product.brand]),
            short_description: Some(product.short_description),
            description: Some(product.description),
            specs: product.specs,
            image_urls: product.image_urls,
            status: "active".into(),
            is_featured: product.is_featured,
            variants: product
                .variants
                .into_iter()
                .map(|v| VariantInput {
                    name: v.name,
                    sku: v.sku,
                    price: v.price,
                    sale_price: v.sale_price,
                    stock_quantity: v.stock,
                    attributes: v.attributes,
                    is_active: true,
                })
                .collect(),
        };
        admin::create_product(&mut tx, &input).await?;
        report.products += 1;
    }
    crate::searchable::bump(&mut tx).await?;
    tx.commit().await?;
    Ok(report)
}
