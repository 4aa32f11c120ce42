//! `/v1/products`, `/v1/categories`, `/v1/brands` and their `/v1/admin/…` writes.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Json;
use cho_platform::auth::StaffUser;
use cho_platform::cache::json_response;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{ClientInfo, Json as Body, Path, Query};
use cho_platform::pagination::Page;
use cho_platform::{ApiResult, AppState};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::admin::{ProductInput, VariantInput};
use crate::products::{self, ProductDetail, ProductFilter, ProductSummary};
use crate::staff::{self, Actor};
use crate::taxonomy::{self, Brand, BrandInput, CategoryInput, CategoryNode};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_products))
        .routes(routes!(product_detail))
        .routes(routes!(list_categories))
        .routes(routes!(category_products))
        .routes(routes!(list_brands))
        .routes(routes!(admin_list_products, create_product))
        .routes(routes!(admin_product, update_product, archive_product))
        .routes(routes!(add_variant))
        .routes(routes!(update_variant, deactivate_variant))
        .routes(routes!(create_category))
        .routes(routes!(update_category, delete_category))
        .routes(routes!(create_brand))
        .routes(routes!(update_brand, delete_brand))
}

/// Products, filtered and sorted, a page at a time.
#[utoipa::path(get, path = "/products", tag = "catalog", params(ProductFilter),
    responses((status = 200, body = Page<ProductSummary>), (status = 400, body = ErrorBody)))]
async fn list_products(
    State(state): State<AppState>,
    uri: Uri,
    Query(filter): Query<ProductFilter>,
) -> ApiResult<Response> {
    state
        .cache
        .body(uri.to_string(), || {
            products::list(&state.db, &filter, false)
        })
        .await
}

/// One product with its variants, specs and images.
#[utoipa::path(get, path = "/products/{slug}", tag = "catalog",
    responses((status = 200, body = ProductDetail), (status = 404, body = ErrorBody)))]
async fn product_detail(
    State(state): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> ApiResult<Response> {
    state
        .cache
        .json(uri.to_string(), || {
            products::detail(&state.db, &slug, false)
        })
        .await
}

#[derive(Serialize, ToSchema)]
struct CategoryTree {
    items: Vec<CategoryNode>,
}

/// The category tree.
#[utoipa::path(get, path = "/categories", tag = "catalog", responses((status = 200, body = CategoryTree)))]
async fn list_categories(State(state): State<AppState>, uri: Uri) -> ApiResult<Response> {
    state
        .cache
        .json(uri.to_string(), || category_tree(&state))
        .await
}

async fn category_tree(state: &AppState) -> ApiResult<CategoryTree> {
    let rows = taxonomy::all_categories(&state.db).await?;
    Ok(CategoryTree {
        items: taxonomy::tree(&rows),
    })
}

/// Products of a category and its subcategories.
#[utoipa::path(get, path = "/categories/{slug}/products", tag = "catalog", params(ProductFilter),
    responses((status = 200, body = Page<ProductSummary>), (status = 400, body = ErrorBody)))]
async fn category_products(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    uri: Uri,
    Query(mut filter): Query<ProductFilter>,
) -> ApiResult<Response> {
    filter.category = Some(slug);
    state
        .cache
        .body(uri.to_string(), || {
            products::list(&state.db, &filter, false)
        })
        .await
}

#[derive(Serialize, ToSchema)]
struct BrandList {
    items: Vec<Brand>,
}

/// The brands.
#[utoipa::path(get, path = "/brands", tag = "catalog", responses((status = 200, body = BrandList)))]
async fn list_brands(State(state): State<AppState>, uri: Uri) -> ApiResult<Response> {
    state
        .cache
        .json(uri.to_string(), || async {
            Ok(BrandList {
                items: taxonomy::all_brands(&state.db).await?,
            })
        })
        .await
}

fn actor<'a>(staff: &StaffUser, client: &'a ClientInfo) -> Actor<'a> {
    Actor {
        staff: staff.0.id,
        client,
    }
}

/// Creates a product with its variants.
#[utoipa::path(post, path = "/admin/products", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = ProductInput,
    responses((status = 201, body = ProductDetail), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_product(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Body(input): Body<ProductInput>,
) -> ApiResult<(StatusCode, Json<ProductDetail>)> {
    let id = staff::create_product(&state, actor(&staff, &client), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(products::detail(&state.db, &id.to_string(), true).await?),
    ))
}

/// Products in every status (drafts and archived too), for the back office.
#[utoipa::path(get, path = "/admin/products", tag = "admin-catalog", security(("bearer" = [])), params(ProductFilter),
    responses((status = 200, body = Page<ProductSummary>)))]
async fn admin_list_products(
    State(state): State<AppState>,
    _staff: StaffUser,
    Query(filter): Query<ProductFilter>,
) -> ApiResult<Response> {
    Ok(json_response(
        products::list(&state.db, &filter, true).await?,
    ))
}

/// A product in any status, for the back office.
#[utoipa::path(get, path = "/admin/products/{id}", tag = "admin-catalog", security(("bearer" = [])),
    responses((status = 200, body = ProductDetail), (status = 404, body = ErrorBody)))]
async fn admin_product(
    State(state): State<AppState>,
    _staff: StaffUser,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ProductDetail>> {
    Ok(Json(
        products::detail(&state.db, &id.to_string(), true).await?,
    ))
}

/// Replaces a product's fields (not its variants).
#[utoipa::path(put, path = "/admin/products/{id}", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = ProductInput,
    responses((status = 200, body = ProductDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_product(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(input): Body<ProductInput>,
) -> ApiResult<Json<ProductDetail>> {
    staff::update_product(&state, actor(&staff, &client), id, &input).await?;
    Ok(Json(
        products::detail(&state.db, &id.to_string(), true).await?,
    ))
}

/// Archives a product (orders keep their snapshot of it).
#[utoipa::path(delete, path = "/admin/products/{id}", tag = "admin-catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn archive_product(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    staff::archive_product(&state, actor(&staff, &client), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a variant to a product.
#[utoipa::path(post, path = "/admin/products/{id}/variants", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = VariantInput,
    responses((status = 201, body = ProductDetail), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn add_variant(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(input): Body<VariantInput>,
) -> ApiResult<(StatusCode, Json<ProductDetail>)> {
    staff::add_variant(&state, actor(&staff, &client), id, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(products::detail(&state.db, &id.to_string(), true).await?),
    ))
}

/// Withdraws a variant from sale (orders keep their snapshot of it).
#[utoipa::path(delete, path = "/admin/variants/{id}", tag = "admin-catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn deactivate_variant(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    staff::deactivate_variant(&state, actor(&staff, &client), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces a variant: price, sale price, stock, attributes, availability.
#[utoipa::path(put, path = "/admin/variants/{id}", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = VariantInput,
    responses((status = 200, body = ProductDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_variant(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(input): Body<VariantInput>,
) -> ApiResult<Json<ProductDetail>> {
    let product_id = staff::update_variant(&state, actor(&staff, &client), id, &input).await?;
    Ok(Json(
        products::detail(&state.db, &product_id.to_string(), true).await?,
    ))
}

/// Creates a category.
#[utoipa::path(post, path = "/admin/categories", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = CategoryInput,
    responses((status = 201, body = CategoryTree), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_category(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Body(input): Body<CategoryInput>,
) -> ApiResult<(StatusCode, Json<CategoryTree>)> {
    staff::save_category(&state, actor(&staff, &client), None, input).await?;
    Ok((StatusCode::CREATED, Json(category_tree(&state).await?)))
}

/// Replaces a category.
#[utoipa::path(put, path = "/admin/categories/{id}", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = CategoryInput,
    responses((status = 200, body = CategoryTree), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_category(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(input): Body<CategoryInput>,
) -> ApiResult<Json<CategoryTree>> {
    staff::save_category(&state, actor(&staff, &client), Some(id), input).await?;
    Ok(Json(category_tree(&state).await?))
}

/// Deletes a category that has no subcategories or products.
#[utoipa::path(delete, path = "/admin/categories/{id}", extensions(("x-error-codes" = json!(["category_in_use"]))), tag = "admin-catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_category(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    staff::delete_category(&state, actor(&staff, &client), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a brand.
#[utoipa::path(post, path = "/admin/brands", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = BrandInput,
    responses((status = 201, body = Brand), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_brand(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Body(input): Body<BrandInput>,
) -> ApiResult<(StatusCode, Json<Brand>)> {
    let brand = staff::save_brand(&state, actor(&staff, &client), None, input).await?;
    Ok((StatusCode::CREATED, Json(brand)))
}

/// Replaces a brand.
#[utoipa::path(put, path = "/admin/brands/{id}", extensions(("x-error-codes" = json!(["already_taken"]))), tag = "admin-catalog", security(("bearer" = [])), request_body = BrandInput,
    responses((status = 200, body = Brand), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_brand(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(input): Body<BrandInput>,
) -> ApiResult<Json<Brand>> {
    let brand = staff::save_brand(&state, actor(&staff, &client), Some(id), input).await?;
    Ok(Json(brand))
}

/// Deletes a brand that has no products.
#[utoipa::path(delete, path = "/admin/brands/{id}", extensions(("x-error-codes" = json!(["brand_in_use"]))), tag = "admin-catalog", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_brand(
    State(state): State<AppState>,
    staff: StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    staff::delete_brand(&state, actor(&staff, &client), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
