//! Products in the back office: the list (drafts and archived ones included), a form
//! for a new product with its first variant, and one product's page: its texts,
//! specifications and images, a form per variant for its price, sale price, stock and
//! availability, another variant, and archiving. Every change is one of catalog's own
//! audited `staff::…` functions.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_catalog::staff as catalog;
use cho_catalog::{ProductDetail, ProductFilter, ProductInput, VariantInput};
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState, Vnd};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::{AdminLayout, NoticeQuery, Staff};
use crate::form::{
    answer, check_name, filled, is_image_address, lines, parse_specs, specs_text, whole, Choice,
    FormErrors,
};
use crate::layout::html;
use crate::pages::{failure_page, respond, stale_form_page, TokenForm};

pub const PATH: &str = "/admin/san-pham";

fn product_path(id: Uuid) -> String {
    format!("{PATH}/{id}")
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub category: String,
    pub price: String,
    pub in_stock: bool,
}

#[derive(Template)]
#[template(path = "admin/products.html")]
struct ListPage {
    layout: AdminLayout,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    sau: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Response {
    let filter = ProductFilter {
        limit: Some(50),
        cursor: query.sau,
        ..Default::default()
    };
    let page = match cho_catalog::page(&state.db, &filter, true).await {
        Ok(page) => page,
        Err(err) => return failure_page(&state, err).await,
    };
    let page = ListPage {
        layout: AdminLayout::new(&state, &staff, "Sản phẩm"),
        rows: page
            .items
            .iter()
            .map(|p| Row {
                href: product_path(p.id),
                name: p.name.clone(),
                category: p.category.name.clone(),
                price: Vnd(p.sale_price.unwrap_or(p.price)).to_string(),
                in_stock: p.in_stock,
            })
            .collect(),
        next: page.next_cursor.map(|c| format!("{PATH}?sau={c}")),
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

/// A product's own fields as the form shows them: typed, or as saved.
#[derive(Deserialize)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    slug: String,
    category: String,
    brand: String,
    status: String,
    featured: Option<String>,
    short_description: String,
    description: String,
    specs: String,
    images: String,
    _csrf: String,
}

impl Default for ProductForm {
    /// A new product goes on sale unless staff keep it as a draft.
    fn default() -> Self {
        ProductForm {
            name: String::new(),
            slug: String::new(),
            category: String::new(),
            brand: String::new(),
            status: "active".into(),
            featured: None,
            short_description: String::new(),
            description: String::new(),
            specs: String::new(),
            images: String::new(),
            _csrf: String::new(),
        }
    }
}

impl ProductForm {
    fn of(product: &ProductDetail) -> Self {
        let summary = &product.summary;
        ProductForm {
            name: summary.name.clone(),
            slug: summary.slug.clone(),
            category: summary.category.id.to_string(),
            brand: summary
                .brand
                .as_ref()
                .map(|b| b.id.to_string())
                .unwrap_or_default(),
            status: product.status.clone(),
            featured: summary.is_featured.then(|| "1".into()),
            short_description: product.short_description.clone().unwrap_or_default(),
            description: product.description.clone().unwrap_or_default(),
            specs: specs_text(&product.specs),
            images: product.image_urls.join("\n"),
            _csrf: String::new(),
        }
    }

    /// The catalog's input, or `None` with the reasons added to `errors`.
    fn input(&self, errors: &mut FormErrors) -> Option<ProductInput> {
        check_name(errors, "name", &self.name, 300);
        let category_id = Uuid::parse_str(&self.category).ok();
        if category_id.is_none() {
            errors.add("category", "Vui lòng chọn danh mục.");
        }
        let brand_id = match self.brand.as_str() {
            "" => None,
            id => Uuid::parse_str(id).ok().or_else(|| {
                errors.add("brand", "Vui lòng chọn thương hiệu trong danh sách.");
                None
            }),
        };
        if !STATUSES.iter().any(|(value, _)| *value == self.status) {
            errors.add("status", "Vui lòng chọn trạng thái trong danh sách.");
        }
        let specs = parse_specs(&self.specs).unwrap_or_else(|message| {
            errors.add("specs", message);
            Value::Null
        });
        let image_urls = lines(&self.images);
        if !image_urls.iter().all(|url| is_image_address(url)) {
            errors.add(
                "images",
                "Mỗi dòng là một địa chỉ ảnh bắt đầu bằng https:// hoặc / (ảnh của cửa hàng).",
            );
        }
        Some(ProductInput {
            name: self.name.clone(),
            slug: filled(&self.slug),
            category_id: category_id?,
            brand_id,
            short_description: filled(&self.short_description),
            description: filled(&self.description),
            specs,
            image_urls,
            status: self.status.clone(),
            is_featured: self.featured.is_some(),
            variants: Vec::new(),
        })
        .filter(|_| errors.is_empty())
    }
}

const STATUSES: [(&str, &str); 3] = [
    ("active", "Đang bán"),
    ("draft", "Bản nháp"),
    ("archived", "Đã lưu trữ"),
];

/// A new variant as typed: on a new product's form, or added to a product.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewVariant {
    variant_name: String,
    sku: String,
    variant_price: String,
    variant_sale_price: String,
    variant_stock: String,
}

impl NewVariant {
    /// The catalog's input, or `None` with the reasons added to `errors`.
    fn input(&self, errors: &mut FormErrors) -> Option<VariantInput> {
        check_name(errors, "variant_name", &self.variant_name, 200);
        let sku = self.sku.trim();
        let sku_ok = !sku.is_empty()
            && sku.len() <= 64
            && sku
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !sku_ok {
            errors.add(
                "sku",
                "Mã SKU gồm 1 đến 64 chữ cái không dấu, chữ số, '-' hoặc '_'.",
            );
        }
        let price = whole(&self.variant_price).filter(|p| *p > 0);
        if price.is_none() {
            errors.add(
                "variant_price",
                "Vui lòng nhập giá bán là số đồng lớn hơn 0.",
            );
        }
        let sale_price = match self.variant_sale_price.trim() {
            "" => None,
            typed => match (whole(typed), price) {
                (Some(sale), Some(price)) if sale > 0 && sale < price => Some(sale),
                _ => {
                    errors.add(
                        "variant_sale_price",
                        "Giá khuyến mãi phải là số đồng lớn hơn 0 và thấp hơn giá bán.",
                    );
                    None
                }
            },
        };
        let stock = whole(&self.variant_stock).filter(|s| *s >= 0);
        if stock.is_none() {
            errors.add(
                "variant_stock",
                "Vui lòng nhập tồn kho là số nguyên không âm.",
            );
        }
        Some(VariantInput {
            name: self.variant_name.trim().to_owned(),
            sku: sku.to_owned(),
            price: price?,
            sale_price,
            stock_quantity: stock?,
            attributes: Value::Object(Default::default()),
            is_active: true,
        })
        .filter(|_| errors.is_empty())
    }
}

/// The lists a product form chooses from.
struct Choices {
    categories: Vec<Choice>,
    brands: Vec<Choice>,
    statuses: Vec<Choice>,
}

async fn choices(state: &AppState) -> Result<Choices, ApiError> {
    let categories = cho_catalog::all_categories(&state.db).await?;
    let brands = cho_catalog::all_brands(&state.db).await?;
    Ok(Choices {
        categories: std::iter::once(Choice::new("", "(Chọn danh mục)"))
            .chain(
                categories
                    .iter()
                    .map(|c| Choice::new(c.id.to_string(), &c.name)),
            )
            .collect(),
        brands: std::iter::once(Choice::new("", "(Không có)"))
            .chain(
                brands
                    .iter()
                    .map(|b| Choice::new(b.id.to_string(), &b.name)),
            )
            .collect(),
        statuses: STATUSES.iter().map(|(v, l)| Choice::new(*v, *l)).collect(),
    })
}

#[derive(Template)]
#[template(path = "admin/new_product.html")]
struct NewPage {
    layout: AdminLayout,
    form: ProductForm,
    variant: NewVariant,
    errors: FormErrors,
    choices: Choices,
}

async fn new_page(
    state: &AppState,
    staff: &Staff,
    form: ProductForm,
    variant: NewVariant,
    errors: FormErrors,
) -> Result<Response, ApiError> {
    let page = NewPage {
        layout: AdminLayout::new(state, staff, "Thêm sản phẩm"),
        choices: choices(state).await?,
        form,
        variant,
        errors,
    };
    Ok(html(page.errors.status(), &page))
}

pub async fn new(State(state): State<AppState>, staff: Staff) -> Response {
    let result = new_page(
        &state,
        &staff,
        ProductForm::default(),
        NewVariant::default(),
        FormErrors::default(),
    )
    .await;
    respond(&state, &staff.visitor, result).await
}

/// A new product's form: the product's fields and its first variant's.
#[derive(Deserialize)]
pub struct NewProductForm {
    #[serde(flatten)]
    product: ProductForm,
    #[serde(flatten)]
    variant: NewVariant,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Form(NewProductForm { product, variant }): Form<NewProductForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&product._csrf) {
        return stale_form_page(&state).await;
    }
    let mut errors = FormErrors::default();
    let input = product.input(&mut errors);
    let first = variant.input(&mut errors);
    if let (Some(mut input), Some(first)) = (input, first) {
        input.variants.push(first);
        let created = catalog::create_product(&state, staff.actor(&client), &input).await;
        match answer(&state, created, |id| notice_path(id, "da-tao"), "slug").await {
            Ok(answer) => return answer,
            Err(refusal) => errors = refusal,
        }
    }
    let result = new_page(&state, &staff, product, variant, errors).await;
    respond(&state, &staff.visitor, result).await
}

pub struct VariantForm {
    pub path: String,
    pub name: String,
    pub sku: String,
    pub price: i64,
    pub sale_price: String,
    pub stock: i64,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/product.html")]
struct DetailPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    /// The name as saved, whatever was typed.
    heading: String,
    status: &'static str,
    archived: bool,
    storefront: String,
    path: String,
    form: ProductForm,
    errors: FormErrors,
    choices: Choices,
    variants: Vec<VariantForm>,
    variant: NewVariant,
    variant_errors: FormErrors,
    archive_path: String,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-tao" => (true, "Đã thêm sản phẩm."),
        "da-luu-thong-tin" => (true, "Đã lưu thông tin sản phẩm."),
        "da-them-phien-ban" => (true, "Đã thêm phiên bản."),
        "da-luu" => (true, "Đã lưu phiên bản."),
        "da-luu-tru" => (
            true,
            "Đã lưu trữ sản phẩm: sản phẩm không còn hiện trên cửa hàng.",
        ),
        "khong-hop-le" => (
            false,
            "Giá, giá khuyến mãi hoặc tồn kho không hợp lệ (giá khuyến mãi phải thấp hơn giá bán).",
        ),
        _ => return None,
    })
}

/// What came back with errors to one product's page: its fields, or a new variant.
enum Typed {
    Nothing,
    Product(ProductForm, FormErrors),
    Variant(NewVariant, FormErrors),
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let result = detail_page(&state, &staff, id, &query.notice, Typed::Nothing).await;
    respond(&state, &staff.visitor, result).await
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    notice_key: &str,
    typed: Typed,
) -> Result<Response, ApiError> {
    let product = cho_catalog::detail(&state.db, &id.to_string(), true).await?;
    let path = product_path(id);
    let summary = &product.summary;
    let (form, errors, variant, variant_errors) = match typed {
        Typed::Nothing => (
            ProductForm::of(&product),
            FormErrors::default(),
            NewVariant::default(),
            FormErrors::default(),
        ),
        Typed::Product(form, errors) => {
            (form, errors, NewVariant::default(), FormErrors::default())
        }
        Typed::Variant(variant, errors) => (
            ProductForm::of(&product),
            FormErrors::default(),
            variant,
            errors,
        ),
    };
    let status = match errors.is_empty() && variant_errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::BAD_REQUEST,
    };
    let page = DetailPage {
        layout: AdminLayout::new(state, staff, &summary.name),
        notice: notice(notice_key),
        heading: summary.name.clone(),
        status: STATUSES
            .iter()
            .find(|(value, _)| *value == product.status)
            .map_or("Đang bán", |(_, label)| label),
        archived: product.status == "archived",
        storefront: crate::catalog::product_href(summary),
        variants: product
            .variants
            .iter()
            .map(|v| VariantForm {
                path: format!("{path}/phien-ban/{}", v.id),
                name: v.name.clone(),
                sku: v.sku.clone(),
                price: v.price,
                sale_price: v.sale_price.map(|p| p.to_string()).unwrap_or_default(),
                stock: v.stock_quantity,
                active: v.is_active,
            })
            .collect(),
        archive_path: format!("{path}/luu-tru"),
        path,
        form,
        errors,
        choices: choices(state).await?,
        variant,
        variant_errors,
    };
    Ok(html(status, &page))
}

/// The product's page, saying `notice`.
fn notice_path(id: Uuid, notice: &str) -> String {
    format!("{}?thong-bao={notice}", product_path(id))
}

fn back(id: Uuid, notice: &str) -> Response {
    Redirect::to(&notice_path(id, notice)).into_response()
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<ProductForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let mut errors = FormErrors::default();
    if let Some(input) = form.input(&mut errors) {
        let saved = catalog::update_product(&state, staff.actor(&client), id, &input).await;
        match answer(
            &state,
            saved,
            |_| notice_path(id, "da-luu-thong-tin"),
            "slug",
        )
        .await
        {
            Ok(answer) => return answer,
            Err(refusal) => errors = refusal,
        }
    }
    let result = detail_page(&state, &staff, id, "", Typed::Product(form, errors)).await;
    respond(&state, &staff.visitor, result).await
}

/// A new variant's form, with its token.
#[derive(Deserialize)]
pub struct NewVariantForm {
    #[serde(flatten)]
    variant: NewVariant,
    #[serde(default)]
    _csrf: String,
}

pub async fn add_variant(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(NewVariantForm { variant, _csrf }): Form<NewVariantForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&_csrf) {
        return stale_form_page(&state).await;
    }
    let mut errors = FormErrors::default();
    if let Some(input) = variant.input(&mut errors) {
        let added = catalog::add_variant(&state, staff.actor(&client), id, &input).await;
        match answer(
            &state,
            added,
            |_| notice_path(id, "da-them-phien-ban"),
            "sku",
        )
        .await
        {
            Ok(answer) => return answer,
            Err(refusal) => errors = refusal,
        }
    }
    let result = detail_page(&state, &staff, id, "", Typed::Variant(variant, errors)).await;
    respond(&state, &staff.visitor, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VariantFormInput {
    price: String,
    sale_price: String,
    stock: String,
    active: Option<String>,
    _csrf: String,
}

pub async fn change_variant(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path((id, variant_id)): Path<(Uuid, Uuid)>,
    Form(form): Form<VariantFormInput>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let result = async {
        let product = cho_catalog::detail(&state.db, &id.to_string(), true).await?;
        let variant = product
            .variants
            .iter()
            .find(|v| v.id == variant_id)
            .ok_or_else(|| ApiError::not_found("variant"))?;
        let sale_price = match form.sale_price.trim() {
            "" => None,
            typed => Some(whole(typed).ok_or_else(|| ApiError::bad_request("salePrice"))?),
        };
        let input = VariantInput {
            name: variant.name.clone(),
            sku: variant.sku.clone(),
            price: whole(&form.price).ok_or_else(|| ApiError::bad_request("price"))?,
            sale_price,
            stock_quantity: whole(&form.stock).ok_or_else(|| ApiError::bad_request("stock"))?,
            attributes: variant.attributes.0.clone(),
            is_active: form.active.is_some(),
        };
        catalog::update_variant(&state, staff.actor(&client), variant_id, &input).await
    }
    .await;
    match result {
        Ok(_) => back(id, "da-luu"),
        Err(err) if err.code() == "invalid_input" => back(id, "khong-hop-le"),
        Err(err) => failure_page(&state, err).await,
    }
}

pub async fn archive(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    match catalog::archive_product(&state, staff.actor(&client), id).await {
        Ok(()) => back(id, "da-luu-tru"),
        Err(err) => failure_page(&state, err).await,
    }
}
