use reqwest::StatusCode;

use crate::harness::TestApp;

#[tokio::test]
async fn health_readiness_metrics_and_openapi_are_served() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
    let ready = app.get("/readyz", None).await;
    assert_eq!(
        (ready.status, ready.body["status"].as_str()),
        (StatusCode::OK, Some("ready"))
    );

    app.get("/v1/products", None).await;
    let metrics = app.get("/metrics", None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.body.as_str().unwrap();
    assert!(text.contains("cho_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/v1/products\""), "{text}");
    assert!(text.contains("cho_jobs_queue_depth"), "{text}");

    let doc = app.get("/v1/api/doc/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/v1/auth/login",
        "/v1/products/{slug}",
        "/v1/orders",
        "/v1/cart/items/{id}",
        "/v1/shipping/wards",
        "/v1/admin/payment-credentials",
        "/v1/admin/payment-credentials/{provider}",
    ] {
        assert!(
            doc.body["paths"].get(path).is_some(),
            "{path} is documented"
        );
    }
    // The API guide lists every documented route.
    let guide = include_str!("../../../../docs/api.md");
    for (path, operations) in doc.body["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let route = format!("`{} {path}`", method.to_uppercase());
            assert!(guide.contains(&route), "docs/api.md lacks {route}");
        }
    }
    let codes = &doc.body["components"]["schemas"]["ErrorBody"]["properties"]["code"];
    for code in [
        "invalid_input",
        "insufficient_stock",
        "refund_exceeds_captured",
    ] {
        assert!(
            codes["enum"].as_array().unwrap().contains(&code.into()),
            "{code} is listed"
        );
        assert!(codes["description"].as_str().unwrap().contains(code));
    }
    let ui = app
        .client
        .get(format!("{}/v1/api/doc/", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ui.status(), StatusCode::OK);
    assert!(
        ui.text().await.unwrap().contains("swagger"),
        "interactive docs are served from the binary"
    );

    let ids = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        ids.headers().get("x-request-id").is_some(),
        "every response carries a request id"
    );
    app.stop().await;
}

#[tokio::test]
async fn provinces_and_wards_follow_the_2025_map() {
    let app = TestApp::spawn().await;
    let provinces = app.get("/v1/shipping/provinces", None).await;
    assert_eq!(provinces.body["items"].as_array().unwrap().len(), 34);
    let wards = app.get("/v1/shipping/wards?province=79", None).await;
    let names: Vec<&str> = wards.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Phường Bến Thành"));
    let unknown = app.get("/v1/shipping/wards?province=2", None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    app.stop().await;
}
