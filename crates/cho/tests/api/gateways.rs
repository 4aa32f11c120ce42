//! Every gateway end to end through its simulator, reconciliation of lost
//! callbacks over the gateways' query APIs, retries and refunds.

use std::collections::BTreeMap;
use std::time::Duration;

use cho_payments::momo::Momo;
use cho_payments::zalopay::Zalopay;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::Shop;

impl Shop {
    /// The shopper opens the simulator's page and pays (or cancels); returns where it redirects.
    async fn pay(&self, payment_url: &str, outcome: &str, deliver: &str) -> String {
        let page = self.app.client.get(payment_url).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{payment_url}");
        let (path, query) = payment_url.split_once('?').unwrap();
        let mut form: BTreeMap<String, String> = reqwest::Url::parse(&format!("http://x/?{query}"))
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect();
        form.insert("sim_outcome".into(), outcome.into());
        form.insert("sim_deliver".into(), deliver.into());
        let no_redirects = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let done = no_redirects.post(path).form(&form).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        done.headers()["location"].to_str().unwrap().to_owned()
    }

    async fn payments(&self, id: &str) -> Value {
        let reply = self
            .app
            .get(&format!("/v1/orders/{id}/payments"), Some(&self.buyer))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body
    }

    async fn refund(&self, id: &str, body: Value, key: Option<&str>) -> crate::harness::Reply {
        let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
        self.app
            .request_with(
                Method::POST,
                &format!("/v1/admin/orders/{id}/refunds"),
                Some(&self.admin),
                Some(body),
                &headers,
            )
            .await
    }
}

fn url_of(order: &Value) -> String {
    order["payment"]["paymentUrl"]
        .as_str()
        .expect("a payment URL")
        .to_owned()
}

#[tokio::test]
async fn momo_and_zalopay_orders_are_paid_through_their_simulators() {
    let shop = Shop::open().await;
    for (method, gateway) in [("MOMO", "momo"), ("ZALOPAY", "zalopay")] {
        let order = shop.order(method).await;
        let id = order["id"].as_str().unwrap();
        let url = url_of(&order);
        assert!(
            url.starts_with(&format!("{}/sandbox/{gateway}/pay?", shop.app.base)),
            "{url}"
        );
        // Two identical callbacks at the same moment: applied once.
        let back = shop.pay(&url, "pay", "twice").await;
        assert!(
            back.starts_with(&format!("{}/v1/payments/{gateway}/return?", shop.app.base)),
            "{back}"
        );
        assert_eq!(
            shop.status(id).await,
            ("PAID".into(), "PAID".into()),
            "{method}"
        );
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
        assert_eq!(landing["gatewayOutcome"], "succeeded", "{landing}");
        assert_eq!(landing["paymentStatus"], "succeeded");
        let payments = shop.payments(id).await;
        assert_eq!(payments["payments"].as_array().unwrap().len(), 1);
        assert_eq!(payments["payments"][0]["status"], "succeeded");
        let payment_id = payments["payments"][0]["id"].as_str().unwrap();
        assert_eq!(shop.event_types(payment_id).await, ["payment.succeeded"]);
        assert_eq!(shop.event_types(id).await, ["order.created", "order.paid"]);
    }
    shop.app.stop().await;
}

#[tokio::test]
async fn forged_momo_and_zalopay_callbacks_change_nothing() {
    let shop = Shop::open().await;
    let order = shop.order("MOMO").await;
    let id = order["id"].as_str().unwrap();
    let reference = format!("{}01", order["orderCode"].as_str().unwrap());
    let momo = Momo::simulated(shop.app.state()).unwrap();
    let total = order["total"].as_i64().unwrap();
    let ipn = |amount: i64| {
        momo.signed(
            json!({"partnerCode": momo.partner_code, "orderId": reference, "requestId": reference, "amount": amount,
                "orderInfo": "x", "orderType": "momo_wallet", "transId": 123456789, "resultCode": 0, "message": "ok",
                "payType": "qr", "responseTime": 1, "extraData": ""}),
            cho_payments::momo::IPN_SIGNED_FIELDS,
        )
    };
    let mut forged = ipn(total);
    forged["amount"] = json!(total - 1);
    let reply = shop
        .app
        .post("/v1/payments/momo/callback", None, forged)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "tampered amount: {:?}",
        reply.body
    );
    let reply = shop
        .app
        .post("/v1/payments/momo/callback", None, ipn(total + 1))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::BAD_REQUEST,
        "one đồng over: {:?}",
        reply.body
    );
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    let reply = shop
        .app
        .post("/v1/payments/momo/callback", None, ipn(total))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
    let reply = shop
        .app
        .post("/v1/payments/momo/callback", None, ipn(total))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NO_CONTENT,
        "a repeat is acknowledged"
    );
    assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));

    let order = shop.order("ZALOPAY").await;
    let id = order["id"].as_str().unwrap();
    let zalopay = Zalopay::simulated(shop.app.state()).unwrap();
    let mut callback =
        zalopay.callback_body(&json!({"app_id": 2026, "app_trans_id": "x", "amount": 1}));
    callback["mac"] = json!("0".repeat(64));
    let reply = shop
        .app
        .post("/v1/payments/zalopay/callback", None, callback)
        .await;
    assert_eq!(reply.body["return_code"], -1, "{:?}", reply.body);
    let unknown = zalopay
        .callback_body(&json!({"app_id": 2026, "app_trans_id": "261123_UNKNOWN", "amount": 1}));
    let reply = shop
        .app
        .post("/v1/payments/zalopay/callback", None, unknown)
        .await;
    assert_eq!(reply.body["return_code"], -1, "{:?}", reply.body);
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    shop.app.stop().await;
}

#[tokio::test]
async fn reconciliation_settles_payments_whose_callback_was_lost() {
    // The worker's own pass runs at start-up, before these payments exist, and
    // then only after a minute: the passes below, 16 minutes on, are the ones that find them.
    let shop = Shop::open().await;
    let later = || cho_platform::now() + chrono::Duration::minutes(16);
    let mut ids = Vec::new();
    for method in ["VNPAY", "MOMO", "ZALOPAY"] {
        let order = shop.order(method).await;
        shop.pay(&url_of(&order), "pay", "none").await;
        let id = order["id"].as_str().unwrap().to_owned();
        assert_eq!(
            shop.status(&id).await.0,
            "PENDING_PAYMENT",
            "{method}: no callback arrived"
        );
        ids.push(id);
    }
    let declined = shop.order("MOMO").await;
    shop.pay(&url_of(&declined), "cancel", "none").await;

    let pass = cho_payments::reconcile::run_once(shop.app.state(), later())
        .await
        .unwrap();
    assert_eq!(
        (pass.checked, pass.settled, pass.errors),
        (4, 4, 0),
        "{pass:?}"
    );
    for id in &ids {
        assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
    }
    let declined = declined["id"].as_str().unwrap();
    assert_eq!(
        shop.status(declined).await,
        ("PENDING_PAYMENT".into(), "FAILED".into())
    );
    let again = cho_payments::reconcile::run_once(shop.app.state(), later())
        .await
        .unwrap();
    assert_eq!(
        again.checked, 0,
        "settled payments are not asked about again"
    );
    shop.app.stop().await;
}

#[tokio::test]
async fn staff_refund_partly_then_fully_never_more_than_captured() {
    let shop = Shop::open().await;
    let order = shop.order("ZALOPAY").await;
    let id = order["id"].as_str().unwrap();
    let total = order["total"].as_i64().unwrap();
    shop.pay(&url_of(&order), "pay", "once").await;

    let part = json!({"amount": 1_000_000, "reason": "một sản phẩm bị lỗi"});
    let first = shop.refund(id, part.clone(), Some("refund-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["status"], "succeeded");
    let again = shop.refund(id, part, Some("refund-1")).await;
    assert_eq!(
        again.body["id"], first.body["id"],
        "the same key refunds once"
    );
    assert_eq!(
        shop.status(id).await,
        ("PAID".into(), "PARTIALLY_REFUNDED".into())
    );

    let over = shop
        .refund(
            id,
            json!({"amount": total - 1_000_000 + 1, "reason": "quá"}),
            None,
        )
        .await;
    assert_eq!(over.status, StatusCode::CONFLICT, "{:?}", over.body);
    let bad = shop
        .refund(id, json!({"amount": -5, "reason": "âm"}), None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let by_shopper = shop
        .app
        .request(
            Method::POST,
            &format!("/v1/admin/orders/{id}/refunds"),
            Some(&shop.buyer),
            Some(json!({"reason": "x"})),
        )
        .await;
    assert_eq!(by_shopper.status, StatusCode::FORBIDDEN);

    let rest = shop
        .refund(id, json!({"reason": "khách trả hàng"}), None)
        .await;
    assert_eq!(rest.status, StatusCode::CREATED, "{:?}", rest.body);
    assert_eq!(rest.body["amount"], total - 1_000_000);
    assert_eq!(
        shop.status(id).await,
        ("REFUNDED".into(), "REFUNDED".into())
    );
    let payments = shop.payments(id).await;
    assert_eq!(payments["payments"][0]["refundedAmount"], total);
    assert_eq!(payments["refunds"].as_array().unwrap().len(), 2);
    let nothing_left = shop
        .refund(id, json!({"amount": 1, "reason": "thêm"}), None)
        .await;
    assert_eq!(nothing_left.status, StatusCode::CONFLICT);
    let refund_id = rest.body["id"].as_str().unwrap();
    assert_eq!(shop.event_types(refund_id).await, ["refund.succeeded"]);
    shop.app.stop().await;
}

#[tokio::test]
async fn a_declined_payment_is_retried_with_another_method() {
    let shop = Shop::open().await;
    let order = shop.order("MOMO").await;
    let id = order["id"].as_str().unwrap();
    shop.pay(&url_of(&order), "cancel", "once").await;
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "FAILED".into())
    );

    let path = format!("/v1/orders/{id}/payments");
    let body = json!({"paymentMethod": "VNPAY"});
    let key = [("Idempotency-Key", "retry-1")];
    let retry = shop
        .app
        .request_with(
            Method::POST,
            &path,
            Some(&shop.buyer),
            Some(body.clone()),
            &key,
        )
        .await;
    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    let replay = shop
        .app
        .request_with(Method::POST, &path, Some(&shop.buyer), Some(body), &key)
        .await;
    assert_eq!(replay.body, retry.body, "the same key starts one attempt");
    assert_eq!(
        shop.status(id).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    shop.pay(retry.body["paymentUrl"].as_str().unwrap(), "pay", "once")
        .await;
    assert_eq!(shop.status(id).await, ("PAID".into(), "PAID".into()));
    let payments = shop.payments(id).await;
    let statuses: Vec<&str> = payments["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["failed", "succeeded"]);

    let paid_again = shop
        .app
        .post(
            &path,
            Some(&shop.buyer),
            json!({"paymentMethod": "ZALOPAY"}),
        )
        .await;
    assert_eq!(paid_again.status, StatusCode::CONFLICT);
    let cod = shop
        .app
        .post(&path, Some(&shop.buyer), json!({"paymentMethod": "COD"}))
        .await;
    assert_eq!(cod.status, StatusCode::UNPROCESSABLE_ENTITY);
    shop.app.stop().await;
}

#[tokio::test]
async fn cancelling_a_paid_order_refunds_it() {
    let shop = Shop::open().await;
    let order = shop.order("MOMO").await;
    let id = order["id"].as_str().unwrap();
    shop.pay(&url_of(&order), "pay", "once").await;
    let cancel = shop
        .app
        .post(
            &format!("/v1/orders/{id}/cancel"),
            Some(&shop.buyer),
            json!({"reason": "đổi ý"}),
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
    // The refund runs from a job written with the cancellation.
    shop.app.run_jobs_due_in(Duration::ZERO).await;
    assert_eq!(
        shop.status(id).await,
        ("REFUNDED".into(), "REFUNDED".into()),
        "{:?}",
        shop.payments(id).await
    );
    let payments = shop.payments(id).await;
    assert_eq!(payments["refunds"][0]["amount"], order["total"]);
    assert_eq!(
        shop.app.stock_of(&shop.admin, &shop.variant).await,
        Shop::STOCK,
        "stock released"
    );
    shop.app.stop().await;
}

/// Waits until the shopper sees the order in `(status, paymentStatus)`.
async fn wait_for(shop: &Shop, id: &str, expected: (&str, &str)) -> bool {
    for _ in 0..100 {
        let (status, payment) = shop.status(id).await;
        if (status.as_str(), payment.as_str()) == expected {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn cancelling_a_partly_refunded_order_refunds_the_rest() {
    let shop = Shop::open().await;
    let order = shop.order("MOMO").await;
    let id = order["id"].as_str().unwrap();
    let total = order["total"].as_i64().unwrap();
    shop.pay(&url_of(&order), "pay", "once").await;
    let part = shop
        .refund(
            id,
            json!({"amount": 100_000, "reason": "thiếu quà tặng"}),
            None,
        )
        .await;
    assert_eq!(part.status, StatusCode::CREATED, "{:?}", part.body);
    assert!(wait_for(&shop, id, ("PAID", "PARTIALLY_REFUNDED")).await);
    let cancel = shop
        .app
        .post(
            &format!("/v1/admin/orders/{id}/cancel"),
            Some(&shop.admin),
            json!({"reason": "hết hàng"}),
        )
        .await;
    assert_eq!(cancel.status, StatusCode::OK, "{:?}", cancel.body);
    assert!(
        wait_for(&shop, id, ("REFUNDED", "REFUNDED")).await,
        "{:?}",
        shop.payments(id).await
    );
    let payments = shop.payments(id).await;
    let refunds: Vec<i64> = payments["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    assert_eq!(refunds, [100_000, total - 100_000]);
    assert_eq!(payments["payments"][0]["refundedAmount"], total);
    shop.app.stop().await;
}

#[tokio::test]
async fn cash_collected_on_delivery_is_a_payment_with_its_time_and_staff() {
    let shop = Shop::open().await;
    let order = shop.order("COD").await;
    let id = order["id"].as_str().unwrap();
    for step in ["confirm", "ship", "deliver"] {
        let body = json!({"trackingCode": "GHN123456"});
        let moved = shop
            .app
            .post(
                &format!("/v1/admin/orders/{id}/{step}"),
                Some(&shop.admin),
                body,
            )
            .await;
        assert_eq!(moved.status, StatusCode::OK, "{step}: {:?}", moved.body);
    }
    let delivered = shop
        .app
        .get(&format!("/v1/orders/{id}"), Some(&shop.buyer))
        .await;
    assert_eq!(delivered.body["paymentStatus"], "PAID");
    assert!(delivered.body["paidAt"].is_string(), "{:?}", delivered.body);
    let me = shop.app.get("/v1/users/me", Some(&shop.admin)).await;
    let payments = shop.payments(id).await;
    let cash = &payments["payments"][0];
    assert_eq!(payments["payments"].as_array().unwrap().len(), 1);
    assert_eq!(
        (cash["provider"].as_str(), cash["status"].as_str()),
        (Some("COD"), Some("succeeded"))
    );
    assert_eq!(cash["amount"], order["total"]);
    assert_eq!(cash["recordedBy"], me.body["id"]);
    assert_eq!(cash["settledAt"], delivered.body["paidAt"]);
    // A refund draws on that record rather than making another.
    let refund = shop
        .refund(id, json!({"amount": 50_000, "reason": "giao trễ"}), None)
        .await;
    assert_eq!(refund.status, StatusCode::CREATED, "{:?}", refund.body);
    let payments = shop.payments(id).await;
    assert_eq!(payments["payments"].as_array().unwrap().len(), 1);
    assert_eq!(payments["payments"][0]["refundedAmount"], 50_000);
    shop.app.stop().await;
}

#[tokio::test]
async fn an_expired_order_expires_its_payments() {
    let shop = Shop::open().await;
    let order = shop.order("ZALOPAY").await;
    let id = order["id"].as_str().unwrap();
    // The expiry, then the close of its payment that the expiry enqueues.
    shop.app.run_jobs_due_in(Duration::from_secs(16 * 60)).await;
    assert_eq!(shop.status(id).await, ("CANCELLED".into(), "UNPAID".into()));
    let payments = shop.payments(id).await;
    assert_eq!(payments["payments"][0]["status"], "expired", "{payments:?}");
    assert!(payments["payments"][0]["settledAt"].is_string());
    shop.app.stop().await;
}

/// What the shop kept of callbacks: (count, largest payload in bytes).
async fn recorded_callbacks(shop: &Shop) -> (usize, usize) {
    let payloads: Vec<sqlx::types::Json<Value>> = shop
        .app
        .state()
        .db
        .query("SELECT payload FROM payment_callbacks")
        .scalars()
        .await
        .unwrap();
    let largest = payloads.iter().map(|p| p.0.to_string().len()).max();
    (payloads.len(), largest.unwrap_or(0))
}

#[tokio::test]
async fn forged_callbacks_are_bounded_in_size_and_in_what_is_kept() {
    let shop = Shop::open().await;
    // Far larger than any gateway sends: refused before it is read, nothing kept.
    let huge =
        json!({"orderId": "CHO-FAKE", "signature": "00", "extraData": "x".repeat(900 * 1024)});
    let reply = shop
        .app
        .post("/v1/payments/momo/callback", None, huge)
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(recorded_callbacks(&shop).await, (0, 0));

    // Unsigned ones under the cap: each refused; an excerpt, a hash and the reason are
    // kept for the first 20 from one address in a minute, the rest only counted.
    for i in 0..30 {
        let forged = json!({"orderId": format!("CHO-FAKE-{i}"), "amount": 1, "signature": "00",
                            "extraData": "y".repeat(12 * 1024)});
        let reply = shop
            .app
            .post("/v1/payments/momo/callback", None, forged)
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    }
    let (count, largest) = recorded_callbacks(&shop).await;
    assert_eq!(count, 20);
    assert!(
        largest < 2_000,
        "a bounded excerpt is kept, not the body: {largest} bytes"
    );
    shop.app.stop().await;
}
