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

    app.get("/v1/products", None).await.ok();
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
    // Each operation lists its codes, every one registered and answered under its status.
    for (path, operations) in doc.body["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for code in operation["x-error-codes"].as_array().unwrap() {
                let code = code.as_str().unwrap();
                let registered = cho::openapi::error_codes().find(|c| c.code == code);
                let registered =
                    registered.unwrap_or_else(|| panic!("{method} {path} lists unknown {code}"));
                let response = &operation["responses"][registered.status.to_string()];
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| d.contains(&format!("`{code}`"))),
                    "{method} {path}: its {} response names {code}",
                    registered.status
                );
            }
        }
    }
    let checkout = &doc.body["paths"]["/v1/orders"]["post"];
    assert!(checkout["x-error-codes"]
        .as_array()
        .unwrap()
        .contains(&"insufficient_stock".into()));
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

/// The OpenAPI document's 401s and 403s are filled in from each operation's security
/// and tag; this holds them against what the extractors really do: every operation
/// documented as secured refuses an anonymous caller with 401 and no other does, and
/// every operation that lists `forbidden` refuses a customer with it.
#[tokio::test]
async fn guarded_operations_answer_as_documented() {
    let app = TestApp::spawn().await;
    let customer = app.customer("khach@example.vn").await;
    let doc = app.get("/v1/api/doc/openapi.json", None).await.body;
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        let concrete = concrete_path(path);
        for (method, operation) in operations.as_object().unwrap() {
            let documents = |status: &str| operation["responses"].get(status).is_some();
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            assert!(
                !secured || documents("401"),
                "{method} {path}: 401 documented"
            );
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = [
                reqwest::Method::POST,
                reqwest::Method::PUT,
                reqwest::Method::PATCH,
            ]
            .contains(&method)
            .then(|| serde_json::json!({}));
            let anonymous = app
                .request(method.clone(), &concrete, None, body.clone())
                .await;
            // Gateways' callbacks authenticate by their own signatures or keys and
            // answer in their own formats, as each of them documents.
            let gateway_callback = path.starts_with("/v1/payments/");
            assert_eq!(
                anonymous.status == StatusCode::UNAUTHORIZED && !gateway_callback,
                secured,
                "{method} {path} answered an anonymous caller {}",
                anonymous.status
            );
            let lists = |code: &str| {
                operation["x-error-codes"]
                    .as_array()
                    .is_some_and(|codes| codes.contains(&code.into()))
            };
            if lists("forbidden") {
                let refused = app
                    .request(method.clone(), &concrete, Some(&customer), body)
                    .await;
                assert_eq!(refused.status, StatusCode::FORBIDDEN, "{method} {path}");
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} operations checked");
}

/// `path` with a plausible value in each parameter.
fn concrete_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{provider}" => "VNPAY".to_owned(),
            "{gateway}" => "vnpay".to_owned(),
            "{slug}" => "khong-co-san-pham-nay".to_owned(),
            s if s.starts_with('{') => uuid::Uuid::new_v4().to_string(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}
