//! The product index: one document per product, each text field indexed twice (its
//! exact and its folded terms, see [`crate::analyzer`]), and the query that searches
//! them: every word of the query must match, exactly (boosted most), folded, as the
//! beginning of a word, or — folded, for words of 5 letters or more — within one edit
//! (two from 9 letters).

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, TantivyDocument, Term};

use crate::analyzer::{self, EXACT, FOLDED};

/// What the index knows of a product.
#[derive(Debug, Clone, Default)]
pub struct ProductDoc {
    pub id: String,
    pub name: String,
    pub brand: String,
    /// Its category and the categories above it.
    pub categories: Vec<String>,
    /// Its variants' SKUs and names, its specifications and its description.
    pub details: String,
}

impl From<cho_catalog::Searchable> for ProductDoc {
    fn from(product: cho_catalog::Searchable) -> Self {
        ProductDoc {
            id: product.id.to_string(),
            name: product.name,
            brand: product.brand.unwrap_or_default(),
            categories: product.categories,
            details: product.details,
        }
    }
}

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

pub struct ProductIndex {
    index: Index,
    reader: IndexReader,
    id: Field,
    fields: [Twin; 4],
}

/// A product found, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub score: f32,
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
        let mut twin = |name: &str, weight: f32| Twin {
            exact: schema.add_text_field(name, options(EXACT)),
            folded: schema.add_text_field(&format!("{name}_folded"), options(FOLDED)),
            weight,
        };
        let fields = [
            twin("name", 3.0),
            twin("brand", 2.0),
            twin("category", 1.5),
            twin("details", 1.0),
        ];
        let index = Index::create_in_ram(schema.build());
        analyzer::register(&index);
        let reader = index.reader()?;
        Ok(ProductIndex {
            index,
            reader,
            id,
            fields,
        })
    }

    /// Replaces the index's documents with `products`, committed together.
    pub fn replace_all(&self, products: &[ProductDoc]) -> tantivy::Result<()> {
        let mut writer: IndexWriter = self.index.writer(50_000_000)?;
        writer.delete_all_documents()?;
        for product in products {
            writer.add_document(self.document(product))?;
        }
        writer.commit()?;
        self.reader.reload()
    }

    fn document(&self, product: &ProductDoc) -> TantivyDocument {
        let [name, brand, category, details] = self.fields;
        let categories = product.categories.join(" · ");
        let mut document = doc!(self.id => product.id.clone());
        for (twin, text) in [
            (name, product.name.as_str()),
            (brand, product.brand.as_str()),
            (category, categories.as_str()),
            (details, product.details.as_str()),
        ] {
            document.add_text(twin.exact, text);
            document.add_text(twin.folded, text);
        }
        document
    }

    /// The best `limit` products for `text`, or none for a query with no words.
    pub fn search(&self, text: &str, limit: usize) -> tantivy::Result<Vec<Hit>> {
        let Some(query) = self.query(text) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let found = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        found
            .into_iter()
            .map(|(score, address)| {
                let document: TantivyDocument = searcher.doc(address)?;
                let id = document
                    .get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned();
                Ok(Hit { id, score })
            })
            .collect()
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
        for twin in self.fields {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: &str, name: &str, brand: &str, category: &str, details: &str) -> ProductDoc {
        ProductDoc {
            id: id.into(),
            name: name.into(),
            brand: brand.into(),
            categories: vec![category.into()],
            details: details.into(),
        }
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

    fn top(index: &ProductIndex, query: &str) -> Vec<String> {
        index
            .search(query, 3)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    }

    #[test]
    fn accents_typed_or_not_and_either_tone_placement_find_the_product() {
        let index = shop();
        assert_eq!(top(&index, "xit chong nang"), ["nang"]);
        assert_eq!(top(&index, "xịt chống nắng"), ["nang"]);
        assert_eq!(top(&index, "điều hòa 1,5 tấn"), ["dh"]);
        assert_eq!(top(&index, "dieu hoa"), ["dh"]);
    }

    #[test]
    fn the_accents_typed_rank_first_and_are_never_a_typo() {
        let index = shop();
        assert_eq!(top(&index, "chó")[0], "cho");
        assert_eq!(top(&index, "chợ")[0], "cho2");
        let both = top(&index, "cho");
        assert!(both.contains(&"cho".to_owned()) && both.contains(&"cho2".to_owned()));
    }

    #[test]
    fn model_numbers_prefixes_and_typos() {
        let index = shop();
        assert_eq!(top(&index, "iphone15")[0], "ip15");
        assert_eq!(top(&index, "ip 15 pro max")[0], "ip15pm");
        assert_eq!(top(&index, "s24 ultra"), ["s24u"]);
        assert_eq!(top(&index, "rtx 4060"), ["rtx"]);
        assert_eq!(
            top(&index, "samsnug galaxy"),
            ["s24u"],
            "one typo in a long word"
        );
        assert_eq!(top(&index, "IP15PM-256"), ["ip15pm"], "a SKU");
        assert_eq!(
            top(&index, "hoa"),
            ["dh"],
            "a short word is matched, never fuzzed into 'cho'"
        );
    }

    #[test]
    fn queries_with_no_words_find_nothing_and_never_fail() {
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
            let _ = index.search(query, 10).unwrap();
        }
        assert!(index.search("!!!", 10).unwrap().is_empty());
    }
}
