//! What staff change in the catalog. Each change runs in one transaction with its
//! audit entry and moves the catalog's revision; the cached lists are dropped once it
//! is committed. The JSON
//! routes and the back-office pages both call these, so a rule and its audit trail
//! exist once.

use cho_platform::audit::{self, Entry};
use cho_platform::auth::UserId;
use cho_platform::db::Tx;
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiResult, AppState};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::admin::{self, ProductInput, VariantInput};
use crate::products;
use crate::searchable;
use crate::taxonomy::{self, Brand, BrandInput, CategoryInput, CategoryRow};

/// Who makes a change, and from where: what every audit entry records.
#[derive(Clone, Copy)]
pub struct Actor<'a> {
    pub staff: UserId,
    pub client: &'a ClientInfo,
}

/// One audited change: what it was, to which row, and the values around it.
struct Change<'a> {
    action: &'a str,
    entity_type: &'a str,
    entity_id: Uuid,
    old_values: Option<Value>,
    new_values: Option<Value>,
}

impl Change<'_> {
    fn new<'a>(action: &'a str, entity_type: &'a str, entity_id: Uuid) -> Change<'a> {
        Change {
            action,
            entity_type,
            entity_id,
            old_values: None,
            new_values: None,
        }
    }
}

/// Records the change in the same transaction, commits, and drops the cached lists.
async fn commit(
    state: &AppState,
    actor: Actor<'_>,
    mut tx: Tx,
    change: Change<'_>,
) -> ApiResult<()> {
    let entry = Entry {
        actor_id: Some(actor.staff),
        action: change.action,
        entity_type: change.entity_type,
        entity_id: change.entity_id.to_string(),
        old_values: change.old_values,
        new_values: change.new_values,
    };
    audit::record(&mut tx, entry, actor.client).await?;
    searchable::bump(&mut tx).await?;
    tx.commit().await?;
    state.cache.invalidate_all();
    Ok(())
}

fn values<T: serde::Serialize>(input: &T) -> Option<Value> {
    Some(serde_json::to_value(input).unwrap_or_default())
}

/// Creates a product with its first variants; returns its id.
pub async fn create_product(
    state: &AppState,
    actor: Actor<'_>,
    input: &ProductInput,
) -> ApiResult<Uuid> {
    let mut tx = state.db.begin().await?;
    let id = admin::create_product(&mut tx, input).await?;
    let change = Change {
        new_values: values(input),
        ..Change::new("product.create", "product", id)
    };
    commit(state, actor, tx, change).await?;
    Ok(id)
}

/// Replaces a product's fields (not its variants).
pub async fn update_product(
    state: &AppState,
    actor: Actor<'_>,
    id: Uuid,
    input: &ProductInput,
) -> ApiResult<()> {
    let before = products::detail(&state.db, &id.to_string(), true).await?;
    let mut tx = state.db.begin().await?;
    admin::update_product(&mut tx, id, input).await?;
    let change = Change {
        old_values: Some(
            json!({"name": before.summary.name, "slug": before.summary.slug, "status": before.status}),
        ),
        new_values: values(input),
        ..Change::new("product.update", "product", id)
    };
    commit(state, actor, tx, change).await
}

/// Archives a product: orders keep their snapshot of it, shoppers no longer see it.
pub async fn archive_product(state: &AppState, actor: Actor<'_>, id: Uuid) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    admin::archive_product(&mut tx, id).await?;
    commit(
        state,
        actor,
        tx,
        Change::new("product.archive", "product", id),
    )
    .await
}

/// Adds a variant to a product; returns the variant's id.
pub async fn add_variant(
    state: &AppState,
    actor: Actor<'_>,
    product_id: Uuid,
    input: &VariantInput,
) -> ApiResult<Uuid> {
    let mut tx = state.db.begin().await?;
    let id = admin::add_variant(&mut tx, product_id, input).await?;
    let change = Change {
        new_values: values(input),
        ..Change::new("variant.create", "variant", id)
    };
    commit(state, actor, tx, change).await?;
    Ok(id)
}

/// Replaces a variant: price, sale price, stock, attributes, availability. Returns
/// the variant's product.
pub async fn update_variant(
    state: &AppState,
    actor: Actor<'_>,
    id: Uuid,
    input: &VariantInput,
) -> ApiResult<Uuid> {
    let mut tx = state.db.begin().await?;
    let (product_id, old) = admin::update_variant(&mut tx, id, input).await?;
    let change = Change {
        old_values: Some(old),
        new_values: values(input),
        ..Change::new("variant.update", "variant", id)
    };
    commit(state, actor, tx, change).await?;
    Ok(product_id)
}

/// Withdraws a variant from sale (orders keep their snapshot of it).
pub async fn deactivate_variant(state: &AppState, actor: Actor<'_>, id: Uuid) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    admin::deactivate_variant(&mut tx, id).await?;
    commit(
        state,
        actor,
        tx,
        Change::new("variant.deactivate", "variant", id),
    )
    .await
}

/// Creates (`id` None) or replaces a category; returns it as saved.
pub async fn save_category(
    state: &AppState,
    actor: Actor<'_>,
    id: Option<Uuid>,
    input: CategoryInput,
) -> ApiResult<CategoryRow> {
    let mut tx = state.db.begin().await?;
    let row = taxonomy::save_category(&mut tx, id, input).await?;
    let action = match id {
        None => "category.create",
        Some(_) => "category.update",
    };
    let change = Change {
        new_values: Some(
            json!({"name": row.name, "slug": row.slug, "parentId": row.parent_id, "isActive": row.is_active}),
        ),
        ..Change::new(action, "category", row.id)
    };
    commit(state, actor, tx, change).await?;
    Ok(row)
}

/// Deletes a category that has no subcategories or products.
pub async fn delete_category(state: &AppState, actor: Actor<'_>, id: Uuid) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    taxonomy::delete_category(&mut tx, id).await?;
    commit(
        state,
        actor,
        tx,
        Change::new("category.delete", "category", id),
    )
    .await
}

/// Creates (`id` None) or replaces a brand; returns it as saved.
pub async fn save_brand(
    state: &AppState,
    actor: Actor<'_>,
    id: Option<Uuid>,
    input: BrandInput,
) -> ApiResult<Brand> {
    let mut tx = state.db.begin().await?;
    let brand = taxonomy::save_brand(&mut tx, id, input).await?;
    let action = match id {
        None => "brand.create",
        Some(_) => "brand.update",
    };
    let change = Change {
        new_values: Some(json!({"name": brand.name, "slug": brand.slug})),
        ..Change::new(action, "brand", brand.id)
    };
    commit(state, actor, tx, change).await?;
    Ok(brand)
}

/// Deletes a brand that has no products.
pub async fn delete_brand(state: &AppState, actor: Actor<'_>, id: Uuid) -> ApiResult<()> {
    let mut tx = state.db.begin().await?;
    taxonomy::delete_brand(&mut tx, id).await?;
    commit(state, actor, tx, Change::new("brand.delete", "brand", id)).await
}
