//! Search over the demo catalog: what the catalog gives search to index
//! (`cho_catalog::searchable`), fed to the product index, answers Vietnamese queries.

use std::collections::HashMap;

use cho_search::{ProductDoc, ProductIndex};

use crate::harness::TestApp;

#[tokio::test]
async fn the_demo_catalog_is_found_with_and_without_accents() {
    let app = TestApp::spawn().await;
    let db = &app.state().db;
    cho_catalog::demo::seed(db).await.unwrap();
    let products = cho_catalog::searchable(db).await.unwrap();
    assert!(
        products.len() > 200,
        "every active demo product: {}",
        products.len()
    );
    let samsung = products
        .iter()
        .find(|p| p.name == "Điện thoại Samsung Galaxy S25 Ultra")
        .unwrap();
    assert_eq!(samsung.brand.as_deref(), Some("Samsung"));
    assert_eq!(
        samsung.categories.first().map(String::as_str),
        Some("Điện thoại"),
        "the path starts at the top"
    );
    assert!(
        samsung.details.contains("12GB/256GB"),
        "{}",
        samsung.details
    );

    let names: HashMap<String, String> = products
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let index = ProductIndex::in_memory().unwrap();
    let docs: Vec<ProductDoc> = products
        .into_iter()
        .map(|p| ProductDoc {
            id: p.id.to_string(),
            name: p.name,
            brand: p.brand.unwrap_or_default(),
            categories: p.categories,
            details: p.details,
        })
        .collect();
    index.replace_all(&docs).unwrap();
    let first = |query: &str| -> String {
        let hits = index.search(query, 5).unwrap();
        names[&hits
            .first()
            .unwrap_or_else(|| panic!("nothing for {query}"))
            .id]
            .clone()
    };
    assert_eq!(
        first("samsung s25 ultra"),
        "Điện thoại Samsung Galaxy S25 Ultra"
    );
    assert_eq!(
        first("Điện thoại Samsung Galaxy S25 Ultra"),
        "Điện thoại Samsung Galaxy S25 Ultra"
    );
    assert!(first("dieu hoa daikin 2 chieu").contains("2 chiều"));
    assert!(
        first("điều hoà daikin 2 chiều").contains("2 chiều"),
        "old-style tone placement"
    );
    assert!(first("noi com dien").to_lowercase().contains("nồi cơm"));
    assert!(index.search("xyzzy qwerty", 5).unwrap().is_empty());
}
