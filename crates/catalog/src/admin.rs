//! Writing the catalog: products and variants, for staff.

use cho_platform::db::{is_unique_violation, Tx};
use cho_platform::{new_id, now, ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::cards::{self, Cards};
use crate::error::CatalogError;
use crate::inventory::refresh_summary;
use crate::slug::slugify;

/// The largest price or stock figure accepted (10 billion đồng / units).
const MAX_AMOUNT: i64 = 10_000_000_000;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariantInput {
    pub name: String,
    pub sku: String,
    pub price: i64,
    pub sale_price: Option<i64>,
    pub stock_quantity: i64,
    #[serde(default = "empty_object")]
    #[schema(value_type = Object)]
    pub attributes: Value,
    #[serde(default = "yes")]
    pub is_active: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductInput {
    pub name: String,
    pub slug: Option<String>,
    pub category_id: Uuid,
    pub brand_id: Option<Uuid>,
    pub short_description: Option<String>,
    pub description: Option<String>,
    #[serde(default = "empty_object")]
    #[schema(value_type = Object)]
    pub specs: Value,
    #[serde(default)]
    pub image_urls: Vec<String>,
    /// `draft`, `active` (default) or `archived`.
    #[serde(default = "active")]
    pub status: String,
    #[serde(default)]
    pub is_featured: bool,
    /// Only on creation: the product's first variants.
    #[serde(default)]
    pub variants: Vec<VariantInput>,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}
fn yes() -> bool {
    true
}
fn active() -> String {
    "active".into()
}

impl VariantInput {
    fn validate(&self) -> ApiResult<()> {
        let sku_ok = !self.sku.is_empty()
            && self.sku.len() <= 64
            && self
                .sku
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !sku_ok {
            return Err(ApiError::bad_request(format!(
                "sku '{}' must be 1 to 64 letters, digits, '-' or '_'",
                self.sku
            )));
        }
        if self.name.trim().is_empty() {
            return Err(ApiError::bad_request(format!(
                "variant {} needs a name",
                self.sku
            )));
        }
        if !(1..=MAX_AMOUNT).contains(&self.price) {
            return Err(ApiError::bad_request(format!(
                "price of {} must be between 1 and {MAX_AMOUNT} VND",
                self.sku
            )));
        }
        if self.sale_price.is_some_and(|s| s < 1 || s >= self.price) {
            return Err(ApiError::bad_request(format!(
                "salePrice of {} must be positive and below its price",
                self.sku
            )));
        }
        if !(0..=MAX_AMOUNT).contains(&self.stock_quantity) {
            return Err(ApiError::bad_request(format!(
                "stockQuantity of {} must be between 0 and {MAX_AMOUNT}",
                self.sku
            )));
        }
        if !self.attributes.is_object() {
            return Err(ApiError::bad_request("attributes must be a JSON object"));
        }
        Ok(())
    }
}

impl ProductInput {
    fn validate(&self) -> ApiResult<String> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 300 {
            return Err(ApiError::bad_request("name must be 1 to 300 characters"));
        }
        if !matches!(self.status.as_str(), "draft" | "active" | "archived") {
            return Err(ApiError::bad_request(
                "status must be draft, active or archived",
            ));
        }
        if !self.specs.is_object() {
            return Err(ApiError::bad_request("specs must be a JSON object"));
        }
        let slug = slugify(self.slug.as_deref().unwrap_or(name));
        if slug.is_empty() {
            return Err(ApiError::bad_request(
                "the slug would be empty: give a name with letters or digits",
            ));
        }
        self.variants.iter().try_for_each(VariantInput::validate)?;
        Ok(slug)
    }
}

async fn check_references(tx: &mut Tx, input: &ProductInput) -> ApiResult<()> {
    let category: Option<Uuid> = tx
        .query("SELECT id FROM categories WHERE id = $1")
        .bind(input.category_id)
        .scalar_optional()
        .await?;
    category.ok_or_else(|| ApiError::bad_request("categoryId is not an existing category"))?;
    if let Some(brand_id) = input.brand_id {
        let brand: Option<Uuid> = tx
            .query("SELECT id FROM brands WHERE id = $1")
            .bind(brand_id)
            .scalar_optional()
            .await?;
        brand.ok_or_else(|| ApiError::bad_request("brandId is not an existing brand"))?;
    }
    Ok(())
}

fn unique_conflict(err: sqlx::Error, what: &str) -> ApiError {
    if is_unique_violation(&err) {
        CatalogError::AlreadyTaken { what: what.into() }.into()
    } else {
        err.into()
    }
}

/// Creates a product with its variants; returns its id.
pub async fn create_product(tx: &mut Tx, input: &ProductInput) -> ApiResult<Uuid> {
    let slug = input.validate()?;
    check_references(tx, input).await?;
    let id = new_id();
    let now = now();
    tx.query(
        "INSERT INTO products (id, category_id, brand_id, name, slug, short_description,
         description, specs, image_urls, status, is_featured, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(id)
    .bind(input.category_id)
    .bind(input.brand_id)
    .bind(input.name.trim())
    .bind(&slug)
    .bind(&input.short_description)
    .bind(&input.description)
    .bind(Json(&input.specs))
    .bind(Json(&input.image_urls))
    .bind(&input.status)
    .bind(input.is_featured)
    .bind(now)
    .execute()
    .await
    .map_err(|e| unique_conflict(e, &format!("the slug '{slug}'")))?;
    for variant in &input.variants {
        insert_variant(tx, id, variant).await?;
    }
    refresh_summary(tx, id).await?;
    cards::write(tx, Cards::Product(id)).await?;
    Ok(id)
}

/// Replaces a product's fields (its variants are managed separately).
pub async fn update_product(tx: &mut Tx, id: Uuid, input: &ProductInput) -> ApiResult<()> {
    let slug = input.validate()?;
    check_references(tx, input).await?;
    let updated = tx
        .query(
            "UPDATE products
             SET category_id = $1, brand_id = $2, name = $3, slug = $4, short_description = $5,
             description = $6, specs = $7, image_urls = $8, status = $9, is_featured = $10,
             updated_at = $11
             WHERE id = $12",
        )
        .bind(input.category_id)
        .bind(input.brand_id)
        .bind(input.name.trim())
        .bind(&slug)
        .bind(&input.short_description)
        .bind(&input.description)
        .bind(Json(&input.specs))
        .bind(Json(&input.image_urls))
        .bind(&input.status)
        .bind(input.is_featured)
        .bind(now())
        .bind(id)
        .execute()
        .await
        .map_err(|e| unique_conflict(e, &format!("the slug '{slug}'")))?;
    if updated == 0 {
        return Err(ApiError::not_found("product"));
    }
    cards::write(tx, Cards::Product(id)).await?;
    Ok(())
}

/// Archives a product: orders keep referring to it, shoppers no longer see it.
pub async fn archive_product(tx: &mut Tx, id: Uuid) -> ApiResult<()> {
    let updated = tx
        .query("UPDATE products SET status = 'archived', updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute()
        .await?;
    if updated == 0 {
        return Err(ApiError::not_found("product"));
    }
    Ok(())
}

pub async fn insert_variant(
    tx: &mut Tx,
    product_id: Uuid,
    input: &VariantInput,
) -> ApiResult<Uuid> {
    input.validate()?;
    let id = new_id();
    let now = now();
    tx.query(
        "INSERT INTO product_variants (id, product_id, name, sku, price, sale_price,
         stock_quantity, attributes, is_active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(id)
    .bind(product_id)
    .bind(input.name.trim())
    .bind(&input.sku)
    .bind(input.price)
    .bind(input.sale_price)
    .bind(input.stock_quantity)
    .bind(Json(&input.attributes))
    .bind(input.is_active)
    .bind(now)
    .execute()
    .await
    .map_err(|e| unique_conflict(e, &format!("the sku '{}'", input.sku)))?;
    Ok(id)
}

/// Adds a variant to an existing product.
pub async fn add_variant(tx: &mut Tx, product_id: Uuid, input: &VariantInput) -> ApiResult<Uuid> {
    let exists: Option<Uuid> = tx
        .query("SELECT id FROM products WHERE id = $1")
        .bind(product_id)
        .scalar_optional()
        .await?;
    exists.ok_or_else(|| ApiError::not_found("product"))?;
    let id = insert_variant(tx, product_id, input).await?;
    refresh_summary(tx, product_id).await?;
    Ok(id)
}

/// Replaces a variant's fields; returns (product id, the values before) for the audit log.
pub async fn update_variant(
    tx: &mut Tx,
    id: Uuid,
    input: &VariantInput,
) -> ApiResult<(Uuid, Value)> {
    input.validate()?;
    let before: Option<(Uuid, String, i64, Option<i64>, i64, bool)> = tx
        .query(
            "SELECT product_id, sku, price, sale_price, stock_quantity, is_active
             FROM product_variants
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional()
        .await?;
    let (product_id, sku, price, sale_price, stock, is_active) =
        before.ok_or_else(|| ApiError::not_found("variant"))?;
    tx.query(
        "UPDATE product_variants
         SET name = $1, sku = $2, price = $3, sale_price = $4, stock_quantity = $5, attributes =
         $6, is_active = $7, updated_at = $8
         WHERE id = $9",
    )
    .bind(input.name.trim())
    .bind(&input.sku)
    .bind(input.price)
    .bind(input.sale_price)
    .bind(input.stock_quantity)
    .bind(Json(&input.attributes))
    .bind(input.is_active)
    .bind(now())
    .bind(id)
    .execute()
    .await
    .map_err(|e| unique_conflict(e, &format!("the sku '{}'", input.sku)))?;
    refresh_summary(tx, product_id).await?;
    let old = serde_json::json!({
        "sku": sku, "price": price, "salePrice": sale_price, "stockQuantity": stock, "isActive": is_active
    });
    Ok((product_id, old))
}

/// Takes a variant off sale; its product's price and stock flag follow.
pub async fn deactivate_variant(tx: &mut Tx, id: Uuid) -> ApiResult<()> {
    let product_id: Option<Uuid> = tx
        .query(
            "UPDATE product_variants
             SET is_active = FALSE, updated_at = $1
             WHERE id = $2
             RETURNING product_id",
        )
        .bind(now())
        .bind(id)
        .scalar_optional()
        .await?;
    let product_id = product_id.ok_or_else(|| ApiError::not_found("variant"))?;
    refresh_summary(tx, product_id).await?;
    Ok(())
}
