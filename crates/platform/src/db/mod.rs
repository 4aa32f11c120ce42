//! One codebase, two databases (see docs/adr/0001-storage.md).
//!
//! Queries are written once, in the SQL that PostgreSQL and SQLite share
//! (`$1…$N` placeholders, `RETURNING`, `ON CONFLICT`), and run through one small
//! API ([`Db::query`], [`Tx::query`], [`Conn`]) that binds and decodes the same
//! Rust types on either backend. Where the dialects differ the call site says so
//! explicitly with [`Backend`]. Each backend has its own migration tree, kept in step.
//!
//! SQLite allows one writer at a time, so its writes go through a one-connection
//! pool (transactions queue in process instead of spinning on `SQLITE_BUSY`)
//! while reads use a pool of their own; WAL lets them run alongside the writer.

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::config::Config;

mod query;
pub use query::{Conn, Param, Query, Row};

#[derive(Clone, Debug)]
pub enum Db {
    Postgres(PgPool),
    Sqlite {
        reader: SqlitePool,
        writer: SqlitePool,
    },
}

/// Which dialect a query runs on, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A write transaction on either backend. Dropping it without [`Tx::commit`] rolls back.
pub enum Tx {
    Postgres(Transaction<'static, Postgres>),
    Sqlite(Transaction<'static, Sqlite>),
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Postgres(tx) => tx.commit().await,
            Tx::Sqlite(tx) => tx.commit().await,
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Postgres(_) => Backend::Postgres,
            Tx::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// The schema's migrations for each backend, kept in step (same versions, same tables).
/// The binary embeds them: it is the one that knows every module.
#[derive(Clone, Copy)]
pub struct Migrations {
    pub postgres: &'static Migrator,
    pub sqlite: &'static Migrator,
}

impl Migrations {
    fn for_backend(self, backend: Backend) -> &'static Migrator {
        match backend {
            Backend::Postgres => self.postgres,
            Backend::Sqlite => self.sqlite,
        }
    }
}

impl Db {
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        match config.database_url.as_deref() {
            Some(url) if config.is_postgres() => {
                Self::connect_postgres(url, config.db_max_connections).await
            }
            Some(url) => {
                Self::connect_sqlite(
                    SqliteConnectOptions::from_str(url)?,
                    config.db_max_connections,
                )
                .await
            }
            None => {
                std::fs::create_dir_all(&config.data_dir)?;
                let options = SqliteConnectOptions::new().filename(config.data_dir.join("cho.db"));
                Self::connect_sqlite(options, config.db_max_connections).await
            }
        }
    }

    async fn connect_postgres(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)?.application_name("cho");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            // Bounds a request's wait when the server is saturated or unreachable; an
            // outage is then answered at once (see `health`).
            .acquire_timeout(Duration::from_secs(3))
            .connect_with(options)
            .await?;
        Ok(Db::Postgres(pool))
    }

    async fn connect_sqlite(
        options: SqliteConnectOptions,
        max_connections: u32,
    ) -> anyhow::Result<Self> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        // A file's connection cannot drop the way a server's can, so the ping sqlx sends
        // before lending one out would only be one more round trip to its thread.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        // Each SQLite connection is a thread of its own (sqlx runs it on one); more readers
        // than two per core only add context switches (one core served 23 % more product
        // lists with 4 readers than with 16).
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
        let reader = SqlitePoolOptions::new()
            .max_connections(max_connections.min(2 * cores).max(2))
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db::Sqlite { reader, writer })
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Postgres(_) => Backend::Postgres,
            Db::Sqlite { .. } => Backend::Sqlite,
        }
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
            Db::Sqlite { writer, .. } => Tx::Sqlite(writer.begin().await?),
        })
    }

    pub async fn migrate(&self, migrations: Migrations) -> anyhow::Result<()> {
        let migrator = migrations.for_backend(self.backend());
        match self {
            Db::Postgres(pool) => migrator.run(pool).await?,
            Db::Sqlite { writer, .. } => migrator.run(writer).await?,
        }
        Ok(())
    }

    /// True when the database answers and every one of `migrations` is applied.
    pub async fn is_ready(&self, migrations: Migrations) -> bool {
        let latest = migrations
            .for_backend(self.backend())
            .iter()
            .map(|m| m.version)
            .max();
        let sql = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";
        let applied: Result<i64, _> = self.query(sql).scalar().await;
        matches!((applied, latest), (Ok(applied), Some(latest)) if applied >= latest)
    }

    pub async fn close(&self) {
        match self {
            Db::Postgres(pool) => pool.close().await,
            Db::Sqlite { reader, writer } => {
                reader.close().await;
                writer.close().await;
            }
        }
    }
}

/// True when `err` is a unique-constraint violation (on either backend).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// A value bound to a query whose SQL is assembled at run time (filters); see
/// [`Query::bind_args`].
#[derive(Debug, Clone)]
pub enum Arg {
    Uuid(uuid::Uuid),
    I64(i64),
    Bool(bool),
    Text(String),
}

/// Collects [`Arg`]s and hands out their `$n` placeholders.
#[derive(Debug, Default)]
pub struct Args(pub Vec<Arg>);

impl Args {
    /// Adds `arg` and returns its placeholder, e.g. `$3`.
    pub fn push(&mut self, arg: Arg) -> String {
        self.0.push(arg);
        format!("${}", self.0.len())
    }
}
