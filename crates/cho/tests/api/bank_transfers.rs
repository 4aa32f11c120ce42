//! VietQR paid by bank transfer: SePay's bank-statement webhook applies a
//! matching transfer exactly once; anything else waits for staff review.

use std::collections::BTreeMap;

use cho_payments::bank_transfers;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::harness::{Reply, Shop};

const SHOP_ACCOUNT: &str = "1023456789";

impl Shop {
    /// Posts a statement line to the webhook as SePay does.
    async fn statement(&self, line: &Value, api_key: Option<&str>) -> Reply {
        let key = api_key
            .map(str::to_owned)
            .unwrap_or_else(|| bank_transfers::api_key(self.app.state()).unwrap());
        let authorization = format!("Apikey {key}");
        self.app
            .request_with(
                Method::POST,
                "/v1/payments/sepay/webhook",
                None,
                Some(line.clone()),
                &[("Authorization", &authorization)],
            )
            .await
    }

    async fn queue(&self, status: &str) -> Vec<Value> {
        let reply = self
            .app
            .get(
                &format!("/v1/admin/bank-transfers?status={status}"),
                Some(&self.admin),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body["items"].as_array().unwrap().clone()
    }

    async fn resolve(&self, id: &Value, body: Value) -> Reply {
        let id = id.as_str().unwrap();
        self.app
            .post(
                &format!("/v1/admin/bank-transfers/{id}/resolve"),
                Some(&self.admin),
                body,
            )
            .await
    }
}

fn line(id: i64, amount: i64, content: &str) -> Value {
    json!({
        "id": id, "gateway": "Vietcombank", "transactionDate": "2026-12-02 14:02:37",
        "accountNumber": SHOP_ACCOUNT, "code": null, "content": content, "transferType": "in",
        "transferAmount": amount, "accumulated": 19_077_000, "subAccount": null,
        "referenceCode": format!("MBVCB.{id}"), "description": "",
    })
}

#[tokio::test]
async fn a_transfer_through_the_banking_simulator_pays_the_order_once() {
    let shop = Shop::open().await;
    let order = shop.order("VIETQR").await;
    let app_url = order["payment"]["paymentUrl"].as_str().unwrap();
    let page = shop.app.client.get(app_url).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(SHOP_ACCOUNT) && page.contains(order["orderCode"].as_str().unwrap()));

    // The shopper transfers; the statement line arrives twice at the same moment.
    let total = order["total"].as_i64().unwrap();
    let form: BTreeMap<&str, String> = [
        ("account", SHOP_ACCOUNT.to_owned()),
        ("amount", total.to_string()),
        (
            "content",
            format!("{} chuyen tien", order["orderCode"].as_str().unwrap()),
        ),
        ("sim_outcome", "pay".into()),
        ("sim_deliver", "twice".into()),
    ]
    .into();
    let (path, _) = app_url.split_once('?').unwrap();
    let done = shop.app.client.post(path).form(&form).send().await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);

    assert_eq!(
        shop.status(order["id"].as_str().unwrap()).await,
        ("PAID".into(), "PAID".into())
    );
    let applied = shop.queue("applied").await;
    assert_eq!(applied.len(), 1, "one line recorded: {applied:?}");
    assert_eq!(applied[0]["orderCode"], order["orderCode"]);
    assert!(shop.queue("review").await.is_empty());
    let order_id = order["id"].as_str().unwrap().parse().unwrap();
    let events = cho_platform::outbox::events_for(&shop.app.state().db, order_id)
        .await
        .unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event_type == "order.paid")
            .count(),
        1
    );

    // SePay delivering the same line again changes nothing.
    let external_id: i64 = applied[0]["externalId"].as_str().unwrap().parse().unwrap();
    let again = line(external_id, total, order["orderCode"].as_str().unwrap());
    let reply = shop.statement(&again, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["success"], true);
    assert_eq!(shop.queue("all").await.len(), 1);
    shop.app.stop().await;
}

#[tokio::test]
async fn transfers_that_pay_no_order_wait_for_staff() {
    let shop = Shop::open().await;
    let order = shop.order("VIETQR").await;
    let code = order["orderCode"].as_str().unwrap();
    let total = order["total"].as_i64().unwrap();

    // Forged, malformed and unrelated lines.
    let forged = shop
        .statement(&line(1, total, code), Some("not-the-key"))
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.body["success"], false);
    let no_key = shop
        .app
        .post("/v1/payments/sepay/webhook", None, line(1, total, code))
        .await;
    assert_eq!(no_key.status, StatusCode::UNAUTHORIZED);
    let mut missing = line(2, total, code);
    missing.as_object_mut().unwrap().remove("transferAmount");
    let reply = shop.statement(&missing, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert!(reply.body["message"]
        .as_str()
        .unwrap()
        .contains("transferAmount"));
    let mut wrong_type = line(3, total, code);
    wrong_type["transferAmount"] = json!("một triệu");
    assert_eq!(
        shop.statement(&wrong_type, None).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut outgoing = line(4, total, code);
    outgoing["transferType"] = json!("out");
    let mut elsewhere = line(5, total, code);
    elsewhere["accountNumber"] = json!("9999999999");
    for ignored in [outgoing, elsewhere] {
        assert_eq!(shop.statement(&ignored, None).await.status, StatusCode::OK);
    }
    assert_eq!(shop.queue("ignored").await.len(), 2);

    // One đồng short, and a transfer that names no order.
    let short = shop.statement(&line(6, total - 1, code), None).await;
    assert_eq!(short.status, StatusCode::OK);
    let nameless = shop
        .statement(&line(7, total, "chuyen tien mua dien thoai"), None)
        .await;
    assert_eq!(nameless.status, StatusCode::OK);
    assert_eq!(
        shop.status(order["id"].as_str().unwrap()).await,
        ("PENDING_PAYMENT".into(), "UNPAID".into())
    );
    let review = shop.queue("review").await;
    assert_eq!(review.len(), 2, "{review:?}");
    let short = review.iter().find(|t| t["externalId"] == "6").unwrap();
    assert_eq!(short["orderCode"], code);
    assert!(
        short["reason"].as_str().unwrap().contains("owes"),
        "{short}"
    );
    let nameless = review.iter().find(|t| t["externalId"] == "7").unwrap();

    let customer = shop
        .app
        .get("/v1/admin/bank-transfers", Some(&shop.buyer))
        .await;
    assert_eq!(customer.status, StatusCode::FORBIDDEN);

    // Staff apply the nameless transfer to the order it was meant for.
    let no_code = shop
        .resolve(&nameless["id"], json!({"action": "apply"}))
        .await;
    assert_eq!(no_code.status, StatusCode::BAD_REQUEST);
    let unknown = shop
        .resolve(
            &nameless["id"],
            json!({"action": "apply", "orderCode": "CHO000000AAAAAA"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{:?}", unknown.body);
    let applied = shop
        .resolve(
            &nameless["id"],
            json!({"action": "apply", "orderCode": code.to_lowercase(), "note": "khách gọi điện xác nhận"}),
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{:?}", applied.body);
    assert_eq!(applied.body["status"], "applied");
    assert_eq!(
        shop.status(order["id"].as_str().unwrap()).await,
        ("PAID".into(), "PAID".into())
    );
    let twice = shop
        .resolve(&nameless["id"], json!({"action": "dismiss", "note": "x"}))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.body["code"], "transfer_not_in_review");

    // The short one cannot pay the (now paid) order; it is returned and dismissed.
    let apply_short = shop
        .resolve(&short["id"], json!({"action": "apply", "orderCode": code}))
        .await;
    assert_eq!(apply_short.status, StatusCode::CONFLICT);
    assert_eq!(apply_short.body["code"], "transfer_mismatch");
    let no_note = shop
        .resolve(&short["id"], json!({"action": "dismiss"}))
        .await;
    assert_eq!(no_note.status, StatusCode::BAD_REQUEST);
    let dismissed = shop
        .resolve(
            &short["id"],
            json!({"action": "dismiss", "note": "đã hoàn lại cho khách"}),
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::OK, "{:?}", dismissed.body);
    assert_eq!(dismissed.body["resolutionNote"], "đã hoàn lại cho khách");
    assert!(shop.queue("review").await.is_empty());
    shop.app.stop().await;
}

#[tokio::test]
async fn paying_again_by_vietqr_shows_the_same_transfer() {
    let shop = Shop::open().await;
    let order = shop.order("VIETQR").await;
    let id = order["id"].as_str().unwrap();
    let again = shop
        .app
        .post(
            &format!("/v1/orders/{id}/payments"),
            Some(&shop.buyer),
            json!({"paymentMethod": "VIETQR"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_eq!(again.body["qrPayload"], order["payment"]["qrPayload"]);

    let code = order["orderCode"].as_str().unwrap();
    let paid = shop
        .statement(&line(42, order["total"].as_i64().unwrap(), code), None)
        .await;
    assert_eq!(paid.status, StatusCode::OK);
    assert_eq!(
        shop.status(order["id"].as_str().unwrap()).await,
        ("PAID".into(), "PAID".into())
    );
    shop.app.stop().await;
}
