//! The schema: every module's migrations, one tree per backend (`migrations/postgres`,
//! `migrations/sqlite`, the same versions in both; the schema drift test compares them).
//! The binary embeds them because it is the one crate that knows every module.

use cho_platform::db::Migrations;
use sqlx::migrate::Migrator;

static POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");
static SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");

pub const ALL: Migrations = Migrations {
    postgres: &POSTGRES,
    sqlite: &SQLITE,
};
