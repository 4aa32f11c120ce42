//! Categories (a tree) and brands.

use std::collections::HashMap;

use cho_platform::db::{is_unique_violation, Db, Tx};
use cho_platform::{new_id, now, ApiError, ApiResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::cards::{self, Cards};
use crate::error::CatalogError;
use crate::slug::slugify;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub image_url: Option<String>,
    pub sort_order: i64,
    pub is_active: bool,
}

/// A category with its subcategories.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub image_url: Option<String>,
    pub sort_order: i64,
    #[schema(no_recursion)]
    pub children: Vec<CategoryNode>,
}

pub async fn all_categories(db: &Db) -> Result<Vec<CategoryRow>, sqlx::Error> {
    db.query(
        "SELECT id, parent_id, name, slug, description, image_url, sort_order, is_active
         FROM categories
         ORDER BY sort_order, name",
    )
    .fetch_all()
    .await
}

/// Builds the tree of active categories.
pub fn tree(rows: &[CategoryRow]) -> Vec<CategoryNode> {
    let mut children: HashMap<Option<Uuid>, Vec<&CategoryRow>> = HashMap::new();
    for row in rows.iter().filter(|r| r.is_active) {
        children.entry(row.parent_id).or_default().push(row);
    }
    fn build(
        parent: Option<Uuid>,
        children: &HashMap<Option<Uuid>, Vec<&CategoryRow>>,
    ) -> Vec<CategoryNode> {
        children
            .get(&parent)
            .map(|rows| {
                rows.iter()
                    .map(|r| CategoryNode {
                        id: r.id,
                        parent_id: r.parent_id,
                        name: r.name.clone(),
                        slug: r.slug.clone(),
                        description: r.description.clone(),
                        image_url: r.image_url.clone(),
                        sort_order: r.sort_order,
                        children: build(Some(r.id), children),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    build(None, &children)
}

/// The category named by `slug_or_id` and all categories below it.
pub fn with_descendants(rows: &[CategoryRow], slug_or_id: &str) -> Option<Vec<Uuid>> {
    let root = rows
        .iter()
        .find(|r| r.slug == slug_or_id || r.id.to_string() == slug_or_id)?;
    let mut ids = vec![root.id];
    let mut next = 0;
    while next < ids.len() {
        let parent = ids[next];
        ids.extend(
            rows.iter()
                .filter(|r| r.parent_id == Some(parent))
                .map(|r| r.id),
        );
        next += 1;
    }
    Some(ids)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
    #[serde(default)]
    pub sort_order: i64,
    #[serde(default = "yes")]
    pub is_active: bool,
}

fn yes() -> bool {
    true
}

fn checked_name(name: &str, what: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request(format!(
            "{what} name must be 1 to 200 characters"
        )));
    }
    Ok(name.to_owned())
}

fn checked_slug(requested: Option<&str>, name: &str) -> ApiResult<String> {
    let slug = slugify(requested.unwrap_or(name));
    if slug.is_empty() {
        return Err(ApiError::bad_request(
            "the slug would be empty: give a name with letters or digits",
        ));
    }
    Ok(slug)
}

fn conflict_on_slug(err: sqlx::Error, slug: &str) -> ApiError {
    if is_unique_violation(&err) {
        CatalogError::AlreadyTaken {
            what: format!("the slug '{slug}'"),
        }
        .into()
    } else {
        err.into()
    }
}

/// Creates (`id` None) or replaces a category; returns the row as saved.
pub async fn save_category(
    tx: &mut Tx,
    id: Option<Uuid>,
    input: CategoryInput,
) -> ApiResult<CategoryRow> {
    let row = CategoryRow {
        id: id.unwrap_or_else(new_id),
        parent_id: input.parent_id,
        name: checked_name(&input.name, "category")?,
        slug: checked_slug(input.slug.as_deref(), &input.name)?,
        description: input.description,
        image_url: input.image_url,
        sort_order: input.sort_order,
        is_active: input.is_active,
    };
    if let Some(parent) = row.parent_id {
        if Some(parent) == id || is_descendant(tx, parent, row.id).await? {
            return Err(ApiError::bad_request(
                "a category cannot be placed under itself or its descendants",
            ));
        }
        let exists: Option<Uuid> = tx
            .query("SELECT id FROM categories WHERE id = $1")
            .bind(parent)
            .scalar_optional()
            .await?;
        exists.ok_or_else(|| ApiError::bad_request("parentId is not an existing category"))?;
    }
    let now = now();
    let sql = if id.is_some() {
        "UPDATE categories SET parent_id = $2, name = $3, slug = $4, description = $5, image_url = $6, sort_order = $7, is_active = $8, updated_at = $9 WHERE id = $1"
    } else {
        "INSERT INTO categories (id, parent_id, name, slug, description, image_url, sort_order, is_active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
    };
    let affected = tx
        .query(sql)
        .bind(row.id)
        .bind(row.parent_id)
        .bind(&row.name)
        .bind(&row.slug)
        .bind(&row.description)
        .bind(&row.image_url)
        .bind(row.sort_order)
        .bind(row.is_active)
        .bind(now)
        .execute()
        .await
        .map_err(|e| conflict_on_slug(e, &row.slug))?;
    if affected == 0 {
        return Err(ApiError::not_found("category"));
    }
    if id.is_some() {
        cards::write(tx, Cards::InCategory(row.id)).await?;
    }
    Ok(row)
}

/// True when `candidate` lies below `ancestor` in the tree.
async fn is_descendant(tx: &mut Tx, candidate: Uuid, ancestor: Uuid) -> ApiResult<bool> {
    let mut current = Some(candidate);
    let mut hops = 0;
    while let Some(id) = current {
        if id == ancestor {
            return Ok(true);
        }
        hops += 1;
        if hops > 64 {
            break;
        }
        current = tx
            .query("SELECT parent_id FROM categories WHERE id = $1")
            .bind(id)
            .scalar_optional()
            .await?
            .flatten();
    }
    Ok(false)
}

/// Deletes an empty category (no products, no subcategories).
pub async fn delete_category(tx: &mut Tx, id: Uuid) -> ApiResult<()> {
    let (children, products): (i64, i64) = tx
        .query(
            "SELECT (SELECT COUNT(*) FROM categories WHERE parent_id = $1), (SELECT COUNT(*) FROM
             products WHERE category_id = $1)",
        )
        .bind(id)
        .fetch_one()
        .await?;
    if children > 0 || products > 0 {
        return Err(CatalogError::CategoryInUse { children, products }.into());
    }
    let deleted = tx
        .query("DELETE FROM categories WHERE id = $1")
        .bind(id)
        .execute()
        .await?;
    if deleted == 0 {
        return Err(ApiError::not_found("category"));
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Brand {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub logo_url: Option<String>,
    pub sort_order: i64,
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
}

pub async fn all_brands(db: &Db) -> Result<Vec<Brand>, sqlx::Error> {
    db.query(
        "SELECT id, name, slug, description, logo_url, sort_order, created_at
         FROM brands
         ORDER BY sort_order, name",
    )
    .fetch_all()
    .await
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrandInput {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub logo_url: Option<String>,
    #[serde(default)]
    pub sort_order: i64,
}

pub async fn save_brand(tx: &mut Tx, id: Option<Uuid>, input: BrandInput) -> ApiResult<Brand> {
    let brand = Brand {
        id: id.unwrap_or_else(new_id),
        name: checked_name(&input.name, "brand")?,
        slug: checked_slug(input.slug.as_deref(), &input.name)?,
        description: input.description,
        logo_url: input.logo_url,
        sort_order: input.sort_order,
        created_at: now(),
    };
    let sql = if id.is_some() {
        "UPDATE brands SET name = $2, slug = $3, description = $4, logo_url = $5, sort_order = $6, updated_at = $7 WHERE id = $1"
    } else {
        "INSERT INTO brands (id, name, slug, description, logo_url, sort_order, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)"
    };
    let affected = tx
        .query(sql)
        .bind(brand.id)
        .bind(&brand.name)
        .bind(&brand.slug)
        .bind(&brand.description)
        .bind(&brand.logo_url)
        .bind(brand.sort_order)
        .bind(brand.created_at)
        .execute()
        .await
        .map_err(|e| conflict_on_slug(e, &brand.slug))?;
    if affected == 0 {
        return Err(ApiError::not_found("brand"));
    }
    if id.is_some() {
        cards::write(tx, Cards::OfBrand(brand.id)).await?;
    }
    Ok(brand)
}

pub async fn delete_brand(tx: &mut Tx, id: Uuid) -> ApiResult<()> {
    let products: i64 = tx
        .query("SELECT COUNT(*) FROM products WHERE brand_id = $1")
        .bind(id)
        .scalar()
        .await?;
    if products > 0 {
        return Err(CatalogError::BrandInUse { products }.into());
    }
    let deleted = tx
        .query("DELETE FROM brands WHERE id = $1")
        .bind(id)
        .execute()
        .await?;
    if deleted == 0 {
        return Err(ApiError::not_found("brand"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, parent: Option<Uuid>) -> CategoryRow {
        CategoryRow {
            id: Uuid::now_v7(),
            parent_id: parent,
            name: name.into(),
            slug: slugify(name),
            description: None,
            image_url: None,
            sort_order: 0,
            is_active: true,
        }
    }

    #[test]
    fn descendants_include_every_level() {
        let phones = row("Điện thoại", None);
        let android = row("Android", Some(phones.id));
        let samsung = row("Samsung", Some(android.id));
        let laptops = row("Laptop", None);
        let rows = vec![phones.clone(), android.clone(), samsung.clone(), laptops];
        let ids = with_descendants(&rows, "dien-thoai").unwrap();
        assert_eq!(ids, vec![phones.id, android.id, samsung.id]);
        assert!(with_descendants(&rows, "khong-co").is_none());
        let forest = tree(&rows);
        assert_eq!(forest.len(), 2);
        assert_eq!(
            forest
                .iter()
                .find(|n| n.slug == "dien-thoai")
                .unwrap()
                .children[0]
                .children[0]
                .name,
            "Samsung"
        );
    }
}
