//! Signing in, registering and signing out through the pages, with their cookies and
//! form tokens, as a browser without JavaScript would.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::{hidden, Browser};
use crate::harness::{TestApp, PASSWORD};

#[tokio::test]
async fn a_shopper_registers_signs_out_and_signs_in_again_through_the_pages() {
    let app = TestApp::spawn().await;
    let mut browser = Browser::new(&app);
    let (status, form) = browser.get("/dang-ky").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden(&form, "_csrf");

    // Bad fields come back next to the field, in Vietnamese, with what was typed.
    let (status, _, refused) = browser
        .post(
            "/dang-ky",
            &[
                ("_csrf", &csrf),
                ("full_name", "Nguyễn Văn An"),
                ("email", "an@"),
                ("phone", "123"),
                ("password", "ngan"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("Email không hợp lệ."));
    assert!(refused.contains("Số điện thoại di động không hợp lệ"));
    assert!(refused.contains("Mật khẩu cần từ 8 đến 128 ký tự."));
    assert!(
        refused.contains("value=\"Nguyễn Văn An\""),
        "the name is kept"
    );
    assert!(!refused.contains("ngan\""), "the password is not sent back");

    let (status, location, _) = browser
        .post(
            "/dang-ky",
            &[
                ("_csrf", &csrf),
                ("full_name", "Nguyễn Văn An"),
                ("email", "an@example.vn"),
                ("phone", ""),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/"));
    let (_, home) = browser.get("/").await;
    assert!(
        home.contains("Xin chào, Nguyễn Văn An"),
        "signed in after registering"
    );

    // The same address again is refused at its field.
    let mut other = Browser::new(&app);
    let (_, form) = other.get("/dang-ky").await;
    let csrf_other = hidden(&form, "_csrf");
    let (status, _, taken) = other
        .post(
            "/dang-ky",
            &[
                ("_csrf", &csrf_other),
                ("full_name", "Người Khác"),
                ("email", "an@example.vn"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.contains("đã có tài khoản"));

    // Signing out ends the session for good, even for a copy of the old cookie.
    let old_cookies = browser.cookies.clone();
    let csrf = hidden(&home, "_csrf");
    let (status, location, _) = browser.post("/dang-xuat", &[("_csrf", &csrf)]).await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/"))
    );
    let (_, home) = browser.get("/").await;
    assert!(home.contains("href=\"/dang-nhap\""));
    browser.cookies = old_cookies;
    let (_, replayed) = browser.get("/").await;
    assert!(
        !replayed.contains("Xin chào"),
        "a closed session's cookie opens nothing"
    );

    // Signing in again, by email, goes back where the shopper was (and only here).
    let (_, form) = browser.get("/dang-nhap?tiep=/dien-thoai").await;
    assert_eq!(hidden(&form, "tiep"), "/dien-thoai");
    let csrf = hidden(&form, "_csrf");
    let (status, _, wrong) = browser
        .post(
            "/dang-nhap",
            &[
                ("_csrf", &csrf),
                ("login", "an@example.vn"),
                ("password", "sai-mat-khau-roi"),
                ("tiep", "/dien-thoai"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(wrong.contains("mật khẩu không đúng") && wrong.contains("value=\"an@example.vn\""));
    let (status, location, _) = browser
        .post(
            "/dang-nhap",
            &[
                ("_csrf", &csrf),
                ("login", "an@example.vn"),
                ("password", PASSWORD),
                ("tiep", "/dien-thoai"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/dien-thoai"))
    );
    let (_, form) = browser.get("/dang-nhap?tiep=https://evil.example/").await;
    assert_eq!(hidden(&form, "tiep"), "/");
    app.stop().await;
}

#[tokio::test]
async fn a_form_from_elsewhere_or_a_stale_page_is_refused_with_a_clear_page() {
    let app = TestApp::spawn().await;
    app.customer("khach@example.vn").await;
    let mut browser = Browser::new(&app);
    // No form token cookie: another site's form, or cookies cleared since the page loaded.
    let (status, _, page) = browser
        .post(
            "/dang-nhap",
            &[
                ("_csrf", "doan-bua"),
                ("login", "khach@example.vn"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Biểu mẫu đã hết hạn"));
    assert!(!browser.cookies.iter().any(|(n, _)| n == "cho_session"));
    // With this browser's cookie but a forged token, likewise.
    let (_, _) = browser.get("/dang-nhap").await;
    let (status, _, _) = browser
        .post(
            "/dang-nhap",
            &[
                ("_csrf", "doan-bua"),
                ("login", "khach@example.vn"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = browser.post("/dang-xuat", &[("_csrf", "doan-bua")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.stop().await;
}

#[tokio::test]
async fn a_shopper_keeps_an_address_book() {
    let app = TestApp::spawn().await;
    let mut shopper =
        crate::browser::Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let (status, profile) = shopper.get("/tai-khoan/thong-tin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(profile.contains("lan@example.vn") && profile.contains("Khách hàng"));

    let (status, book) = shopper.get("/tai-khoan/dia-chi").await;
    assert_eq!(status, StatusCode::OK);
    assert!(book.contains("Bạn chưa lưu địa chỉ nào"));
    let csrf = hidden(&book, "_csrf");
    let mut fields = vec![
        ("recipient_name", "Trần Thị Lan"),
        ("phone", "0912345678"),
        ("province", "1"),
        ("ward", "26743"),
        ("address_detail", "8 Tràng Tiền"),
        ("_csrf", &csrf),
    ];
    // A ward of another province is refused at its field, with what was typed kept.
    let (status, _, refused) = shopper.post("/tai-khoan/dia-chi", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("id=\"loi-xa\"") && refused.contains("value=\"8 Tràng Tiền\""));
    fields[2] = ("province", "79");
    let (_, location, _) = shopper.post("/tai-khoan/dia-chi", &fields).await;
    assert_eq!(
        location.as_deref(),
        Some("/tai-khoan/dia-chi?thong-bao=da-luu")
    );
    fields[4] = ("address_detail", "99 Hai Bà Trưng");
    shopper.post("/tai-khoan/dia-chi", &fields).await;
    let (_, book) = shopper.get("/tai-khoan/dia-chi").await;
    assert_eq!(book.matches("/xoa\"").count(), 2, "two addresses");
    assert_eq!(
        book.matches("class=\"badge\">Mặc định").count(),
        1,
        "the first is the default"
    );

    // The second becomes the default; then the first is deleted.
    let second = book
        .split("/mac-dinh\"")
        .next()
        .unwrap()
        .rsplit("/tai-khoan/dia-chi/")
        .next()
        .unwrap()
        .to_owned();
    let (_, location, _) = shopper
        .post(
            &format!("/tai-khoan/dia-chi/{second}/mac-dinh"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/tai-khoan/dia-chi?thong-bao=mac-dinh")
    );
    let (_, book) = shopper.get("/tai-khoan/dia-chi").await;
    let first = book
        .split("/mac-dinh\"")
        .next()
        .unwrap()
        .rsplit("/tai-khoan/dia-chi/")
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    let (_, location, _) = shopper
        .post(
            &format!("/tai-khoan/dia-chi/{first}/xoa"),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/tai-khoan/dia-chi?thong-bao=da-xoa")
    );
    let (_, book) = shopper.get("/tai-khoan/dia-chi").await;
    assert!(book.contains("99 Hai Bà Trưng") && !book.contains("8 Tràng Tiền"));
    // Someone else's address cannot be touched.
    let mut other =
        crate::browser::Browser::signed_up(&app, "Lê Văn Minh", "minh@example.vn").await;
    let other_csrf = hidden(&other.get("/").await.1, "_csrf");
    let (status, _, _) = other
        .post(
            &format!("/tai-khoan/dia-chi/{second}/xoa"),
            &[("_csrf", &other_csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_expired_session_opens_nothing_and_is_purged() {
    let app = TestApp::spawn().await;
    let mut shopper =
        crate::browser::Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    assert_eq!(shopper.get("/gio-hang").await.0, StatusCode::OK);
    let db = &app.state().db;
    let mut tx = db.begin().await.unwrap();
    tx.query("UPDATE browser_sessions SET expires_at = $1")
        .bind(chrono::Utc::now() - chrono::Duration::minutes(1))
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (status, location) = shopper.redirect_of("/gio-hang").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/dang-nhap?tiep=%2Fgio-hang"));
    assert_eq!(cho_identity::sessions::purge_expired(db).await.unwrap(), 1);
}

#[tokio::test]
async fn a_shopper_changes_their_details_and_password_and_other_devices_are_signed_out() {
    let app = TestApp::spawn().await;
    let mut laptop = Browser::signed_up(&app, "Trần Thu", "thu@example.vn").await;
    let mut phone = Browser::signed_in(&app, "thu@example.vn").await;
    let api = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "thu@example.vn", "password": PASSWORD}),
        )
        .await;
    let refresh = api.body["refreshToken"].as_str().unwrap().to_owned();
    let (_, page) = laptop.get("/tai-khoan/thong-tin").await;
    let csrf = hidden(&page, "_csrf");

    // Mistakes come back next to their fields, with what was typed.
    let (status, _, page) = laptop
        .post(
            "/tai-khoan/thong-tin",
            &[("full_name", " "), ("phone", "12345"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("Vui lòng nhập họ tên")
            && page.contains("Số điện thoại di động không hợp lệ")
    );
    assert!(page.contains("value=\"12345\""));
    app.customer("khac@example.vn").await;
    app.request(
        reqwest::Method::PATCH,
        "/v1/users/me",
        Some(&app.login("khac@example.vn").await),
        Some(json!({"fullName": "Người Khác", "phone": "0912000111"})),
    )
    .await
    .ok();
    let (status, _, page) = laptop
        .post(
            "/tai-khoan/thong-tin",
            &[
                ("full_name", "Trần Minh Thu"),
                ("phone", "0912 000 111"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("đã thuộc về một tài khoản khác"));
    let (_, location, _) = laptop
        .post(
            "/tai-khoan/thong-tin",
            &[
                ("full_name", "Trần Minh Thu"),
                ("phone", "+84 903 123 456"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/tai-khoan/thong-tin?thong-bao=da-luu")
    );
    let (_, page) = laptop.get("/tai-khoan/thong-tin").await;
    assert!(page.contains("value=\"0903123456\"") && page.contains("Xin chào, Trần Minh Thu"));

    // A wrong current password changes nothing; the right one closes every other way in.
    let new_password = "mat-khau-moi-that-dai";
    let (status, _, page) = laptop
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("current_password", "sai-roi-nhe"),
                ("new_password", new_password),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Mật khẩu hiện tại không đúng"));
    let (_, page) = phone.get("/tai-khoan/thong-tin").await;
    assert!(
        page.contains("Thông tin tài khoản"),
        "still signed in on the phone"
    );
    let (_, location, _) = laptop
        .post(
            "/tai-khoan/mat-khau",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/tai-khoan/thong-tin?thong-bao=da-doi-mat-khau")
    );
    let (status, _) = laptop.get("/tai-khoan/thong-tin").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the laptop that changed it stays signed in"
    );
    let (_, to) = phone.redirect_of("/tai-khoan/thong-tin").await;
    assert!(
        to.unwrap().starts_with("/dang-nhap"),
        "the phone is signed out"
    );
    let refreshed = app
        .post(
            "/v1/auth/refresh-token",
            None,
            json!({"refreshToken": refresh}),
        )
        .await;
    assert_eq!(
        refreshed.status,
        StatusCode::UNAUTHORIZED,
        "refresh tokens are revoked"
    );
    let old = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "thu@example.vn", "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app
        .post(
            "/v1/auth/login",
            None,
            json!({"email": "thu@example.vn", "password": new_password}),
        )
        .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn the_api_changes_a_profile_and_a_password_with_clear_codes() {
    let app = TestApp::spawn().await;
    app.customer("an@example.vn").await;
    let token = app.login("an@example.vn").await;
    let patch = |body: serde_json::Value| {
        app.request(
            reqwest::Method::PATCH,
            "/v1/users/me",
            Some(&token),
            Some(body),
        )
    };
    let changed = patch(json!({"fullName": "  Nguyễn Văn An ", "phone": "0987654321"}))
        .await
        .ok();
    assert_eq!(changed["fullName"], "Nguyễn Văn An");
    assert_eq!(changed["phone"], "0987654321");
    let reply = patch(json!({"fullName": "An", "phone": "123"})).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "invalid_input");
    let reply = patch(json!({"fullName": "An", "role": "admin"})).await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "no field beyond the two"
    );
    let me = app.get("/v1/users/me", Some(&token)).await.ok();
    assert_eq!(me["role"], "customer");

    let wrong = app
        .post(
            "/v1/users/me/password",
            Some(&token),
            json!({"currentPassword": "khong-phai", "newPassword": "mot-mat-khau-moi"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.body["code"], "wrong_password");
    let short = app
        .post(
            "/v1/users/me/password",
            Some(&token),
            json!({"currentPassword": PASSWORD, "newPassword": "ngan"}),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let done = app
        .post(
            "/v1/users/me/password",
            Some(&token),
            json!({"currentPassword": PASSWORD, "newPassword": "mot-mat-khau-moi"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    // Guessing the current password from a stolen token is bounded: eleven tries in all
    // put six in one minute's window however the minutes fall.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let reply = app
            .post(
                "/v1/users/me/password",
                Some(&token),
                json!({"currentPassword": "doan-bua", "newPassword": "mot-mat-khau-khac"}),
            )
            .await;
        statuses.push(reply.status);
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
