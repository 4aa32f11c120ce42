//! The shop window: the home page, a category's products with filters, sort and
//! pagination, and a product's page. Each reads the catalog through its Rust API.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cho_catalog::{CategoryRow, ProductDetail, ProductFilter, ProductSummary, Sort};
use cho_platform::{ApiError, AppState, Vnd};
use serde_json::{json, Value};

use crate::layout::{absolute, html, Layout, Link};
use crate::pages::{menu, respond};
use crate::session::Visitor;

/// A product as a grid shows it.
pub struct Card {
    pub name: String,
    pub href: String,
    pub image: Option<String>,
    pub brand: Option<String>,
    /// What the shopper pays, formatted (`12.990.000 ₫`).
    pub price: String,
    /// The list price when on sale, struck through beside the price.
    pub list_price: Option<String>,
    pub discount_percent: Option<i64>,
    pub in_stock: bool,
    /// The name as HTML with the words a search matched marked (escaped by search).
    pub highlight: Option<String>,
}

/// What one unit costs and, when on sale, the price it replaces.
fn prices(price: i64, sale_price: Option<i64>) -> (i64, Option<i64>) {
    match sale_price.filter(|sale| *sale < price) {
        Some(sale) => (sale, Some(price)),
        None => (price, None),
    }
}

fn discount_percent(paid: i64, list: i64) -> i64 {
    if list <= 0 {
        return 0;
    }
    (list - paid) * 100 / list
}

pub fn product_href(product: &ProductSummary) -> String {
    format!("/{}/{}", product.category.slug, product.slug)
}

impl From<&ProductSummary> for Card {
    fn from(product: &ProductSummary) -> Self {
        let (paid, list) = prices(product.price, product.sale_price);
        Card {
            name: product.name.clone(),
            href: product_href(product),
            image: product.image_url.clone(),
            brand: product.brand.as_ref().map(|b| b.name.clone()),
            price: Vnd(paid).to_string(),
            list_price: list.map(|l| Vnd(l).to_string()),
            discount_percent: list.map(|l| discount_percent(paid, l)),
            in_stock: product.in_stock,
            highlight: None,
        }
    }
}

fn cards(products: &[ProductSummary]) -> Vec<Card> {
    products.iter().map(Card::from).collect()
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
    categories: Vec<Link>,
    featured: Vec<Card>,
    deals: Vec<Card>,
    newest: Vec<Card>,
}

pub async fn home(State(state): State<AppState>, visitor: Visitor) -> Response {
    respond(&state, &visitor, home_page(&state, &visitor).await).await
}

async fn home_page(state: &AppState, visitor: &Visitor) -> Result<Response, ApiError> {
    let menu = menu(state).await?;
    let list = |filter: ProductFilter| async move {
        cho_catalog::page(
            &state.db,
            &ProductFilter {
                limit: Some(8),
                ..filter
            },
            false,
        )
        .await
    };
    let featured = list(ProductFilter {
        featured: Some(true),
        ..Default::default()
    })
    .await?;
    let deals = list(ProductFilter {
        on_sale: Some(true),
        sort: Some(Sort::BestSelling),
        ..Default::default()
    })
    .await?;
    let newest = list(ProductFilter::default()).await?;
    let layout = Layout::new(state, menu, "", "/")
        .for_visitor(visitor)
        .with_structured_data(&json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": crate::StorefrontSettings::of(state).shop_name,
            "url": absolute(state, "/"),
        }));
    let page = Home {
        categories: layout
            .menu
            .iter()
            .map(|l| Link {
                name: l.name.clone(),
                href: l.href.clone(),
            })
            .collect(),
        layout,
        featured: cards(&featured.items),
        deals: cards(&deals.items),
        newest: cards(&newest.items),
    };
    Ok(html(StatusCode::OK, &page))
}

/// A category page's filters, as its form sends them. Values that do not parse are
/// ignored, as a shop ignores a mistyped filter rather than refusing the page.
#[derive(Debug, Default)]
struct Filters {
    brand: Option<String>,
    sort: Sort,
    in_stock: bool,
    min_price: Option<i64>,
    max_price: Option<i64>,
    cursor: Option<String>,
}

const SORTS: &[(Sort, &str, &str)] = &[
    (Sort::Newest, "newest", "Mới nhất"),
    (Sort::BestSelling, "best_selling", "Bán chạy"),
    (Sort::PriceAsc, "price_asc", "Giá thấp đến cao"),
    (Sort::PriceDesc, "price_desc", "Giá cao đến thấp"),
    (Sort::Rating, "rating", "Đánh giá cao"),
];

/// A price as a shopper types it (`1.000.000`, `1 000 000`), or none if it is not one.
pub fn price(typed: &str) -> Option<i64> {
    typed
        .replace(['.', ' '], "")
        .parse::<i64>()
        .ok()
        .filter(|p| *p >= 0)
}

/// A sort picker's options, `chosen` selected: each option is its value, its form
/// name and its label.
pub fn sort_choices<T: Copy + PartialEq>(options: &[(T, &str, &str)], chosen: T) -> Vec<Choice> {
    options
        .iter()
        .map(|(option, value, label)| Choice {
            value: (*value).into(),
            label: (*label).into(),
            selected: *option == chosen,
        })
        .collect()
}

impl Filters {
    fn parse(query: Option<&str>) -> Self {
        let mut filters = Filters::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "brand" => filters.brand = Some(value.to_owned()),
                "sort" => {
                    if let Some((sort, _, _)) = SORTS.iter().find(|(_, name, _)| *name == value) {
                        filters.sort = *sort;
                    }
                }
                "in_stock" => filters.in_stock = value == "1",
                "min_price" => filters.min_price = price(value),
                "max_price" => filters.max_price = price(value),
                "cursor" => filters.cursor = Some(value.to_owned()),
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (filters.min_price, filters.max_price) {
            if min > max {
                (filters.min_price, filters.max_price) = (Some(max), Some(min));
            }
        }
        filters
    }

    /// The query of these filters on another page of results.
    fn query(&self, cursor: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(brand) = &self.brand {
            query.append_pair("brand", brand);
        }
        if self.sort != Sort::Newest {
            let name = SORTS.iter().find(|(s, _, _)| *s == self.sort).map(|s| s.1);
            query.append_pair("sort", name.unwrap_or("newest"));
        }
        if self.in_stock {
            query.append_pair("in_stock", "1");
        }
        if let Some(min) = self.min_price {
            query.append_pair("min_price", &min.to_string());
        }
        if let Some(max) = self.max_price {
            query.append_pair("max_price", &max.to_string());
        }
        if let Some(cursor) = cursor {
            query.append_pair("cursor", cursor);
        }
        query.finish()
    }

    fn is_filtered(&self) -> bool {
        self.brand.is_some()
            || self.in_stock
            || self.min_price.is_some()
            || self.max_price.is_some()
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "category.html")]
struct CategoryPage {
    layout: Layout,
    name: String,
    description: Option<String>,
    breadcrumbs: Vec<Link>,
    subcategories: Vec<Link>,
    brands: Vec<Choice>,
    sorts: Vec<Choice>,
    in_stock: bool,
    min_price: String,
    max_price: String,
    products: Vec<Card>,
    more: Option<String>,
    filtered: bool,
}

/// The trail from the home page to `category`, the category included.
fn trail(categories: &[CategoryRow], category: &CategoryRow) -> Vec<Link> {
    let mut trail = vec![Link {
        name: category.name.clone(),
        href: format!("/{}", category.slug),
    }];
    let mut parent = category.parent_id;
    while let Some(row) = parent.and_then(|id| categories.iter().find(|c| c.id == id)) {
        trail.push(Link {
            name: row.name.clone(),
            href: format!("/{}", row.slug),
        });
        parent = row.parent_id;
    }
    trail.push(Link {
        name: "Trang chủ".into(),
        href: "/".into(),
    });
    trail.reverse();
    trail
}

fn breadcrumb_list(state: &AppState, trail: &[Link]) -> Value {
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, link)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": link.name,
                "item": absolute(state, &link.href),
            })
        })
        .collect();
    json!({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
}

pub async fn category(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
    visitor: Visitor,
) -> Response {
    let filters = Filters::parse(query.as_deref());
    respond(
        &state,
        &visitor,
        category_page(&state, &visitor, &slug, filters).await,
    )
    .await
}

async fn category_page(
    state: &AppState,
    visitor: &Visitor,
    slug: &str,
    filters: Filters,
) -> Result<Response, ApiError> {
    let categories = cho_catalog::all_categories(&state.db).await?;
    let category = categories
        .iter()
        .find(|c| c.slug == slug && c.is_active)
        .ok_or_else(|| ApiError::not_found("category"))?;
    let page = cho_catalog::page(
        &state.db,
        &ProductFilter {
            category: Some(category.slug.clone()),
            brand: filters.brand.clone(),
            min_price: filters.min_price,
            max_price: filters.max_price,
            in_stock: filters.in_stock.then_some(true),
            sort: Some(filters.sort),
            limit: Some(24),
            cursor: filters.cursor.clone(),
            ..Default::default()
        },
        false,
    )
    .await?;
    let brands = cho_catalog::all_brands(&state.db).await?;
    let breadcrumbs = trail(&categories, category);
    let path = format!("/{}", category.slug);
    let mut layout = Layout::new(state, menu(state).await?, &category.name, &path)
        .for_visitor(visitor)
        .describe(format!(
            "{} chính hãng, giá tốt, giao nhanh toàn quốc tại {}.",
            category.name,
            crate::StorefrontSettings::of(state).shop_name
        ))
        .with_structured_data(&breadcrumb_list(state, &breadcrumbs));
    // A filtered or later page is the same listing: search engines index the first.
    layout.indexable = !filters.is_filtered() && filters.cursor.is_none();
    let page = CategoryPage {
        layout,
        name: category.name.clone(),
        description: category.description.clone(),
        subcategories: categories
            .iter()
            .filter(|c| c.parent_id == Some(category.id) && c.is_active)
            .map(|c| Link {
                name: c.name.clone(),
                href: format!("/{}", c.slug),
            })
            .collect(),
        breadcrumbs,
        brands: brands
            .iter()
            .map(|b| Choice {
                selected: filters.brand.as_deref() == Some(b.slug.as_str()),
                value: b.slug.clone(),
                label: b.name.clone(),
            })
            .collect(),
        sorts: sort_choices(SORTS, filters.sort),
        in_stock: filters.in_stock,
        min_price: filters.min_price.map(|p| p.to_string()).unwrap_or_default(),
        max_price: filters.max_price.map(|p| p.to_string()).unwrap_or_default(),
        products: cards(&page.items),
        more: page
            .next_cursor
            .as_deref()
            .map(|cursor| format!("{path}?{}", filters.query(Some(cursor)))),
        filtered: filters.is_filtered(),
    };
    Ok(html(StatusCode::OK, &page))
}

pub struct VariantView {
    pub id: String,
    pub name: String,
    pub sku: String,
    pub price: String,
    pub list_price: Option<String>,
    pub stock: String,
    pub in_stock: bool,
    /// The most a shopper can put in the cart.
    pub max_quantity: i64,
}

pub struct SpecGroup {
    pub name: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "product.html")]
struct ProductPage {
    layout: Layout,
    breadcrumbs: Vec<Link>,
    name: String,
    brand: Option<String>,
    images: Vec<String>,
    price: String,
    list_price: Option<String>,
    discount_percent: Option<i64>,
    in_stock: bool,
    short_description: Option<String>,
    paragraphs: Vec<String>,
    variants: Vec<VariantView>,
    specs: Vec<SpecGroup>,
    /// This page's path, where adding to the cart comes back to after signing in.
    path: String,
}

pub async fn product(
    State(state): State<AppState>,
    Path((category, slug)): Path<(String, String)>,
    visitor: Visitor,
) -> Response {
    respond(
        &state,
        &visitor,
        product_page(&state, &visitor, &category, &slug).await,
    )
    .await
}

fn spec_groups(specs: &Value) -> Vec<SpecGroup> {
    let text = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let Some(groups) = specs.as_object() else {
        return Vec::new();
    };
    groups
        .iter()
        .map(|(name, rows)| SpecGroup {
            name: name.clone(),
            rows: match rows.as_object() {
                Some(rows) => rows.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
                None => vec![(name.clone(), text(rows))],
            },
        })
        .collect()
}

fn product_data(state: &AppState, product: &ProductDetail, href: &str) -> Value {
    let offers: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            let (paid, _) = prices(v.price, v.sale_price);
            json!({
                "@type": "Offer",
                "sku": v.sku,
                "name": v.name,
                "price": paid,
                "priceCurrency": "VND",
                "availability": if v.stock_quantity > 0 {
                    "https://schema.org/InStock"
                } else {
                    "https://schema.org/OutOfStock"
                },
                "url": absolute(state, href),
            })
        })
        .collect();
    let summary = &product.summary;
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": summary.name,
        "image": product.image_urls.iter().map(|i| absolute(state, i)).collect::<Vec<_>>(),
        "description": product.short_description.as_deref().or(product.description.as_deref()).unwrap_or(&summary.name),
        "offers": offers,
    });
    if let Some(brand) = &summary.brand {
        data["brand"] = json!({"@type": "Brand", "name": brand.name});
    }
    data
}

async fn product_page(
    state: &AppState,
    visitor: &Visitor,
    category: &str,
    slug: &str,
) -> Result<Response, ApiError> {
    let product = cho_catalog::detail(&state.db, slug, false).await?;
    let summary = &product.summary;
    let href = product_href(summary);
    // One address per product: a link under another category moves to it.
    if summary.category.slug != category {
        return Ok(Redirect::permanent(&href).into_response());
    }
    let categories = cho_catalog::all_categories(&state.db).await?;
    let mut breadcrumbs = match categories.iter().find(|c| c.id == summary.category.id) {
        Some(category) => trail(&categories, category),
        None => Vec::new(),
    };
    breadcrumbs.push(Link {
        name: summary.name.clone(),
        href: href.clone(),
    });
    let (paid, list) = prices(summary.price, summary.sale_price);
    let description = product
        .short_description
        .clone()
        .unwrap_or_else(|| format!("{} chính hãng, giá {}.", summary.name, Vnd(paid)));
    let mut layout = Layout::new(state, menu(state).await?, &summary.name, &href)
        .for_visitor(visitor)
        .describe(description)
        .with_structured_data(&product_data(state, &product, &href))
        .with_structured_data(&breadcrumb_list(state, &breadcrumbs));
    layout.og_type = "product";
    layout.og_image = product.image_urls.first().map(|i| absolute(state, i));
    let page = ProductPage {
        layout,
        breadcrumbs,
        name: summary.name.clone(),
        brand: summary.brand.as_ref().map(|b| b.name.clone()),
        images: product.image_urls.clone(),
        price: Vnd(paid).to_string(),
        list_price: list.map(|l| Vnd(l).to_string()),
        discount_percent: list.map(|l| discount_percent(paid, l)),
        in_stock: summary.in_stock,
        short_description: product.short_description.clone(),
        paragraphs: product
            .description
            .as_deref()
            .unwrap_or("")
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
        variants: product
            .variants
            .iter()
            .map(|v| {
                let (paid, list) = prices(v.price, v.sale_price);
                VariantView {
                    id: v.id.to_string(),
                    name: v.name.clone(),
                    sku: v.sku.clone(),
                    price: Vnd(paid).to_string(),
                    list_price: list.map(|l| Vnd(l).to_string()),
                    stock: if v.stock_quantity > 0 {
                        format!("Còn {} sản phẩm", v.stock_quantity)
                    } else {
                        "Hết hàng".into()
                    },
                    in_stock: v.stock_quantity > 0,
                    max_quantity: v.stock_quantity.min(cho_sales::pricing::MAX_LINE_QUANTITY),
                }
            })
            .collect(),
        specs: spec_groups(&product.specs),
        path: href,
    };
    Ok(html(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sale_price_under_the_list_price_is_what_the_shopper_pays() {
        assert_eq!(prices(1_000_000, Some(900_000)), (900_000, Some(1_000_000)));
        assert_eq!(prices(1_000_000, Some(1_000_000)), (1_000_000, None));
        assert_eq!(prices(1_000_000, None), (1_000_000, None));
        assert_eq!(discount_percent(900_000, 1_000_000), 10);
    }

    #[test]
    fn filters_ignore_what_does_not_parse_and_order_a_reversed_range() {
        let filters = Filters::parse(Some(
            "brand=apple&sort=price_asc&in_stock=1&min_price=20.000.000&max_price=5000000&utm_source=x",
        ));
        assert_eq!(filters.brand.as_deref(), Some("apple"));
        assert_eq!(filters.sort, Sort::PriceAsc);
        assert!(filters.in_stock);
        assert_eq!(
            (filters.min_price, filters.max_price),
            (Some(5_000_000), Some(20_000_000))
        );
        let junk = Filters::parse(Some("sort=%00&min_price=-5&max_price=abc&cursor="));
        assert_eq!(junk.sort, Sort::Newest);
        assert_eq!(
            (junk.min_price, junk.max_price, junk.cursor),
            (None, None, None)
        );
        assert_eq!(
            filters.query(Some("c")),
            "brand=apple&sort=price_asc&in_stock=1&min_price=5000000&max_price=20000000&cursor=c"
        );
    }

    #[test]
    fn specs_become_groups_of_rows() {
        let groups = spec_groups(&json!({"Màn hình": {"Kích thước": "6.9 inch", "Tần số": 120}}));
        assert_eq!(groups.len(), 1);
        assert_eq!(
            groups[0].rows,
            vec![
                ("Kích thước".to_owned(), "6.9 inch".to_owned()),
                ("Tần số".to_owned(), "120".to_owned()),
            ]
        );
    }
}
