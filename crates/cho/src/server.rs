//! Running Chợ: the API server, the job worker, or both, with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::Extensions;
use std::time::Duration;

use anyhow::Context;
use cho_platform::cache::ResponseCache;
use cho_platform::config::Config;
use cho_platform::crypto::SecretCache;
use cho_platform::db::Db;
use cho_platform::jobs::{Registry, Worker};
use cho_platform::outbox::{self, Consumer};
use cho_platform::secrets::Keys;
use cho_platform::AppState;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// API and workers in one process (the default).
    Full,
    Api,
    Worker,
}

impl Mode {
    fn serves_http(self) -> bool {
        matches!(self, Mode::Full | Mode::Api)
    }
    fn runs_jobs(self) -> bool {
        matches!(self, Mode::Full | Mode::Worker)
    }
}

/// Connects, and in full mode migrates and (with `demo`) seeds.
pub async fn prepare(config: &Config, mode: Mode) -> anyhow::Result<AppState> {
    let db = Db::connect(config)
        .await
        .context("could not connect to the database")?;
    if mode == Mode::Full {
        db.migrate(crate::migrations::ALL)
            .await
            .context("migrations failed")?;
    }
    let keys = Keys::load(config)?;
    let state = AppState {
        db,
        config: Arc::new(config.clone()),
        keys: Arc::new(keys),
        cache: ResponseCache::new(std::time::Duration::from_millis(config.response_cache_ms)),
        secrets: SecretCache::default(),
        health: Default::default(),
        http: outbound_http_client()?,
        modules: Arc::new(module_states(config)?),
    };
    if config.demo {
        crate::demo::seed(&state).await?;
    }
    Ok(state)
}

/// Each module's state, built from its settings section.
fn module_states(config: &Config) -> anyhow::Result<Extensions> {
    let mut states = Extensions::new();
    for module in crate::modules::all() {
        (module.state)(config, &mut states)
            .with_context(|| format!("the {} module's settings", module.name))?;
    }
    Ok(states)
}

/// The client for calls out of the shop; each call sets its own overall timeout.
fn outbound_http_client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .build()?)
}

/// The job worker of `state`'s process.
pub fn worker(state: &AppState) -> Worker {
    Worker {
        db: state.db.clone(),
        registry: job_registry(state),
        concurrency: state.config.worker_concurrency,
        max_attempts: state.config.job_max_attempts.into(),
    }
}

pub fn job_registry(state: &AppState) -> Registry {
    let mut registry = Registry::default();
    for module in crate::modules::all() {
        (module.jobs)(&mut registry, state);
    }
    let db = state.db.clone();
    registry.register("idempotency.purge", move |_| {
        let db = db.clone();
        async move {
            let mut tx = db.begin().await?;
            cho_platform::idempotency::purge_expired(&mut tx).await?;
            tx.commit().await?;
            Ok(())
        }
    });
    registry.every("idempotency.purge", std::time::Duration::from_secs(3600));
    let db = state.db.clone();
    let retention = chrono::Duration::days(state.config.outbox_retention_days.max(0));
    registry.register(OUTBOX_PURGE_JOB, move |_| {
        let db = db.clone();
        async move {
            let deleted = outbox::consumers::purge(&db, retention).await?;
            if deleted > 0 {
                tracing::info!(deleted, "old outbox events purged");
            }
            Ok(())
        }
    });
    registry.every(OUTBOX_PURGE_JOB, std::time::Duration::from_secs(3600));
    registry
}

const OUTBOX_PURGE_JOB: &str = "outbox.purge";

/// The outbox's consumers: every module's (webhooks, search, notifications and the
/// wallet will have some; none has yet).
pub fn outbox_consumers(state: &AppState) -> Vec<Arc<dyn Consumer>> {
    crate::modules::all()
        .iter()
        .flat_map(|module| (module.consumers)(state))
        .collect()
}

/// A running instance: its address (when serving HTTP) and the means to stop it.
pub struct Running {
    pub addr: Option<SocketAddr>,
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, drains in-flight requests, lets running jobs finish.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        self.state.db.close().await;
    }
}

pub async fn start(state: AppState, mode: Mode) -> anyhow::Result<Running> {
    start_with(state, mode, Overrides::default()).await
}

/// What a caller can hand the server in place of what the configuration implies.
#[derive(Default)]
pub struct Overrides {
    /// A socket already bound (a test binds first to learn its port; binding again
    /// later could lose the port to another process).
    pub listener: Option<std::net::TcpListener>,
    /// Outbox consumers instead of the built-in ones (tests add their own).
    pub consumers: Option<Vec<Arc<dyn Consumer>>>,
}

/// [`start`] with `overrides`.
pub async fn start_with(
    state: AppState,
    mode: Mode,
    overrides: Overrides,
) -> anyhow::Result<Running> {
    let (shutdown, signal) = watch::channel(false);
    let mut tasks = Vec::new();
    let mut addr = None;
    if mode.serves_http() {
        crate::http::raise_open_file_limit();
        let listener = match overrides.listener {
            Some(listener) => {
                listener.set_nonblocking(true)?;
                TcpListener::from_std(listener)?
            }
            None => TcpListener::bind(&state.config.listen)
                .await
                .with_context(|| format!("could not listen on {}", state.config.listen))?,
        };
        addr = Some(listener.local_addr()?);
        let app = crate::app::router(state.clone());
        let overloaded = crate::app::overloaded_router(state.clone());
        let limits = crate::http::Limits {
            header_timeout: Duration::from_secs(state.config.http_header_timeout_secs.max(1)),
            max_connections: state.config.http_max_connections.max(1),
            shutdown_grace: Duration::from_secs(state.config.shutdown_grace_secs),
        };
        let mut signal = signal.clone();
        let stopped = async move {
            let _ = signal.wait_for(|stop| *stop).await;
        };
        tasks.push(tokio::spawn(crate::http::serve(
            listener, app, overloaded, limits, stopped,
        )));
    }
    tasks.push(tokio::spawn(
        state.health.clone().watch(state.db.clone(), signal.clone()),
    ));
    if mode.runs_jobs() {
        let worker = worker(&state);
        let consumers = overrides
            .consumers
            .unwrap_or_else(|| outbox_consumers(&state));
        let consumers = outbox::Runner::new(state.db.clone(), consumers)?;
        tasks.push(tokio::spawn(consumers.run(signal.clone())));
        tasks.push(tokio::spawn(worker.run(signal)));
    }
    Ok(Running {
        addr,
        state,
        shutdown,
        tasks,
    })
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
