//! The audit log (seed 002's `audit_logs`): who changed what, from where,
//! with the values before and after. Written in the transaction of the change.

use serde_json::Value;
use sqlx::types::Json;

use crate::db::Tx;
use crate::extract::ClientInfo;
use crate::{new_id, now};

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
