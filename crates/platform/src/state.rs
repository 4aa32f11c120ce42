use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::secrets::Keys;

/// What every handler can reach: the database, the configuration and the keys.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub keys: Arc<Keys>,
}
