//! Operational endpoints: liveness, readiness and metrics.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use cho_platform::jobs;
use cho_platform::outbox::consumers;
use cho_platform::AppState;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::telemetry::metrics_handle;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics))
}

/// The probes alone, for connections accepted while the server is at its connection cap.
pub fn probes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/healthz", axum::routing::get(healthz))
        .route("/readyz", axum::routing::get(readyz))
}

#[derive(Serialize, ToSchema)]
struct Health {
    status: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, body = Health)))]
async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The database answers and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses((status = 200, body = Health), (status = 503, body = Health)))]
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    // Answers within the probe's patience even when the database does not.
    let ready = !state.health.is_down()
        && tokio::time::timeout(
            std::time::Duration::from_millis(1500),
            state.db.is_ready(crate::migrations::ALL),
        )
        .await
        .unwrap_or(false);
    if ready {
        (StatusCode::OK, Json(Health { status: "ready" }))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "not ready",
            }),
        )
    }
}

/// Prometheus metrics: requests by route, status and latency; orders placed;
/// stock-outs; job queue depth and failures; outbox consumers' lag and failures.
#[utoipa::path(get, path = "/metrics", tag = "ops", responses((status = 200, content_type = "text/plain", body = String)))]
async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    // Queue depth is read at scrape time so every replica reports the shared queue.
    if let Ok(depths) = jobs::depth(&state.db).await {
        for status in ["queued", "running", "dead"] {
            let total: i64 = depths
                .iter()
                .filter(|d| d.status == status)
                .map(|d| d.count)
                .sum();
            metrics::gauge!("cho_jobs_queue_depth", "status" => status).set(total as f64);
        }
    }
    // One series per consumer: their names are fixed in code.
    if let Ok(statuses) = consumers::statuses(&state.db).await {
        for status in statuses {
            metrics::gauge!("cho_outbox_consumer_lag", "consumer" => status.name.clone())
                .set(status.lag as f64);
            metrics::gauge!("cho_outbox_consumer_failing", "consumer" => status.name)
                .set(status.attempts as f64);
        }
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics_handle().render(),
    )
}
