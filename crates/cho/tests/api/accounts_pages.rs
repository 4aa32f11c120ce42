//! Signing in, registering and signing out through the pages, with their cookies and
//! form tokens, as a browser without JavaScript would.

use reqwest::StatusCode;

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
