//! Payments end to end: order → gateway (the built-in simulator) → IPN → PAID.

use std::collections::BTreeMap;

use cho_payments::vnpay::Vnpay;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{address, Shop};

impl Shop {
    /// The IPN VNPay would send for `txn_ref`, signed with the shop's (sandbox) secret.
    fn ipn(&self, txn_ref: &str, amount: i64, response_code: &str) -> BTreeMap<String, String> {
        let vnpay = Vnpay::simulated(self.app.state()).unwrap();
        vnpay.result_params(
            txn_ref,
            amount,
            "Thanh toan don hang",
            response_code == "00",
            "14422574",
        )
    }

    fn signed(&self, params: &BTreeMap<String, String>) -> String {
        Vnpay::simulated(self.app.state())
            .unwrap()
            .signed_query(params)
    }

    async fn send_ipn(&self, query: &str) -> String {
        let reply = self
            .app
            .get(&format!("/v1/payments/vnpay/callback?{query}"), None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "IPN answers are always HTTP 200"
        );
        reply.body["RspCode"].as_str().unwrap().to_owned()
    }
}

fn query_params(url: &str) -> BTreeMap<String, String> {
    let query = url.split_once('?').unwrap().1;
    reqwest::Url::parse(&format!("http://x/?{query}"))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn txn_ref(order: &Value) -> String {
    query_params(order["payment"]["paymentUrl"].as_str().unwrap())["vnp_TxnRef"].clone()
}

#[tokio::test]
async fn a_vnpay_order_is_paid_through_the_simulator() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    assert_eq!(order["status"], "PENDING_PAYMENT");
    let url = order["payment"]["paymentUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/sandbox/vnpay/pay?", shop.app.base)),
        "{url}"
    );
    let params = query_params(url);
    assert_eq!(
        params["vnp_Amount"],
        (order["total"].as_i64().unwrap() * 100).to_string()
    );
    assert_eq!(params["vnp_Command"], "pay");
    assert_eq!(
        params["vnp_ReturnUrl"],
        format!("{}/v1/payments/vnpay/return", shop.app.base)
    );
    assert!(
        Vnpay::simulated(shop.app.state()).unwrap().verify(&params),
        "the pay URL is signed"
    );

    // The shopper opens the payment page and pays.
    let page = shop.app.client.get(url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("2.520.000 ₫"));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut form = params.clone();
    form.insert("sim_outcome".into(), "pay".into());
    let paid = no_redirects
        .post(format!("{}/sandbox/vnpay/pay", shop.app.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    let back = paid.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.starts_with(&format!("{}/v1/payments/vnpay/return?", shop.app.base)));

    let id = order["id"].as_str().unwrap();
    assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
    let landing = shop
        .app
        .client
        .get(&back)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(landing["paymentStatus"], "succeeded");
    assert_eq!(landing["gatewayOutcome"], "succeeded");
    // A browser is sent on to the shop's page; a forged return to one that says so.
    let in_a_browser = |url: String| {
        no_redirects
            .get(url)
            .header("accept", "text/html,application/xhtml+xml")
            .send()
    };
    let onward = in_a_browser(back.clone()).await.unwrap();
    assert_eq!(onward.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        onward.headers()["location"],
        format!("/thanh-toan/ket-qua?order={id}&outcome=succeeded").as_str()
    );
    let forged = in_a_browser(back.replace("vnp_ResponseCode=00", "vnp_ResponseCode=24"))
        .await
        .unwrap();
    assert_eq!(
        forged.headers()["location"],
        "/thanh-toan/ket-qua?outcome=invalid"
    );
    assert_eq!(shop.event_types(id).await, ["order.created", "order.paid"]);
    let attempts = cho_payments::attempts::for_order(&shop.app.state().db, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].status.as_str(), "succeeded");
    let payment_events = cho_platform::outbox::events_for(&shop.app.state().db, attempts[0].id)
        .await
        .unwrap();
    assert_eq!(
        payment_events
            .iter()
            .map(|e| e.event_type.as_str())
            .collect::<Vec<_>>(),
        ["payment.succeeded"]
    );
    // Staff can now confirm the paid order.
    let confirmed = shop
        .app
        .post(
            &format!("/v1/admin/orders/{id}/confirm"),
            Some(&shop.admin),
            json!({}),
        )
        .await;
    assert_eq!(confirmed.body["status"], "CONFIRMED");
    shop.app.stop().await;
}

#[tokio::test]
async fn identical_ipns_at_the_same_moment_apply_once() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    let id = order["id"].as_str().unwrap();
    let query = shop.signed(&shop.ipn(&txn_ref(&order), order["total"].as_i64().unwrap(), "00"));
    let answers = futures::future::join_all((0..8).map(|_| shop.send_ipn(&query))).await;
    assert_eq!(
        answers.iter().filter(|a| *a == "00").count(),
        1,
        "{answers:?}"
    );
    assert_eq!(
        answers.iter().filter(|a| *a == "02").count(),
        7,
        "{answers:?}"
    );
    assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
    assert_eq!(shop.event_types(id).await, ["order.created", "order.paid"]);
    // A replay later is answered "already confirmed" and changes nothing.
    assert_eq!(shop.send_ipn(&query).await, "02");
    shop.app.stop().await;
}

/// Callbacks arriving together are applied in shared transactions: each one
/// must still get its own answer and apply exactly once.
#[tokio::test]
async fn a_burst_of_ipns_for_many_orders_applies_each_once() {
    let shop = Shop::open().await;
    let mut paid = Vec::new();
    for _ in 0..10 {
        paid.push(shop.order("VNPAY").await);
    }
    let declined = shop.order("VNPAY").await;
    let short = shop.order("VNPAY").await;
    let ipn = |order: &Value, amount_short: i64, code: &str| {
        let total = order["total"].as_i64().unwrap();
        shop.signed(&shop.ipn(&txn_ref(order), total - amount_short, code))
    };
    // Every paid order's IPN three times, interleaved with a decline and a wrong amount.
    let mut burst: Vec<(String, String)> = Vec::new();
    for round in 0..3 {
        for order in &paid {
            burst.push((order["id"].as_str().unwrap().into(), ipn(order, 0, "00")));
        }
        if round == 1 {
            burst.push(("declined".into(), ipn(&declined, 0, "24")));
            burst.push(("short".into(), ipn(&short, 1, "00")));
        }
    }
    let answers =
        futures::future::join_all(burst.iter().map(|(_, query)| shop.send_ipn(query))).await;
    let answer_of = |key: &str| -> Vec<&String> {
        let sent = burst.iter().zip(&answers);
        sent.filter(|((k, _), _)| k == key)
            .map(|(_, a)| a)
            .collect()
    };
    for order in &paid {
        let id = order["id"].as_str().unwrap();
        let mut answers = answer_of(id);
        answers.sort();
        assert_eq!(answers, ["00", "02", "02"], "order {id}");
        assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
        assert_eq!(shop.event_types(id).await, ["order.created", "order.paid"]);
    }
    assert_eq!(answer_of("declined"), ["00"]);
    let declined_id = declined["id"].as_str().unwrap();
    assert_eq!(
        shop.status(declined_id).await,
        ("PENDING_PAYMENT".into(), "FAILED".into())
    );
    assert_eq!(answer_of("short"), ["04"]);
    let short_id = short["id"].as_str().unwrap();
    assert_eq!(
        shop.status(short_id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    assert_eq!(shop.event_types(short_id).await, ["order.created"]);
    shop.app.stop().await;
}

#[tokio::test]
async fn forged_tampered_and_mismatched_ipns_change_nothing() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    let id = order["id"].as_str().unwrap();
    let total = order["total"].as_i64().unwrap();
    let reference = txn_ref(&order);

    let genuine = shop.signed(&shop.ipn(&reference, total, "00"));
    let tampered = genuine.replace(
        &format!("vnp_Amount={}", total * 100),
        &format!("vnp_Amount={}", total * 100 - 100),
    );
    assert_eq!(shop.send_ipn(&tampered).await, "97");
    let forged = genuine.replace(&genuine[genuine.len() - 10..], "0000000000");
    assert_eq!(shop.send_ipn(&forged).await, "97");
    assert_eq!(shop.send_ipn("vnp_TxnRef=x").await, "97", "unsigned");
    assert_eq!(
        shop.send_ipn(&shop.signed(&shop.ipn(&reference, total - 1, "00")))
            .await,
        "04",
        "one đồng short"
    );
    assert_eq!(
        shop.send_ipn(&shop.signed(&shop.ipn("CHO000000XXXXXX01", total, "00")))
            .await,
        "01"
    );
    let mut other_merchant = shop.ipn(&reference, total, "00");
    other_merchant.insert("vnp_TmnCode".into(), "OTHER123".into());
    assert_eq!(shop.send_ipn(&shop.signed(&other_merchant)).await, "01");
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    assert_eq!(shop.event_types(id).await, ["order.created"]);

    // The return URL never changes state, signed or not.
    assert_eq!(
        shop.app
            .get(&format!("/v1/payments/vnpay/return?{tampered}"), None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let landing = shop
        .app
        .get(&format!("/v1/payments/vnpay/return?{genuine}"), None)
        .await;
    assert_eq!(landing.body["paymentStatus"], "pending");
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );

    let metrics = shop.app.get("/metrics", None).await;
    assert!(metrics
        .body
        .as_str()
        .unwrap()
        .contains("cho_payment_suspicious_callbacks_total"));
    shop.app.stop().await;
}

#[tokio::test]
async fn a_declined_payment_leaves_the_order_awaiting_payment() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    let id = order["id"].as_str().unwrap();
    let query = shop.signed(&shop.ipn(&txn_ref(&order), order["total"].as_i64().unwrap(), "24"));
    assert_eq!(
        shop.send_ipn(&query).await,
        "00",
        "a failed payment is still confirmed to VNPay"
    );
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "FAILED".into())
    );
    let attempts = cho_payments::attempts::for_order(&shop.app.state().db, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(attempts[0].status.as_str(), "failed");
    let events = cho_platform::outbox::events_for(&shop.app.state().db, attempts[0].id)
        .await
        .unwrap();
    assert_eq!(events[0].event_type, "payment.failed");
    shop.app.stop().await;
}

#[tokio::test]
async fn a_payment_after_expiry_is_flagged_for_review() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    let id = order["id"].as_str().unwrap();
    shop.app
        .run_jobs_due_in(std::time::Duration::from_secs(16 * 60))
        .await;
    assert_eq!(shop.status(id).await.0, "CANCELLED");
    let query = shop.signed(&shop.ipn(&txn_ref(&order), order["total"].as_i64().unwrap(), "00"));
    assert_eq!(shop.send_ipn(&query).await, "00");
    assert_eq!(
        shop.status(id).await.0,
        "CANCELLED",
        "a late payment does not revive the order"
    );
    let attempts = cho_payments::attempts::for_order(&shop.app.state().db, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(attempts[0].status.as_str(), "succeeded");
    assert_eq!(
        attempts[0].review_reason.as_deref(),
        Some("paid after the order was CANCELLED")
    );
    assert_eq!(
        shop.app.stock_of(&shop.admin, &shop.variant).await,
        Shop::STOCK,
        "the expired order's stock stayed released"
    );
    shop.app.stop().await;
}

#[tokio::test]
async fn vietqr_orders_carry_a_transfer_qr_and_unavailable_methods_are_refused() {
    let shop = Shop::open().await;
    let order = shop.order("VIETQR").await;
    let qr = order["payment"]["qrPayload"].as_str().unwrap();
    assert!(qr.starts_with("000201010212"));
    assert!(qr.contains(order["orderCode"].as_str().unwrap()));
    let (body, crc) = qr.split_at(qr.len() - 4);
    assert_eq!(
        format!(
            "{:04X}",
            cho_payments::vietqr::crc16_ccitt_false(body.as_bytes())
        ),
        crc
    );

    shop.app
        .post(
            "/v1/cart/items",
            Some(&shop.buyer),
            json!({"variantId": shop.variant, "quantity": 1}),
        )
        .await
        .ok();
    let wallet = shop
        .app
        .post(
            "/v1/orders",
            Some(&shop.buyer),
            json!({"shippingAddress": address(), "paymentMethod": "WALLET"}),
        )
        .await;
    assert_eq!(wallet.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        shop.app.stock_of(&shop.admin, &shop.variant).await,
        Shop::STOCK - 2,
        "the refused checkout reserved nothing"
    );
    let cart = shop
        .app
        .request(Method::GET, "/v1/cart", Some(&shop.buyer), None)
        .await;
    assert_eq!(
        cart.body["items"].as_array().unwrap().len(),
        1,
        "and kept the cart"
    );
    shop.app.stop().await;
}

#[tokio::test]
async fn credentials_set_by_an_admin_sign_the_pay_url_and_verify_the_ipn() {
    const SECRET: &str = "SHOPSECRETSHOPSECRET0123456789AB";
    let shop = Shop::open().await;
    let stored = shop
        .app
        .request(
            Method::PUT,
            "/v1/admin/payment-credentials/VNPAY",
            Some(&shop.admin),
            Some(json!({"tmnCode": "SHOPVN01", "hashSecret": SECRET})),
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{:?}", stored.body);

    let order = shop.order("VNPAY").await;
    let url = order["payment"]["paymentUrl"].as_str().unwrap();
    assert!(
        url.starts_with("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?"),
        "real credentials send the shopper to VNPay's own sandbox: {url}"
    );
    let params = query_params(url);
    assert_eq!(params["vnp_TmnCode"], "SHOPVN01");
    let credentials: cho_platform::crypto::SecretMap = [
        ("tmnCode".to_owned(), "SHOPVN01".into()),
        ("hashSecret".to_owned(), SECRET.into()),
    ]
    .into_iter()
    .map(|(k, v): (String, String)| (k, cho_platform::config::Secret::new(v)))
    .collect();
    let shops_vnpay = Vnpay::new(shop.app.state(), Some(&credentials)).unwrap();
    assert!(shops_vnpay.verify(&params), "signed with the stored secret");

    let total = order["total"].as_i64().unwrap();
    let txn_ref = params["vnp_TxnRef"].clone();
    let forged = shop.ipn(&txn_ref, total, "00");
    assert_eq!(
        shop.send_ipn(&shop.signed(&forged)).await,
        "97",
        "the simulator's secret no longer signs for this shop"
    );
    let genuine = shops_vnpay.result_params(&txn_ref, total, "Thanh toan", true, "14422575");
    assert_eq!(
        shop.send_ipn(&shops_vnpay.signed_query(&genuine)).await,
        "00"
    );
    let id = order["id"].as_str().unwrap();
    assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
    shop.app.stop().await;
}

#[tokio::test]
async fn the_back_office_shows_each_attempt_with_the_callbacks_that_named_it() {
    let shop = Shop::open().await;
    let order = shop.order("VNPAY").await;
    let total = order["total"].as_i64().unwrap();
    let reference = txn_ref(&order);
    let genuine = shop.signed(&shop.ipn(&reference, total, "00"));
    assert_eq!(shop.send_ipn(&genuine).await, "00");
    assert_eq!(shop.send_ipn(&genuine).await, "02", "a repeat");
    let forged = genuine.replace(&genuine[genuine.len() - 10..], "0000000000");
    assert_eq!(shop.send_ipn(&forged).await, "97");
    shop.order("MOMO").await;

    let mut staff = crate::browser::Browser::signed_in(&shop.app, "admin@example.vn").await;
    let (status, list) = staff.get("/admin/thanh-toan?cong=VNPAY").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains(&reference) && list.contains("Thành công"),
        "{list}"
    );
    assert!(!list.contains("<td>MOMO</td>"), "filtered by gateway");
    let (_, all) = staff.get("/admin/thanh-toan").await;
    assert!(all.contains("<td>MOMO</td>") && all.contains("<td>VNPAY</td>"));
    assert!(
        list.contains("callback:bad_signature"),
        "the forged one is listed as refused"
    );
    let (_, pending) = staff.get("/admin/thanh-toan?trang-thai=pending").await;
    assert!(
        !pending.contains(&format!(">{reference}</a>")),
        "filtered by status"
    );
    let (status, _) = staff.get("/admin/thanh-toan?trang-thai=paid-ish").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let detail = list
        .split(&format!("\">{reference}</a>"))
        .next()
        .unwrap()
        .rsplit("href=\"")
        .next()
        .unwrap()
        .to_owned();
    let (status, page) = staff.get(&detail).await;
    assert_eq!(status, StatusCode::OK);
    let code = order["orderCode"].as_str().unwrap();
    assert!(page.contains(&format!("/admin/don-hang/{code}\">{code}</a>")));
    assert!(
        page.contains("vnp_ResponseCode&#34;: &#34;00&#34;"),
        "what settled it"
    );
    assert!(
        page.contains("already_settled"),
        "the repeat, kept with its outcome"
    );
    let (status, _) = staff
        .get("/admin/thanh-toan/0190a0a0-0000-7000-8000-000000000000")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
