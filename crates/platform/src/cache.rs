//! A short-lived cache of public, anonymous JSON responses (catalog pages, say).
//!
//! Entries live for `CHO_RESPONSE_CACHE_MS` at most and are dropped at once
//! when this process changes the catalog, so a shopper sees another replica's
//! change or a stock movement at most that long after it happened. Checkout
//! never reads from it: stock and prices are re-read inside the order's
//! transaction.

use std::future::Future;
use std::time::Duration;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::error::ApiResult;

#[derive(Clone)]
pub struct ResponseCache {
    entries: Option<moka::future::Cache<String, Bytes>>,
}

impl ResponseCache {
    /// A cache keeping entries for `ttl`; a zero `ttl` disables it.
    pub fn new(ttl: Duration) -> Self {
        let entries = (!ttl.is_zero()).then(|| {
            moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build()
        });
        Self { entries }
    }

    /// The cached JSON for `key`, or `render`'s, which is then cached.
    pub async fn json<T, F, Fut>(&self, key: String, render: F) -> ApiResult<Response>
    where
        T: serde::Serialize,
        F: FnOnce() -> Fut,
        Fut: Future<Output = ApiResult<T>>,
    {
        self.body(key, || async {
            Ok(Bytes::from(
                serde_json::to_vec(&render().await?).map_err(anyhow::Error::from)?,
            ))
        })
        .await
    }

    /// Like [`Self::json`], for a body `render` has already serialised.
    pub async fn body<F, Fut>(&self, key: String, render: F) -> ApiResult<Response>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = ApiResult<Bytes>>,
    {
        let cached = match &self.entries {
            Some(entries) => entries.get(&key).await,
            None => None,
        };
        let body = match cached {
            Some(body) => body,
            None => {
                let body = render().await?;
                if let Some(entries) = &self.entries {
                    entries.insert(key, body.clone()).await;
                }
                body
            }
        };
        Ok(json_response(body))
    }

    pub fn invalidate_all(&self) {
        if let Some(entries) = &self.entries {
            entries.invalidate_all();
        }
    }
}

/// A response carrying `body`, which is JSON already.
pub fn json_response(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
