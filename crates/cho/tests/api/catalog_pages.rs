//! Staff build the catalog from the back office: categories, brands, a product with
//! its first variant, another variant, the product's texts. Each form answers a
//! mistake next to its field, keeping what was typed, and the shop shows the result.

use reqwest::StatusCode;

use crate::browser::{hidden, Browser};
use crate::harness::TestApp;

/// The id at the end of the link to `name` in a back-office list.
fn link_to(page: &str, name: &str) -> String {
    page.split(&format!("\">{name}</a>"))
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .to_owned()
}

/// The `<option>` value of `label` in a page's selects.
fn option_value(page: &str, label: &str) -> String {
    let end = page
        .find(&format!(">{label}</option>"))
        .unwrap_or_else(|| panic!("no option {label}"));
    let start = page[..end].rfind("value=\"").unwrap() + "value=\"".len();
    page[start..end].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn staff_add_categories_brands_and_a_product_that_the_shop_then_sells() {
    let app = TestApp::spawn().await;
    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let (status, page) = staff.get("/admin/danh-muc").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden(&page, "_csrf");

    // Categories: a root, then one below it; a name left empty comes back with its error.
    let category = |name: &'static str, parent: String| {
        let csrf = csrf.clone();
        move || {
            vec![
                ("name", name.to_owned()),
                ("parent", parent.clone()),
                ("slug", String::new()),
                ("description", String::new()),
                ("sort_order", "1".to_owned()),
                ("active", "1".to_owned()),
                ("_csrf", csrf.clone()),
            ]
        }
    };
    let form = category("Đồng hồ", String::new())();
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, location, _) = staff.post("/admin/danh-muc", &fields).await;
    assert_eq!(
        location.as_deref(),
        Some("/admin/danh-muc?thong-bao=da-tao")
    );
    let (status, _, page) = staff.post("/admin/danh-muc", &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the slug dong-ho is taken");
    assert!(page.contains("Giá trị này đã được dùng") && page.contains("value=\"Đồng hồ\""));
    let (status, _, page) = staff
        .post(
            "/admin/danh-muc",
            &[("name", " "), ("sort_order", "một"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("Vui lòng nhập tên")
            && page.contains("Thứ tự hiển thị phải là một số nguyên")
    );
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"loi-name\""));

    let (_, list) = staff.get("/admin/danh-muc").await;
    let watches = option_value(&list, "Đồng hồ");
    let form = category("Đồng hồ thông minh", watches.clone())();
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    staff.post("/admin/danh-muc", &fields).await;
    let (_, list) = staff.get("/admin/danh-muc").await;
    assert!(
        list.contains("— Đồng hồ thông minh</a>"),
        "shown below its parent"
    );

    // A brand.
    let (_, location, _) = staff
        .post(
            "/admin/thuong-hieu",
            &[
                ("name", "Garmin"),
                ("description", "Thiết bị đeo"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        location.as_deref(),
        Some("/admin/thuong-hieu?thong-bao=da-tao")
    );
    let (_, location, _) = staff
        .post(
            "/admin/thuong-hieu",
            &[
                ("name", "Logo lạ"),
                ("logo_url", "javascript:alert(1)"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        location, None,
        "a logo that is not an image address is refused"
    );

    // A new product: every mistake at once, then the form as it should be.
    let (status, new) = staff.get("/admin/san-pham/moi").await;
    assert_eq!(status, StatusCode::OK);
    let smart = option_value(&new, "Đồng hồ thông minh");
    let garmin = option_value(&new, "Garmin");
    let (status, _, page) = staff
        .post(
            "/admin/san-pham",
            &[
                ("name", ""),
                ("category", &smart),
                ("brand", &garmin),
                ("status", "active"),
                ("specs", "Pin: 14 ngày"),
                ("variant_name", "47mm"),
                ("sku", "GAR VENU"),
                ("variant_price", "11.990.000"),
                ("variant_sale_price", "12.990.000"),
                ("variant_stock", "7"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    for message in [
        "Vui lòng nhập tên",
        "Dòng 1: hãy mở nhóm",
        "Mã SKU gồm",
        "Giá khuyến mãi phải là số đồng lớn hơn 0 và thấp hơn giá bán",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("value=\"11.990.000\"") && page.contains(">Pin: 14 ngày</textarea>"));

    let product = [
        ("name", "Garmin Venu 3"),
        ("slug", ""),
        ("category", smart.as_str()),
        ("brand", garmin.as_str()),
        ("status", "active"),
        ("short_description", "Đồng hồ sức khoẻ, pin 14 ngày"),
        ("description", "Màn hình AMOLED."),
        (
            "specs",
            "[Màn hình]\nKích thước: 1.4 inch\n[Pin]\nThời lượng: 14 ngày",
        ),
        ("images", "/anh/garmin-venu-3.svg"),
        ("variant_name", "45mm · Đen"),
        ("sku", "GAR-VENU3-45"),
        ("variant_price", "11.990.000"),
        ("variant_sale_price", "10.490.000"),
        ("variant_stock", "7"),
        ("_csrf", csrf.as_str()),
    ];
    let (status, location, _) = staff.post("/admin/san-pham", &product).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let created = location.unwrap();
    assert!(created.ends_with("?thong-bao=da-tao"), "{created}");
    let detail = created.split('?').next().unwrap().to_owned();
    let (status, shop) = Browser::new(&app)
        .get("/dong-ho-thong-minh/garmin-venu-3")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(shop.contains("10.490.000 ₫") && shop.contains("1.4 inch"));
    let (_, location, _) = staff.post("/admin/san-pham", &product).await;
    assert_eq!(location, None, "the same slug and SKU again are refused");

    // Another variant: a SKU already used comes back on its field.
    let variant = |sku: &'static str| {
        [
            ("variant_name", "41mm · Trắng"),
            ("sku", sku),
            ("variant_price", "11.490.000"),
            ("variant_sale_price", ""),
            ("variant_stock", "3"),
            ("_csrf", csrf.as_str()),
        ]
    };
    let (status, _, page) = staff
        .post(&format!("{detail}/phien-ban"), &variant("GAR-VENU3-45"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("aria-describedby=\"loi-sku\"") && page.contains("value=\"41mm · Trắng\"")
    );
    let (_, location, _) = staff
        .post(&format!("{detail}/phien-ban"), &variant("GAR-VENU3-41"))
        .await;
    assert_eq!(
        location.unwrap(),
        format!("{detail}?thong-bao=da-them-phien-ban")
    );

    // The product's texts change; the page shows what is saved, specs as they were typed.
    let (_, page) = staff.get(&detail).await;
    assert!(page.contains("[Màn hình]\nKích thước: 1.4 inch\n[Pin]\nThời lượng: 14 ngày"));
    let mut renamed = product.to_vec();
    renamed[0] = ("name", "Garmin Venu 3 chính hãng");
    renamed[1] = ("slug", "garmin-venu-3");
    let (_, location, _) = staff.post(&detail, &renamed[..10]).await;
    assert_eq!(location, None, "the token is part of the form");
    renamed.retain(|(k, _)| !k.starts_with("variant") && *k != "sku");
    let (_, location, _) = staff.post(&detail, &renamed).await;
    assert_eq!(
        location.unwrap(),
        format!("{detail}?thong-bao=da-luu-thong-tin")
    );
    let (_, shop) = Browser::new(&app)
        .get("/dong-ho-thong-minh/garmin-venu-3")
        .await;
    assert!(shop.contains("Garmin Venu 3 chính hãng") && shop.contains("41mm · Trắng"));

    // What still holds products cannot be deleted; the page says why.
    let (_, list) = staff.get("/admin/danh-muc").await;
    let smart_page = link_to(&list, "— Đồng hồ thông minh");
    let (status, _, page) = staff
        .post(&format!("{smart_page}/xoa"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Danh mục còn danh mục con hoặc sản phẩm"));
    let (_, brands) = staff.get("/admin/thuong-hieu").await;
    let (status, _, page) = staff
        .post(
            &format!("{}/xoa", link_to(&brands, "Garmin")),
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Thương hiệu còn sản phẩm"));

    // Every change is in the audit log, by whom it was made.
    app.staff("quantri@example.vn", cho_identity::Role::Admin)
        .await;
    let mut admin = Browser::signed_in(&app, "quantri@example.vn").await;
    let (_, log) = admin.get("/admin/nhat-ky").await;
    for action in [
        "category.create",
        "brand.create",
        "product.create",
        "variant.create",
        "product.update",
    ] {
        assert!(log.contains(&format!("<td>{action}</td>")), "{action}");
    }
    assert_eq!(log.matches("<td>category.create</td>").count(), 2);
}

#[tokio::test]
async fn customers_and_stale_forms_cannot_change_the_catalog() {
    let app = TestApp::spawn().await;
    let mut shopper = Browser::signed_up(&app, "Khách Hàng", "khach@example.vn").await;
    for path in [
        "/admin/danh-muc",
        "/admin/thuong-hieu",
        "/admin/san-pham/moi",
    ] {
        let (status, page) = shopper.get(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.contains("Không có quyền truy cập"));
    }
    let (status, _, _) = shopper
        .post("/admin/danh-muc", &[("name", "Lạ"), ("_csrf", "x")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let (status, _, page) = staff
        .post("/admin/thuong-hieu", &[("name", "Lạ"), ("_csrf", "cu")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Biểu mẫu đã hết hạn"));
    let (_, brands) = staff.get("/admin/thuong-hieu").await;
    assert!(!brands.contains("Lạ"), "nothing was written");
    let (status, _) = staff
        .get("/admin/danh-muc/0190a0a0-0000-7000-8000-000000000000")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
