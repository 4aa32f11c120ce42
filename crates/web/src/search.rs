//! `/tim-kiem`: the storefront's search, over the search module's Rust API. Facets are
//! links that add or drop one filter, so every state of the page is an address a shopper
//! can share, and the page works without script.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use cho_platform::{ApiError, AppState, Vnd};
use cho_search::{Filters, Order, Search};

use crate::catalog::{price, sort_choices, Card, Choice};
use crate::layout::{html, Layout};
use crate::pages::{menu, respond};
use crate::session::Visitor;

pub const SEARCH_PATH: &str = "/tim-kiem";
const PAGE_SIZE: usize = 24;

const ORDERS: &[(Order, &str, &str)] = &[
    (Order::Relevance, "relevance", "Phù hợp nhất"),
    (Order::BestSelling, "best_selling", "Bán chạy"),
    (Order::Newest, "newest", "Mới nhất"),
    (Order::PriceAsc, "price_asc", "Giá thấp đến cao"),
    (Order::PriceDesc, "price_desc", "Giá cao đến thấp"),
    (Order::Rating, "rating", "Đánh giá cao"),
];

/// The page's query string, as links and its form send it. Values that do not parse
/// are ignored, as on a category page.
#[derive(Debug, Clone, Default, PartialEq)]
struct Asked {
    q: String,
    brand: Option<String>,
    category: Option<String>,
    min_price: Option<i64>,
    max_price: Option<i64>,
    in_stock: bool,
    order: Order,
    from: usize,
}

impl Asked {
    fn parse(query: Option<&str>) -> Self {
        let mut asked = Asked::default();
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "q" => asked.q = value.chars().take(200).collect(),
                "brand" => asked.brand = Some(value.to_owned()),
                "category" => asked.category = Some(value.to_owned()),
                "min_price" => asked.min_price = price(value),
                "max_price" => asked.max_price = price(value),
                "in_stock" => asked.in_stock = value == "1",
                "sort" => {
                    if let Some((order, _, _)) = ORDERS.iter().find(|(_, name, _)| *name == value) {
                        asked.order = *order;
                    }
                }
                "from" => {
                    asked.from = value
                        .parse::<usize>()
                        .unwrap_or(0)
                        .min(cho_search::MAX_RESULTS - PAGE_SIZE)
                }
                _ => {}
            }
        }
        asked
    }

    /// The address of this search, from its first result.
    fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.q);
        if let Some(brand) = &self.brand {
            query.append_pair("brand", brand);
        }
        if let Some(category) = &self.category {
            query.append_pair("category", category);
        }
        if let Some(min) = self.min_price {
            query.append_pair("min_price", &min.to_string());
        }
        if let Some(max) = self.max_price {
            query.append_pair("max_price", &max.to_string());
        }
        if self.in_stock {
            query.append_pair("in_stock", "1");
        }
        if self.order != Order::Relevance {
            let name = ORDERS
                .iter()
                .find(|(o, _, _)| *o == self.order)
                .map(|o| o.1);
            query.append_pair("sort", name.unwrap_or("relevance"));
        }
        if self.from > 0 {
            query.append_pair("from", &self.from.to_string());
        }
        format!("{SEARCH_PATH}?{}", query.finish())
    }

    /// This search changed by `change`, from its first page.
    fn with(&self, change: impl FnOnce(&mut Asked)) -> String {
        let mut changed = Asked {
            from: 0,
            ..self.clone()
        };
        change(&mut changed);
        changed.href()
    }

    fn is_filtered(&self) -> bool {
        self.brand.is_some()
            || self.category.is_some()
            || self.min_price.is_some()
            || self.max_price.is_some()
            || self.in_stock
    }
}

/// One value of a facet: a link that chooses it, or drops it when chosen.
pub struct FacetLink {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub chosen: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    total: usize,
    brands: Vec<FacetLink>,
    categories: Vec<FacetLink>,
    prices: Vec<FacetLink>,
    sorts: Vec<Choice>,
    brand: String,
    category: String,
    min_price: String,
    max_price: String,
    in_stock: bool,
    products: Vec<Card>,
    more: Option<String>,
    reset: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    visitor: Visitor,
) -> Response {
    let asked = Asked::parse(query.as_deref());
    respond(&state, &visitor, search_page(&state, &visitor, asked).await).await
}

async fn search_page(
    state: &AppState,
    visitor: &Visitor,
    asked: Asked,
) -> Result<Response, ApiError> {
    let results = cho_search::find(
        state,
        Search {
            text: asked.q.clone(),
            filters: Filters {
                category: asked.category.clone(),
                brand: asked.brand.clone(),
                min_price: asked.min_price,
                max_price: asked.max_price,
                in_stock: asked.in_stock,
            },
            order: asked.order,
            offset: asked.from,
            limit: PAGE_SIZE,
        },
    )
    .await?;
    let title = if asked.q.is_empty() {
        "Tìm kiếm".to_owned()
    } else {
        format!("Tìm kiếm “{}”", asked.q)
    };
    let mut layout = Layout::new(state, menu(state).await?, &title, SEARCH_PATH)
        .for_visitor(visitor)
        .describe(format!(
            "Kết quả tìm kiếm sản phẩm tại {}.",
            crate::StorefrontSettings::of(state).shop_name
        ));
    // Results pages are endless variations of the catalog: not for search engines.
    layout.indexable = false;
    layout.query = asked.q.clone();

    let facet = |slug: &str,
                 name: &str,
                 count: u64,
                 chosen: &Option<String>,
                 pick: fn(&mut Asked, Option<String>)| {
        let is_chosen = chosen.as_deref() == Some(slug);
        FacetLink {
            label: name.to_owned(),
            count,
            chosen: is_chosen,
            href: asked.with(|a| pick(a, (!is_chosen).then(|| slug.to_owned()))),
        }
    };
    let brands = results
        .facets
        .brand
        .iter()
        .map(|b| facet(&b.slug, &b.name, b.count, &asked.brand, |a, v| a.brand = v))
        .collect();
    let categories = results
        .facets
        .category
        .iter()
        .map(|c| {
            facet(&c.slug, &c.name, c.count, &asked.category, |a, v| {
                a.category = v
            })
        })
        .collect();
    let prices = results
        .facets
        .price
        .iter()
        .map(|range| {
            let chosen = asked.min_price == Some(range.min) && asked.max_price == range.max;
            FacetLink {
                label: match range.max {
                    Some(max) => format!("{} – {}", Vnd(range.min), Vnd(max)),
                    None => format!("Từ {}", Vnd(range.min)),
                },
                count: range.count,
                chosen,
                href: asked.with(|a| {
                    (a.min_price, a.max_price) = if chosen {
                        (None, None)
                    } else {
                        (Some(range.min), range.max)
                    }
                }),
            }
        })
        .collect();
    let products = results
        .items
        .iter()
        .map(|item| Card {
            highlight: Some(item.highlight.clone()),
            ..Card::from(&item.product)
        })
        .collect();
    let page = SearchPage {
        layout,
        total: results.total,
        brands,
        categories,
        prices,
        sorts: sort_choices(ORDERS, asked.order),
        brand: asked.brand.clone().unwrap_or_default(),
        category: asked.category.clone().unwrap_or_default(),
        min_price: asked.min_price.map(|p| p.to_string()).unwrap_or_default(),
        max_price: asked.max_price.map(|p| p.to_string()).unwrap_or_default(),
        in_stock: asked.in_stock,
        products,
        more: results.next_offset.map(|from| {
            Asked {
                from,
                ..asked.clone()
            }
            .href()
        }),
        reset: asked.is_filtered().then(|| {
            Asked {
                q: asked.q.clone(),
                ..Asked::default()
            }
            .href()
        }),
        q: asked.q,
    };
    Ok(html(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_round_trips_and_ignores_what_does_not_parse() {
        let asked = Asked::parse(Some(
            "q=%C4%91i%E1%BB%87n+tho%E1%BA%A1i&brand=samsung&min_price=1.000.000&max_price=x&in_stock=1&sort=price_asc&from=24&colour=red",
        ));
        assert_eq!(asked.q, "điện thoại");
        assert_eq!(asked.min_price, Some(1_000_000));
        assert_eq!(asked.max_price, None);
        assert_eq!(asked.order, Order::PriceAsc);
        assert_eq!(
            Asked::parse(Some(asked.href().split_once('?').unwrap().1)),
            asked
        );
        assert!(
            !asked.with(|a| a.brand = None).contains("from="),
            "a change starts at the first page"
        );
        assert_eq!(
            Asked::parse(Some("from=99999999999")).from,
            cho_search::MAX_RESULTS - PAGE_SIZE
        );
    }
}
