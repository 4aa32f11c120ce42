use cho_identity::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{address, TestApp};

/// Every error has the documented body, with a message saying what was wrong.
fn assert_error(reply: &crate::harness::Reply, status: StatusCode, fragment: &str) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(
        reply.body["statusCode"],
        status.as_u16(),
        "{:?}",
        reply.body
    );
    assert_eq!(reply.body["error"], status.canonical_reason().unwrap());
    let message = reply.body["message"].as_str().unwrap();
    assert!(
        message.contains(fragment),
        "'{message}' should mention '{fragment}'"
    );
}

/// One bad request and the answer it must get.
struct Case {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    status: StatusCode,
    /// Words the message must contain.
    says: &'static str,
}

impl Case {
    fn new(method: Method, path: &'static str, body: Option<Value>) -> Self {
        Case {
            method,
            path,
            body,
            status: StatusCode::BAD_REQUEST,
            says: "",
        }
    }

    fn answers(self, status: StatusCode, says: &'static str) -> Self {
        Case {
            status,
            says,
            ..self
        }
    }
}

fn get(path: &'static str) -> Case {
    Case::new(Method::GET, path, None)
}

fn post(path: &'static str, body: Value) -> Case {
    Case::new(Method::POST, path, Some(body))
}

/// Sends every case (as `token`'s user) and checks its answer.
async fn check(app: &TestApp, token: Option<&str>, cases: Vec<Case>) {
    for case in cases {
        let what = format!("{} {} {:?}", case.method, case.path, case.body);
        let reply = app.request(case.method, case.path, token, case.body).await;
        assert_eq!(reply.status, case.status, "{what}: {:?}", reply.body);
        assert_error(&reply, case.status, case.says);
    }
}

#[tokio::test]
async fn bad_cart_input_gets_clear_4xx_answers_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let variant = app.product_with_stock(&admin, "BAD-1", 100_000, 5).await;
    let buyer = app.customer("bad@example.vn").await;

    let malformed = app
        .client
        .post(format!("{}/v1/cart/items", app.base))
        .bearer_auth(&buyer)
        .header("content-type", "application/json")
        .body("{\"variantId\": ")
        .send()
        .await
        .unwrap();
    let reply = crate::harness::Reply {
        status: malformed.status(),
        body: malformed.json().await.unwrap(),
    };
    assert_error(&reply, StatusCode::BAD_REQUEST, "malformed JSON");

    let item = |quantity: Value| json!({"variantId": variant, "quantity": quantity});
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let mut cases = vec![
        post("/v1/cart/items", item(json!("two"))).answers(unprocessable, "quantity"),
        post("/v1/cart/items", json!({"quantity": 1})).answers(unprocessable, "variantId"),
        post("/v1/cart/items", item(json!(1e30))).answers(unprocessable, "quantity"),
        post(
            "/v1/cart/items",
            json!({"variantId": uuid::Uuid::now_v7(), "quantity": 1}),
        )
        .answers(StatusCode::NOT_FOUND, "variant not found"),
        Case::new(
            Method::PATCH,
            "/v1/cart/items/not-a-uuid",
            Some(json!({"quantity": 1})),
        )
        .answers(StatusCode::NOT_FOUND, "no such resource"),
    ];
    for quantity in [0i64, -1, 1_000_000_000, i64::MAX] {
        cases.push(post("/v1/cart/items", item(json!(quantity))).answers(
            StatusCode::BAD_REQUEST,
            "quantity must be between 1 and 100",
        ));
    }
    check(&app, Some(&buyer), cases).await;
    assert_eq!(
        app.get("/v1/cart", Some(&buyer)).await.body["items"],
        json!([]),
        "nothing half-written"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_refused_checkout_reserves_nothing_and_keeps_the_cart() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let variant = app.product_with_stock(&admin, "BAD-2", 100_000, 5).await;
    let buyer = app.customer("bad@example.vn").await;
    let order =
        |address: Value, method: &str| json!({"shippingAddress": address, "paymentMethod": method});

    let empty = app
        .post("/v1/orders", Some(&buyer), order(address(), "COD"))
        .await;
    assert_error(&empty, StatusCode::UNPROCESSABLE_ENTITY, "cart is empty");
    assert_eq!(empty.body["code"], "cart_empty");

    app.post(
        "/v1/cart/items",
        Some(&buyer),
        json!({"variantId": variant, "quantity": 1}),
    )
    .await
    .ok();
    let mut bad_province = address();
    bad_province["provinceCode"] = json!(2);
    let mut bad_phone = address();
    bad_phone["phone"] = json!("12345");
    check(
        &app,
        Some(&buyer),
        vec![
            post("/v1/orders", order(address(), "BITCOIN"))
                .answers(StatusCode::UNPROCESSABLE_ENTITY, "paymentMethod"),
            post("/v1/orders", order(bad_province, "COD"))
                .answers(StatusCode::BAD_REQUEST, "provinceCode 2"),
            post("/v1/orders", order(bad_phone, "COD"))
                .answers(StatusCode::BAD_REQUEST, "mobile number"),
        ],
    )
    .await;
    let blank_key = app
        .request_with(
            Method::POST,
            "/v1/orders",
            Some(&buyer),
            Some(order(address(), "COD")),
            &[("Idempotency-Key", "")],
        )
        .await;
    assert_error(&blank_key, StatusCode::BAD_REQUEST, "Idempotency-Key");
    assert_eq!(
        app.stock_of(&admin, &variant).await,
        5,
        "failed checkouts reserve nothing"
    );
    let cart = app.get("/v1/cart", Some(&buyer)).await;
    assert_eq!(
        cart.body["items"].as_array().unwrap().len(),
        1,
        "and keep the cart"
    );
    app.stop().await;
}

#[tokio::test]
async fn bad_lists_routes_methods_and_bodies_get_clear_4xx_answers() {
    let app = TestApp::spawn().await;
    let register =
        |password: String| json!({"email": "x@example.vn", "password": password, "fullName": "X"});
    check(
        &app,
        None,
        vec![
            get("/v1/products?limit=0").answers(StatusCode::BAD_REQUEST, "limit"),
            get("/v1/products?limit=abc").answers(StatusCode::BAD_REQUEST, "invalid query string"),
            get("/v1/products?cursor=garbage").answers(StatusCode::BAD_REQUEST, "cursor"),
            get("/v1/products?sort=cheapest")
                .answers(StatusCode::BAD_REQUEST, "invalid query string"),
            get("/v1/products?minPrice=10&maxPrice=5").answers(StatusCode::BAD_REQUEST, "minPrice"),
            get("/v1/nothing-here").answers(StatusCode::NOT_FOUND, "no such route"),
            Case::new(Method::DELETE, "/v1/products", None)
                .answers(StatusCode::METHOD_NOT_ALLOWED, "method"),
            post("/v1/auth/register", register("p".repeat(2 * 1024 * 1024)))
                .answers(StatusCode::PAYLOAD_TOO_LARGE, "too large"),
            post("/v1/auth/register", register("short".into()))
                .answers(StatusCode::BAD_REQUEST, "password"),
        ],
    )
    .await;
    app.stop().await;
}

#[tokio::test]
async fn nul_characters_are_refused_at_the_edge_naming_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let buyer = app.customer("nul@example.vn").await;
    let register = app
        .post(
            "/v1/auth/register",
            None,
            json!({"email": "a\u{0}@example.vn", "password": "mat-khau-du-dai", "fullName": "X"}),
        )
        .await;
    assert_error(&register, StatusCode::BAD_REQUEST, "email");
    let login = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "nul@example.vn", "password": "abc\u{0}defgh"}),
        )
        .await;
    assert_error(&login, StatusCode::BAD_REQUEST, "password");
    let mut address = address();
    address["addressDetail"] = json!("12 Lê Lợi\u{0}");
    let saved = app
        .post("/v1/users/me/addresses", Some(&buyer), address.clone())
        .await;
    assert_error(&saved, StatusCode::BAD_REQUEST, "addressDetail");
    let order = app
        .post(
            "/v1/orders",
            Some(&buyer),
            json!({"shippingAddress": address, "paymentMethod": "COD"}),
        )
        .await;
    assert_error(
        &order,
        StatusCode::BAD_REQUEST,
        "shippingAddress.addressDetail",
    );
    let brand = app
        .post(
            "/v1/admin/brands",
            Some(&admin),
            json!({"name": "Sam\u{0}sung"}),
        )
        .await;
    assert_error(&brand, StatusCode::BAD_REQUEST, "name");
    assert_error(
        &app.get("/v1/products?brand=sam%00sung", None).await,
        StatusCode::BAD_REQUEST,
        "brand",
    );
    assert_error(
        &app.get("/v1/products/iphone%0015", None).await,
        StatusCode::BAD_REQUEST,
        "NUL",
    );
    // Nothing was stored.
    let addresses = app.get("/v1/users/me/addresses", Some(&buyer)).await;
    assert_eq!(addresses.body["items"], json!([]), "{:?}", addresses.body);

    // A gateway callback holding one is refused in that gateway's own answer format.
    let vnpay = app
        .get(
            "/v1/payments/vnpay/callback?vnp_TxnRef=A%00B&vnp_Amount=100",
            None,
        )
        .await;
    assert_eq!(vnpay.status, StatusCode::OK);
    assert_eq!(vnpay.body["RspCode"], "99");
    let zalopay = app
        .post(
            "/v1/payments/zalopay/callback",
            None,
            json!({"data": "{\"app_trans_id\":\"x\u{0}\"}", "mac": "00", "type": 1}),
        )
        .await;
    assert_eq!(zalopay.status, StatusCode::OK);
    assert_eq!(zalopay.body["return_code"], -1);
    app.stop().await;
}

#[tokio::test]
async fn unknown_parameters_and_fields_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let buyer = app.customer("tham-so@example.vn").await;
    for (path, name) in [
        ("/v1/products?q=iphone", "`q`"),
        ("/v1/products?search=iphone", "`search`"),
        ("/v1/products?format=csv", "`format`"),
        ("/v1/shipping/wards?province=79&district=760", "`district`"),
        ("/v1/orders?limit=5&sort=new", "`sort`"),
    ] {
        let reply = app.get(path, Some(&buyer)).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, name);
    }
    let cart = app
        .post(
            "/v1/cart/items",
            Some(&buyer),
            json!({"variantId": uuid::Uuid::now_v7(), "quantity": 1, "giftWrap": true}),
        )
        .await;
    assert_error(&cart, StatusCode::BAD_REQUEST, "`giftWrap`");
    let mut address = address();
    address["district"] = json!("Quận 1");
    let saved = app
        .post("/v1/users/me/addresses", Some(&buyer), address)
        .await;
    assert_error(&saved, StatusCode::BAD_REQUEST, "`district`");
    app.stop().await;
}

#[tokio::test]
async fn a_password_of_spaces_is_not_a_password() {
    let app = TestApp::spawn().await;
    for password in ["        ", "   abc   ", "\t\t\t\t\t\t\t\t\t"] {
        let reply = app
            .post(
                "/v1/auth/register",
                None,
                json!({"email": "spaces@example.vn", "password": password, "fullName": "Khách"}),
            )
            .await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "password");
    }
    let passphrase = app
        .post(
            "/v1/auth/register",
            None,
            json!({"email": "spaces@example.vn", "password": "con mèo đen", "fullName": "Khách"}),
        )
        .await;
    assert_eq!(
        passphrase.status,
        StatusCode::CREATED,
        "{:?}",
        passphrase.body
    );
    app.stop().await;
}
