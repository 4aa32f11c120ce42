use std::sync::Arc;

use crate::cache::ResponseCache;
use crate::config::Config;
use crate::crypto::SecretCache;
use crate::db::Db;
use crate::health::DbHealth;
use crate::secrets::Keys;

/// What every handler can reach: the database, the configuration, the keys
/// the cache of public responses and the cache of opened stored secrets.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub keys: Arc<Keys>,
    pub cache: ResponseCache,
    pub secrets: SecretCache,
    pub health: DbHealth,
    /// The one client for calls to other services, made by
    /// the binary: one connection pool, and a test can hand in its own.
    pub http: reqwest::Client,
    /// Each module's own state (its settings section, say), one value per type, put
    /// here by the binary at start.
    pub modules: Arc<axum::http::Extensions>,
}

impl AppState {
    /// The module state of type `T`.
    ///
    /// # Panics
    /// When the binary registered none: a wiring mistake every test would show.
    pub fn module<T: Send + Sync + 'static>(&self) -> &T {
        self.modules
            .get::<T>()
            .unwrap_or_else(|| panic!("no {} was registered at start", std::any::type_name::<T>()))
    }
}
