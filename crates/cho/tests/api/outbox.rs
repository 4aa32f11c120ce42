//! The outbox and its consumers on a real database: typed events, in-order
//! at-least-once delivery, atomic cursors, concurrency, visibility and purging.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cho_identity::Role;
use cho_platform::config::Config;
use cho_platform::db::{Db, Tx};
use cho_platform::outbox::{self, consumers, Consumer, ConsumerStatus, Event, EventType, Runner};

use reqwest::StatusCode;
use serde::Serialize;
use tokio::sync::watch;

use crate::harness::{FreshDatabase, Shop, TestApp};

#[derive(Serialize)]
struct Tick {
    n: i64,
}

const TICK: EventType<Tick> = EventType::new("test.tick", 1, "test");
const OTHER: EventType<Tick> = EventType::new("test.other", 1, "test");

async fn database() -> (FreshDatabase, Db) {
    let fresh = FreshDatabase::create().await;
    let config = Config {
        data_dir: fresh.data_dir.clone(),
        database_url: fresh.url.clone(),
        db_max_connections: 16,
        ..Config::default()
    };
    let db = Db::connect(&config).await.unwrap();
    db.migrate(cho::migrations::ALL).await.unwrap();
    create_consumed_table(&db).await;
    (fresh, db)
}

/// What the test consumers write, in the batch's transaction.
async fn create_consumed_table(db: &Db) {
    let mut tx = db.begin().await.unwrap();
    tx.query("CREATE TABLE consumed (consumer TEXT NOT NULL, n BIGINT NOT NULL)")
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn publish_ticks(db: &Db, event_type: &EventType<Tick>, ns: std::ops::Range<i64>) {
    let mut tx = db.begin().await.unwrap();
    for n in ns {
        outbox::publish(&mut tx, event_type, uuid::Uuid::now_v7(), &Tick { n })
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Records what it is given (in memory and in `consumed`); fails while `broken`.
struct Recorder {
    name: &'static str,
    types: Vec<&'static str>,
    seen: Mutex<Vec<(i64, i64, i64)>>,
    broken: AtomicBool,
    busy: AtomicUsize,
    overlapped: AtomicBool,
}

impl Recorder {
    fn new(name: &'static str, types: Vec<&'static str>) -> Arc<Self> {
        Arc::new(Recorder {
            name,
            types,
            seen: Mutex::default(),
            broken: AtomicBool::new(false),
            busy: AtomicUsize::new(0),
            overlapped: AtomicBool::new(false),
        })
    }

    fn seen(&self) -> Vec<(i64, i64, i64)> {
        self.seen.lock().unwrap().clone()
    }
}

#[outbox::async_trait]
impl Consumer for Recorder {
    fn name(&self) -> &'static str {
        self.name
    }

    fn event_types(&self) -> &[&'static str] {
        &self.types
    }

    async fn handle(&self, tx: &mut Tx, event: &Event) -> anyhow::Result<()> {
        if self.busy.fetch_add(1, Ordering::SeqCst) > 0 {
            self.overlapped.store(true, Ordering::SeqCst);
        }
        let n = event.payload["n"].as_i64().unwrap_or(-1);
        let written = tx
            .query("INSERT INTO consumed (consumer, n) VALUES ($1, $2)")
            .bind(self.name)
            .bind(n)
            .execute()
            .await;
        self.busy.fetch_sub(1, Ordering::SeqCst);
        written?;
        // Fails after writing: the write must be rolled back with the batch.
        anyhow::ensure!(
            !self.broken.load(Ordering::SeqCst),
            "the recorder is broken"
        );
        self.seen
            .lock()
            .unwrap()
            .push((event.xid, event.position, n));
        Ok(())
    }
}

fn start(
    db: &Db,
    consumers: Vec<Arc<dyn Consumer>>,
) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let (stop, signal) = watch::channel(false);
    let runner = Runner::new(db.clone(), consumers)
        .unwrap()
        .idle_poll(Duration::from_millis(10));
    (stop, tokio::spawn(runner.run(signal)))
}

async fn status(db: &Db, name: &str) -> ConsumerStatus {
    let statuses = consumers::statuses(db).await.unwrap();
    statuses
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no cursor for {name}"))
}

async fn wait_for(db: &Db, name: &str, done: impl Fn(&ConsumerStatus) -> bool) -> ConsumerStatus {
    for _ in 0..1000 {
        if let Some(status) = consumers::statuses(db)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == name)
        {
            if done(&status) {
                return status;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "{name} never got there: {:?}",
        consumers::statuses(db).await.unwrap()
    );
}

async fn consumed(db: &Db, name: &str) -> Vec<i64> {
    db.query("SELECT n FROM consumed WHERE consumer = $1 ORDER BY n")
        .bind(name)
        .scalars()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_wanted_event_is_handled_once_in_order_by_one_replica_at_a_time() {
    let (fresh, db) = database().await;
    for batch in 0..10 {
        publish_ticks(&db, &TICK, batch * 25..batch * 25 + 25).await;
        publish_ticks(&db, &OTHER, 1000 + batch..1001 + batch).await;
    }
    let ticks = Recorder::new("ticks", vec!["test.tick"]);
    let everything = Recorder::new("everything", vec![]);
    // Two replicas running the same consumers.
    let replicas = [
        start(&db, vec![ticks.clone(), everything.clone()]),
        start(&db, vec![ticks.clone(), everything.clone()]),
    ];
    wait_for(&db, "ticks", |s| s.lag == 0).await;
    wait_for(&db, "everything", |s| s.lag == 0).await;
    for (stop, task) in replicas {
        stop.send(true).unwrap();
        task.await.unwrap();
    }

    let seen = ticks.seen();
    assert_eq!(
        seen.iter().map(|&(_, _, n)| n).collect::<Vec<_>>(),
        (0..250).collect::<Vec<_>>(),
        "only the wanted type, each once, in order"
    );
    assert_eq!(everything.seen().len(), 260);
    assert!(everything
        .seen()
        .windows(2)
        .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    assert!(
        !ticks.overlapped.load(Ordering::SeqCst) && !everything.overlapped.load(Ordering::SeqCst)
    );
    assert_eq!(consumed(&db, "ticks").await, (0..250).collect::<Vec<_>>());
    let status = status(&db, "ticks").await;
    assert_eq!(
        status.position,
        everything.seen().last().unwrap().1,
        "past the unwanted events too"
    );
    assert!(status.last_error.is_none());
    fresh.drop_database().await;
}

#[tokio::test]
async fn a_failing_batch_leaves_neither_its_writes_nor_a_cursor_move_and_is_retried() {
    let (fresh, db) = database().await;
    publish_ticks(&db, &TICK, 0..5).await;
    let recorder = Recorder::new("fragile", vec![]);
    recorder.broken.store(true, Ordering::SeqCst);
    let (stop, task) = start(&db, vec![recorder.clone()]);

    let failing = wait_for(&db, "fragile", |s| s.attempts >= 1).await;
    assert_eq!(failing.position, 0);
    assert_eq!(failing.lag, 5);
    assert!(failing.failing_since.is_some());
    assert!(
        failing
            .last_error
            .as_deref()
            .unwrap()
            .contains("the recorder is broken"),
        "{failing:?}"
    );
    assert!(
        consumed(&db, "fragile").await.is_empty(),
        "the handler's write was rolled back"
    );

    recorder.broken.store(false, Ordering::SeqCst);
    let recovered = wait_for(&db, "fragile", |s| s.lag == 0).await;
    assert_eq!(
        consumed(&db, "fragile").await,
        vec![0, 1, 2, 3, 4],
        "each once"
    );
    assert!(recovered.last_error.is_none() && recovered.failing_since.is_none());
    assert_eq!(recovered.attempts, 0);
    stop.send(true).unwrap();
    task.await.unwrap();
    fresh.drop_database().await;
}

/// Many transactions publish at once, each holding its events uncommitted for a while
/// (after writing something else first, so its transaction id is older than its
/// events' positions suggest), while a consumer reads: it must still see every event.
#[tokio::test]
async fn no_event_is_skipped_while_concurrent_transactions_publish() {
    let (fresh, db) = database().await;
    let recorder = Recorder::new("racer", vec![]);
    let (stop, task) = start(&db, vec![recorder.clone()]);
    let mut publishers = tokio::task::JoinSet::new();
    const PUBLISHERS: i64 = 8;
    const EACH: i64 = 30;
    for p in 0..PUBLISHERS {
        let db = db.clone();
        publishers.spawn(async move {
            for i in 0..EACH {
                let n = p * EACH + i;
                let mut tx = db.begin().await.unwrap();
                tx.query("INSERT INTO consumed (consumer, n) VALUES ('publisher', $1)")
                    .bind(n)
                    .execute()
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(((n * 7) % 5) as u64)).await;
                outbox::publish(&mut tx, &TICK, uuid::Uuid::now_v7(), &Tick { n })
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(((n * 3) % 4) as u64)).await;
                if n % 11 == 0 {
                    drop(tx); // rolled back: leaves a gap in the positions
                } else {
                    tx.commit().await.unwrap();
                }
            }
        });
    }
    while publishers.join_next().await.is_some() {}
    wait_for(&db, "racer", |s| s.lag == 0).await;
    stop.send(true).unwrap();
    task.await.unwrap();

    let expected: Vec<i64> = (0..PUBLISHERS * EACH).filter(|n| n % 11 != 0).collect();
    let mut got: Vec<i64> = recorder.seen().iter().map(|&(_, _, n)| n).collect();
    let distinct: HashSet<i64> = got.iter().copied().collect();
    assert_eq!(distinct.len(), got.len(), "delivered once each");
    got.sort_unstable();
    assert_eq!(got, expected, "none skipped");
    fresh.drop_database().await;
}

async fn set_cursor(db: &Db, name: &str, event: &Event) {
    let mut tx = db.begin().await.unwrap();
    tx.query("UPDATE outbox_cursors SET xid = $1, position = $2 WHERE consumer = $3")
        .bind(event.xid)
        .bind(event.position)
        .bind(name)
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn all_events(db: &Db) -> Vec<Event> {
    db.query(
        "SELECT id, position, xid, event_type, event_version, aggregate_type, aggregate_id,
         payload, created_at
         FROM outbox_events
         ORDER BY xid, position",
    )
    .fetch_all()
    .await
    .unwrap()
}

#[tokio::test]
async fn purging_keeps_recent_events_and_everything_the_slowest_consumer_has_not_handled() {
    let (fresh, db) = database().await;
    publish_ticks(&db, &TICK, 0..10).await;
    // The first ten are old; two more are recent.
    let mut tx = db.begin().await.unwrap();
    let old = cho_platform::now() - chrono::Duration::days(8);
    tx.query("UPDATE outbox_events SET created_at = $1")
        .bind(old)
        .execute()
        .await
        .unwrap();
    tx.commit().await.unwrap();
    publish_ticks(&db, &TICK, 10..12).await;
    let week = chrono::Duration::days(7);

    consumers::register(&db, "fast").await.unwrap();
    consumers::register(&db, "slow").await.unwrap();
    let events = all_events(&db).await;
    set_cursor(&db, "fast", &events[11]).await;
    set_cursor(&db, "slow", &events[3]).await;

    assert_eq!(
        consumers::purge(&db, week).await.unwrap(),
        4,
        "up to the slowest cursor"
    );
    let left = all_events(&db).await;
    assert_eq!(left.first().unwrap().position, events[4].position);
    assert_eq!(status(&db, "slow").await.lag, 8);

    set_cursor(&db, "slow", &events[11]).await;
    assert_eq!(
        consumers::purge(&db, week).await.unwrap(),
        6,
        "old ones only"
    );
    assert_eq!(all_events(&db).await.len(), 2);
    assert_eq!(status(&db, "slow").await.lag, 0);

    // New events still get new positions: a cursor never lands ahead of them.
    publish_ticks(&db, &TICK, 12..13).await;
    assert!(all_events(&db).await.last().unwrap().position > events[11].position);
    assert_eq!(status(&db, "slow").await.lag, 1);
    fresh.drop_database().await;
}

#[tokio::test]
async fn events_are_typed_versioned_and_documented() {
    let shop = Shop::open().await;
    let order = shop.order("COD").await;
    let order_id: uuid::Uuid = order["id"].as_str().unwrap().parse().unwrap();
    let events = outbox::events_for(&shop.app.state().db, order_id)
        .await
        .unwrap();
    let created = &events[0];
    assert_eq!(
        (created.event_type.as_str(), created.event_version),
        ("order.created", 1)
    );
    assert_eq!(created.aggregate_type, "order");
    let mut keys: Vec<&str> = created
        .payload
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "orderCode",
            "orderId",
            "paymentMethod",
            "status",
            "total",
            "userId"
        ]
    );

    let doc = shop.app.get("/v1/api/doc/openapi.json", None).await;
    let schemas = &doc.body["components"]["schemas"];
    for name in [
        "order.created.v1",
        "order.paid.v1",
        "order.cancelled.v1",
        "payment.succeeded.v1",
        "payment.failed.v1",
        "payment.review_required.v1",
        "refund.succeeded.v1",
        "refund.failed.v1",
    ] {
        assert!(schemas[name].is_object(), "{name} is documented");
    }
    assert!(schemas["order.created.v1"]["properties"]["orderCode"].is_object());
    let settlement = &schemas["payment.succeeded.v1"]["allOf"][0]["oneOf"];
    assert!(settlement[0]["properties"]["providerTransactionId"].is_object());
    assert!(settlement[1]["properties"]["confirmedBy"].is_object());
    shop.app.stop().await;
}

#[tokio::test]
async fn a_consumer_that_falls_behind_is_visible_to_the_admin_and_in_metrics() {
    let recorder = Recorder::new("stuck", vec!["order.created"]);
    recorder.broken.store(true, Ordering::SeqCst);
    let app = TestApp::spawn_with_consumers(|_| {}, Some(vec![recorder.clone()])).await;
    create_consumed_table(&app.state().db).await;
    let admin = app.staff("admin@example.vn", Role::Admin).await;
    let variant = app.product_with_stock(&admin, "LAG-1", 100_000, 5).await;
    let buyer = app.customer("lan@example.vn").await;
    app.post(
        "/v1/cart/items",
        Some(&buyer),
        serde_json::json!({"variantId": variant, "quantity": 1}),
    )
    .await
    .ok();
    let body =
        serde_json::json!({"shippingAddress": crate::harness::address(), "paymentMethod": "COD"});
    let placed = app.post("/v1/orders", Some(&buyer), body).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{:?}", placed.body);

    wait_for(&app.state().db, "stuck", |s| s.attempts >= 1 && s.lag >= 1).await;
    let report = app.get("/v1/admin/jobs", Some(&admin)).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert!(report.body["depth"].is_array() && report.body["dead"].is_array());
    let stuck = &report.body["consumers"][0];
    assert_eq!(stuck["name"], "stuck");
    assert_eq!(stuck["position"], 0);
    assert!(stuck["lag"].as_i64().unwrap() >= 1, "{stuck}");
    assert!(
        stuck["lastError"].as_str().unwrap().contains("broken"),
        "{stuck}"
    );
    assert!(stuck["updatedAt"].is_string());

    let metrics = app.get("/metrics", None).await;
    let text = metrics.body.as_str().unwrap();
    assert!(
        text.contains("cho_outbox_consumer_lag{consumer=\"stuck\"}"),
        "{text}"
    );
    assert!(text.contains("cho_outbox_consumer_failures_total{consumer=\"stuck\"}"));

    // Repaired, it catches up and the report says so.
    recorder.broken.store(false, Ordering::SeqCst);
    wait_for(&app.state().db, "stuck", |s| s.lag == 0).await;
    let report = app.get("/v1/admin/jobs", Some(&admin)).await;
    assert_eq!(report.body["consumers"][0]["lag"], 0);
    assert!(report.body["consumers"][0]["lastError"].is_null());
    assert_eq!(recorder.seen().len(), 1, "only order.created");
    app.stop().await;
}
