//! The real `cho` binary, as a merchant starts it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::FreshDatabase;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn serve_demo_runs_a_shop_and_stops_gracefully_on_sigterm() {
    let database = FreshDatabase::create().await;
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cho"));
    command
        .args(["serve", "--demo"])
        .env("CHO_LISTEN", format!("127.0.0.1:{port}"))
        .env("CHO_DATA_DIR", &database.data_dir)
        .env("CHO_LOG", "warn")
        // A slow client must not hold the shutdown past the grace period.
        .env("CHO_HTTP_HEADER_TIMEOUT_SECS", "120")
        .env("CHO_SHUTDOWN_GRACE_SECS", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    match &database.url {
        Some(url) => command.env("DATABASE_URL", url).env(
            "CHO_APPLICATION_SECRET",
            "binary-test-secret-binary-test-secret-0123",
        ),
        None => command
            .env_remove("DATABASE_URL")
            .env_remove("CHO_APPLICATION_SECRET"),
    };
    let mut child = command.spawn().expect("cho starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let first_line = tokio::task::spawn_blocking(move || stdout.lines().next().unwrap().unwrap())
        .await
        .unwrap();
    // "Demo admin created: admin@cho.local / <password> (shown only this once)"
    let password = first_line
        .split(" / ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .expect("credentials printed")
        .to_owned();

    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == StatusCode::OK {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "cho became ready");

    let products: serde_json::Value = client
        .get(format!("{base}/v1/products?limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(products["items"].as_array().unwrap().len(), 100);
    let login = client
        .post(format!("{base}/v1/auth/login"))
        .json(&json!({"email": "admin@cho.local", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    if database.url.is_none() {
        assert!(
            database.data_dir.join("cho.db").exists(),
            "SQLite file under the data dir"
        );
        assert!(
            database.data_dir.join("application_secret").exists(),
            "secret generated on first start"
        );
    }

    // A client that sent half a request header and then nothing.
    let mut slow = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut slow, b"GET /v1/products HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let pid = child.id().to_string();
    let stopping = std::time::Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    let took = stopping.elapsed();
    println!("SIGTERM with a half-sent request open: exited after {took:?}");
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    assert!(
        took < Duration::from_secs(8),
        "drained within the grace period: {took:?}"
    );
    drop(slow);
    database.drop_database().await;
}
