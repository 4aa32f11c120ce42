//! The HTTP edge under hostile clients: slow and idle connections, the connection cap,
//! odd methods, long URIs, compression, security headers and CORS.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::TestApp;

async fn half_sent_request(addr: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    stream
}

/// True when the server closed `stream` (reads EOF or a reset) within `within`.
async fn closed_by_server(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // hyper may answer 408 before it closes.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn slow_clients_are_cut_off_and_probes_answer_while_the_cap_is_reached() {
    let app = TestApp::spawn_with(|c| {
        c.http_max_connections = 20;
        c.http_header_timeout_secs = 1;
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..40 {
        slow.push(half_sent_request(&addr).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;

    // At the cap: probes still answer, on fresh connections; other routes say 503 at once.
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let started = Instant::now();
    let health = fresh
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = fresh
        .get(format!("{}/readyz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let busy = fresh
        .get(format!("{}/v1/products", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(busy.headers().contains_key("retry-after"));
    assert!(started.elapsed() < Duration::from_secs(1));

    // The header timeout closes every half-sent request, and normal service resumes.
    let started = Instant::now();
    for stream in &mut slow {
        assert!(closed_by_server(stream, Duration::from_secs(3)).await);
    }
    println!(
        "40 half-sent requests against a cap of 20: all closed {:?} after the probes",
        started.elapsed()
    );
    let served = fresh
        .get(format!("{}/v1/products", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);

    // An idle keep-alive connection is closed too.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    assert!(closed_by_server(&mut idle, Duration::from_secs(3)).await);
    app.stop().await;
}

#[tokio::test]
async fn stopping_drains_within_the_grace_period_despite_a_half_sent_request() {
    let app = TestApp::spawn_with(|c| {
        c.http_header_timeout_secs = 120;
        c.shutdown_grace_secs = 1;
    })
    .await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let _slow = half_sent_request(&addr).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    let TestApp {
        mut running,
        database,
        ..
    } = app;
    running.take().unwrap().stop().await;
    let took = started.elapsed();
    println!("stop with a half-sent request open: {took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    database.drop_database().await;
}

#[tokio::test]
async fn metrics_labels_stay_bounded_whatever_methods_clients_send() {
    let app = TestApp::spawn().await;
    for i in 0..200 {
        let method = Method::from_bytes(format!("M{i}X").as_bytes()).unwrap();
        // Only the metrics matter here, not the answers.
        let _ = app
            .request(method, &format!("/v1/nothing-{i}"), None, None)
            .await;
    }
    let _ = app.get("/no/such/page/anywhere", None).await;
    let metrics = app.get("/metrics", None).await;
    let text = metrics.body.as_str().unwrap();
    assert!(!text.contains("M17X"), "method strings are not labels");
    assert!(!text.contains("nothing-17"), "paths are not labels");
    assert!(text.contains("method=\"OTHER\""));
    assert!(text.contains("route=\"/v1/{*rest}\""));
    assert!(text.contains("route=\"unmatched\""));
    app.stop().await;
}

#[tokio::test]
async fn every_error_has_the_json_shape_even_a_too_long_uri() {
    let app = TestApp::spawn().await;
    let long = format!("/v1/products?q={}", "a".repeat(20_000));
    let reply = app.get(&long, None).await;
    assert_eq!(reply.status, StatusCode::URI_TOO_LONG);
    assert_eq!(reply.body["statusCode"], 414);
    assert!(reply.body["message"].is_string());

    // Past 64 KiB hyper refuses the request line itself, and headers past its buffer; those
    // answers get the JSON body too. (No HTTP client library sends such a request.)
    let addr = app.base.trim_start_matches("http://").to_owned();
    for (request, status) in [
        (
            format!(
                "GET /v1/products?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
                "a".repeat(80_000)
            ),
            "414",
        ),
        (
            format!(
                "GET /v1/products HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "b".repeat(200_000)
            ),
            "431",
        ),
    ] {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        let _ = stream.write_all(request.as_bytes()).await;
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with(&format!("HTTP/1.1 {status}")),
            "{answer}"
        );
        let body: serde_json::Value =
            serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        assert_eq!(body["statusCode"].to_string(), status, "{answer}");
    }
    app.stop().await;
}

#[tokio::test]
async fn responses_are_compressed_and_carry_security_headers() {
    let app = TestApp::spawn().await;
    let url = format!("{}/v1/shipping/provinces", app.base);
    for (encoding, expected) in [("gzip", "gzip"), ("br", "br")] {
        let response = app
            .client
            .get(&url)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-encoding"], expected);
    }
    let plain = app.client.get(&url).send().await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(plain.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        plain.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(
        !plain.headers().contains_key("strict-transport-security"),
        "no HSTS over plain HTTP"
    );
    let page = app
        .client
        .get(format!("{}/v1/api/doc/", app.base))
        .send()
        .await
        .unwrap();
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    app.stop().await;
}

#[tokio::test]
async fn cors_preflights_are_answered_for_configured_origins_only() {
    let app = TestApp::spawn_with(|c| {
        c.cors_allowed_origins = Some("https://shop.example.vn, https://admin.example.vn".into());
        c.public_url = "https://shop.example.vn".into();
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, format!("{}/v1/orders", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type, idempotency-key",
            )
            .send()
    };
    let allowed = preflight("https://admin.example.vn").await.unwrap();
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://admin.example.vn"
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    let hsts = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert!(hsts.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    app.stop().await;
}

#[tokio::test]
async fn requests_are_limited_per_address_and_per_user_but_probes_and_callbacks_never() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limit_public_per_minute = 5;
        c.rate_limit_user_per_minute = 8;
    })
    .await;
    // Signing up and in are two of the address's 5 requests.
    let user = app.customer("han-muc@example.vn").await;
    // 12 requests against a budget of 5 go over it even if a minute ends among them.
    let mut limited = None;
    for _ in 0..12 {
        let reply = app
            .client
            .get(format!("{}/v1/products", app.base))
            .send()
            .await
            .unwrap();
        if reply.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(reply);
            break;
        }
    }
    let limited = limited.expect("the public budget runs out");
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    let body: serde_json::Value = limited.json().await.unwrap();
    assert_eq!(body["statusCode"], 429);
    // A browser asking for a page is answered with a page.
    let page = app
        .client
        .get(format!("{}/", app.base))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Bạn thao tác quá nhanh"));

    // Probes, metrics and gateway callbacks are never limited.
    for path in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/v1/payments/vnpay/callback?x=1",
    ] {
        for _ in 0..10 {
            assert_ne!(
                app.get(path, None).await.status,
                StatusCode::TOO_MANY_REQUESTS,
                "{path}"
            );
        }
    }

    // A signed-in user has a budget of their own, not the address's.
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(app.get("/v1/cart", Some(&user)).await.status);
    }
    let allowed = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert!((8..=16).contains(&allowed), "{statuses:?}");
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS));
    app.stop().await;
}

#[tokio::test]
async fn replicas_share_one_budget_through_the_database() {
    use cho_platform::ratelimit::{SharedLimiter, Verdict};
    let app = TestApp::spawn().await;
    let db = &app.state().db;
    let (first, second) = (SharedLimiter::default(), SharedLimiter::default());
    let minute = chrono::Utc::now().timestamp() / 60;
    for _ in 0..4 {
        assert_eq!(first.hit("ip:203.0.113.9", 5), Verdict::Allowed);
    }
    first.sync(db).await.unwrap();
    // The second replica learns of the first one's four hits at its first sync.
    assert_eq!(second.hit("ip:203.0.113.9", 5), Verdict::Allowed);
    second.sync(db).await.unwrap();
    let over = second.hit("ip:203.0.113.9", 5);
    if chrono::Utc::now().timestamp() / 60 == minute {
        assert!(matches!(over, Verdict::Limited { .. }), "{over:?}");
    }
    app.stop().await;
}
