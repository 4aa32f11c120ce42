//! Filtering, counting and ordering what a query's words found, in one pass over the
//! matches: a product that passes every filter is a result and counts in every facet; one
//! that fails a single filter counts only in that filter's facet. So each facet's counts
//! reflect the other filters — choosing a brand still shows how many products every
//! other brand has for the same words, price and stock.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::index::{Labels, BRAND, CATEGORY, CREATED, IN_STOCK, PRICE, RATING, SOLD};

/// What results must be.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A category by slug or id; its subcategories' products are included.
    pub category: Option<String>,
    /// A brand by slug or id.
    pub brand: Option<String>,
    /// The lowest and highest price paid, VND, both included.
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: bool,
}

/// The filters with brand and category as the slugs the index holds. A brand or
/// category the index does not know is kept as given: it matches nothing.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    category: Option<String>,
    brand: Option<String>,
    prices: (i64, i64),
    in_stock: bool,
}

impl Filters {
    pub(crate) fn resolved(&self, labels: &Labels) -> Resolved {
        let slug = |key: &Option<String>| {
            key.as_ref().map(|key| {
                key.parse::<Uuid>()
                    .ok()
                    .and_then(|id| labels.slugs.get(&id).cloned())
                    .unwrap_or_else(|| key.clone())
            })
        };
        Resolved {
            category: slug(&self.category),
            brand: slug(&self.brand),
            prices: (
                self.min_price.unwrap_or(i64::MIN),
                self.max_price.unwrap_or(i64::MAX),
            ),
            in_stock: self.in_stock,
        }
    }
}

/// How results are ordered; ties go to the better match, then to the best seller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    #[default]
    Relevance,
    Newest,
    PriceAsc,
    PriceDesc,
    BestSelling,
    Rating,
}

/// Where the price facet's ranges begin, VND: each range runs to the next bound.
const PRICE_BOUNDS: [i64; 8] = [
    0, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000,
];

/// The counts of a search by brand, by category and by price range, each under the
/// other filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    /// Most products first.
    pub brand: Vec<FacetValue>,
    /// The subcategories of the category chosen (the top-level categories when none is),
    /// most products first.
    pub category: Vec<FacetValue>,
    /// Cheapest first; only ranges with products.
    pub price: Vec<PriceRange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FacetValue {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriceRange {
    /// The lowest price in the range, VND.
    pub min: i64,
    /// The highest (included); none for the last range.
    pub max: Option<i64>,
    pub count: u64,
}

/// A product that passes every filter, with what it is ordered by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    score: Score,
    price: i64,
    sold: i64,
    rating: i64,
    created: i64,
    address: DocAddress,
}

/// The collector of one search: see the module's documentation.
pub(crate) struct Collect<'a> {
    filters: &'a Resolved,
    scored: bool,
}

impl<'a> Collect<'a> {
    pub(crate) fn new(filters: &'a Resolved, scored: bool) -> Self {
        Collect { filters, scored }
    }
}

/// What the segments gathered, merged: the results, and the facet counts by key.
#[derive(Debug, Default)]
pub(crate) struct Gathered {
    pub candidates: Vec<Candidate>,
    brands: HashMap<String, u64>,
    categories: HashMap<String, u64>,
    prices: [u64; PRICE_BOUNDS.len()],
}

/// A string filter as one segment knows it: any value, one term of its dictionary, or a
/// value this segment does not hold.
#[derive(Clone, Copy)]
enum Wanted {
    Any,
    Term(u64),
    Absent,
}

impl Wanted {
    fn of(column: &Option<StrColumn>, key: &Option<String>) -> tantivy::Result<Self> {
        let Some(key) = key else {
            return Ok(Wanted::Any);
        };
        let term = match column {
            Some(column) => column.dictionary().term_ord(key)?,
            None => None,
        };
        Ok(term.map_or(Wanted::Absent, Wanted::Term))
    }

    fn admits(self, terms: &[u64]) -> bool {
        match self {
            Wanted::Any => true,
            Wanted::Term(term) => terms.contains(&term),
            Wanted::Absent => false,
        }
    }
}

impl Collector for Collect<'_> {
    type Fruit = Gathered;
    type Child = SegmentCollect;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCollect> {
        let fast = reader.fast_fields();
        let brand = fast.str(BRAND)?;
        let category = fast.str(CATEGORY)?;
        let terms = |column: &Option<StrColumn>| column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentCollect {
            segment,
            wanted_brand: Wanted::of(&brand, &self.filters.brand)?,
            wanted_category: Wanted::of(&category, &self.filters.category)?,
            brand_counts: vec![0; terms(&brand)],
            category_counts: vec![0; terms(&category)],
            brand,
            category,
            price: fast.i64(PRICE)?,
            in_stock: fast.bool(IN_STOCK)?,
            sold: fast.i64(SOLD)?,
            rating: fast.i64(RATING)?,
            created: fast.i64(CREATED)?,
            filters: self.filters.clone(),
            prices: [0; PRICE_BOUNDS.len()],
            candidates: Vec::new(),
            brand_terms: Vec::new(),
            category_terms: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scored
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let mut merged = Gathered::default();
        for fruit in fruits {
            merged.candidates.extend(fruit.candidates);
            for (key, count) in fruit.brands {
                *merged.brands.entry(key).or_default() += count;
            }
            for (key, count) in fruit.categories {
                *merged.categories.entry(key).or_default() += count;
            }
            for (total, count) in merged.prices.iter_mut().zip(fruit.prices) {
                *total += count;
            }
        }
        Ok(merged)
    }
}

pub(crate) struct SegmentCollect {
    segment: SegmentOrdinal,
    filters: Resolved,
    wanted_brand: Wanted,
    wanted_category: Wanted,
    brand: Option<StrColumn>,
    category: Option<StrColumn>,
    price: Column<i64>,
    in_stock: Column<bool>,
    sold: Column<i64>,
    rating: Column<i64>,
    created: Column<i64>,
    brand_counts: Vec<u64>,
    category_counts: Vec<u64>,
    prices: [u64; PRICE_BOUNDS.len()],
    candidates: Vec<Candidate>,
    // Reused between documents.
    brand_terms: Vec<u64>,
    category_terms: Vec<u64>,
}

/// The filters a product can fail, each counted in its own facet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dimension {
    Brand,
    Category,
    Price,
    Stock,
}

fn price_range(price: i64) -> usize {
    PRICE_BOUNDS.partition_point(|bound| *bound <= price).max(1) - 1
}

impl SegmentCollect {
    fn count(&mut self, dimension: Option<Dimension>, price: i64) {
        let counts = |d: Dimension| dimension.is_none_or(|only| only == d);
        if counts(Dimension::Brand) {
            for term in &self.brand_terms {
                self.brand_counts[*term as usize] += 1;
            }
        }
        if counts(Dimension::Category) {
            for term in &self.category_terms {
                self.category_counts[*term as usize] += 1;
            }
        }
        if counts(Dimension::Price) {
            self.prices[price_range(price)] += 1;
        }
    }
}

fn fill(column: &Option<StrColumn>, doc: DocId, terms: &mut Vec<u64>) {
    terms.clear();
    if let Some(column) = column {
        terms.extend(column.term_ords(doc));
    }
}

impl SegmentCollector for SegmentCollect {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        fill(&self.brand, doc, &mut self.brand_terms);
        fill(&self.category, doc, &mut self.category_terms);
        let price = self.price.first(doc).unwrap_or(0);
        let (low, high) = self.filters.prices;
        let misses = [
            (
                !self.wanted_brand.admits(&self.brand_terms),
                Dimension::Brand,
            ),
            (
                !self.wanted_category.admits(&self.category_terms),
                Dimension::Category,
            ),
            (!(low..=high).contains(&price), Dimension::Price),
            (
                self.filters.in_stock && !self.in_stock.first(doc).unwrap_or(false),
                Dimension::Stock,
            ),
        ];
        let mut missed = misses.iter().filter(|(missed, _)| *missed);
        match (missed.next(), missed.next()) {
            (None, _) => {
                self.count(None, price);
                self.candidates.push(Candidate {
                    score,
                    price,
                    sold: self.sold.first(doc).unwrap_or(0),
                    rating: self.rating.first(doc).unwrap_or(0),
                    created: self.created.first(doc).unwrap_or(0),
                    address: DocAddress::new(self.segment, doc),
                });
            }
            (Some((_, dimension)), None) => self.count(Some(*dimension), price),
            _ => {}
        }
    }

    fn harvest(self) -> Gathered {
        let by_key = |column: &Option<StrColumn>, counts: Vec<u64>| {
            let mut keys = HashMap::new();
            let Some(column) = column else {
                return keys;
            };
            for (term, count) in counts.into_iter().enumerate() {
                let mut key = String::new();
                if count > 0 && column.ord_to_str(term as u64, &mut key).unwrap_or(false) {
                    keys.insert(key, count);
                }
            }
            keys
        };
        Gathered {
            brands: by_key(&self.brand, self.brand_counts),
            categories: by_key(&self.category, self.category_counts),
            prices: self.prices,
            candidates: self.candidates,
        }
    }
}

impl Order {
    fn compare(self, a: &Candidate, b: &Candidate) -> Ordering {
        let by_score = || b.score.total_cmp(&a.score);
        let by_sales = || b.sold.cmp(&a.sold);
        match self {
            Order::Relevance => by_score().then_with(by_sales),
            Order::Newest => b.created.cmp(&a.created).then_with(by_score),
            Order::PriceAsc => a.price.cmp(&b.price).then_with(by_score),
            Order::PriceDesc => b.price.cmp(&a.price).then_with(by_score),
            Order::BestSelling => by_sales().then_with(by_score),
            Order::Rating => b.rating.cmp(&a.rating).then_with(by_sales),
        }
        .then(a.address.cmp(&b.address))
    }
}

impl Gathered {
    /// The results from `offset`, `limit` of them, in `order`: only the first
    /// `offset + limit` are put in order, not every match.
    pub(crate) fn page(&mut self, order: Order, offset: usize, limit: usize) -> Vec<DocAddress> {
        let end = (offset + limit).min(self.candidates.len());
        if offset >= end {
            return Vec::new();
        }
        let compare = |a: &Candidate, b: &Candidate| order.compare(a, b);
        if end < self.candidates.len() {
            self.candidates.select_nth_unstable_by(end, compare);
        }
        let head = &mut self.candidates[..end];
        head.sort_unstable_by(compare);
        head[offset..].iter().map(|c| c.address).collect()
    }

    pub(crate) fn facets(&self, labels: &Labels, filters: &Resolved) -> Facets {
        let value = |category: &cho_catalog::Ref, count: u64| FacetValue {
            id: category.id,
            slug: category.slug.clone(),
            name: category.name.clone(),
            count,
        };
        let most_first = |values: &mut Vec<FacetValue>| {
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)))
        };
        let mut brand: Vec<FacetValue> = self
            .brands
            .iter()
            .filter_map(|(slug, count)| labels.brands.get(slug).map(|b| value(b, *count)))
            .collect();
        most_first(&mut brand);
        // A chosen category drills down to its subcategories; a leaf shows itself.
        let level = |parent: Option<&String>| -> Vec<FacetValue> {
            self.categories
                .iter()
                .filter_map(|(slug, count)| {
                    let label = labels.categories.get(slug)?;
                    (label.parent.as_ref() == parent).then(|| value(&label.category, *count))
                })
                .collect()
        };
        let mut category = level(filters.category.as_ref());
        if let (true, Some(chosen)) = (category.is_empty(), filters.category.as_ref()) {
            if let (Some(label), Some(count)) =
                (labels.categories.get(chosen), self.categories.get(chosen))
            {
                category.push(value(&label.category, *count));
            }
        }
        most_first(&mut category);
        let price = self
            .prices
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(range, count)| PriceRange {
                min: PRICE_BOUNDS[range],
                max: PRICE_BOUNDS.get(range + 1).map(|next| next - 1),
                count: *count,
            })
            .collect();
        Facets {
            brand,
            category,
            price,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::{id, product, reference};
    use crate::{ProductIndex, Search};

    /// Phones and laptops of two brands at several prices; one phone is out of stock.
    fn shop() -> ProductIndex {
        let phones = [reference("dien-thoai", "Điện thoại")];
        let laptops = [reference("laptop", "Laptop")];
        let mut products = Vec::new();
        for (key, name, brand, categories, price, in_stock, sold) in [
            (
                "a1",
                "Điện thoại Apple 1",
                "Apple",
                &phones,
                25_000_000,
                true,
                5,
            ),
            (
                "a2",
                "Điện thoại Apple 2",
                "Apple",
                &phones,
                15_000_000,
                false,
                9,
            ),
            (
                "s1",
                "Điện thoại Samsung 1",
                "Samsung",
                &phones,
                4_000_000,
                true,
                1,
            ),
            ("l1", "Laptop Apple", "Apple", &laptops, 30_000_000, true, 3),
            (
                "l2",
                "Laptop Samsung",
                "Samsung",
                &laptops,
                12_000_000,
                true,
                7,
            ),
        ] {
            let mut product = product(key, name, brand, "", "");
            product.categories = categories.to_vec();
            product.price = price;
            product.in_stock = in_stock;
            product.sold_count = sold;
            products.push(product);
        }
        // A subcategory under phones, to drill down to.
        let mut gaming = product("g1", "Điện thoại gaming", "Samsung", "", "");
        gaming.categories = vec![phones[0].clone(), reference("gaming", "Gaming")];
        gaming.price = 8_000_000;
        products.push(gaming);
        let index = ProductIndex::in_memory().unwrap();
        index.replace_all(&products).unwrap();
        index
    }

    fn search(text: &str, filters: Filters, order: Order) -> Search {
        Search {
            filters,
            order,
            ..Search::text(text, 10)
        }
    }

    fn counts(values: &[FacetValue]) -> Vec<(&str, u64)> {
        values.iter().map(|v| (v.slug.as_str(), v.count)).collect()
    }

    #[test]
    fn each_facet_counts_under_the_other_filters() {
        let index = shop();
        let apple_in_stock = Filters {
            brand: Some("apple".into()),
            in_stock: true,
            ..Filters::default()
        };
        let found = index
            .find(&search("điện thoại", apple_in_stock, Order::Relevance))
            .unwrap();
        assert_eq!(found.ids, [id("a1")]);
        assert_eq!(found.total, 1);
        // Brands: every phone in stock, whatever its brand.
        assert_eq!(counts(&found.facets.brand), [("samsung", 2), ("apple", 1)]);
        assert_eq!(counts(&found.facets.category), [("dien-thoai", 1)]);
        assert_eq!(
            found.facets.price,
            [PriceRange {
                min: 20_000_000,
                max: Some(49_999_999),
                count: 1
            }]
        );
    }

    #[test]
    fn a_category_by_slug_or_id_drills_down_and_prices_are_ranges() {
        let index = shop();
        let phones = Filters {
            category: Some(reference("dien-thoai", "").id.to_string()),
            max_price: Some(9_999_999),
            ..Filters::default()
        };
        let found = index.find(&search("", phones, Order::PriceAsc)).unwrap();
        assert_eq!(found.ids, [id("s1"), id("g1")]);
        assert_eq!(counts(&found.facets.category), [("gaming", 1)]);
        let prices: Vec<(i64, u64)> = found
            .facets
            .price
            .iter()
            .map(|p| (p.min, p.count))
            .collect();
        assert_eq!(
            prices,
            [
                (2_000_000, 1),
                (5_000_000, 1),
                (10_000_000, 1),
                (20_000_000, 1)
            ],
            "the price facet ignores the price filter"
        );
        let unknown = Filters {
            brand: Some("nokia".into()),
            ..Filters::default()
        };
        let found = index.find(&search("", unknown, Order::Relevance)).unwrap();
        assert_eq!(found.total, 0);
        assert_eq!(counts(&found.facets.brand), [("apple", 3), ("samsung", 3)]);
    }

    #[test]
    fn orders_and_pages_cover_every_result_once() {
        let index = shop();
        let by = |order| {
            index
                .find(&search("", Filters::default(), order))
                .unwrap()
                .ids
        };
        assert_eq!(by(Order::BestSelling)[0], id("a2"));
        assert_eq!(by(Order::PriceDesc)[0], id("l1"));
        assert_eq!(by(Order::PriceAsc)[0], id("s1"));
        let all = by(Order::PriceAsc);
        let mut paged = Vec::new();
        for offset in (0..8).step_by(2) {
            let page = Search {
                offset,
                limit: 2,
                ..search("", Filters::default(), Order::PriceAsc)
            };
            paged.extend(index.find(&page).unwrap().ids);
        }
        assert_eq!(paged, all);
    }
}
