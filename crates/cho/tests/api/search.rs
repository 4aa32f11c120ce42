//! Search over the demo catalog: what the catalog gives search to index
//! (`cho_catalog::searchable`), fed to the product index, answers Vietnamese queries.

use std::collections::HashMap;

use cho_search::{ProductIndex, Search};

use uuid::Uuid;

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
    assert_eq!(
        samsung.brand.as_ref().map(|b| b.name.as_str()),
        Some("Samsung")
    );
    assert_eq!(
        samsung.categories.first().map(|c| c.name.as_str()),
        Some("Điện thoại"),
        "the path starts at the top"
    );
    assert!(
        samsung.details.contains("12GB/256GB"),
        "{}",
        samsung.details
    );

    let names: HashMap<Uuid, String> = products.iter().map(|p| (p.id, p.name.clone())).collect();
    let index = ProductIndex::in_memory().unwrap();
    index.replace_all(&products).unwrap();
    let found = |query: &str| index.find(&Search::text(query, 5)).unwrap().ids;
    let first = |query: &str| -> String {
        let ids = found(query);
        names[ids.first().unwrap_or_else(|| panic!("nothing for {query}"))].clone()
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
    assert!(found("xyzzy qwerty").is_empty());
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
    assert!(found["items"][0]["price"].is_i64());
    assert!(found["items"].as_array().unwrap().len() <= 3 && found["total"].as_u64().unwrap() >= 1);
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
    let deep = format!(
        "/v1/search?q=a&cursor={}&limit=20",
        cho_platform::pagination::encode_cursor(&9990)
    );
    for (path, named) in [
        ("/v1/search?q=a&colour=red", "colour"),
        ("/v1/search?q=a&sort=cheapest", "sort"),
        ("/v1/search?q=a&minPrice=cheap", "minPrice"),
        ("/v1/search?q=a&cursor=later", "cursor"),
        (deep.as_str(), "10000"),
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

#[tokio::test]
async fn search_filters_counts_facets_sorts_and_pages() {
    let app = TestApp::spawn().await;
    cho_catalog::demo::seed(&app.state().db).await.unwrap();
    let phones = app
        .get("/v1/search?q=dien%20thoai&limit=100", None)
        .await
        .ok();
    let total = phones["total"].as_u64().unwrap();
    assert!(total > 5, "{phones}");
    assert!(phones["items"][0]["highlight"]
        .as_str()
        .unwrap()
        .contains("<mark>Điện</mark> <mark>thoại</mark>"));

    // The brand facet counts each brand's phones; filtering by one gives that many, and
    // still shows the others' counts.
    let brands = phones["facets"]["brand"].as_array().unwrap().clone();
    let samsung = brands.iter().find(|b| b["slug"] == "samsung").unwrap();
    let only = app
        .get("/v1/search?q=dien%20thoai&brand=samsung&limit=100", None)
        .await
        .ok();
    assert_eq!(only["total"], samsung["count"]);
    assert!(only["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["brand"]["slug"] == "samsung"));
    assert_eq!(only["facets"]["brand"], phones["facets"]["brand"]);
    let by_id = app
        .get(
            &format!(
                "/v1/search?q=dien%20thoai&brand={}",
                samsung["id"].as_str().unwrap()
            ),
            None,
        )
        .await
        .ok();
    assert_eq!(by_id["total"], samsung["count"]);

    // Price filter and sort: every price in range, cheapest first.
    let cheap = app
        .get(
            "/v1/search?q=dien%20thoai&maxPrice=10000000&sort=price_asc&limit=100",
            None,
        )
        .await
        .ok();
    let paid: Vec<i64> = cheap["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["salePrice"]
                .as_i64()
                .unwrap_or(p["price"].as_i64().unwrap())
        })
        .collect();
    assert!(
        !paid.is_empty() && paid.iter().all(|p| *p <= 10_000_000),
        "{paid:?}"
    );
    assert!(paid.windows(2).all(|w| w[0] <= w[1]), "{paid:?}");

    // Pages follow nextCursor and cover every result once.
    let mut seen = std::collections::HashSet::new();
    let mut path = "/v1/search?q=dien%20thoai&limit=7".to_owned();
    loop {
        let page = app.get(&path, None).await.ok();
        for item in page["items"].as_array().unwrap() {
            assert!(seen.insert(item["id"].as_str().unwrap().to_owned()));
        }
        match page["nextCursor"].as_str() {
            Some(cursor) => path = format!("/v1/search?q=dien%20thoai&limit=7&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total);

    // No words with a category browses it, its subcategories as the category facet.
    let category = app
        .get("/v1/search?category=dien-thoai&limit=1", None)
        .await
        .ok();
    assert!(category["total"].as_u64().unwrap() >= total.min(1));
    assert!(category["facets"]["category"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["slug"] != "dien-thoai"));
}

#[tokio::test]
async fn suggestions_complete_what_the_shopper_types() {
    let app = TestApp::spawn().await;
    cho_catalog::demo::seed(&app.state().db).await.unwrap();
    let samsung = app.get("/v1/search/suggest?q=sams", None).await.ok();
    let suggestions = samsung["suggestions"].as_array().unwrap();
    assert_eq!(suggestions[0], "Samsung", "the brand first: {samsung}");
    assert!(suggestions.len() > 1 && suggestions.len() <= 10);
    let typo = app
        .get("/v1/search/suggest?q=samsnug%20galax", None)
        .await
        .ok();
    assert!(typo["suggestions"][0]
        .as_str()
        .unwrap()
        .contains("Samsung Galaxy"));
    let folded = app
        .get("/v1/search/suggest?q=dien%20tho&limit=3", None)
        .await
        .ok();
    assert_eq!(folded["suggestions"][0], "Điện thoại", "{folded}");
    assert_eq!(folded["suggestions"].as_array().unwrap().len(), 3);
    for q in ["", "%22", "AND%20(", "*"] {
        let reply = app.get(&format!("/v1/search/suggest?q={q}"), None).await;
        assert_eq!(reply.status, reqwest::StatusCode::OK, "q={q}");
    }
    for path in [
        "/v1/search/suggest",
        "/v1/search/suggest?q=a&limit=11",
        "/v1/search/suggest?q=a&popular=1",
    ] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, reqwest::StatusCode::BAD_REQUEST, "{path}");
    }
}
