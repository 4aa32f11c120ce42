use cho_identity::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{TestApp, PASSWORD};

#[tokio::test]
async fn register_login_refresh_logout() {
    let app = TestApp::spawn().await;
    let registered = app
        .post("/v1/auth/register", None, json!({"email": "An@Example.vn", "password": PASSWORD, "fullName": "Nguyễn An", "phone": "+84 912 345 678"}))
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    assert_eq!(registered.body["email"], "an@example.vn");
    assert_eq!(registered.body["phone"], "0912345678");
    assert_eq!(registered.body["role"], "customer");
    assert!(registered.body.get("passwordHash").is_none());

    let again = app
        .post(
            "/v1/auth/register",
            None,
            json!({"email": "an@example.vn", "password": PASSWORD, "fullName": "X"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "account_exists");
    assert_eq!(again.body["statusCode"], 409);
    assert_eq!(again.body["error"], "Conflict");

    // By phone, in any common spelling.
    let by_phone = app
        .post(
            "/v1/auth/login",
            None,
            json!({"phone": "0912.345.678", "password": PASSWORD}),
        )
        .await;
    assert_eq!(by_phone.status, StatusCode::OK, "{:?}", by_phone.body);
    let login = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "an@example.vn", "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.body["expiresIn"], 900);
    let access = login.body["accessToken"].as_str().unwrap();
    let me = app.get("/v1/users/me", Some(access)).await;
    assert_eq!(me.body["fullName"], "Nguyễn An");

    // Rotation: the new pair works, the old refresh token is single-use.
    let first = login.body["refreshToken"].as_str().unwrap().to_owned();
    let rotated = app
        .post(
            "/v1/auth/refresh-token",
            None,
            json!({"refreshToken": first}),
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let second = rotated.body["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    assert_eq!(
        app.get(
            "/v1/users/me",
            Some(rotated.body["accessToken"].as_str().unwrap())
        )
        .await
        .status,
        StatusCode::OK
    );

    // Reusing the first token revokes the whole family, including the second.
    let reused = app
        .post(
            "/v1/auth/refresh-token",
            None,
            json!({"refreshToken": first}),
        )
        .await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reused.body["code"], "refresh_token_reused");
    assert!(reused.body["message"].as_str().unwrap().contains("revoked"));
    let after = app
        .post(
            "/v1/auth/refresh-token",
            None,
            json!({"refreshToken": second}),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    // Logout revokes a fresh sign-in's token.
    let fresh = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "an@example.vn", "password": PASSWORD}),
        )
        .await;
    let token = fresh.body["refreshToken"].as_str().unwrap();
    let logout = app
        .post("/v1/auth/logout", None, json!({"refreshToken": token}))
        .await;
    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    let refreshed = app
        .post(
            "/v1/auth/refresh-token",
            None,
            json!({"refreshToken": token}),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    app.stop().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let app = TestApp::spawn_with(|c| c.set("identity.login_max_failures", 3)).await;
    app.customer("binh@example.vn").await;
    for _ in 0..3 {
        let wrong = app
            .post(
                "/v1/auth/login",
                None,
                json!({"email": "binh@example.vn", "password": "sai-mat-khau"}),
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.body["code"], "invalid_credentials");
    }
    // Locked now: even the right password is refused until the lockout ends.
    let locked = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "binh@example.vn", "password": PASSWORD}),
        )
        .await;
    // Unknown accounts get the same answer as locked ones, so the answer never tells
    // an attacker that an account exists.
    let unknown = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "nobody@example.vn", "password": PASSWORD}),
        )
        .await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.body["code"], "invalid_credentials");
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.body, unknown.body);
    app.stop().await;
}

#[tokio::test]
async fn tokens_and_roles_are_enforced() {
    let app = TestApp::spawn().await;
    let customer = app.customer("chi@example.vn").await;
    let staff = app.staff("staff@example.vn", Role::Staff).await;

    let anonymous = app.get("/v1/cart", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let forged = format!("{}x", &customer[..customer.len() - 1]);
    assert_eq!(
        app.get("/v1/cart", Some(&forged)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/v1/cart", Some("not.a.jwt")).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Customers are kept out of every back-office route; staff get catalog and orders, not admin.
    for path in ["/v1/admin/orders", "/v1/admin/jobs", "/v1/admin/audit-logs"] {
        assert_eq!(
            app.get(path, Some(&customer)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert_eq!(
        app.get("/v1/admin/orders", Some(&staff)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/v1/admin/jobs", Some(&staff)).await.status,
        StatusCode::FORBIDDEN
    );
    let create = app
        .request(
            Method::POST,
            "/v1/admin/brands",
            Some(&customer),
            Some(json!({"name": "X"})),
        )
        .await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);
    app.stop().await;
}

#[tokio::test]
async fn expired_access_tokens_are_refused() {
    let app = TestApp::spawn_with(|c| c.set("identity.access_token_ttl_secs", -1)).await;
    let token = app.customer("dung@example.vn").await;
    let reply = app.get("/v1/users/me", Some(&token)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.body["message"], "access token expired");
    app.stop().await;
}

#[tokio::test]
async fn addresses_are_validated_against_the_2025_divisions() {
    let app = TestApp::spawn().await;
    let token = app.customer("em@example.vn").await;
    let created = app
        .post(
            "/v1/users/me/addresses",
            Some(&token),
            crate::harness::address(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["wardName"], "Phường Bến Thành");
    assert_eq!(created.body["isDefault"], true);

    let mut wrong_ward = crate::harness::address();
    wrong_ward["wardCode"] = json!(70); // a Hà Nội ward
    let rejected = app
        .post("/v1/users/me/addresses", Some(&token), wrong_ward)
        .await;
    assert_eq!(rejected.status, StatusCode::BAD_REQUEST);
    assert!(rejected.body["message"]
        .as_str()
        .unwrap()
        .contains("wardCode 70"));

    let id = created.body["id"].as_str().unwrap();
    let other = app.customer("other@example.vn").await;
    assert_eq!(
        app.get(&format!("/v1/users/me/addresses/{id}"), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let deleted = app
        .request(
            Method::DELETE,
            &format!("/v1/users/me/addresses/{id}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/users/me/addresses", Some(&token)).await.body["items"],
        json!([])
    );
    app.stop().await;
}

#[tokio::test]
async fn sign_ins_are_rate_limited_per_address() {
    let app = TestApp::spawn_with(|c| c.set("identity.login_rate_per_minute", 3)).await;
    // Registering signs in once. With 3 per minute-long window, seven more
    // attempts cannot all pass even if the window turns over mid-test.
    app.customer("giang@example.vn").await;
    let mut limited = None;
    for i in 0..7 {
        // A made-up X-Forwarded-For does not buy a fresh budget.
        let spoofed = format!("203.0.113.{i}");
        let body = json!({"email": "giang@example.vn", "password": PASSWORD});
        let attempt = app
            .request_with(
                Method::POST,
                "/v1/auth/login",
                None,
                Some(body),
                &[("X-Forwarded-For", &spoofed)],
            )
            .await;
        if attempt.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(attempt);
            break;
        }
        assert_eq!(attempt.status, StatusCode::OK);
    }
    let limited = limited.expect("the address was rate limited");
    assert!(limited.body["message"]
        .as_str()
        .unwrap()
        .contains("too many sign-in attempts"));
    app.stop().await;
}
