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
    let docs: Vec<ProductDoc> = products.into_iter().map(ProductDoc::from).collect();
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

#[tokio::test]
async fn the_search_api_answers_at_once_after_a_change_and_refuses_bad_input() {
    let app = TestApp::spawn().await;
    cho_catalog::demo::seed(&app.state().db).await.unwrap();
    let found = app
        .get("/v1/search?q=samsung%20s25%20ultra&limit=3", None)
        .await
        .ok();
    assert_eq!(
        found["items"][0]["name"],
        "Điện thoại Samsung Galaxy S25 Ultra"
    );
    assert!(found["items"][0]["price"].is_i64() && found["total"].as_u64().unwrap() <= 3);
    let folded = app
        .get("/v1/search?q=dien%20thoai%20samsung", None)
        .await
        .ok();
    assert!(folded["items"][0]["name"]
        .as_str()
        .unwrap()
        .contains("Samsung"));

    // A product added by staff is found by the next search; archived, it is gone.
    let admin = app
        .staff("admin@example.vn", cho_identity::Role::Admin)
        .await;
    let variant = app
        .product_with_stock(&admin, "KHO-DOC-1", 990_000, 5)
        .await;
    let hits = app.get("/v1/search?q=kho-doc-1", None).await.ok();
    assert_eq!(
        hits["items"][0]["name"], "Sản phẩm KHO-DOC-1",
        "found by its SKU: {hits}"
    );
    let product_id = hits["items"][0]["id"].as_str().unwrap().to_owned();
    assert!(!variant.is_empty());
    let archived = app
        .request(
            reqwest::Method::DELETE,
            &format!("/v1/admin/products/{product_id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(archived.status, reqwest::StatusCode::NO_CONTENT);
    let hits = app.get("/v1/search?q=kho-doc-1", None).await.ok();
    assert_eq!(hits["total"], 0, "an archived product is not found");

    // Queries that are only punctuation or syntax are answered; bad parameters are a 400.
    for q in ["%22", "AND%20(", "*", "~", ":", "%F0%9F%98%80", ""] {
        let reply = app.get(&format!("/v1/search?q={q}"), None).await;
        assert_eq!(reply.status, reqwest::StatusCode::OK, "q={q}");
    }
    let long = "m%C3%A1y%20".repeat(700);
    assert_eq!(
        app.get(&format!("/v1/search?q={long}"), None).await.status,
        reqwest::StatusCode::OK
    );
    for (path, named) in [
        ("/v1/search", "q"),
        ("/v1/search?q=a&colour=red", "colour"),
        ("/v1/search?q=a&limit=0", "limit"),
        ("/v1/search?q=a&limit=many", "limit"),
    ] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, reqwest::StatusCode::BAD_REQUEST, "{path}");
        assert!(
            reply.body["message"].as_str().unwrap().contains(named),
            "{path}: {}",
            reply.body
        );
    }
}
