//! Request budgets (seed 002 §5.1): `CHO_RATE_LIMIT_PUBLIC_PER_MINUTE` per client address
//! for callers without a valid access token, `CHO_RATE_LIMIT_USER_PER_MINUTE` per signed-in
//! user, shared by every replica (see [`SharedLimiter`]). Probes, metrics, gateway
//! callbacks, static pictures and the pages' assets are never limited: a probe that gets
//! 429 restarts a healthy replica, and a refused callback delays a shopper's payment.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cho_platform::auth::AuthUser;
use cho_platform::extract::ClientInfo;
use cho_platform::ratelimit::{SharedLimiter, Verdict};
use cho_platform::{ApiError, AppState};

#[derive(Clone)]
pub struct RateLimits {
    state: AppState,
    limiter: Arc<SharedLimiter>,
    enabled: bool,
}

impl RateLimits {
    /// The budgets for `state`'s settings, with the task that shares their counts across
    /// replicas; that task ends once the limits are dropped.
    pub fn start(state: &AppState) -> Self {
        let limiter = Arc::new(SharedLimiter::default());
        let enabled = state.config.rate_limit_public_per_minute > 0
            || state.config.rate_limit_user_per_minute > 0;
        if enabled {
            let shared = Arc::downgrade(&limiter);
            let db = state.db.clone();
            tokio::spawn(async move {
                let mut every_second = tokio::time::interval(Duration::from_secs(1));
                loop {
                    every_second.tick().await;
                    let Some(limiter) = shared.upgrade() else {
                        return;
                    };
                    if let Err(err) = limiter.sync(&db).await {
                        tracing::debug!(error = %err, "rate limits not shared this second");
                    }
                }
            });
        }
        RateLimits {
            state: state.clone(),
            limiter,
            enabled,
        }
    }
}

fn exempt(path: &str) -> bool {
    matches!(
        path,
        "/healthz" | "/readyz" | "/metrics" | "/v1/payments/sepay/webhook"
    ) || path.starts_with("/static/")
        || path.starts_with("/assets/")
        || path.starts_with("/sandbox/")
        || (path.starts_with("/v1/payments/") && path.ends_with("/callback"))
}

pub async fn limit(State(limits): State<RateLimits>, req: Request, next: Next) -> Response {
    let config = &limits.state.config;
    if !limits.enabled || exempt(req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // Verified once here and kept in the request for the handler.
    let user = AuthUser::from_request_parts(&mut parts, &limits.state)
        .await
        .ok();
    let budget = match user {
        Some(user) => (
            format!("user:{}", user.id),
            config.rate_limit_user_per_minute,
        ),
        None => {
            let Ok(client) = ClientInfo::from_request_parts(&mut parts, &limits.state).await;
            let ip = client.ip.unwrap_or_else(|| "unknown".into());
            (format!("ip:{ip}"), config.rate_limit_public_per_minute)
        }
    };
    let req = Request::from_parts(parts, body);
    match budget {
        (_, 0) => next.run(req).await,
        (key, per_minute) => match limits.limiter.hit(&key, per_minute) {
            Verdict::Allowed => next.run(req).await,
            Verdict::Limited { retry_after_secs } => {
                metrics::counter!("cho_rate_limited_total", "kind" => if user.is_some() { "user" } else { "public" })
                    .increment(1);
                ApiError::too_many_requests(
                    format!("more than {per_minute} requests a minute: slow down"),
                    retry_after_secs,
                )
                .into_response()
            }
        },
    }
}
