//! The audit log (seed 002's `audit_logs`): who changed what, from where,
//! with the values before and after. Written in the transaction of the change.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

use crate::db::{Arg, Args, Db, Tx};
use crate::extract::ClientInfo;
use crate::pagination::{decode_cursor, limit, page_from, Page};
use crate::{new_id, now, ApiResult};

pub struct Entry<'a> {
    pub actor_id: Option<crate::auth::UserId>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: String,
    pub old_values: Option<Value>,
    pub new_values: Option<Value>,
}

pub async fn record(tx: &mut Tx, entry: Entry<'_>, client: &ClientInfo) -> Result<(), sqlx::Error> {
    tx.query(
        "INSERT INTO audit_logs (id, actor_id, action, entity_type, entity_id, old_values,
         new_values, ip_address, user_agent, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id())
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.entity_type)
    .bind(&entry.entity_id)
    .bind(entry.old_values.as_ref().map(Json))
    .bind(entry.new_values.as_ref().map(Json))
    .bind(client.ip.as_deref())
    .bind(client.user_agent.as_deref())
    .bind(now())
    .execute()
    .await?;
    Ok(())
}

/// A recorded change, as the back office reads it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AuditLog)]
pub struct Record {
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    #[schema(value_type = Option<Object>)]
    pub old_values: Option<Json<Value>>,
    #[schema(value_type = Option<Object>)]
    pub new_values: Option<Json<Value>>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Which records to read; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `order.ship`, or a prefix ending in `.` (`order.`).
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
}

/// A page of records matching `filter`, newest first.
pub async fn list(
    db: &Db,
    filter: &Filter,
    page_size: Option<i64>,
    cursor: Option<&str>,
) -> ApiResult<Page<Record>> {
    let page_size = limit(page_size)?;
    let before: Option<Uuid> = cursor.map(decode_cursor).transpose()?;
    let mut args = Args::default();
    // UUIDv7 ids sort by creation time; the largest possible id stands for "no cursor".
    let mut conditions = vec![format!(
        "id < {}",
        args.push(Arg::Uuid(before.unwrap_or(Uuid::max())))
    )];
    match filter.action.as_deref() {
        Some(prefix) if prefix.ends_with('.') => conditions.push(format!(
            "action LIKE {}",
            args.push(Arg::Text(format!("{prefix}%")))
        )),
        Some(action) => conditions.push(format!(
            "action = {}",
            args.push(Arg::Text(action.to_owned()))
        )),
        None => {}
    }
    if let Some(entity_type) = &filter.entity_type {
        conditions.push(format!(
            "entity_type = {}",
            args.push(Arg::Text(entity_type.clone()))
        ));
    }
    if let Some(entity_id) = &filter.entity_id {
        conditions.push(format!(
            "entity_id = {}",
            args.push(Arg::Text(entity_id.clone()))
        ));
    }
    let sql = format!(
        "SELECT id, actor_id, action, entity_type, entity_id, old_values, new_values,
         ip_address, user_agent, created_at
         FROM audit_logs
         WHERE {}
         ORDER BY id DESC
         LIMIT {}",
        conditions.join(" AND "),
        args.push(Arg::I64(page_size + 1))
    );
    let rows: Vec<Record> = db.query(&sql).bind_args(&args).fetch_all().await?;
    Ok(page_from(rows, page_size, |r| r.id, |r| r))
}
