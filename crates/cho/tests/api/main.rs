#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
//! End-to-end tests: the real application on a random port against a fresh
//! database, driven over HTTP. Run on SQLite by default and on PostgreSQL with
//! `CHO_TEST_DATABASE=postgres`.

mod browser;
mod harness;

mod accounts_pages;
mod auth;
mod bad_input;
mod bank_transfers;
mod binary;
mod catalog;
mod catalog_pages;
mod checkout;
mod credentials;
mod edge;
mod gateways;
mod jobs;
mod ops;
mod outage;
mod outbox;
mod payments;
mod race;
mod schema;
mod search;
mod shopping_pages;
mod storefront;
