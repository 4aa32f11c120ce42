//! What a bounded context contributes to the binary, in one value.
//!
//! Each module crate exposes `pub fn module(…) -> Module`; the binary lists the modules
//! (`cho::modules::all`) and is the only place that names them. A field a module does not
//! need keeps its empty default ([`Module::new`]).

use std::sync::Arc;

use axum::http::Extensions;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::error::ErrorCode;
use crate::jobs::Registry;
use crate::outbox::consumers::Consumer;
use crate::outbox::EventSchema;
use crate::AppState;

type Build<T> = Box<dyn Fn(&AppState) -> T + Send + Sync>;

pub struct Module {
    pub name: &'static str,
    /// The codes its errors carry (documented in the OpenAPI document and the README).
    pub error_codes: &'static [ErrorCode],
    /// Reads its settings section and puts its state in `AppState::modules`.
    pub state: fn(&Config, &mut Extensions) -> anyhow::Result<()>,
    /// Its routes under `/v1`, described in the OpenAPI document.
    pub api: Build<OpenApiRouter<AppState>>,
    /// Its routes outside `/v1`, which are not API (pictures, sandbox simulators).
    pub pages: Build<Router<AppState>>,
    /// Registers its background jobs.
    pub jobs: fn(&mut Registry, &AppState),
    /// The payload schemas of the outbox events it writes.
    pub events: fn() -> Vec<EventSchema>,
    /// The outbox consumers it runs.
    pub consumers: Build<Vec<Arc<dyn Consumer>>>,
}

impl Module {
    /// A module named `name` that contributes nothing yet.
    pub fn new(name: &'static str) -> Self {
        Module {
            name,
            error_codes: &[],
            state: |_, _| Ok(()),
            api: Box::new(|_| OpenApiRouter::new()),
            pages: Box::new(|_| Router::new()),
            jobs: |_, _| {},
            events: Vec::new,
            consumers: Box::new(|_| Vec::new()),
        }
    }
}
