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
