//! The storefront's pages over HTTP: what a browser and a search engine receive.
//! (The browser tests in `tests/browser` drive the same pages in Chromium.)

use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::TestApp;

/// The page at `path`: its status, and its HTML.
async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.text().await.unwrap();
    if path.ends_with(".xml") || path.ends_with(".txt") {
        return (status, body);
    }
    assert_eq!(content_type, "text/html; charset=utf-8", "{path}");
    assert!(
        body.starts_with("<!doctype html>\n<html lang=\"vi\">"),
        "{path}"
    );
    (status, body)
}

/// The `application/ld+json` documents of a page.
fn structured_data(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(rest.split("</script>").next().unwrap()).unwrap())
        .collect()
}

fn first_product_link(html: &str) -> String {
    let start = html.find("<li class=\"card\">\n  <a href=\"").unwrap() + 29;
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_shopper_browses_the_demo_shop_in_vietnamese() {
    let app = TestApp::spawn_with(|c| c.demo = true).await;
    let (status, home) = page(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains("<a href=\"/dien-thoai\">Điện thoại</a>"),
        "the menu lists categories"
    );
    assert!(home.contains("Sản phẩm nổi bật") && home.contains("Đang giảm giá"));
    // Prices the Vietnamese way: dots between thousands, the đồng sign after.
    let price = first_price(&home);
    assert!(price.ends_with(" ₫") && price.contains('.'), "{price}");
    assert!(
        home.contains("Mã số doanh nghiệp: 0312345678"),
        "Decree 52 business details"
    );

    let (status, phones) = page(
        &app,
        "/dien-thoai?brand=apple&sort=price_asc&utm_source=zalo",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(phones.contains("<option value=\"apple\" selected>Apple</option>"));
    assert!(phones.contains("<option value=\"price_asc\" selected>"));
    assert!(
        phones.contains("<meta name=\"robots\" content=\"noindex, follow\">"),
        "filtered lists are not indexed"
    );
    let product = first_product_link(&phones);
    assert!(product.starts_with("/dien-thoai-iphone/"), "{product}");

    let (status, detail) = page(&app, &product).await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail.contains("Thông số kỹ thuật") && detail.contains("Phiên bản"));
    assert!(detail.contains(&format!(
        "<link rel=\"canonical\" href=\"{}{product}\">",
        app.base
    )));
    let data = structured_data(&detail);
    let item = data.iter().find(|d| d["@type"] == "Product").unwrap();
    let offer = &item["offers"][0];
    assert_eq!(offer["priceCurrency"], "VND");
    assert!(
        offer["price"].as_i64().unwrap() > 0,
        "a price in whole đồng"
    );
    let trail = data
        .iter()
        .find(|d| d["@type"] == "BreadcrumbList")
        .unwrap();
    assert_eq!(trail["itemListElement"][0]["name"], "Trang chủ");

    // A product linked under another category moves to its own address.
    let slug = product.rsplit('/').next().unwrap();
    let moved = app
        .client
        .get(format!("{}/laptop/{slug}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        moved.status(),
        StatusCode::OK,
        "followed to the product's address"
    );
    assert_eq!(moved.url().path(), product);
    app.stop().await;
}

/// The first price a page shows.
fn first_price(html: &str) -> String {
    let start = html.find("<span class=\"paid\">").unwrap() + 19;
    html[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn unknown_pages_and_bad_filters_get_vietnamese_pages_not_json() {
    let app = TestApp::spawn_with(|c| c.demo = true).await;
    let (status, missing) = page(&app, "/khong-co-danh-muc-nay").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("<h1>Không tìm thấy trang</h1>"));
    let (status, _) = page(&app, "/dien-thoai/khong-co-san-pham-nay").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Junk filters are ignored; a forged cursor is a clear 400 page.
    let (status, _) = page(
        &app,
        "/dien-thoai?min_price=abc&max_price=-1&sort=%00&in_stock=yes",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, forged) = page(&app, "/dien-thoai?cursor=not-a-cursor").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(forged.contains("Yêu cầu không hợp lệ"));
    app.stop().await;
}

#[tokio::test]
async fn search_engines_get_a_sitemap_robots_and_policy_pages() {
    let app = TestApp::spawn_with(|c| c.demo = true).await;
    let (status, robots) = page(&app, "/robots.txt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(robots.contains("Disallow: /admin") && robots.contains("Sitemap: "));
    let (status, sitemap) = page(&app, "/sitemap.xml").await;
    assert_eq!(status, StatusCode::OK);
    let products = app.get("/v1/products?limit=100", None).await.ok();
    let product = &products["items"][0];
    let url = format!(
        "<loc>{}/{}/{}</loc>",
        app.base,
        product["category"]["slug"].as_str().unwrap(),
        product["slug"].as_str().unwrap()
    );
    assert!(sitemap.contains(&url), "{url}");
    assert!(sitemap.contains(&format!("<loc>{}/chinh-sach-doi-tra</loc>", app.base)));
    for (path, text) in [
        ("/gioi-thieu", "Công ty TNHH Chợ Demo"),
        ("/chinh-sach-doi-tra", "7 ngày"),
        ("/chinh-sach-bao-mat", "Nghị định 13/2023/NĐ-CP"),
        ("/chinh-sach-van-chuyen", "5.000.000 ₫"),
        ("/chinh-sach-thanh-toan", "VietQR"),
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains(text), "{path} says {text}");
    }
    // The stylesheet's name carries its digest, so browsers keep it for a year.
    let (_, home) = page(&app, "/").await;
    let start = home.find("<link rel=\"stylesheet\" href=\"").unwrap() + 29;
    let css = home[start..].split('"').next().unwrap();
    let response = app
        .client
        .get(format!("{}{css}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    app.stop().await;
}
