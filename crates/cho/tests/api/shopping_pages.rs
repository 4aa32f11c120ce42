//! Buying through the pages, as a browser without JavaScript would: the cart, the
//! checkout with its province → ward pickers, and the shopper's orders.

use reqwest::StatusCode;
use serde_json::json;

use crate::browser::{hidden, Browser};
use crate::harness::TestApp;

/// A product with two variants in stock; its page's path and its variants' ids.
async fn two_variant_product(app: &TestApp) -> (String, [String; 2]) {
    let admin = app
        .staff("admin@example.vn", cho_identity::Role::Admin)
        .await;
    let category = app
        .post(
            "/v1/admin/categories",
            Some(&admin),
            json!({"name": "Tai nghe"}),
        )
        .await;
    let category_id = category.body["items"][0]["id"].clone();
    let product = app
        .post(
            "/v1/admin/products",
            Some(&admin),
            json!({
                "name": "Tai nghe Sóng",
                "categoryId": category_id,
                "variants": [
                    {"name": "Đen", "sku": "SONG-DEN", "price": 1_290_000, "stockQuantity": 5},
                    {"name": "Trắng", "sku": "SONG-TRANG", "price": 1_390_000, "stockQuantity": 5}
                ]
            }),
        )
        .await
        .created();
    let variants = [0, 1].map(|i| product["variants"][i]["id"].as_str().unwrap().to_owned());
    ("/tai-nghe/tai-nghe-song".to_owned(), variants)
}

/// The `action` of the form on `html` that holds `marker`.
fn form_action_around(html: &str, marker: &str) -> String {
    let field = html.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let form = html[..field].rfind("<form").unwrap();
    let marker = "action=\"";
    let start = html[form..].find(marker).unwrap() + form + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_shopper_fills_a_cart_checks_out_with_cod_and_follows_the_order() {
    let app = TestApp::spawn().await;
    let (product_path, [black, white]) = two_variant_product(&app).await;

    // Not signed in: the cart asks to sign in first, and comes back.
    let mut visitor = Browser::new(&app);
    let (status, location, _) = visitor.post("/gio-hang", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/dang-nhap?tiep=%2F"));
    let (status, _) = visitor.get("/gio-hang").await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let (status, page) = shopper.get(&product_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Thêm vào giỏ"), "each variant can be added");
    let csrf = hidden(&page, "_csrf");
    for (variant, quantity) in [(&black, "2"), (&white, "1")] {
        let (status, location, _) = shopper
            .post(
                "/gio-hang",
                &[
                    ("variant", variant),
                    ("quantity", quantity),
                    ("back", &product_path),
                    ("_csrf", &csrf),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location.as_deref(), Some("/gio-hang?thong-bao=da-them"));
    }
    // More than is in stock is refused, with the reason on the cart page.
    let (_, location, _) = shopper
        .post(
            "/gio-hang",
            &[("variant", &white), ("quantity", "9"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(location.as_deref(), Some("/gio-hang?thong-bao=het-hang"));
    let (_, cart) = shopper.get("/gio-hang?thong-bao=het-hang&tinh=79").await;
    assert!(cart.contains("vượt quá số hàng còn trong kho"));
    // 2 × 1.290.000 + 1.390.000, shipped within Hồ Chí Minh City for 20.000.
    assert!(cart.contains("3.970.000 ₫"), "subtotal");
    assert!(
        cart.contains("20.000 ₫") && cart.contains("3.990.000 ₫"),
        "fee and total"
    );

    // One unit fewer of the black one.
    let line = form_action_around(&cart, "value=\"2\" inputmode");
    let (status, location, _) = shopper
        .post(&line, &[("quantity", "1"), ("_csrf", &csrf)])
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/gio-hang"))
    );
    let (_, cart) = shopper.get("/gio-hang").await;
    assert!(cart.contains("2.680.000 ₫"), "subtotal after the change");

    // Checkout: choosing a province lists its wards and keeps what was typed.
    let (status, checkout) = shopper.get("/thanh-toan").await;
    assert_eq!(status, StatusCode::OK);
    let key = hidden(&checkout, "key");
    let mut fields = vec![
        ("address", "moi"),
        ("recipient_name", "Trần Thị Lan"),
        ("phone", "0912 345 678"),
        ("province", "79"),
        ("ward", ""),
        ("address_detail", "12 Lê Lợi"),
        ("payment_method", "COD"),
        ("note", ""),
        ("key", &key),
        ("_csrf", &csrf),
    ];
    let mut with_step = fields.clone();
    with_step.push(("step", "chon-tinh"));
    let (status, _, picked) = shopper.post("/thanh-toan", &with_step).await;
    assert_eq!(status, StatusCode::OK);
    assert!(picked.contains("<option value=\"26743\">Phường Bến Thành</option>"));
    assert!(
        picked.contains("value=\"12 Lê Lợi\""),
        "typed values are kept"
    );

    // Without a ward the form comes back with the reason next to the field.
    let (status, _, refused) = shopper.post("/thanh-toan", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("id=\"loi-xa\""));

    fields[4] = ("ward", "26743");
    let (status, location, _) = shopper.post("/thanh-toan", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = location.unwrap();
    assert!(
        location.starts_with("/tai-khoan/don-hang/CHO"),
        "{location}"
    );
    // The same form sent twice (a double click) is one order.
    let (_, again, _) = shopper.post("/thanh-toan", &fields).await;
    assert_eq!(again.as_deref(), Some(location.as_str()));

    let (status, order) = shopper.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(order.contains("Đặt hàng thành công"));
    assert!(order.contains("Chờ xác nhận") && order.contains("Thanh toán khi nhận hàng"));
    assert!(
        order.contains("2.700.000 ₫"),
        "2.680.000 ₫ and 20.000 ₫ shipping"
    );
    assert!(order.contains("12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh"));
    let (_, list) = shopper.get("/tai-khoan/don-hang").await;
    assert_eq!(
        list.matches("/tai-khoan/don-hang/CHO").count(),
        1,
        "one order"
    );
    let (_, cart) = shopper.get("/gio-hang").await;
    assert!(cart.contains("Giỏ hàng của bạn đang trống"));

    // Nobody else can open it.
    let path = location.split('?').next().unwrap().to_owned();
    let mut other = Browser::signed_up(&app, "Lê Văn Minh", "minh@example.vn").await;
    let (status, _) = other.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other_csrf = hidden(&other.get("/").await.1, "_csrf");
    let (status, _, _) = other
        .post(&format!("{path}/huy"), &[("_csrf", &other_csrf)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The shopper cancels it; the timeline says so.
    let (status, _, _) = shopper
        .post(
            &format!("{path}/huy"),
            &[("reason", "Đặt nhầm màu"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, order) = shopper.get(&path).await;
    assert!(order.contains("Đã hủy: Đặt nhầm màu"));
    assert!(!order.contains("Hủy đơn hàng"), "no second cancel");
}

#[tokio::test]
async fn cart_and_checkout_forms_without_this_browsers_token_change_nothing() {
    let app = TestApp::spawn().await;
    let (_, [black, _]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let (status, _, page) = shopper
        .post(
            "/gio-hang",
            &[
                ("variant", &black),
                ("quantity", "1"),
                ("_csrf", "doan-bua"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Biểu mẫu đã hết hạn"));
    let (_, cart) = shopper.get("/gio-hang").await;
    assert!(cart.contains("Giỏ hàng của bạn đang trống"));
    // An empty cart has nothing to check out.
    let (status, checkout) = shopper.get("/thanh-toan").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{checkout}");
}

/// `shopper` buys one unit of `variant` through the pages, paying by `method`; where
/// the checkout sent them.
async fn buy_through_the_pages(shopper: &mut Browser, variant: &str, method: &str) -> String {
    let (_, home) = shopper.get("/").await;
    let csrf = hidden(&home, "_csrf");
    shopper
        .post(
            "/gio-hang",
            &[("variant", variant), ("quantity", "1"), ("_csrf", &csrf)],
        )
        .await;
    let (_, checkout) = shopper.get("/thanh-toan").await;
    let key = hidden(&checkout, "key");
    let fields = [
        ("address", "moi"),
        ("recipient_name", "Trần Thị Lan"),
        ("phone", "0912345678"),
        ("province", "79"),
        ("ward", "26743"),
        ("address_detail", "12 Lê Lợi"),
        ("payment_method", method),
        ("key", &key),
        ("_csrf", &csrf),
    ];
    let (status, location, _) = shopper.post("/thanh-toan", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    location.unwrap()
}

#[tokio::test]
async fn a_vietqr_order_shows_its_code_and_status_to_its_shopper_only() {
    let app = TestApp::spawn().await;
    let (_, [black, _]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let location = buy_through_the_pages(&mut shopper, &black, "VIETQR").await;
    let path = location.split('?').next().unwrap().to_owned();
    let (status, order) = shopper.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(order.contains("<svg role=\"img\" aria-label=\"Mã VietQR"));
    assert!(order.contains("1.310.000 ₫"), "the amount to transfer");
    assert!(order.contains("Thanh toán bằng phương thức khác"));
    let (status, live) = shopper.get(&format!("{path}/trang-thai")).await;
    assert_eq!(status, StatusCode::OK);
    let live: serde_json::Value = serde_json::from_str(&live).unwrap();
    assert_eq!(live["status"], "PENDING_PAYMENT");

    // Another shopper learns nothing about it, not even through the return page.
    let order_id = app
        .state()
        .db
        .query("SELECT id FROM orders")
        .scalar::<uuid::Uuid>()
        .await
        .unwrap();
    let mut other = Browser::signed_up(&app, "Lê Văn Minh", "minh@example.vn").await;
    let (status, _) = other.get(&format!("{path}/trang-thai")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let returned = format!("/thanh-toan/ket-qua?order={order_id}&outcome=succeeded");
    let (status, _) = other.get(&returned).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Its owner is sent to the order, told to wait for the gateway's word.
    let (status, location) = shopper.redirect_of(&returned).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.unwrap(), format!("{path}?ket-qua=thanh-cong"));
    let (_, order) = shopper.get(&format!("{path}?ket-qua=thanh-cong")).await;
    assert!(order.contains("Đang chờ cổng thanh toán xác nhận"));
    // A return the payments module could not verify is a page saying so.
    let (status, page) = shopper.get("/thanh-toan/ket-qua?outcome=invalid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Không xác nhận được kết quả thanh toán"));
}

#[tokio::test]
async fn staff_move_an_order_and_refund_part_of_a_paid_one_in_the_back_office() {
    let app = TestApp::spawn().await;
    let (_, [black, white]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let cod = buy_through_the_pages(&mut shopper, &black, "COD").await;
    let cod = cod
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();

    // A customer is shown the door; a visitor is asked to sign in first.
    let (status, page) = shopper.get("/admin/don-hang").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Không có quyền truy cập"));
    let (status, location) = Browser::new(&app).redirect_of("/admin/don-hang").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.unwrap(), "/dang-nhap?tiep=%2Fadmin%2Fdon-hang");

    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let csrf = hidden(&staff.get("/admin/don-hang").await.1, "_csrf");
    let (status, list) = staff
        .get("/admin/don-hang?trang-thai=PENDING_CONFIRMATION")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&cod));

    let order = format!("/admin/don-hang/{cod}");
    let (_, page) = staff.get(&order).await;
    assert!(page.contains("Xác nhận đơn") && !page.contains("Hoàn thành"));
    let (_, location, _) = staff
        .post(&format!("{order}/xac-nhan"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=da-cap-nhat"));
    // Shipping needs the tracking code; the state machine refuses a second confirm.
    let (_, location, _) = staff
        .post(&format!("{order}/giao-van-chuyen"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=ma-van-don"));
    let (_, location, _) = staff
        .post(
            &format!("{order}/giao-van-chuyen"),
            &[("tracking_code", "GHN123456"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=da-cap-nhat"));
    let (_, location, _) = staff
        .post(&format!("{order}/xac-nhan"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=khong-hop-le"));
    let (_, page) = staff.get(&order).await;
    assert!(page.contains("Đang giao hàng") && page.contains("GHN123456"));
    // The shopper's timeline shows it too.
    let (_, mine) = shopper.get(&format!("/tai-khoan/don-hang/{cod}")).await;
    assert!(mine.contains("mã vận đơn GHN123456"));

    // A paid order (VietQR, confirmed by the bank statement) is refunded in part.
    let qr = buy_through_the_pages(&mut shopper, &white, "VIETQR").await;
    let qr = qr
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    bank_statement_line(&app, 1, &format!("Thanh toan {qr}"), 1_410_000).await;
    let order = format!("/admin/don-hang/{qr}");
    let (_, page) = staff.get(&order).await;
    assert!(page.contains("Còn có thể hoàn 1.410.000 ₫"), "{page}");
    let key = hidden(&page, "key");
    let refund = [
        ("amount", "100.000"),
        ("reason", "Khách trả lại phụ kiện"),
        ("key", &key),
        ("_csrf", &csrf),
    ];
    let (_, location, _) = staff.post(&format!("{order}/hoan-tien"), &refund).await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=da-hoan-tien"));
    // The same form again is the same refund.
    staff.post(&format!("{order}/hoan-tien"), &refund).await;
    let (_, page) = staff.get(&order).await;
    assert_eq!(page.matches("Hoàn 100.000 ₫").count(), 1, "one refund");
    let too_much = [
        ("amount", "5.000.000"),
        ("reason", "Nhầm"),
        ("key", "khoa-khac-hoan-toan-0123456789"),
        ("_csrf", &csrf),
    ];
    let (_, location, _) = staff.post(&format!("{order}/hoan-tien"), &too_much).await;
    assert_eq!(location.unwrap(), format!("{order}?thong-bao=so-tien"));

    // Orders filtered by method and by day (Vietnam's days).
    let (_, vietqr) = staff.get("/admin/don-hang?phuong-thuc=VIETQR").await;
    assert!(vietqr.contains(&qr) && !vietqr.contains(&cod));
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let (_, placed_today) = staff
        .get(&format!(
            "/admin/don-hang?tu-ngay={}&den-ngay={}",
            day(today),
            day(today)
        ))
        .await;
    assert!(placed_today.contains(&qr) && placed_today.contains(&cod));
    let tomorrow = today.succ_opt().unwrap();
    let (_, none) = staff
        .get(&format!("/admin/don-hang?tu-ngay={}", day(tomorrow)))
        .await;
    assert!(none.contains("Không có đơn hàng nào"));
    let (_, none) = staff
        .get(&format!(
            "/admin/don-hang?den-ngay={}",
            day(today.pred_opt().unwrap())
        ))
        .await;
    assert!(none.contains("Không có đơn hàng nào"));

    // The dashboard counts today's two orders, the money collected and failed payments.
    let (status, dashboard) = staff.get("/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(dashboard.contains("class=\"kpi-orders\">2<"), "{dashboard}");
    assert!(dashboard.contains("class=\"kpi-revenue\">1.410.000 ₫<"));
    assert!(dashboard.contains("class=\"kpi-failures\">0%<"));
    assert_eq!(dashboard.matches("<svg viewBox").count(), 3, "three charts");
}

#[tokio::test]
async fn checkout_offers_the_default_saved_address() {
    let app = TestApp::spawn().await;
    let (_, [black, _]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let (_, book) = shopper.get("/tai-khoan/dia-chi").await;
    let csrf = hidden(&book, "_csrf");
    let address = [
        ("recipient_name", "Trần Thị Lan"),
        ("phone", "0912345678"),
        ("province", "79"),
        ("ward", "26743"),
        ("address_detail", "99 Hai Bà Trưng"),
        ("_csrf", &csrf),
    ];
    shopper.post("/tai-khoan/dia-chi", &address).await;
    shopper
        .post(
            "/gio-hang",
            &[("variant", &black), ("quantity", "1"), ("_csrf", &csrf)],
        )
        .await;
    let (_, checkout) = shopper.get("/thanh-toan").await;
    let saved = checkout
        .split("\" checked> <span><strong>Trần Thị Lan")
        .next()
        .unwrap()
        .rsplit("value=\"")
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(saved.len(), 36, "the saved address is chosen: {saved}");
    assert!(checkout.contains("20.000 ₫"), "shipping to it is priced");
    let key = hidden(&checkout, "key");
    let (_, location, _) = shopper
        .post(
            "/thanh-toan",
            &[
                ("address", &saved),
                ("payment_method", "COD"),
                ("key", &key),
                ("_csrf", &csrf),
            ],
        )
        .await;
    let (_, order) = shopper.get(&location.unwrap()).await;
    assert!(order.contains("99 Hai Bà Trưng, Phường Bến Thành"));
}

#[tokio::test]
async fn staff_reprice_restock_and_archive_a_product_from_the_back_office() {
    let app = TestApp::spawn().await;
    let (product_path, [black, _]) = two_variant_product(&app).await;
    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let csrf = hidden(&staff.get("/admin").await.1, "_csrf");
    let (status, list) = staff.get("/admin/san-pham").await;
    assert_eq!(status, StatusCode::OK);
    let detail = list
        .split("\">Tai nghe Sóng</a>")
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .to_owned();
    let variant = format!("{detail}/phien-ban/{black}");
    // A sale price above the price is refused with the reason; nothing changes.
    let (_, location, _) = staff
        .post(
            &variant,
            &[
                ("price", "1.290.000"),
                ("sale_price", "1.500.000"),
                ("stock", "5"),
                ("active", "1"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(
        location.unwrap(),
        format!("{detail}?thong-bao=khong-hop-le")
    );
    let (_, location, _) = staff
        .post(
            &variant,
            &[
                ("price", "1.290.000"),
                ("sale_price", "990.000"),
                ("stock", "42"),
                ("active", "1"),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(location.unwrap(), format!("{detail}?thong-bao=da-luu"));
    let (_, page) = Browser::new(&app).get(&product_path).await;
    assert!(
        page.contains("990.000 ₫") && page.contains("Còn 42 sản phẩm"),
        "the shop shows it at once"
    );

    let (_, location, _) = staff
        .post(&format!("{detail}/luu-tru"), &[("_csrf", &csrf)])
        .await;
    assert_eq!(location.unwrap(), format!("{detail}?thong-bao=da-luu-tru"));
    let (status, _) = Browser::new(&app).get(&product_path).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an archived product leaves the shop"
    );
    let (_, page) = staff.get(&detail).await;
    assert!(page.contains("Đã lưu trữ") && !page.contains("Lưu trữ sản phẩm"));

    // The audit log and the job queue are for admins; staff are shown the door.
    let (status, _) = staff.get("/admin/nhat-ky").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.staff("quantri@example.vn", cho_identity::Role::Admin)
        .await;
    let mut admin = Browser::signed_in(&app, "quantri@example.vn").await;
    let (status, log) = admin.get("/admin/nhat-ky?entity_type=variant").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(log.matches("<td>variant.update</td>").count(), 1, "{log}");
    assert!(!log.contains("product.archive"), "filtered by what changed");
    let (_, log) = admin.get("/admin/nhat-ky?action=product.").await;
    assert!(log.contains("<td>product.archive</td>") && !log.contains("variant.update"));
    let (status, jobs) = admin.get("/admin/tac-vu").await;
    assert_eq!(status, StatusCode::OK);
    assert!(jobs.contains("Không có tác vụ lỗi"));
}

/// The bank-statement service reports a transfer into the shop's account.
async fn bank_statement_line(app: &TestApp, id: i64, content: &str, amount: i64) {
    let line = json!({
        "id": id, "gateway": "Sandbox Bank", "transactionDate": "2026-12-04 09:00:00",
        "accountNumber": "1023456789", "content": content, "transferType": "in",
        "transferAmount": amount, "accumulated": 0, "referenceCode": format!("SBX.{id}"), "description": "",
    });
    let key = cho_payments::bank_transfers::api_key(app.state()).unwrap();
    let received = app
        .client
        .post(format!("{}/v1/payments/sepay/webhook", app.base))
        .header("authorization", format!("Apikey {key}"))
        .json(&line)
        .send()
        .await
        .unwrap();
    assert_eq!(received.status(), StatusCode::OK);
}

#[tokio::test]
async fn staff_apply_a_transfer_without_a_code_and_dismiss_another() {
    let app = TestApp::spawn().await;
    let (_, [black, _]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let location = buy_through_the_pages(&mut shopper, &black, "VIETQR").await;
    let path = location.split('?').next().unwrap().to_owned();
    let code = path.rsplit('/').next().unwrap().to_owned();
    // The shopper forgot the order code; someone else sent money by mistake.
    bank_statement_line(&app, 7, "chuyen tien mua tai nghe", 1_310_000).await;
    bank_statement_line(&app, 8, "tra no anh Minh", 50_000).await;

    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let (status, queue) = staff.get("/admin/chuyen-khoan").await;
    assert_eq!(status, StatusCode::OK);
    assert!(queue.contains("1.310.000 ₫") && queue.contains("50.000 ₫"));
    let csrf = hidden(&queue, "_csrf");
    let action = |content: &str, verb: &str| {
        let line = queue.split(content).nth(1).unwrap();
        let id = line
            .split("/admin/chuyen-khoan/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        format!("/admin/chuyen-khoan/{id}/{verb}")
    };
    let (apply, dismiss) = (
        action("chuyen tien mua tai nghe", "ap-dung"),
        action("tra no anh Minh", "dong"),
    );
    // The wrong order is refused: the amounts do not match what it owes.
    let (_, location, _) = staff
        .post(
            &apply,
            &[("order_code", "CHO000000XXXXXX"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        location.unwrap(),
        "/admin/chuyen-khoan?thong-bao=khong-co-don"
    );
    let (_, location, _) = staff
        .post(
            &apply,
            &[("order_code", &code.to_lowercase()), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        location.unwrap(),
        "/admin/chuyen-khoan?thong-bao=da-ap-dung"
    );
    let (_, order) = shopper.get(&path).await;
    assert!(
        order.contains("class=\"order-status\">Đã thanh toán"),
        "the order is paid"
    );

    let (_, location, _) = staff.post(&dismiss, &[("_csrf", &csrf)]).await;
    assert_eq!(
        location.unwrap(),
        "/admin/chuyen-khoan?thong-bao=can-ghi-chu"
    );
    let (_, location, _) = staff
        .post(
            &dismiss,
            &[("note", "Chuyển nhầm, đã hoàn lại"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(location.unwrap(), "/admin/chuyen-khoan?thong-bao=da-bo-qua");
    let (_, queue) = staff.get("/admin/chuyen-khoan").await;
    assert!(queue.contains("Không có khoản chuyển khoản nào cần xem xét"));
}

#[tokio::test]
async fn admins_set_and_remove_gateway_credentials_without_ever_seeing_a_secret() {
    const SECRET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456";
    let app = TestApp::spawn().await;
    app.staff("quantri@example.vn", cho_identity::Role::Admin)
        .await;
    let mut admin = Browser::signed_in(&app, "quantri@example.vn").await;
    let (status, page) = admin.get("/admin/cong-thanh-toan").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("VNPAY") && page.contains("ZALOPAY"));
    let csrf = hidden(&page, "_csrf");
    // Every field is required.
    let (_, location, _) = admin
        .post(
            "/admin/cong-thanh-toan/vnpay",
            &[("tmnCode", "CHOSHOP1"), ("_csrf", &csrf)],
        )
        .await;
    assert_eq!(
        location.unwrap(),
        "/admin/cong-thanh-toan?thong-bao=khong-hop-le"
    );
    let (_, location, _) = admin
        .post(
            "/admin/cong-thanh-toan/vnpay",
            &[
                ("tmnCode", "CHOSHOP1"),
                ("hashSecret", SECRET),
                ("_csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(location.unwrap(), "/admin/cong-thanh-toan?thong-bao=da-luu");
    let (_, page) = admin.get("/admin/cong-thanh-toan").await;
    assert!(page.contains("Đã lưu (mã hóa)") && page.contains("CHOSHOP1"));
    assert!(!page.contains(SECRET), "the secret is never shown");

    // Staff may not see or change them.
    app.staff("nhanvien@example.vn", cho_identity::Role::Staff)
        .await;
    let mut staff = Browser::signed_in(&app, "nhanvien@example.vn").await;
    let (status, _) = staff.get("/admin/cong-thanh-toan").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, location, _) = admin
        .post("/admin/cong-thanh-toan/vnpay/xoa", &[("_csrf", &csrf)])
        .await;
    assert_eq!(location.unwrap(), "/admin/cong-thanh-toan?thong-bao=da-xoa");
    let (_, page) = admin.get("/admin/cong-thanh-toan").await;
    assert!(!page.contains("CHOSHOP1"));
}

#[tokio::test]
async fn a_variant_sold_out_before_checkout_is_named_on_the_cart_and_checkout_pages() {
    let app = TestApp::spawn().await;
    let (_, [black, _]) = two_variant_product(&app).await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let csrf = hidden(&shopper.get("/").await.1, "_csrf");
    shopper
        .post(
            "/gio-hang",
            &[("variant", &black), ("quantity", "3"), ("_csrf", &csrf)],
        )
        .await;
    let (_, checkout) = shopper.get("/thanh-toan").await;
    let key = hidden(&checkout, "key");
    // Someone else buys all but one meanwhile.
    set_stock(&app, &black, 1).await;
    let (_, cart) = shopper.get("/gio-hang").await;
    assert!(cart.contains("Chỉ còn 1 sản phẩm") && !cart.contains("Tiến hành đặt hàng"));
    let fields = [
        ("address", "moi"),
        ("recipient_name", "Trần Thị Lan"),
        ("phone", "0912345678"),
        ("province", "79"),
        ("ward", "26743"),
        ("address_detail", "12 Lê Lợi"),
        ("payment_method", "COD"),
        ("key", &key),
        ("_csrf", &csrf),
    ];
    let (status, _, page) = shopper.post("/thanh-toan", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("không còn đủ hàng"),
        "the reason, in Vietnamese"
    );
    assert!(
        page.contains("value=\"12 Lê Lợi\""),
        "what was typed is kept"
    );
    let (_, orders) = shopper.get("/tai-khoan/don-hang").await;
    assert!(
        orders.contains("Bạn chưa có đơn hàng nào"),
        "no order was placed"
    );
}

/// Sets a variant's stock as the back office would.
async fn set_stock(app: &TestApp, variant: &str, stock: i64) {
    let mut tx = app.state().db.begin().await.unwrap();
    tx.query("UPDATE product_variants SET stock_quantity = $1 WHERE id = $2")
        .bind(stock)
        .bind(uuid::Uuid::parse_str(variant).unwrap())
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_malformed_form_or_address_gets_a_page_not_json() {
    let app = TestApp::spawn().await;
    let mut shopper = Browser::signed_up(&app, "Trần Thị Lan", "lan@example.vn").await;
    let csrf = hidden(&shopper.get("/").await.1, "_csrf");
    for path in ["/gio-hang/khong-phai-ma/xoa", "/tai-khoan/dia-chi/123/xoa"] {
        let (status, _, page) = shopper.post(path, &[("_csrf", &csrf)]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            page.starts_with("<!doctype html>") && page.contains("Yêu cầu không hợp lệ"),
            "{path}: {page}"
        );
    }
    // The API keeps its JSON for the same mistake.
    let token = app.customer("minh@example.vn").await;
    let reply = app
        .client
        .delete(format!("{}/v1/cart/items/khong-phai-ma", app.base))
        .bearer_auth(token)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::NOT_FOUND, "no such cart line");
    assert_eq!(reply.headers()["content-type"], "application/json");
}
