//! A database that goes away and comes back (PostgreSQL; SQLite is in the process).
//! The app reaches PostgreSQL through a TCP proxy the test can cut and restore.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::harness::{on_postgres, TestApp};

/// Forwards connections from a local port to PostgreSQL until dropped.
struct Proxy {
    tasks: JoinSet<()>,
}

impl Proxy {
    async fn start(listen: SocketAddr, upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind(listen).await.unwrap();
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            let mut links = JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                links.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        Proxy { tasks }
    }

    /// Closes the port and every connection through it.
    async fn cut(mut self) {
        self.tasks.shutdown().await;
    }
}

async fn status_and_time(app: &TestApp, path: &str) -> (StatusCode, Duration, bool) {
    let started = Instant::now();
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    let retry_after = response.headers().contains_key("retry-after");
    (response.status(), started.elapsed(), retry_after)
}

#[tokio::test]
async fn an_outage_answers_503_fast_and_service_resumes_within_a_second() {
    if !on_postgres() {
        return;
    }
    let proxy_addr: SocketAddr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let upstream: SocketAddr = "127.0.0.1:5432".parse().unwrap();
    let proxy = Proxy::start(proxy_addr, upstream).await;
    let app = TestApp::spawn_with(|c| {
        let url = c.database_url.clone().unwrap();
        c.database_url = Some(url.replace(":5432/", &format!(":{}/", proxy_addr.port())));
        c.response_cache_ms = 0;
    })
    .await;
    assert_eq!(status_and_time(&app, "/readyz").await.0, StatusCode::OK);
    assert_eq!(
        status_and_time(&app, "/v1/products").await.0,
        StatusCode::OK
    );

    proxy.cut().await;
    let (status, took, _) = status_and_time(&app, "/readyz").await;
    println!("database down: /readyz answered {status} after {took:?}");
    assert_ne!(status, StatusCode::OK);
    assert!(took < Duration::from_secs(2), "{took:?}");
    // Once the outage is known, requests fail at once with 503 and Retry-After.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for _ in 0..5 {
        let (status, took, retry_after) = status_and_time(&app, "/v1/products").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(retry_after, "503 carries Retry-After");
        assert!(took < Duration::from_millis(200), "{took:?}");
    }
    let health = status_and_time(&app, "/healthz").await;
    assert_eq!(health.0, StatusCode::OK, "the process is still alive");

    let proxy = Proxy::start(proxy_addr, upstream).await;
    let back = Instant::now();
    loop {
        if status_and_time(&app, "/v1/products").await.0 == StatusCode::OK {
            break;
        }
        assert!(back.elapsed() < Duration::from_secs(5), "service resumes");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let recovered = back.elapsed();
    println!("database back: service resumed after {recovered:?}");
    assert!(recovered < Duration::from_secs(1), "{recovered:?}");
    assert_eq!(status_and_time(&app, "/readyz").await.0, StatusCode::OK);
    app.stop().await;
    proxy.cut().await;
}
