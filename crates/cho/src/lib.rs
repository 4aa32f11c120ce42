//! The `cho` binary's library half: assembling the modules into one HTTP
//! application and one job worker, and running them.

pub mod admin;
pub mod app;
pub mod bench;
pub mod demo;
pub mod headers;
pub mod http;
pub mod idempotency;
pub mod limits;
pub mod migrations;
pub mod modules;
pub mod openapi;
pub mod ops;
pub mod server;
pub mod telemetry;
