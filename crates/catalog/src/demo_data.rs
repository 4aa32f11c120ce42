//! Demo catalog for `cho seed demo` and `cho serve --demo`: a deterministic,
//! realistic Vietnamese tech-retail assortment (phones, tablets, laptops,
//! accessories, watches and home appliances).
//!
//! The assortment is data in `crates/catalog/demo/`, embedded in the binary:
//!
//! * `catalog.json` lists the root categories with their subcategories (in
//!   menu order), the brands (name, SKU `code`, description), the
//!   `short_description` template, and the product families. A family gives
//!   its products a leaf `category`, a name `prefix` put before each title
//!   ("Điện thoại"; left out when titles say what the product is), the
//!   attribute name of their option axis (`option_key`: "storage", "config",
//!   …; left out when products have a single, unlabelled option), their
//!   `spec_keys` as `[group, key]` pairs, a `description` template, and the
//!   file that lists them (`products`, which is also embedded through
//!   [`PRODUCT_FILES`]; a test checks the two agree).
//! * `products/*.txt` list a family's products, one per line (blank lines and
//!   `#` comments are skipped):
//!
//!   `brand | code | title | options | colours | highlight | specs`
//!
//!   * `brand` is a brand name from `catalog.json`; `code` is the model part
//!     of the SKU (uppercase ASCII, digits, `-`).
//!   * `options` are `label=price` with the price in thousand VND
//!     (`256GB=30_990` is 30 990 000 ₫); `=790` means a single, unlabelled
//!     option.
//!   * `colours` is a comma list, possibly empty.
//!   * `highlight` fills `{highlight}` in the short description.
//!   * `specs` are `;`-separated values, in the order of the family's spec
//!     keys.
//!
//! Templates have `{name}`, `{brand}`, `{highlight}` and `{s0}`, `{s1}`, …
//! (the spec values) filled in. The rest is derived here: names, SKUs,
//! variants (options × colours, at most [`MAX_VARIANTS`]), spec groups and
//! image URLs; everything "random" (sales, stock, featured flags, image
//! counts) comes from a fixed hash of the SKU or name, so every call returns
//! exactly the same catalog. The files are part of the source: a malformed
//! one panics naming the file (and line), and the tests build every row.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::slug::{fold, slugify};

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCategory {
    pub name: &'static str,
    /// Name of the parent category, `None` for roots.
    pub parent: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoBrand {
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoVariant {
    pub name: String,
    pub sku: String,
    /// VND, a multiple of 1 000.
    pub price: i64,
    /// VND, below `price` when present.
    pub sale_price: Option<i64>,
    pub stock: i64,
    pub attributes: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoProduct {
    pub name: String,
    /// Name of a leaf [`DemoCategory`].
    pub category: &'static str,
    /// Name of a [`DemoBrand`].
    pub brand: &'static str,
    pub short_description: String,
    pub description: String,
    pub specs: Value,
    pub image_urls: Vec<String>,
    pub is_featured: bool,
    pub variants: Vec<DemoVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoCatalog {
    pub categories: Vec<DemoCategory>,
    pub brands: Vec<DemoBrand>,
    pub products: Vec<DemoProduct>,
}

/// Builds the whole demo catalog; the result is identical on every call.
pub fn demo_catalog() -> DemoCatalog {
    let data = data();
    let categories = data
        .categories
        .iter()
        .flat_map(|root| {
            let children = root.children.iter().map(|child| DemoCategory {
                name: child.as_str(),
                parent: Some(root.name.as_str()),
            });
            let root = DemoCategory {
                name: root.name.as_str(),
                parent: None,
            };
            std::iter::once(root).chain(children)
        })
        .collect();
    let brands = data
        .brands
        .iter()
        .map(|brand| DemoBrand {
            name: &brand.name,
            description: &brand.description,
        })
        .collect();
    let products = data
        .families
        .iter()
        .flat_map(|family| {
            rows(&family.products)
                .enumerate()
                .map(move |(index, row)| build_product(data, family, index, &row))
        })
        .collect();
    DemoCatalog {
        categories,
        brands,
        products,
    }
}

// ---------------------------------------------------------------------------
// The data files
// ---------------------------------------------------------------------------

const CATALOG_FILE: &str = include_str!("../demo/catalog.json");

/// `(name, text)` of each named file in `demo/products/`, embedded.
macro_rules! product_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../demo/products/", $name)))),*]
    };
}

/// Every file in `demo/products/`, under the name `catalog.json` uses.
const PRODUCT_FILES: &[(&str, &str)] = product_files![
    "iphones.txt",
    "android-phones.txt",
    "feature-phones.txt",
    "ipads.txt",
    "android-tablets.txt",
    "macbooks.txt",
    "gaming-laptops.txt",
    "office-laptops.txt",
    "wireless-headphones.txt",
    "wired-headphones.txt",
    "chargers-and-cables.txt",
    "power-banks.txt",
    "phone-cases.txt",
    "mice.txt",
    "keyboards.txt",
    "speakers.txt",
    "apple-watches.txt",
    "android-watches.txt",
    "sport-watches.txt",
    "smart-bands.txt",
    "rice-cookers.txt",
    "air-fryers.txt",
    "air-purifiers.txt",
    "robot-vacuums.txt",
    "fridges.txt",
    "washing-machines.txt",
    "air-conditioners.txt",
    "fans.txt",
];

/// `demo/catalog.json`; see the module docs.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoData {
    short_description: String,
    /// Roots in menu order, each followed by its children.
    categories: Vec<RootCategory>,
    brands: Vec<Brand>,
    families: Vec<Family>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootCategory {
    name: String,
    #[serde(default)]
    children: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Brand {
    name: String,
    /// SKU prefix: keeps SKUs unique even when two brands use the same model
    /// code (e.g. Xiaomi and HUAWEI "Band 10").
    code: String,
    description: String,
}

/// Products sharing a category, naming prefix, option axis, spec layout and
/// description template.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Family {
    category: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    option_key: String,
    spec_keys: Vec<(String, String)>,
    description: String,
    /// A file name in `demo/products/`.
    products: String,
}

/// `catalog.json`, parsed on first use.
fn data() -> &'static DemoData {
    static DATA: OnceLock<DemoData> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(CATALOG_FILE)
            .unwrap_or_else(|e| panic!("crates/catalog/demo/catalog.json: {e}"))
    })
}

// ---------------------------------------------------------------------------
// Row parsing and product building
// ---------------------------------------------------------------------------

/// At most this many variants per product; see [`build_variants`].
const MAX_VARIANTS: usize = 6;

/// One product line of a `demo/products/` file; see the module docs.
struct Row {
    /// "crates/catalog/demo/products/<file>:<line>", for error messages.
    at: String,
    brand: &'static str,
    code: &'static str,
    title: &'static str,
    /// (label, price in VND); an empty label means "no option axis".
    options: Vec<(&'static str, i64)>,
    colors: Vec<&'static str>,
    highlight: &'static str,
    specs: Vec<&'static str>,
}

/// The product lines of `demo/products/<file>`, parsed.
fn rows(file: &str) -> impl Iterator<Item = Row> {
    let &(name, text) = PRODUCT_FILES
        .iter()
        .find(|(name, _)| *name == file)
        .unwrap_or_else(|| {
            panic!("crates/catalog/demo/catalog.json: products/{file} is not in PRODUCT_FILES")
        });
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(move |(number, line)| {
            parse_row(
                format!("crates/catalog/demo/products/{name}:{number}"),
                line,
            )
        })
}

fn parse_row(at: String, line: &'static str) -> Row {
    let fields: Vec<&'static str> = line.split('|').map(str::trim).collect();
    let [brand, code, title, options, colors, highlight, specs] = fields[..] else {
        panic!(
            "{at}: a product needs 7 '|'-separated fields, not {}",
            fields.len()
        );
    };
    let options = options.split(',').map(|o| parse_option(&at, o)).collect();
    Row {
        brand,
        code,
        title,
        options,
        colors: colors
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect(),
        highlight,
        specs: specs.split(';').map(str::trim).collect(),
        at,
    }
}

/// `"256GB=30_990"` → `("256GB", 30_990_000)`.
fn parse_option(at: &str, text: &'static str) -> (&'static str, i64) {
    let text = text.trim();
    let (label, thousands) = text
        .split_once('=')
        .unwrap_or_else(|| panic!("{at}: option '{text}' is not 'label=price'"));
    let thousands: i64 = thousands
        .trim()
        .replace('_', "")
        .parse()
        .unwrap_or_else(|_| panic!("{at}: option '{text}' has a bad price"));
    (label.trim(), thousands * 1_000)
}

fn build_product(data: &DemoData, family: &'static Family, index: usize, row: &Row) -> DemoProduct {
    assert_eq!(
        row.specs.len(),
        family.spec_keys.len(),
        "{}: the spec values do not match the family's spec keys",
        row.at
    );
    let name = if family.prefix.is_empty() {
        row.title.to_string()
    } else {
        format!("{} {}", family.prefix, row.title)
    };
    let slug = slugify(&name);
    let image_count = 1 + hash(&slug) % 3;
    DemoProduct {
        short_description: fill(&data.short_description, &name, row),
        description: fill(&family.description, &name, row),
        specs: spec_groups(&family.spec_keys, &row.specs),
        image_urls: (1..=image_count)
            .map(|n| format!("/static/demo/{slug}-{n}.svg"))
            .collect(),
        // The first row of each family is its flagship; a few more are picked
        // by hash so the storefront's "featured" strip is varied.
        is_featured: index == 0 || hash(&name) % 100 < 12,
        variants: build_variants(data, family, row),
        category: &family.category,
        brand: row.brand,
        name,
    }
}

fn fill(template: &str, name: &str, row: &Row) -> String {
    let mut text = template
        .replace("{name}", name)
        .replace("{brand}", row.brand)
        .replace("{highlight}", row.highlight);
    for (i, value) in row.specs.iter().enumerate() {
        text = text.replace(&format!("{{s{i}}}"), value);
    }
    text
}

/// `{"Màn hình": {"Kích thước": "6.9 inch", …}, "Pin & Sạc": {…}}`.
fn spec_groups(keys: &[(String, String)], values: &[&str]) -> Value {
    let mut groups = Map::new();
    for ((group, key), &value) in keys.iter().zip(values) {
        if let Value::Object(entries) = groups
            .entry(group.as_str())
            .or_insert_with(|| Value::Object(Map::new()))
        {
            entries.insert(key.clone(), Value::from(value));
        }
    }
    Value::Object(groups)
}

/// Options × colours, capped at [`MAX_VARIANTS`] by keeping only the first
/// colours when there are several options.
fn build_variants(data: &DemoData, family: &Family, row: &Row) -> Vec<DemoVariant> {
    let brand = data
        .brands
        .iter()
        .find(|brand| brand.name == row.brand)
        .unwrap_or_else(|| panic!("{}: unknown brand {}", row.at, row.brand));
    let options = &row.options[..row.options.len().min(MAX_VARIANTS)];
    let colors: Vec<Option<&str>> = if row.colors.is_empty() {
        vec![None]
    } else {
        let per_option = (MAX_VARIANTS / options.len()).max(1);
        row.colors
            .iter()
            .take(per_option)
            .copied()
            .map(Some)
            .collect()
    };

    let mut variants = Vec::with_capacity(options.len() * colors.len());
    for &(label, price) in options {
        for &color in &colors {
            let mut sku = format!("{}-{}", brand.code, row.code);
            let mut name_parts = Vec::new();
            let mut attributes = Map::new();
            if !label.is_empty() {
                assert!(
                    !family.option_key.is_empty(),
                    "{}: option '{label}', but the family has no option_key",
                    row.at
                );
                sku = format!("{sku}-{}", option_code(label));
                name_parts.push(label);
                attributes.insert(family.option_key.clone(), Value::from(label));
            }
            if let Some(color) = color {
                sku = format!("{sku}-{}", color_code(color));
                name_parts.push(color);
                attributes.insert("color".to_string(), Value::from(color));
            }
            let h = hash(&sku);
            variants.push(DemoVariant {
                name: if name_parts.is_empty() {
                    "Tiêu chuẩn".to_string()
                } else {
                    name_parts.join(" - ")
                },
                price,
                sale_price: sale_price(price, h),
                stock: stock(h),
                attributes: Value::Object(attributes),
                sku,
            });
        }
    }
    variants
}

/// About 40% of variants are on sale, 5–20% off, rounded the way Vietnamese
/// shops price things (…990.000 ₫ above a million, …9.000 ₫ below).
fn sale_price(price: i64, h: u64) -> Option<i64> {
    if h % 100 >= 40 {
        return None;
    }
    let percent_off = 5 + (h / 100 % 16) as i64;
    let discounted = price * (100 - percent_off) / 100;
    let step = if price >= 1_000_000 { 100_000 } else { 10_000 };
    let sale = discounted / step * step - step / 10;
    (sale > 0 && sale < price).then_some(sale)
}

/// About 3% of variants are sold out; the rest hold 5–200 units.
fn stock(h: u64) -> i64 {
    if (h >> 20) % 100 < 3 {
        0
    } else {
        5 + ((h >> 32) % 196) as i64
    }
}

/// "256GB" → "256", "16GB/512GB" → "16-512", "1.5 HP" → "1-5-HP".
fn option_code(label: &str) -> String {
    fold(label)
        .to_ascii_uppercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(|token| match token.strip_suffix("GB") {
            Some(number) if number.chars().all(|c| c.is_ascii_digit()) => number,
            _ => token,
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// First word in full plus initials of the rest, so similar colours stay
/// distinct: "Đen" → "DEN", "Titan Tự nhiên" → "TITANTN", "Xanh Lá" → "XANHL".
fn color_code(color: &str) -> String {
    let mut words = color.split_whitespace().map(|word| {
        fold(word)
            .to_ascii_uppercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    });
    let mut code = words.next().unwrap_or_default();
    code.extend(words.filter_map(|word| word.chars().next()));
    code
}

/// FNV-1a with a SplitMix64 finaliser: stable across platforms and Rust
/// versions (unlike `DefaultHasher`), and well mixed in the low bits.
fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn leaf_categories(catalog: &DemoCatalog) -> HashSet<&'static str> {
        let parents: HashSet<&str> = catalog.categories.iter().filter_map(|c| c.parent).collect();
        catalog
            .categories
            .iter()
            .map(|c| c.name)
            .filter(|name| !parents.contains(name))
            .collect()
    }

    fn all_variants(catalog: &DemoCatalog) -> impl Iterator<Item = &DemoVariant> {
        catalog.products.iter().flat_map(|p| &p.variants)
    }

    #[test]
    fn has_enough_products_categories_and_brands() {
        let catalog = demo_catalog();
        assert!(
            catalog.products.len() >= 220,
            "only {} products",
            catalog.products.len()
        );
        assert!((20..=35).contains(&catalog.categories.len()));
        assert!((25..=40).contains(&catalog.brands.len()));
    }

    #[test]
    fn category_tree_is_two_levels_with_parents_first() {
        let catalog = demo_catalog();
        let mut seen = HashSet::new();
        for category in &catalog.categories {
            if let Some(parent) = category.parent {
                assert!(
                    seen.contains(parent),
                    "{} listed before its parent",
                    category.name
                );
            }
            assert!(
                seen.insert(category.name),
                "duplicate category {}",
                category.name
            );
        }
        assert!(catalog.categories.iter().any(|c| c.parent.is_some()));
    }

    #[test]
    fn products_use_existing_leaf_categories_and_brands() {
        let catalog = demo_catalog();
        let leaves = leaf_categories(&catalog);
        let brands: HashSet<&str> = catalog.brands.iter().map(|b| b.name).collect();
        for product in &catalog.products {
            assert!(
                leaves.contains(product.category),
                "{}: {}",
                product.name,
                product.category
            );
            assert!(
                brands.contains(product.brand),
                "{}: {}",
                product.name,
                product.brand
            );
        }
        // Every leaf and every brand is actually used.
        let used_categories: HashSet<&str> = catalog.products.iter().map(|p| p.category).collect();
        let used_brands: HashSet<&str> = catalog.products.iter().map(|p| p.brand).collect();
        assert_eq!(used_categories, leaves);
        assert_eq!(used_brands, brands);
    }

    #[test]
    fn skus_are_unique_and_well_formed() {
        let catalog = demo_catalog();
        let mut seen = HashSet::new();
        for variant in all_variants(&catalog) {
            assert!(
                seen.insert(variant.sku.as_str()),
                "duplicate SKU {}",
                variant.sku
            );
            assert!(
                variant
                    .sku
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "bad SKU {}",
                variant.sku
            );
        }
    }

    #[test]
    fn product_names_and_slugs_are_unique() {
        let catalog = demo_catalog();
        let mut names = HashSet::new();
        let mut slugs = HashSet::new();
        for product in &catalog.products {
            assert!(
                names.insert(product.name.as_str()),
                "duplicate name {}",
                product.name
            );
            assert!(
                slugs.insert(slugify(&product.name)),
                "duplicate slug for {}",
                product.name
            );
        }
        let category_slugs: HashSet<String> =
            catalog.categories.iter().map(|c| slugify(c.name)).collect();
        assert_eq!(category_slugs.len(), catalog.categories.len());
    }

    #[test]
    fn prices_are_whole_thousands_and_sales_are_discounts() {
        let catalog = demo_catalog();
        for variant in all_variants(&catalog) {
            assert!(
                variant.price > 0 && variant.price % 1_000 == 0,
                "{}",
                variant.sku
            );
            if let Some(sale) = variant.sale_price {
                assert!(sale > 0 && sale < variant.price, "{}", variant.sku);
                assert_eq!(sale % 1_000, 0, "{}", variant.sku);
            }
        }
        let total = all_variants(&catalog).count();
        let on_sale = all_variants(&catalog)
            .filter(|v| v.sale_price.is_some())
            .count();
        let share = on_sale * 100 / total;
        assert!((25..=55).contains(&share), "{share}% of variants on sale");
    }

    #[test]
    fn variant_counts_and_stock_are_in_range() {
        let catalog = demo_catalog();
        for product in &catalog.products {
            assert!(
                (1..=6).contains(&product.variants.len()),
                "{}",
                product.name
            );
        }
        assert!(all_variants(&catalog).all(|v| (0..=200).contains(&v.stock)));
        assert!(all_variants(&catalog).any(|v| v.stock == 0));
        assert!(all_variants(&catalog).any(|v| v.stock > 0));
    }

    #[test]
    fn copy_specs_and_images_are_filled_in() {
        let catalog = demo_catalog();
        for product in &catalog.products {
            for text in [&product.short_description, &product.description] {
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{}: {text}",
                    product.name
                );
            }
            let groups = product.specs.as_object().expect("specs is an object");
            assert!(
                !groups.is_empty() && groups.values().all(Value::is_object),
                "{}",
                product.name
            );
            assert!(
                (1..=3).contains(&product.image_urls.len()),
                "{}",
                product.name
            );
            for url in &product.image_urls {
                assert!(
                    url.starts_with("/static/demo/") && url.ends_with(".svg") && url.is_ascii(),
                    "{url}"
                );
            }
            for variant in &product.variants {
                assert!(variant.attributes.is_object(), "{}", variant.sku);
            }
        }
    }

    #[test]
    fn catalog_is_deterministic() {
        let skus = |catalog: DemoCatalog| -> Vec<String> {
            catalog
                .products
                .into_iter()
                .flat_map(|p| p.variants)
                .map(|v| v.sku)
                .collect()
        };
        assert_eq!(skus(demo_catalog()), skus(demo_catalog()));
        assert_eq!(demo_catalog(), demo_catalog());
    }

    #[test]
    fn codes_and_slugs_fold_vietnamese() {
        assert_eq!(color_code("Titan Tự nhiên"), "TITANTN");
        assert_eq!(color_code("Đen"), "DEN");
        assert_eq!(option_code("16GB/512GB"), "16-512");
        assert_eq!(option_code("1TB"), "1TB");
        assert_eq!(
            slugify("Nồi cơm điện Sharp 1.8 lít"),
            "noi-com-dien-sharp-1-8-lit"
        );
    }

    #[test]
    fn every_product_file_is_embedded_and_used_by_one_family() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/products");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("demo/products exists")
            .map(|entry| entry.expect("readable entry").file_name())
            .map(|name| name.into_string().expect("UTF-8 file name"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<&str> = PRODUCT_FILES.iter().map(|&(name, _)| name).collect();
        embedded.sort_unstable();
        let mut used: Vec<&str> = data()
            .families
            .iter()
            .map(|f| f.products.as_str())
            .collect();
        used.sort_unstable();
        assert_eq!(
            on_disk, embedded,
            "PRODUCT_FILES must embed demo/products/*"
        );
        assert_eq!(used, embedded, "each product file belongs to one family");
    }

    #[test]
    #[should_panic(
        expected = "crates/catalog/demo/products/x.txt:3: option '256GB' is not 'label=price'"
    )]
    fn malformed_rows_name_their_file_and_line() {
        parse_row(
            "crates/catalog/demo/products/x.txt:3".into(),
            "Apple | IP17 | iPhone 17 | 256GB | Đen | màn hình đẹp | 6.3 inch",
        );
    }
}
