//! The HTTP application: every module's routes under `/v1`, the ops
//! endpoints, the OpenAPI document, and the middleware every request passes.

use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use cho_platform::error::{DatabaseUnavailable, ErrorBody};
use cho_platform::extract::wants_html;
use cho_platform::{ApiError, AppState};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

pub const OPENAPI_PATH: &str = "/v1/api/doc/openapi.json";

/// The OpenAPI document and the routes it describes.
pub fn routes(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let modules = crate::modules::all();
    let v1 = modules
        .iter()
        .fold(OpenApiRouter::new(), |v1, module| {
            v1.merge((module.api)(state))
        })
        .merge(crate::admin::router());
    let (routes, mut openapi) = OpenApiRouter::with_openapi(crate::openapi::ApiDoc::openapi())
        .nest("/v1", v1)
        .merge(crate::ops::router())
        .split_for_parts();
    let events = modules
        .iter()
        .flat_map(|module| (module.events)())
        .collect();
    cho_platform::outbox::document_events(&mut openapi, events);
    // Once the routes are in: it completes their operations and schemas.
    crate::openapi::complete(&mut openapi);
    (routes, openapi)
}

pub fn router(state: AppState) -> Router {
    // Installed before the first request so that request is counted too.
    crate::telemetry::metrics_handle();
    let (routes, openapi) = routes(&state);
    let routes = crate::modules::all().iter().fold(routes, |routes, module| {
        routes.merge((module.pages)(&state))
    });
    let request_id = HeaderName::from_static("x-request-id");
    let timeout = Duration::from_secs(state.config.request_timeout_secs);
    let no_such_route = || async { ApiError::not_found_with("no such route") };
    routes
        .merge(SwaggerUi::new("/v1/api/doc").url(OPENAPI_PATH, openapi))
        // The storefront's `/{category}/{product}` must not answer for the API.
        .route("/v1/{*rest}", axum::routing::any(no_such_route))
        .fallback(no_such_route)
        .layer(DefaultBodyLimit::max(state.config.body_limit_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request| {
                            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                        })
                        .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(middleware::from_fn(record_metrics))
                .layer(crate::headers::compression())
                .layer(middleware::from_fn_with_state(
                    state.config.clone(),
                    crate::headers::security_headers,
                ))
                .layer(crate::headers::cors(&state.config))
                .layer(middleware::from_fn_with_state(state.clone(), error_bodies))
                .layer(middleware::from_fn(reject_long_uris))
                .layer(middleware::from_fn_with_state(
                    crate::limits::RateLimits::start(&state),
                    crate::limits::limit,
                ))
                .layer(middleware::from_fn_with_state(state.clone(), guard_database))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    crate::idempotency::replay_creates,
                ))
                .layer(CatchPanicLayer::new())
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout)),
        )
        .with_state(state)
}

/// What connections accepted past the connection cap are served: the probes, and a 503
/// for everything else (see [`crate::http`]).
pub fn overloaded_router(state: AppState) -> Router {
    crate::ops::probes()
        .fallback(|| async {
            let mut response =
                ApiError::unavailable("the server is at its connection limit").into_response();
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            response
        })
        .with_state(state)
}

/// Longest request target we read; longer ones get a 414 (its JSON body from
/// [`error_bodies`]). hyper itself refuses targets over 64 KiB before we see them.
const MAX_URI_BYTES: usize = 8 * 1024;

async fn reject_long_uris(req: Request, next: Next) -> Response {
    let len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if len > MAX_URI_BYTES {
        return StatusCode::URI_TOO_LONG.into_response();
    }
    next.run(req).await
}

/// While the database is unreachable, answers 503 at once instead of letting every
/// request wait on the pool; a response that found it unreachable marks it so.
async fn guard_database(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let needs_database = !matches!(req.uri().path(), "/healthz" | "/readyz" | "/metrics");
    if needs_database && state.health.is_down() {
        return ApiError::database_unavailable().into_response();
    }
    let response = next.run(req).await;
    if response.extensions().get::<DatabaseUnavailable>().is_some() {
        state.health.mark_down();
    }
    response
}

/// HTTP methods we label metrics with; any other is counted as `OTHER`, so a client
/// cannot grow the number of series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Counts requests by route and status and times them. Every label comes from a closed
/// set: the route table, known methods, and status codes.
async fn record_metrics(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = method_label(req.method());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("cho_http_requests_total", "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("cho_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Gives errors produced outside our handlers (405, 408 timeouts, panics, body limits,
/// extractor rejections) the same body as every other error: the JSON error body, or —
/// for a browser asking for a page outside `/v1` — the storefront's error page, so a
/// shopper never sees JSON.
async fn error_bodies(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let page = !req.uri().path().starts_with("/v1/") && wants_html(req.headers());
    let response = next.run(req).await;
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let is = |kind: &[u8]| content_type.is_some_and(|v| v.as_bytes().starts_with(kind));
    // An HTML error is a page's already; a JSON one is ours, unless a page was asked for.
    let has_own_body = is(b"text/html") || (is(b"application/json") && !page);
    if status.as_u16() < 400 || has_own_body {
        return response;
    }
    if page {
        let mut rebuilt = cho_web::error_page(&state, status).await;
        keep_headers(&response, &mut rebuilt);
        return rebuilt;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this route does not accept that HTTP method",
        StatusCode::REQUEST_TIMEOUT => "the request took too long",
        StatusCode::PAYLOAD_TOO_LARGE => "request body is too large",
        StatusCode::INTERNAL_SERVER_ERROR => "internal server error",
        StatusCode::NOT_FOUND => "no such route",
        StatusCode::URI_TOO_LONG => "the request URI is too long",
        _ => status.canonical_reason().unwrap_or("error"),
    };
    let mut rebuilt = (status, axum::Json(ErrorBody::new(status, message))).into_response();
    keep_headers(&response, &mut rebuilt);
    rebuilt
}

/// Carries `from`'s headers (`Retry-After`, `Allow` …) over to its rebuilt body.
fn keep_headers(from: &Response, to: &mut Response) {
    for (name, value) in from.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            to.headers_mut().insert(name.clone(), value.clone());
        }
    }
}
