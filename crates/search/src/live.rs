//! This replica's index of the catalog, kept current: before answering, a search
//! compares the catalog's revision (one row, moved by every staff change in its own
//! transaction) with the one the index was built from, and builds again when they
//! differ. Each replica holds its own index in memory; nothing is shared to go stale.

use std::sync::Arc;

use cho_platform::{ApiError, AppState};
use tokio::sync::Mutex;

use crate::index::ProductIndex;

#[derive(Clone)]
pub struct LiveIndex {
    index: Arc<ProductIndex>,
    /// The catalog revision the index holds (`None` before the first build); the lock
    /// also makes concurrent searches that notice a change build once.
    built_from: Arc<Mutex<Option<i64>>>,
}

impl LiveIndex {
    pub fn new() -> anyhow::Result<Self> {
        Ok(LiveIndex {
            index: Arc::new(ProductIndex::in_memory()?),
            built_from: Arc::new(Mutex::new(None)),
        })
    }

    pub fn of(state: &AppState) -> &Self {
        state.module::<Self>()
    }

    /// The index, built again first if the catalog moved since.
    pub async fn current(&self, state: &AppState) -> Result<Arc<ProductIndex>, ApiError> {
        let revision = cho_catalog::revision(&state.db).await?;
        let mut built_from = self.built_from.lock().await;
        if *built_from != Some(revision) {
            let products = cho_catalog::searchable(&state.db).await?;
            let index = self.index.clone();
            let count = products.len();
            crate::blocking(move || index.replace_all(&products)).await?;
            tracing::info!(revision, products = count, "search index built");
            *built_from = Some(revision);
        }
        Ok(self.index.clone())
    }
}
