//! The product index: one document per product, each text field indexed twice (its
//! exact and its folded terms, see [`crate::analyzer`]), plus what results are filtered,
//! counted and sorted on (brand, category path, price, stock, sales, rating, age) as fast
//! fields. A query's every word must match, exactly (boosted most), folded, as the
//! beginning of a word, or — folded, for words of 5 letters or more — within one edit
//! (two from 9 letters); a query with no words browses. [`crate::facets`] filters,
//! counts and orders what the words found.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use cho_catalog::{Ref, Searchable};
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};
use uuid::Uuid;

use crate::analyzer::{self, EXACT, FOLDED};
use crate::facets::{self, Facets, Filters, Order};

/// The fast fields [`crate::facets`] reads, by name.
pub(crate) const BRAND: &str = "brand_key";
pub(crate) const CATEGORY: &str = "category_key";
pub(crate) const PRICE: &str = "price";
pub(crate) const IN_STOCK: &str = "in_stock";
pub(crate) const SOLD: &str = "sold";
pub(crate) const RATING: &str = "rating";
pub(crate) const CREATED: &str = "created";

/// One text field as its exact and its folded twin.
#[derive(Clone, Copy)]
struct Twin {
    exact: Field,
    folded: Field,
    /// How much a match in this field counts against one in the others.
    weight: f32,
}

/// How a folded match counts against an exact one, a prefix or a typo against a word.
const FOLDED_WEIGHT: f32 = 0.6;
const PREFIX_WEIGHT: f32 = 0.3;
const TYPO_WEIGHT: f32 = 0.2;
/// The words of a query that are searched; the rest are ignored.
const MAX_QUERY_WORDS: usize = 16;
/// How deep results can be paged: past this, a shopper should narrow the search.
pub const MAX_RESULTS: usize = 10_000;

/// What a search asks for.
#[derive(Debug, Clone)]
pub struct Search {
    /// What the shopper typed; no words at all browses every product.
    pub text: String,
    pub filters: Filters,
    pub order: Order,
    /// How many results to skip (`offset + limit` at most [`MAX_RESULTS`]).
    pub offset: usize,
    pub limit: usize,
}

impl Search {
    pub fn text(text: &str, limit: usize) -> Self {
        Search {
            text: text.to_owned(),
            filters: Filters::default(),
            order: Order::default(),
            offset: 0,
            limit,
        }
    }
}

/// What a search found: one page of products, how many there are in all, and the
/// facets of the search.
#[derive(Debug, Clone)]
pub struct Found {
    pub ids: Vec<Uuid>,
    pub total: usize,
    pub facets: Facets,
}

/// The names behind the keys the index counts by, and where each category sits.
#[derive(Debug, Default)]
pub(crate) struct Labels {
    pub brands: HashMap<String, Ref>,
    pub categories: HashMap<String, CategoryLabel>,
    /// A brand's or a category's slug by its id, for filters given by id.
    pub slugs: HashMap<Uuid, String>,
}

#[derive(Debug, Clone)]
pub(crate) struct CategoryLabel {
    pub category: Ref,
    pub parent: Option<String>,
}

pub struct ProductIndex {
    index: Index,
    reader: IndexReader,
    id: Field,
    text: [Twin; 4],
    brand: Field,
    category: Field,
    price: Field,
    in_stock: Field,
    sold: Field,
    rating: Field,
    created: Field,
    labels: RwLock<Arc<Labels>>,
}

impl ProductIndex {
    /// An empty index held in memory.
    pub fn in_memory() -> tantivy::Result<Self> {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | STORED);
        let options = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        // The name is also stored: suggestions complete to it.
        let mut twin = |name: &str, weight: f32| Twin {
            exact: schema.add_text_field(
                name,
                if name == "name" {
                    options(EXACT).set_stored()
                } else {
                    options(EXACT)
                },
            ),
            folded: schema.add_text_field(&format!("{name}_folded"), options(FOLDED)),
            weight,
        };
        let text = [
            twin("name", 3.0),
            twin("brand", 2.0),
            twin("category", 1.5),
            twin("details", 1.0),
        ];
        let brand = schema.add_text_field(BRAND, STRING | FAST);
        let category = schema.add_text_field(CATEGORY, STRING | FAST);
        let price = schema.add_i64_field(PRICE, FAST);
        let in_stock = schema.add_bool_field(IN_STOCK, FAST);
        let sold = schema.add_i64_field(SOLD, FAST);
        let rating = schema.add_i64_field(RATING, FAST);
        let created = schema.add_i64_field(CREATED, FAST);
        let index = Index::create_in_ram(schema.build());
        analyzer::register(&index);
        let reader = index.reader()?;
        Ok(ProductIndex {
            index,
            reader,
            id,
            text,
            brand,
            category,
            price,
            in_stock,
            sold,
            rating,
            created,
            labels: RwLock::default(),
        })
    }

    /// Replaces the index's documents with `products`, committed together.
    pub fn replace_all(&self, products: &[Searchable]) -> tantivy::Result<()> {
        let mut writer: IndexWriter = self.index.writer(50_000_000)?;
        writer.delete_all_documents()?;
        for product in products {
            writer.add_document(self.document(product))?;
        }
        writer.commit()?;
        self.reader.reload()?;
        *self.labels.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(labels(products));
        Ok(())
    }

    fn document(&self, product: &Searchable) -> TantivyDocument {
        let [name, brand, category, details] = self.text;
        let brand_name = product.brand.as_ref().map(|b| b.name.as_str());
        let path: Vec<&str> = product.categories.iter().map(|c| c.name.as_str()).collect();
        let path = path.join(" · ");
        let mut document = TantivyDocument::new();
        document.add_text(self.id, product.id.to_string());
        for (twin, text) in [
            (name, product.name.as_str()),
            (brand, brand_name.unwrap_or_default()),
            (category, path.as_str()),
            (details, product.details.as_str()),
        ] {
            document.add_text(twin.exact, text);
            document.add_text(twin.folded, text);
        }
        if let Some(brand) = &product.brand {
            document.add_text(self.brand, &brand.slug);
        }
        for category in &product.categories {
            document.add_text(self.category, &category.slug);
        }
        document.add_i64(self.price, product.price);
        document.add_bool(self.in_stock, product.in_stock);
        document.add_i64(self.sold, product.sold_count);
        document.add_i64(self.rating, product.rating);
        document.add_i64(self.created, product.created_at.timestamp());
        document
    }

    /// One page of the products `search` finds, with their number and the facets.
    pub fn find(&self, search: &Search) -> tantivy::Result<Found> {
        let labels = self
            .labels
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let words = self.query(&search.text);
        let scored = words.is_some();
        let query: Box<dyn Query> = match words {
            Some(query) => Box::new(query),
            None => Box::new(AllQuery),
        };
        let filters = search.filters.resolved(&labels);
        let searcher = self.reader.searcher();
        let mut gathered = searcher.search(&query, &facets::Collect::new(&filters, scored))?;
        let total = gathered.candidates.len();
        let page = gathered.page(search.order, search.offset, search.limit);
        let ids = page
            .into_iter()
            .map(|address| {
                let document: TantivyDocument = searcher.doc(address)?;
                let id = document.get_first(self.id).and_then(|v| v.as_str());
                id.and_then(|id| id.parse().ok()).ok_or_else(|| {
                    tantivy::TantivyError::InternalError(format!("document without id {id:?}"))
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Found {
            ids,
            total,
            facets: gathered.facets(&labels, &filters),
        })
    }

    fn gather(
        &self,
        searcher: &tantivy::Searcher,
        text: &str,
        filters: &facets::Resolved,
    ) -> tantivy::Result<facets::Gathered> {
        let words = self.query(text);
        let scored = words.is_some();
        let query: Box<dyn Query> = match words {
            Some(query) => Box::new(query),
            None => Box::new(AllQuery),
        };
        searcher.search(&query, &facets::Collect::new(filters, scored))
    }

    /// At most `limit` completions of `text`: brands and categories whose words begin
    /// with every word typed (accents optional), then the names of the products the
    /// words find best (so a typo still completes).
    pub fn suggest(&self, text: &str, limit: usize) -> tantivy::Result<Vec<String>> {
        let typed = analyzer::terms(text);
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        let begins = |name: &str| {
            let words = analyzer::terms(name);
            typed
                .iter()
                .all(|t| words.iter().any(|w| w.folded.starts_with(&t.folded)))
        };
        let labels = self
            .labels
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut found: Vec<String> = labels
            .brands
            .values()
            .map(|b| &b.name)
            .chain(labels.categories.values().map(|c| &c.category.name))
            .filter(|name| begins(name))
            .cloned()
            .collect();
        found.sort_by_key(|name| name.chars().count());
        let searcher = self.reader.searcher();
        let filters = Filters::default().resolved(&labels);
        let mut gathered = self.gather(&searcher, text, &filters)?;
        for address in gathered.page(Order::Relevance, 0, limit) {
            let document: TantivyDocument = searcher.doc(address)?;
            if let Some(name) = document
                .get_first(self.text[0].exact)
                .and_then(|v| v.as_str())
            {
                found.push(name.to_owned());
            }
        }
        let mut seen = std::collections::HashSet::new();
        found.retain(|name| seen.insert(name.to_lowercase()));
        found.truncate(limit);
        Ok(found)
    }

    /// Every word must match; a word mixing letters and digits also matches as its parts.
    fn query(&self, text: &str) -> Option<BooleanQuery> {
        // The analyzer gives a mixed word, then its parts at the same and next positions.
        let mut words: Vec<(analyzer::Term, Vec<analyzer::Term>)> = Vec::new();
        for term in analyzer::terms(text) {
            match words.last_mut() {
                Some((whole, parts)) if term.from >= whole.from && term.to <= whole.to => {
                    parts.push(term)
                }
                _ => words.push((term, Vec::new())),
            }
        }
        if words.is_empty() {
            return None;
        }
        // A shopper types a few words; a pasted page must not cost thousands of clauses.
        words.truncate(MAX_QUERY_WORDS);
        let clauses = words
            .iter()
            .map(|(whole, parts)| {
                let whole = self.word(whole);
                let query: Box<dyn Query> = if parts.is_empty() {
                    whole
                } else {
                    let parts = BooleanQuery::new(
                        parts.iter().map(|p| (Occur::Must, self.word(p))).collect(),
                    );
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Should, whole),
                        (Occur::Should, Box::new(parts)),
                    ]))
                };
                (Occur::Must, query)
            })
            .collect();
        Some(BooleanQuery::new(clauses))
    }

    /// One word in every field: exactly, folded, as a word's beginning, or with a typo.
    fn word(&self, word: &analyzer::Term) -> Box<dyn Query> {
        let letters = word.folded.chars().count();
        let typos = match letters {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let mut ways: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for twin in self.text {
            let exact = Term::from_field_text(twin.exact, &word.exact);
            let folded = Term::from_field_text(twin.folded, &word.folded);
            let boosted = |query: Box<dyn Query>, weight: f32| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(query, twin.weight * weight)),
                )
            };
            ways.push(boosted(
                Box::new(TermQuery::new(exact, IndexRecordOption::WithFreqs)),
                1.0,
            ));
            ways.push(boosted(
                Box::new(TermQuery::new(folded.clone(), IndexRecordOption::WithFreqs)),
                FOLDED_WEIGHT,
            ));
            if letters >= 2 {
                ways.push(boosted(
                    Box::new(FuzzyTermQuery::new_prefix(folded.clone(), 0, true)),
                    PREFIX_WEIGHT,
                ));
            }
            if typos > 0 {
                ways.push(boosted(
                    Box::new(FuzzyTermQuery::new(folded, typos, true)),
                    TYPO_WEIGHT,
                ));
            }
        }
        Box::new(BooleanQuery::new(ways))
    }
}

fn labels(products: &[Searchable]) -> Labels {
    let mut labels = Labels::default();
    for product in products {
        if let Some(brand) = &product.brand {
            labels.slugs.insert(brand.id, brand.slug.clone());
            labels.brands.insert(brand.slug.clone(), brand.clone());
        }
        let mut parent = None;
        for category in &product.categories {
            labels.slugs.insert(category.id, category.slug.clone());
            labels.categories.insert(
                category.slug.clone(),
                CategoryLabel {
                    category: category.clone(),
                    parent: parent.clone(),
                },
            );
            parent = Some(category.slug.clone());
        }
    }
    labels
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn reference(slug: &str, name: &str) -> Ref {
        Ref {
            id: id(slug),
            name: name.into(),
            slug: slug.into(),
        }
    }

    /// A product in the test shop; its id is derived from `key` so a test can name it.
    pub(crate) fn product(
        key: &str,
        name: &str,
        brand: &str,
        category: &str,
        details: &str,
    ) -> Searchable {
        Searchable {
            id: id(key),
            name: name.into(),
            brand: Some(reference(&brand.to_lowercase().replace(' ', "-"), brand)),
            categories: vec![reference(
                &category.to_lowercase().replace(' ', "-"),
                category,
            )],
            details: details.into(),
            price: 1_000_000,
            in_stock: true,
            sold_count: 0,
            rating: 0,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    /// The same id for the same key, different ones for different keys.
    pub(crate) fn id(key: &str) -> Uuid {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let hash = |salt: u8| {
            let mut hasher = DefaultHasher::new();
            (salt, key).hash(&mut hasher);
            hasher.finish()
        };
        Uuid::from_u64_pair(hash(0), hash(1))
    }

    fn shop() -> ProductIndex {
        let index = ProductIndex::in_memory().unwrap();
        index
            .replace_all(&[
                product(
                    "ip15pm",
                    "iPhone 15 Pro Max 256GB",
                    "Apple",
                    "Điện thoại iPhone",
                    "IP15PM-256 Titan tự nhiên",
                ),
                product(
                    "ip15",
                    "iPhone 15 128GB",
                    "Apple",
                    "Điện thoại iPhone",
                    "IP15-128 Hồng",
                ),
                product(
                    "s24u",
                    "Samsung Galaxy S24 Ultra",
                    "Samsung",
                    "Điện thoại Android",
                    "SS-S24U 12GB RAM",
                ),
                product(
                    "nang",
                    "Xịt chống nắng Anessa",
                    "Anessa",
                    "Mỹ phẩm",
                    "SPF50+",
                ),
                product(
                    "dh",
                    "Điều hoà Daikin Inverter 1.5 tấn",
                    "Daikin",
                    "Điều hòa",
                    "FTKB35",
                ),
                product(
                    "cho",
                    "Thức ăn cho chó Royal Canin",
                    "Royal Canin",
                    "Thú cưng",
                    "Hạt khô",
                ),
                product(
                    "cho2",
                    "Giỏ đi chợ gấp gọn",
                    "Lock&Lock",
                    "Gia dụng",
                    "Nhựa PP",
                ),
                product(
                    "rtx",
                    "Laptop Gaming ASUS TUF RTX 4060",
                    "ASUS",
                    "Laptop Gaming",
                    "16GB RAM",
                ),
            ])
            .unwrap();
        index
    }

    fn top(index: &ProductIndex, query: &str) -> Vec<Uuid> {
        index.find(&Search::text(query, 3)).unwrap().ids
    }

    fn ids(keys: &[&str]) -> Vec<Uuid> {
        keys.iter().map(|k| id(k)).collect()
    }

    #[test]
    fn accents_typed_or_not_and_either_tone_placement_find_the_product() {
        let index = shop();
        assert_eq!(top(&index, "xit chong nang"), ids(&["nang"]));
        assert_eq!(top(&index, "xịt chống nắng"), ids(&["nang"]));
        assert_eq!(top(&index, "điều hòa 1,5 tấn"), ids(&["dh"]));
        assert_eq!(top(&index, "dieu hoa"), ids(&["dh"]));
    }

    #[test]
    fn the_accents_typed_rank_first_and_are_never_a_typo() {
        let index = shop();
        assert_eq!(top(&index, "chó")[0], id("cho"));
        assert_eq!(top(&index, "chợ")[0], id("cho2"));
        let both = top(&index, "cho");
        assert!(both.contains(&id("cho")) && both.contains(&id("cho2")));
    }

    #[test]
    fn model_numbers_prefixes_and_typos() {
        let index = shop();
        assert_eq!(top(&index, "iphone15")[0], id("ip15"));
        assert_eq!(top(&index, "ip 15 pro max")[0], id("ip15pm"));
        assert_eq!(top(&index, "s24 ultra"), ids(&["s24u"]));
        assert_eq!(top(&index, "rtx 4060"), ids(&["rtx"]));
        assert_eq!(
            top(&index, "samsnug galaxy"),
            ids(&["s24u"]),
            "one typo in a long word"
        );
        assert_eq!(top(&index, "IP15PM-256"), ids(&["ip15pm"]), "a SKU");
        assert_eq!(
            top(&index, "hoa"),
            ids(&["dh"]),
            "a short word is matched, never fuzzed into 'cho'"
        );
    }

    #[test]
    fn suggestions_complete_brands_categories_and_names() {
        let index = shop();
        let phones = index.suggest("dien th", 3).unwrap();
        assert_eq!(phones[..2], ["Điện thoại iPhone", "Điện thoại Android"]);
        assert_eq!(phones.len(), 3, "then a product's name: {phones:?}");
        let samsung = index.suggest("sams", 5).unwrap();
        assert_eq!(samsung, ["Samsung", "Samsung Galaxy S24 Ultra"]);
        assert_eq!(
            index.suggest("samsnug galaxy", 5).unwrap(),
            ["Samsung Galaxy S24 Ultra"]
        );
        assert!(index.suggest("", 5).unwrap().is_empty());
        assert!(index.suggest("!!!", 5).unwrap().is_empty());
    }

    #[test]
    fn queries_with_no_words_browse_and_never_fail() {
        let index = shop();
        for query in [
            "",
            "   ",
            "\"",
            "AND (",
            "*",
            "~",
            ":",
            "😀",
            &"a".repeat(10_000),
        ] {
            let _ = index.find(&Search::text(query, 10)).unwrap();
        }
        let browsed = index.find(&Search::text("!!!", 10)).unwrap();
        assert_eq!(
            browsed.total, 8,
            "punctuation alone is no word: every product"
        );
    }
}
