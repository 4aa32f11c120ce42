//! Shared plumbing for every bounded context of Chợ.
//!
//! Nothing in here knows about shops, carts or payments: it is the storage
//! layer that serves SQLite and PostgreSQL from one codebase, the error type
//! every handler returns, the durable job queue and transactional outbox,
//! idempotency keys, audit records and cursor pagination.

pub mod audit;
pub mod auth;
pub mod cache;
pub mod config;
pub mod crypto;
pub mod db;
pub mod error;
pub mod extract;
pub mod health;
mod id;
pub mod idempotency;
pub mod jobs;
pub mod module;
pub mod money;
pub mod outbox;
pub mod pagination;
pub mod ratelimit;
pub mod secrets;
pub mod state;
mod text_enum;

pub use error::{ApiError, ApiResult};
pub use module::Module;
pub use money::Vnd;
pub use state::AppState;
pub use text_enum::{StateMachine, TextEnum};

/// A fresh, time-ordered identifier. UUIDv7 needs no per-node configuration,
/// so two workers can never mint the same id (seed 003's snowflake outage).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// The current time, truncated to microseconds so that a value read back from
/// either database compares equal to the one written.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(6)
}
