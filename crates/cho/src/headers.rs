//! Response headers every answer gets: compression, security headers and CORS.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use cho_platform::config::Config;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// gzip or brotli, as the client asks, for bodies worth compressing.
pub fn compression() -> CompressionLayer<impl Predicate> {
    // Images are compressed already; event streams must not be buffered.
    let predicate = DefaultPredicate::new()
        .and(SizeAbove::new(512))
        .and(NotForContentType::new("image/"));
    CompressionLayer::new()
        .gzip(true)
        .br(true)
        .compress_when(predicate)
}

/// Pages may load only what we serve; inline styles are allowed for the small sandbox pages.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; \
    frame-ancestors 'none'; base-uri 'self'";

pub async fn security_headers(
    State(config): State<Arc<Config>>,
    req: Request,
    next: Next,
) -> Response {
    let mut response = next.run(req).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if is_html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    // Only a shop reached over TLS may tell browsers to insist on it.
    if config.public_url.starts_with("https://") {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Cross-origin calls from the origins in `CHO_CORS_ALLOWED_ORIGINS` (`*` for any); with
/// none configured a preflight is answered without permission, so browsers refuse.
pub fn cors(config: &Config) -> CorsLayer {
    let origins: Vec<&str> = config
        .cors_allowed_origins
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    let allow_origin = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::HeaderName::from_static("x-request-id"),
            header::RETRY_AFTER,
        ])
        .max_age(Duration::from_secs(3600))
}
