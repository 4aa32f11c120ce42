//! The query API every module uses: SQL written once, bound and run on whichever
//! backend the connection is, and decoded into one Rust type for both.
//!
//! ```ignore
//! let stock: Option<i64> = tx
//!     .query("UPDATE product_variants SET stock_quantity = stock_quantity - $1
//!             WHERE id = $2 AND stock_quantity >= $1 RETURNING stock_quantity")
//!     .bind(quantity)
//!     .bind(variant_id)
//!     .scalar_optional()
//!     .await?;
//! ```
//!
//! A read function takes `impl Into<Conn>` so the same function serves the read pool
//! (`&Db`) and the caller's transaction (`&mut Tx`).

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{
    Arguments, Encode, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Type,
};

use super::{Arg, Args, Backend, Db, Tx};

/// A value both backends can bind: ids, integers, booleans, text, bytes, times, JSON
/// (`sqlx::types::Json`) and `Option`s of them.
pub trait Param<'q>:
    'q + Send + Encode<'q, Postgres> + Type<Postgres> + Encode<'q, Sqlite> + Type<Sqlite>
{
}

impl<'q, T> Param<'q> for T where
    T: 'q + Send + Encode<'q, Postgres> + Type<Postgres> + Encode<'q, Sqlite> + Type<Sqlite>
{
}

/// A type both backends can decode a row into: a `#[derive(sqlx::FromRow)]` struct, or
/// a tuple of columns.
pub trait Row:
    for<'r> sqlx::FromRow<'r, PgRow> + for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin
{
}

impl<T> Row for T where
    T: for<'r> sqlx::FromRow<'r, PgRow> + for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin
{
}

/// Where a query runs: the read side of the database (on SQLite, the read-only pool) or
/// a write transaction.
pub enum Conn<'c> {
    Read(&'c Db),
    Tx(&'c mut Tx),
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Self {
        Conn::Read(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

impl<'c> Conn<'c> {
    /// The same connection for one more query, keeping this one for later.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Read(db) => Conn::Read(db),
            Conn::Tx(tx) => Conn::Tx(tx),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Conn::Read(db) => db.backend(),
            Conn::Tx(tx) => tx.backend(),
        }
    }

    /// A statement to bind arguments to (`$1…$N`, in order) and run.
    pub fn query<'q>(self, sql: &'q str) -> Query<'c, 'q> {
        let target = match self {
            Conn::Read(Db::Postgres(pool)) => Target::PgPool(pool, PgArguments::default()),
            Conn::Read(Db::Sqlite { reader, .. }) => {
                Target::SqlitePool(reader, SqliteArguments::default())
            }
            Conn::Tx(Tx::Postgres(tx)) => Target::PgTx(tx, PgArguments::default()),
            Conn::Tx(Tx::Sqlite(tx)) => Target::SqliteTx(tx, SqliteArguments::default()),
        };
        Query {
            sql,
            target,
            invalid: None,
        }
    }
}

impl Db {
    /// A read on the read pool; see [`Conn::query`].
    pub fn query<'q>(&self, sql: &'q str) -> Query<'_, 'q> {
        Conn::Read(self).query(sql)
    }
}

impl Tx {
    /// A statement inside this transaction; see [`Conn::query`].
    pub fn query<'q>(&mut self, sql: &'q str) -> Query<'_, 'q> {
        Conn::Tx(self).query(sql)
    }
}

/// The connection and the arguments bound so far, in that backend's encoding.
enum Target<'c, 'q> {
    PgPool(&'c PgPool, PgArguments),
    PgTx(&'c mut PgConnection, PgArguments),
    SqlitePool(&'c SqlitePool, SqliteArguments<'q>),
    SqliteTx(&'c mut SqliteConnection, SqliteArguments<'q>),
}

/// A statement with its arguments, ready to run once.
#[must_use = "a query does nothing until it is run"]
pub struct Query<'c, 'q> {
    sql: &'q str,
    target: Target<'c, 'q>,
    /// The first argument that failed to encode; running the query reports it.
    invalid: Option<BoxDynError>,
}

/// Runs `sqlx::$build(sql, args).$run(executor)` on the query's target, then `$then` on
/// the result (each backend has its own result types).
macro_rules! run {
    ($query:expr, $build:ident, $run:ident, $then:expr) => {{
        let Query {
            sql,
            target,
            invalid,
        } = $query;
        if let Some(err) = invalid {
            return Err(sqlx::Error::Encode(err));
        }
        match target {
            Target::PgPool(pool, args) => sqlx::$build(sql, args).$run(pool).await.map($then),
            Target::PgTx(conn, args) => sqlx::$build(sql, args).$run(conn).await.map($then),
            Target::SqlitePool(pool, args) => sqlx::$build(sql, args).$run(pool).await.map($then),
            Target::SqliteTx(conn, args) => sqlx::$build(sql, args).$run(conn).await.map($then),
        }
    }};
}

impl<'c, 'q> Query<'c, 'q> {
    /// Binds the next `$n`.
    pub fn bind<T: Param<'q>>(mut self, value: T) -> Self {
        let added = match &mut self.target {
            Target::PgPool(_, args) | Target::PgTx(_, args) => args.add(value),
            Target::SqlitePool(_, args) | Target::SqliteTx(_, args) => args.add(value),
        };
        if let (Err(err), None) = (added, &self.invalid) {
            self.invalid = Some(err);
        }
        self
    }

    /// Binds arguments collected at run time (filters), in order.
    pub fn bind_args(self, args: &'q Args) -> Self {
        args.0.iter().fold(self, |query, arg| match arg {
            Arg::Uuid(v) => query.bind(*v),
            Arg::I64(v) => query.bind(*v),
            Arg::Bool(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.as_str()),
        })
    }

    /// Runs the statement; the number of rows it changed.
    pub async fn execute(self) -> Result<u64, sqlx::Error> {
        run!(self, query_with, execute, |done| done.rows_affected())
    }

    pub async fn fetch_one<T: Row>(self) -> Result<T, sqlx::Error> {
        run!(self, query_as_with, fetch_one, |rows| rows)
    }

    pub async fn fetch_optional<T: Row>(self) -> Result<Option<T>, sqlx::Error> {
        run!(self, query_as_with, fetch_optional, |rows| rows)
    }

    pub async fn fetch_all<T: Row>(self) -> Result<Vec<T>, sqlx::Error> {
        run!(self, query_as_with, fetch_all, |rows| rows)
    }

    /// The first column of the one row.
    pub async fn scalar<T>(self) -> Result<T, sqlx::Error>
    where
        (T,): Row,
    {
        self.fetch_one::<(T,)>().await.map(|(value,)| value)
    }

    /// The first column of the row, if there is one.
    pub async fn scalar_optional<T>(self) -> Result<Option<T>, sqlx::Error>
    where
        (T,): Row,
    {
        Ok(self.fetch_optional::<(T,)>().await?.map(|(value,)| value))
    }

    /// The first column of every row.
    pub async fn scalars<T>(self) -> Result<Vec<T>, sqlx::Error>
    where
        (T,): Row,
    {
        let rows = self.fetch_all::<(T,)>().await?;
        Ok(rows.into_iter().map(|(value,)| value).collect())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::types::Json;
    use uuid::Uuid;

    use super::*;

    #[derive(Debug, PartialEq, sqlx::FromRow)]
    struct Thing {
        id: Uuid,
        amount: i64,
        paid: bool,
        note: Option<String>,
        at: DateTime<Utc>,
        data: Json<serde_json::Value>,
    }

    async fn scratch_db() -> (Db, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("cho-query-{}.db", crate::new_id()));
        let options = SqliteConnectOptions::new().filename(&path);
        let db = Db::connect_sqlite(options, 2).await.expect("opens");
        let mut tx = db.begin().await.expect("begins");
        tx.query(
            "CREATE TABLE things (id BLOB PRIMARY KEY, amount INTEGER NOT NULL, paid INTEGER NOT NULL,
             note TEXT, at TEXT NOT NULL, data TEXT NOT NULL)",
        )
        .execute()
        .await
        .expect("creates");
        tx.commit().await.expect("commits");
        (db, path)
    }

    /// One read function for the pool and for a transaction: what a module writes.
    async fn amount_of(conn: impl Into<Conn<'_>>, id: Uuid) -> Result<Option<i64>, sqlx::Error> {
        conn.into()
            .query("SELECT amount FROM things WHERE id = $1")
            .bind(id)
            .scalar_optional()
            .await
    }

    #[tokio::test]
    async fn binds_and_decodes_every_kind_of_value_through_pool_and_transaction() {
        let (db, path) = scratch_db().await;
        let thing = Thing {
            id: crate::new_id(),
            amount: 12_990_000,
            paid: true,
            note: None,
            at: crate::now(),
            data: Json(serde_json::json!({"code": "DH1"})),
        };
        let mut tx = db.begin().await.expect("begins");
        let inserted = tx
            .query(
                "INSERT INTO things (id, amount, paid, note, at, data)
                    VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(thing.id)
            .bind(thing.amount)
            .bind(thing.paid)
            .bind(thing.note.as_deref())
            .bind(thing.at)
            .bind(&thing.data)
            .execute()
            .await
            .expect("inserts");
        assert_eq!(inserted, 1);
        assert_eq!(
            amount_of(&mut tx, thing.id).await.expect("reads"),
            Some(thing.amount)
        );
        assert_eq!(
            amount_of(&db, thing.id).await.expect("reads"),
            None,
            "not committed yet"
        );
        tx.commit().await.expect("commits");

        assert_eq!(
            amount_of(&db, thing.id).await.expect("reads"),
            Some(thing.amount)
        );
        let read: Thing = db
            .query("SELECT id, amount, paid, note, at, data FROM things")
            .fetch_one()
            .await
            .expect("reads");
        assert_eq!(read, thing);

        let mut args = Args::default();
        let (low, high) = (args.push(Arg::I64(1)), args.push(Arg::I64(i64::MAX)));
        let sql = format!("SELECT id FROM things WHERE amount BETWEEN {low} AND {high}");
        let ids: Vec<Uuid> = db
            .query(&sql)
            .bind_args(&args)
            .scalars()
            .await
            .expect("reads");
        assert_eq!(ids, vec![thing.id]);

        let mut conn = Conn::from(&db);
        let first = amount_of(conn.reborrow(), thing.id).await.expect("reads");
        assert_eq!(first, amount_of(conn, thing.id).await.expect("reads again"));
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
