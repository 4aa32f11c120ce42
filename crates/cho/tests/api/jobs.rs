//! The job queue on a real database: concurrent workers, dead letters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cho_platform::config::Config;
use cho_platform::db::Db;
use cho_platform::jobs::{self, Registry, Worker};
use serde_json::json;
use tokio::sync::watch;

use crate::harness::FreshDatabase;

async fn database() -> (FreshDatabase, Db) {
    let fresh = FreshDatabase::create().await;
    let config = Config {
        data_dir: fresh.data_dir.clone(),
        database_url: fresh.url.clone(),
        ..Config::default()
    };
    let db = Db::connect(&config).await.unwrap();
    db.migrate(cho::migrations::ALL).await.unwrap();
    (fresh, db)
}

async fn wait_until_drained(db: &Db) {
    for _ in 0..200 {
        let depth = jobs::depth(db).await.unwrap();
        if depth.iter().all(|d| d.status == "dead") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("queue did not drain: {:?}", jobs::depth(db).await.unwrap());
}

#[tokio::test]
async fn three_workers_run_every_job_exactly_once() {
    let (fresh, db) = database().await;
    let mut tx = db.begin().await.unwrap();
    for n in 0..60 {
        jobs::enqueue(
            &mut tx,
            "count",
            &json!({ "n": n }),
            cho_platform::now(),
            None,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    let runs: Arc<Mutex<HashMap<i64, usize>>> = Arc::default();
    let (stop, signal) = watch::channel(false);
    let mut workers = Vec::new();
    for _ in 0..3 {
        let mut registry = Registry::default();
        let runs = runs.clone();
        registry.register("count", move |payload| {
            let runs = runs.clone();
            async move {
                *runs
                    .lock()
                    .unwrap()
                    .entry(payload["n"].as_i64().unwrap())
                    .or_default() += 1;
                Ok(())
            }
        });
        let worker = Worker {
            db: db.clone(),
            registry,
            concurrency: 4,
            max_attempts: 3,
        };
        workers.push(tokio::spawn(worker.run(signal.clone())));
    }
    wait_until_drained(&db).await;
    stop.send(true).unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
    {
        let runs = runs.lock().unwrap();
        assert_eq!(runs.len(), 60);
        assert!(runs.values().all(|&count| count == 1), "{runs:?}");
    }
    db.close().await;
    fresh.drop_database().await;
}

#[tokio::test]
async fn failing_jobs_are_dead_lettered_and_can_be_retried() {
    let (fresh, db) = database().await;
    let mut tx = db.begin().await.unwrap();
    jobs::enqueue(
        &mut tx,
        "always.fails",
        &json!({}),
        cho_platform::now(),
        None,
    )
    .await
    .unwrap();
    jobs::enqueue(
        &mut tx,
        "unknown.kind",
        &json!({}),
        cho_platform::now(),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut registry = Registry::default();
    registry.register("always.fails", |_| async {
        anyhow::bail!("the gateway said no")
    });
    let (stop, signal) = watch::channel(false);
    let worker = tokio::spawn(
        Worker {
            db: db.clone(),
            registry,
            concurrency: 2,
            max_attempts: 1,
        }
        .run(signal),
    );
    wait_until_drained(&db).await;
    stop.send(true).unwrap();
    worker.await.unwrap();

    let dead = jobs::dead_jobs(&db, 10).await.unwrap();
    assert_eq!(dead.len(), 2);
    let failed = dead.iter().find(|j| j.kind == "always.fails").unwrap();
    assert_eq!(failed.last_error.as_deref(), Some("the gateway said no"));
    assert!(dead.iter().any(|j| j
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("no handler"))));
    assert!(jobs::retry_dead(&db, failed.id).await.unwrap());
    let depth = jobs::depth(&db).await.unwrap();
    assert!(
        depth
            .iter()
            .any(|d| d.kind == "always.fails" && d.status == "queued" && d.count == 1),
        "{depth:?}"
    );
    db.close().await;
    fresh.drop_database().await;
}
