use std::collections::HashMap;

use cho_identity::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{address, TestApp};

const BUYERS: usize = 200;
const STOCK: i64 = 20;

/// 200 shoppers check out the last 20 units at the same moment: exactly 20
/// orders are placed, the stock ends at 0, and everyone else gets a 409.
#[tokio::test]
async fn two_hundred_buyers_for_twenty_units() {
    let app = TestApp::spawn_with(|c| c.db_max_connections = 16).await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let variant = app
        .product_with_stock(&admin, "HOT-1", 34_990_000, STOCK)
        .await;

    let mut tokens = Vec::with_capacity(BUYERS);
    for i in 0..BUYERS {
        let token = app.customer(&format!("buyer{i}@example.vn")).await;
        let cart = app
            .post(
                "/v1/cart/items",
                Some(&token),
                json!({"variantId": variant, "quantity": 1}),
            )
            .await;
        assert_eq!(cart.status, StatusCode::OK);
        tokens.push(token);
    }

    let body = json!({"shippingAddress": address(), "paymentMethod": "COD"});
    let mut tasks = tokio::task::JoinSet::new();
    for token in tokens {
        let (client, url, body) = (
            app.client.clone(),
            format!("{}/v1/orders", app.base),
            body.clone(),
        );
        tasks.spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let mut outcomes: HashMap<StatusCode, usize> = HashMap::new();
    while let Some(status) = tasks.join_next().await {
        *outcomes.entry(status.unwrap()).or_default() += 1;
    }
    assert_eq!(
        outcomes.get(&StatusCode::CREATED),
        Some(&(STOCK as usize)),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes.get(&StatusCode::CONFLICT),
        Some(&(BUYERS - STOCK as usize)),
        "{outcomes:?}"
    );
    assert_eq!(app.stock_of(&admin, &variant).await, 0);

    let mut placed = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/admin/orders?limit=100&cursor={c}"),
            None => "/v1/admin/orders?limit=100".to_owned(),
        };
        let page = app.get(&path, Some(&admin)).await;
        placed += page.body["items"].as_array().unwrap().len();
        match page.body["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(placed, STOCK as usize);
    app.stop().await;
}

/// 30 shoppers buy mixed baskets over 20 variants of 5 products at once. Each checkout
/// locks several variants and their products; in any interleaving none may deadlock
/// into an error, and the stock sold adds up.
#[tokio::test]
async fn concurrent_mixed_baskets_never_deadlock() {
    const SHOPPERS: usize = 30;
    const ORDERS_EACH: usize = 12;
    const ITEMS: usize = 4;
    let app = TestApp::spawn_with(|c| c.db_max_connections = 16).await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let category = app
        .post(
            "/v1/admin/categories",
            Some(&admin),
            json!({"name": "Phụ kiện"}),
        )
        .await;
    let category_id = category.body["items"][0]["id"].clone();
    // Variant ids are time-ordered, so later variants of earlier products sort after
    // earlier variants of later ones: the id order of variants and of their products
    // disagree, as in a real catalog that grows.
    let mut products = Vec::new();
    for p in 0..5 {
        let product = app
            .post(
                "/v1/admin/products",
                Some(&admin),
                json!({
                    "name": format!("Ốp lưng {p}"),
                    "categoryId": category_id,
                    "variants": [{"name": "Màu 0", "sku": format!("OP-{p}-0"), "price": 150_000, "stockQuantity": 10_000}]
                }),
            )
            .await;
        assert_eq!(product.status, StatusCode::CREATED, "{:?}", product.body);
        products.push(product.body["id"].as_str().unwrap().to_owned());
    }
    for v in 1..4 {
        for (p, product) in products.iter().enumerate().rev() {
            let added = app
                .post(
                    &format!("/v1/admin/products/{product}/variants"),
                    Some(&admin),
                    json!({"name": format!("Màu {v}"), "sku": format!("OP-{p}-{v}"), "price": 150_000, "stockQuantity": 10_000}),
                )
                .await;
            assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
        }
    }
    let mut variants = Vec::new();
    for product in &products {
        let detail = app
            .get(&format!("/v1/admin/products/{product}"), Some(&admin))
            .await;
        for v in detail.body["variants"].as_array().unwrap() {
            variants.push(v["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(variants.len(), 20);
    let mut tokens = Vec::new();
    for shopper in 0..SHOPPERS {
        tokens.push(app.customer(&format!("shopper{shopper}@example.vn")).await);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (shopper, token) in tokens.into_iter().enumerate() {
        let (client, base, variants) = (app.client.clone(), app.base.clone(), variants.clone());
        tasks.spawn(async move {
            let mut statuses = Vec::new();
            for order in 0..ORDERS_EACH {
                // Baskets whose variants' order and products' order disagree.
                for step in 0..ITEMS {
                    let variant = &variants[(shopper * 7 + order * 5 + step * 6) % variants.len()];
                    let added = client
                        .post(format!("{base}/v1/cart/items"))
                        .bearer_auth(&token)
                        .json(&json!({"variantId": variant, "quantity": 1}))
                        .send()
                        .await
                        .unwrap();
                    let status = added.status();
                    assert_eq!(status, StatusCode::OK, "{}", added.text().await.unwrap());
                }
                let placed = client
                    .post(format!("{base}/v1/orders"))
                    .bearer_auth(&token)
                    .json(&json!({"shippingAddress": address(), "paymentMethod": "COD"}))
                    .send()
                    .await
                    .unwrap();
                statuses.push(placed.status());
            }
            statuses
        });
    }
    let mut outcomes: HashMap<StatusCode, usize> = HashMap::new();
    while let Some(statuses) = tasks.join_next().await {
        for status in statuses.unwrap() {
            *outcomes.entry(status).or_default() += 1;
        }
    }
    assert_eq!(
        outcomes.get(&StatusCode::CREATED),
        Some(&(SHOPPERS * ORDERS_EACH)),
        "{outcomes:?}"
    );
    let mut left = 0;
    for variant in &variants {
        left += app.stock_of(&admin, variant).await;
    }
    let units: usize = ITEMS * SHOPPERS * ORDERS_EACH;
    assert_eq!(left, 20 * 10_000 - units as i64);
    app.stop().await;
}
