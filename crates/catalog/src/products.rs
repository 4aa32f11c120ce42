//! Reading the catalog: filtered, sorted, cursor-paginated lists and details.

use bytes::Bytes;
use cho_platform::db::{Arg, Args, Backend, Db};
use cho_platform::pagination::{decode_cursor, encode_cursor, Page};
use cho_platform::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::types::Json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{cards, taxonomy};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ref {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
}

/// A product as lists show it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductSummary {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    /// Price of the cheapest variant, VND.
    pub price: i64,
    /// Its sale price, when on sale.
    pub sale_price: Option<i64>,
    pub brand: Option<Ref>,
    pub category: Ref,
    pub image_url: Option<String>,
    /// Average rating, 0 to 5.
    pub avg_rating: f64,
    pub review_count: i64,
    pub sold_count: i64,
    pub in_stock: bool,
    pub is_featured: bool,
    pub created_at: DateTime<Utc>,
}

/// A product as lists show it, read as a row: a detail reads one, [`crate::cards`] one per
/// card it writes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub(crate) id: Uuid,
    slug: String,
    name: String,
    price: i64,
    sale_price: Option<i64>,
    image_urls: Json<Vec<String>>,
    avg_rating: i64,
    review_count: i64,
    sold_count: i64,
    in_stock: bool,
    is_featured: bool,
    created_at: DateTime<Utc>,
    category_id: Uuid,
    category_name: String,
    category_slug: String,
    brand_id: Option<Uuid>,
    brand_name: Option<String>,
    brand_slug: Option<String>,
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT p.id, p.slug, p.name, p.price, p.sale_price, p.image_urls,
    p.avg_rating, p.review_count, p.sold_count, p.in_stock, p.is_featured, p.created_at,
    c.id AS category_id, c.name AS category_name, c.slug AS category_slug,
    b.id AS brand_id, b.name AS brand_name, b.slug AS brand_slug
  FROM products p JOIN categories c ON c.id = p.category_id LEFT JOIN brands b ON b.id = p.brand_id";

impl SummaryRow {
    pub(crate) fn into_summary(self) -> ProductSummary {
        ProductSummary {
            id: self.id,
            slug: self.slug,
            name: self.name,
            price: self.price,
            sale_price: self.sale_price,
            brand: match (self.brand_id, self.brand_name, self.brand_slug) {
                (Some(id), Some(name), Some(slug)) => Some(Ref { id, name, slug }),
                _ => None,
            },
            category: Ref {
                id: self.category_id,
                name: self.category_name,
                slug: self.category_slug,
            },
            image_url: self.image_urls.0.into_iter().next(),
            avg_rating: self.avg_rating as f64 / 100.0,
            review_count: self.review_count,
            sold_count: self.sold_count,
            in_stock: self.in_stock,
            is_featured: self.is_featured,
            created_at: self.created_at,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    Newest,
    #[serde(alias = "price")]
    PriceAsc,
    #[serde(alias = "-price")]
    PriceDesc,
    BestSelling,
    Rating,
}

impl Sort {
    /// The sort column and whether it descends; ties break on id the same way.
    fn key(self) -> (&'static str, bool) {
        match self {
            Sort::Newest => ("p.id", true),
            Sort::PriceAsc => ("p.effective_price", false),
            Sort::PriceDesc => ("p.effective_price", true),
            Sort::BestSelling => ("p.sold_count", true),
            Sort::Rating => ("p.avg_rating", true),
        }
    }

    /// The sort value a cursor carries (none for newest: the id alone orders it).
    fn cursor_value(self) -> &'static str {
        match self {
            Sort::Newest => "0",
            _ => self.key().0,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProductFilter {
    /// Category slug or id; products of its subcategories are included.
    pub category: Option<String>,
    /// Brand slug or id.
    pub brand: Option<String>,
    /// Lowest price paid (sale price when on sale), VND.
    pub min_price: Option<i64>,
    /// Highest price paid, VND.
    pub max_price: Option<i64>,
    /// Only products with a variant in stock.
    pub in_stock: Option<bool>,
    /// Only featured products.
    pub featured: Option<bool>,
    /// Only products on sale (a variant's sale price under its price).
    pub on_sale: Option<bool>,
    /// `newest` (default), `price_asc`, `price_desc`, `best_selling` or `rating`.
    #[param(inline)]
    pub sort: Option<Sort>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
}

/// The key of the last row of a page: its sort value and id.
type CursorKey = (i64, Uuid);

/// A page of products as the JSON of a `Page<ProductSummary>`, assembled from each
/// product's card (see [`crate::cards`]) without building or parsing JSON per row;
/// shoppers see active products, the back office (`include_hidden`) all of them.
pub async fn list(db: &Db, filter: &ProductFilter, include_hidden: bool) -> ApiResult<Bytes> {
    let limit = cho_platform::pagination::limit(filter.limit)?;
    let sort = filter.sort.unwrap_or_default();
    let mut args = Args::default();
    let mut conditions = vec![if include_hidden {
        "TRUE".to_owned()
    } else {
        format!("p.status = {}", args.push(Arg::Text("active".into())))
    }];

    if let Some(category) = &filter.category {
        let categories = taxonomy::all_categories(db).await?;
        let ids = taxonomy::with_descendants(&categories, category)
            .ok_or_else(|| ApiError::bad_request(format!("no category '{category}'")))?;
        let placeholders: Vec<String> =
            ids.into_iter().map(|id| args.push(Arg::Uuid(id))).collect();
        conditions.push(format!("p.category_id IN ({})", placeholders.join(", ")));
    }
    if let Some(brand) = &filter.brand {
        let slug = args.push(Arg::Text(brand.clone()));
        let id_condition = match Uuid::parse_str(brand) {
            Ok(id) => format!(" OR id = {}", args.push(Arg::Uuid(id))),
            Err(_) => String::new(),
        };
        conditions.push(format!(
            "p.brand_id IN (SELECT id FROM brands WHERE slug = {slug}{id_condition})"
        ));
    }
    match (filter.min_price, filter.max_price) {
        (Some(min), _) if min < 0 => {
            return Err(ApiError::bad_request("minPrice must not be negative"))
        }
        (Some(min), Some(max)) if min > max => {
            return Err(ApiError::bad_request("minPrice must not exceed maxPrice"))
        }
        _ => {}
    }
    if let Some(min) = filter.min_price {
        conditions.push(format!("p.effective_price >= {}", args.push(Arg::I64(min))));
    }
    if let Some(max) = filter.max_price {
        conditions.push(format!("p.effective_price <= {}", args.push(Arg::I64(max))));
    }
    if let Some(in_stock) = filter.in_stock {
        conditions.push(format!("p.in_stock = {}", args.push(Arg::Bool(in_stock))));
    }
    if let Some(featured) = filter.featured {
        conditions.push(format!(
            "p.is_featured = {}",
            args.push(Arg::Bool(featured))
        ));
    }

    match filter.on_sale {
        Some(true) => conditions.push("p.sale_price IS NOT NULL".into()),
        Some(false) => conditions.push("p.sale_price IS NULL".into()),
        None => {}
    }

    let (column, descending) = sort.key();
    let (cmp, dir) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(cursor) = &filter.cursor {
        let (value, id): CursorKey = decode_cursor(cursor)?;
        let id = args.push(Arg::Uuid(id));
        if sort == Sort::Newest {
            conditions.push(format!("p.id {cmp} {id}"));
        } else {
            let value = args.push(Arg::I64(value));
            conditions.push(format!(
                "({column} {cmp} {value} OR ({column} = {value} AND p.id {cmp} {id}))"
            ));
        }
    }
    let order = if sort == Sort::Newest {
        format!("p.id {dir}")
    } else {
        format!("{column} {dir}, p.id {dir}")
    };
    let limit_placeholder = args.push(Arg::I64(limit + 1));
    let page = format!(
        "SELECT {entry} AS entry, p.id, p.effective_price, p.sold_count, p.avg_rating
         FROM products p
         WHERE {}
         ORDER BY {order}
         LIMIT {limit_placeholder}",
        conditions.join(" AND "),
        entry = cards::list_entry(db.backend()),
    );
    let (aggregate, newline, id_text) = match db.backend() {
        Backend::Sqlite => ("group_concat", "char(10)", "hex(p.id)"),
        Backend::Postgres => ("string_agg", "chr(10)", "CAST(p.id AS TEXT)"),
    };
    let key = format!("{} || ' ' || {id_text}", sort.cursor_value());
    // Both aggregates take the rows in the same order, whichever it is: `page_json` sorts
    // the entries by their keys (cheaper than the database sorting wide rows again).
    let sql = format!(
        "SELECT {aggregate}(p.entry, {newline}), {aggregate}({key}, {newline}), COUNT(*) -
         COUNT(p.entry)
         FROM ({page}) AS p"
    );
    loop {
        let (entries, keys, without_card): (Option<String>, Option<String>, i64) =
            db.query(&sql).bind_args(&args).fetch_one().await?;
        if without_card > 0 {
            cards::write_missing(db).await?;
            continue;
        }
        return page_json(entries, keys, limit, descending);
    }
}

/// The JSON of a `Page<ProductSummary>` from up to `limit + 1` entries and their cursor
/// keys (`value id`, in the same order), each list newline-separated (compact JSON has no
/// raw newline).
fn page_json(
    entries: Option<String>,
    keys: Option<String>,
    limit: i64,
    descending: bool,
) -> ApiResult<Bytes> {
    let mut rows = Vec::with_capacity(limit as usize + 1);
    if let (Some(entries), Some(keys)) = (entries.as_deref(), keys.as_deref()) {
        for (entry, key) in entries.split('\n').zip(keys.split('\n')) {
            rows.push((parse_key(key)?, entry));
        }
    }
    rows.sort_unstable_by_key(|(key, _)| *key);
    if descending {
        rows.reverse();
    }
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = match rows.last() {
        Some((key, _)) if has_more => Some(encode_cursor(key)),
        _ => None,
    };
    let items: Vec<&str> = rows.iter().map(|(_, entry)| *entry).collect();
    let next_cursor = serde_json::to_string(&next_cursor).map_err(anyhow::Error::from)?;
    Ok(Bytes::from(format!(
        r#"{{"items":[{}],"nextCursor":{next_cursor}}}"#,
        items.join(",")
    )))
}

fn parse_key(key: &str) -> ApiResult<CursorKey> {
    key.split_once(' ')
        .and_then(|(value, id)| Some((value.parse().ok()?, Uuid::parse_str(id).ok()?)))
        .ok_or_else(|| anyhow::anyhow!("not a list key: {key:?}").into())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Variant {
    pub id: Uuid,
    pub sku: String,
    pub name: String,
    pub price: i64,
    pub sale_price: Option<i64>,
    pub stock_quantity: i64,
    #[schema(value_type = Object)]
    pub attributes: Json<Value>,
    pub is_active: bool,
}

/// A product page's data.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductDetail {
    #[serde(flatten)]
    pub summary: ProductSummary,
    pub short_description: Option<String>,
    pub description: Option<String>,
    /// Specification groups, e.g. `{"Màn hình": {"Kích thước": "6.9 inch"}}`.
    #[schema(value_type = Object)]
    pub specs: Value,
    pub image_urls: Vec<String>,
    pub status: String,
    pub variants: Vec<Variant>,
}

#[derive(sqlx::FromRow)]
struct DetailExtras {
    short_description: Option<String>,
    description: Option<String>,
    specs: Json<Value>,
    image_urls: Json<Vec<String>>,
    status: String,
}

/// A page of products as a Rust caller (the storefront, the back office) reads it: the
/// list the API sends; `include_hidden` adds drafts and archived products.
pub async fn page(
    db: &Db,
    filter: &ProductFilter,
    include_hidden: bool,
) -> ApiResult<Page<ProductSummary>> {
    let body = list(db, filter, include_hidden).await?;
    serde_json::from_slice(&body).map_err(ApiError::internal)
}

/// A product by slug (or id); `include_hidden` also finds drafts and archived ones.
pub async fn detail(db: &Db, slug_or_id: &str, include_hidden: bool) -> ApiResult<ProductDetail> {
    let mut args = Args::default();
    let mut by = format!("p.slug = {}", args.push(Arg::Text(slug_or_id.to_owned())));
    if let Ok(id) = Uuid::parse_str(slug_or_id) {
        by = format!("({by} OR p.id = {})", args.push(Arg::Uuid(id)));
    }
    let visibility = if include_hidden {
        ""
    } else {
        " AND p.status = 'active'"
    };
    let sql = format!("{SUMMARY_SELECT} WHERE {by}{visibility}");
    let row: SummaryRow = db
        .query(&sql)
        .bind_args(&args)
        .fetch_optional::<SummaryRow>()
        .await?
        .ok_or_else(|| ApiError::not_found("product"))?;
    let id = row.id;
    let extras: DetailExtras = db
        .query(
            "SELECT short_description, description, specs, image_urls, status
             FROM products
             WHERE id = $1",
        )
        .bind(id)
        .fetch_one()
        .await?;
    let active_only = if include_hidden {
        ""
    } else {
        " AND is_active = TRUE"
    };
    let variants_sql = format!(
        "SELECT id, sku, name, price, sale_price, stock_quantity, attributes, is_active
         FROM product_variants
         WHERE product_id = $1{active_only}
         ORDER BY COALESCE(sale_price, price), id"
    );
    let variants: Vec<Variant> = db.query(&variants_sql).bind(id).fetch_all().await?;
    Ok(ProductDetail {
        summary: row.into_summary(),
        short_description: extras.short_description,
        description: extras.description,
        specs: extras.specs.0,
        image_urls: extras.image_urls.0,
        status: extras.status,
        variants,
    })
}
