//! Schema drift: both migration trees must build the same schema. Tables, columns, their
//! type families, nullability and defaults, and indexes (columns, uniqueness, partial; a primary key counts as a unique index) are
//! read back from each migrated database and compared; any difference fails.

use std::collections::BTreeSet;

use sqlx::{Connection, Row};

use crate::harness::{on_postgres, FreshDatabase};

/// One fact about the schema, in a form both backends can be compared on.
type Fact = String;

/// Differences made on purpose, each with its reason.
const INTENDED: &[(&str, &str)] = &[
    (
        "column outbox_events.xid integer not null default pg_current_xact_id",
        "PostgreSQL records the writing transaction so readers skip none (see cho_platform::outbox)",
    ),
    (
        "column outbox_events.xid integer not null default 0",
        "SQLite has one writer: insertion order is commit order",
    ),
];

#[tokio::test]
async fn both_backends_migrate_to_the_same_schema() {
    // Needs both servers; the PostgreSQL run of the suite has them.
    if !on_postgres() {
        return;
    }
    let database = FreshDatabase::create().await;
    let postgres = postgres_schema(database.url.as_deref().unwrap()).await;
    let sqlite = sqlite_schema(&database.data_dir.join("schema.db")).await;
    database.drop_database().await;
    let intended: BTreeSet<Fact> = INTENDED.iter().map(|(fact, _)| fact.to_string()).collect();
    let (postgres, sqlite) = (&postgres - &intended, &sqlite - &intended);

    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    assert!(
        only_postgres.is_empty() && only_sqlite.is_empty(),
        "the migration trees disagree\n only on PostgreSQL: {only_postgres:#?}\n only on SQLite: {only_sqlite:#?}"
    );
    assert!(
        postgres.len() > 100,
        "the schema was read: {}",
        postgres.len()
    );
}

/// The family a column's type belongs to: SQLite keeps UUIDs as blobs, times and JSON
/// as text, and booleans as integers.
fn family(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "uuid" | "blob" | "bytea" => "bytes",
        "text" | "character varying" | "jsonb" | "json" | "date" | "timestamp with time zone" => {
            "text"
        }
        "bigint" | "integer" | "smallint" | "boolean" => "integer",
        other => panic!("no family for the column type {other}"),
    }
}

/// A default as written, without PostgreSQL's casts and in one spelling for booleans.
fn normalized_default(default: Option<String>) -> String {
    let Some(default) = default else {
        return "none".into();
    };
    let bare = default
        .split("::")
        .next()
        .unwrap_or_default()
        .trim_matches(|c| c == '(' || c == ')')
        .to_ascii_lowercase();
    match bare.as_str() {
        "false" => "0".into(),
        "true" => "1".into(),
        _ => bare,
    }
}

fn column_fact(table: &str, column: &str, family: &str, nullable: bool, default: String) -> Fact {
    let null = if nullable { "null" } else { "not null" };
    format!("column {table}.{column} {family} {null} default {default}")
}

fn index_fact(table: &str, columns: &[String], unique: bool, partial: bool) -> Fact {
    let kind = if unique { "unique index" } else { "index" };
    let partial = if partial { " (partial)" } else { "" };
    format!("{kind} on {table} ({}){partial}", columns.join(", "))
}

async fn postgres_schema(url: &str) -> BTreeSet<Fact> {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    cho::migrations::ALL.postgres.run(&mut conn).await.unwrap();
    let mut facts = BTreeSet::new();
    let columns = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'YES',
         column_default::text
         FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for row in columns {
        let (table, column, declared): (String, String, String) =
            (row.get(0), row.get(1), row.get(2));
        let default = normalized_default(row.get(4));
        facts.insert(column_fact(
            &table,
            &column,
            family(&declared),
            row.get(3),
            default,
        ));
    }
    let indexes = sqlx::query(
        "SELECT t.relname::text, i.indisunique, i.indpred IS NOT NULL,
                ARRAY(SELECT a.attname::text
                FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = t.oid
                      AND a.attnum = k.attnum ORDER BY k.n)
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for row in indexes {
        let (table, unique, partial, columns): (String, bool, bool, Vec<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        facts.insert(index_fact(&table, &columns, unique, partial));
    }
    conn.close().await.unwrap();
    facts
}

async fn sqlite_schema(path: &std::path::Path) -> BTreeSet<Fact> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    cho::migrations::ALL.sqlite.run(&mut conn).await.unwrap();
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for table in tables {
        let columns = sqlx::query(&format!("PRAGMA table_info('{table}')"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        // The primary key is a unique index (SQLite's rowid key has none to list).
        let mut primary_key: Vec<(i64, String)> = Vec::new();
        for column in columns {
            let name: String = column.get("name");
            if column.get::<i64, _>("pk") > 0 {
                primary_key.push((column.get("pk"), name.clone()));
            }
            let declared: String = column.get("type");
            // A primary key column is NOT NULL on PostgreSQL whatever it says.
            let nullable = column.get::<i64, _>("notnull") == 0 && column.get::<i64, _>("pk") == 0;
            let default = normalized_default(column.get("dflt_value"));
            facts.insert(column_fact(
                &table,
                &name,
                family(&declared),
                nullable,
                default,
            ));
        }
        primary_key.sort();
        let key: Vec<String> = primary_key.into_iter().map(|(_, name)| name).collect();
        if !key.is_empty() {
            facts.insert(index_fact(&table, &key, true, false));
        }
        let indexes = sqlx::query(&format!("PRAGMA index_list('{table}')"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        for index in indexes {
            let origin: String = index.get("origin");
            if origin == "pk" {
                continue;
            }
            let name: String = index.get("name");
            let columns: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            ))
            .fetch_all(&mut conn)
            .await
            .unwrap();
            let unique = index.get::<i64, _>("unique") == 1;
            let partial = index.get::<i64, _>("partial") == 1;
            facts.insert(index_fact(&table, &columns, unique, partial));
        }
    }
    conn.close().await.unwrap();
    facts
}
