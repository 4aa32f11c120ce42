//! The `payments` table: one row per attempt to pay an order, and its state machine
//! (pending → succeeded | failed | cancelled | expired), moved only by conditional
//! updates so that two callbacks racing each other cannot both apply.

use cho_platform::auth::UserId;
use cho_platform::db::{Conn, Db, Tx};
use cho_platform::{new_id, now, StateMachine, Vnd};
use cho_sales::payment::OrderId;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use uuid::Uuid;

/// Where a payment attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AttemptStatus {
    Pending,
    Processing,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
}

cho_platform::text_enum!(AttemptStatus {
    Pending => "pending",
    Processing => "processing",
    Succeeded => "succeeded",
    Failed => "failed",
    Cancelled => "cancelled",
    Expired => "expired",
});

impl StateMachine for AttemptStatus {
    /// A pending attempt gets the gateway's verdict or is closed on our side. An attempt
    /// closed as expired (its order was cancelled or timed out) still takes a verdict: a
    /// shopper who paid at the last moment is recorded, and the order flags a late
    /// payment. Succeeded, failed and cancelled are final.
    fn can_become(self, next: Self) -> bool {
        use AttemptStatus::*;
        matches!(
            (self, next),
            (Pending, Processing)
                | (
                    Pending | Processing,
                    Succeeded | Failed | Cancelled | Expired
                )
                | (Expired, Succeeded | Failed)
        )
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attempt {
    pub id: Uuid,
    pub order_id: OrderId,
    pub method: String,
    pub provider: String,
    pub amount: i64,
    pub status: AttemptStatus,
    pub provider_ref: String,
    pub provider_transaction_id: Option<String>,
    pub review_reason: Option<String>,
    pub refunded_amount: i64,
    pub attempt_no: i32,
    pub created_at: DateTime<Utc>,
    pub settled_at: Option<DateTime<Utc>>,
    /// The staff member who confirmed cash collected on delivery.
    pub recorded_by: Option<Uuid>,
}

pub(crate) const COLUMNS: &str = "id, order_id, method, provider, amount, status, provider_ref, provider_transaction_id, review_reason,
    refunded_amount, attempt_no, created_at, settled_at, recorded_by";

/// A payment attempt about to be written.
pub struct NewAttempt<'a> {
    pub order_id: OrderId,
    pub method: &'a str,
    pub provider: &'a str,
    pub amount: Vnd,
    pub provider_ref: &'a str,
    pub attempt_no: i32,
    /// `Pending` for a gateway payment; `Succeeded` for cash already collected.
    pub status: AttemptStatus,
    pub created_at: DateTime<Utc>,
    /// The staff member who confirmed cash collected on delivery.
    pub recorded_by: Option<UserId>,
}

/// Writes the attempt; `None` when its provider reference is taken already
/// (a concurrent twin, or VietQR's one attempt per order code).
pub async fn insert(tx: &mut Tx, attempt: &NewAttempt<'_>) -> Result<Option<Uuid>, sqlx::Error> {
    let id = new_id();
    let inserted = tx
        .query(
            "INSERT INTO payments (id, order_id, method, provider, amount, status, provider_ref,
             attempt_no, recorded_by, created_at, updated_at, settled_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, CASE WHEN $6 = 'pending' THEN
             NULL ELSE $10 END)
             ON CONFLICT (provider, provider_ref) DO NOTHING",
        )
        .bind(id)
        .bind(attempt.order_id)
        .bind(attempt.method)
        .bind(attempt.provider)
        .bind(attempt.amount)
        .bind(attempt.status.as_str())
        .bind(attempt.provider_ref)
        .bind(attempt.attempt_no)
        .bind(attempt.recorded_by)
        .bind(attempt.created_at)
        .execute()
        .await?;
    Ok((inserted == 1).then_some(id))
}

pub async fn get(conn: impl Into<Conn<'_>>, id: Uuid) -> Result<Option<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE id = $1");
    conn.into().query(&sql).bind(id).fetch_optional().await
}

/// An order's attempts, oldest first.
pub async fn for_order(
    conn: impl Into<Conn<'_>>,
    order_id: OrderId,
) -> Result<Vec<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE order_id = $1 ORDER BY id");
    conn.into().query(&sql).bind(order_id).fetch_all().await
}

/// When each online payment since `from` was opened, and how it ended (`None` while
/// undecided): what the back office's failure rate is computed from.
pub async fn online_outcomes_since(
    db: &Db,
    from: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, Option<bool>)>, sqlx::Error> {
    let rows: Vec<(DateTime<Utc>, AttemptStatus)> = db
        .query("SELECT created_at, status FROM payments WHERE created_at >= $1 AND method <> 'COD'")
        .bind(from)
        .fetch_all()
        .await?;
    Ok(rows
        .into_iter()
        .map(|(at, status)| {
            let outcome = match status {
                AttemptStatus::Succeeded => Some(true),
                AttemptStatus::Failed | AttemptStatus::Expired => Some(false),
                _ => None,
            };
            (at, outcome)
        })
        .collect())
}

/// The reference of the payment that records an order's cash on delivery.
pub fn cash_ref(order_code: &str) -> String {
    format!("{order_code}COD")
}

/// Records cash collected for an order as a succeeded COD payment (one per order);
/// `None` when it is recorded already.
pub async fn record_cash(
    tx: &mut Tx,
    order_id: OrderId,
    order_code: &str,
    amount: Vnd,
    collected_at: DateTime<Utc>,
    recorded_by: Option<UserId>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let provider_ref = cash_ref(order_code);
    let cash = NewAttempt {
        order_id,
        method: "COD",
        provider: "COD",
        amount,
        provider_ref: &provider_ref,
        attempt_no: 0,
        status: AttemptStatus::Succeeded,
        created_at: collected_at,
        recorded_by,
    };
    insert(tx, &cash).await
}

/// Reserves `amount` of a succeeded payment for a refund; false when that
/// would refund more than was captured. The conditional update is the bound:
/// two refunds racing each other cannot both pass it.
pub async fn reserve_refund(tx: &mut Tx, id: Uuid, amount: i64) -> Result<bool, sqlx::Error> {
    let updated = tx
        .query(
            "UPDATE payments
             SET refunded_amount = refunded_amount + $1, updated_at = $2
             WHERE id = $3 AND status = 'succeeded' AND refunded_amount + $1 <= amount",
        )
        .bind(amount)
        .bind(now())
        .bind(id)
        .execute()
        .await?;
    Ok(updated == 1)
}

/// Gives back a reservation whose refund failed.
pub async fn release_refund(tx: &mut Tx, id: Uuid, amount: i64) -> Result<(), sqlx::Error> {
    tx.query(
        "UPDATE payments SET refunded_amount = refunded_amount - $1, updated_at = $2 WHERE id = $3",
    )
    .bind(amount)
    .bind(now())
    .bind(id)
    .execute()
    .await?;
    Ok(())
}

/// Pending payments older than `cutoff` whose next check is due, oldest first.
pub async fn due_for_check(
    db: &Db,
    cutoff: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Attempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}
         FROM payments
         WHERE status = 'pending' AND created_at <= $1 AND (next_check_at IS NULL OR
         next_check_at <= $2)
         ORDER BY created_at
         LIMIT $3"
    );
    db.query(&sql)
        .bind(cutoff)
        .bind(now())
        .bind(limit)
        .fetch_all()
        .await
}

/// When reconciliation should look at a still-pending payment again.
pub async fn check_again_at(db: &Db, id: Uuid, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    tx.query("UPDATE payments SET next_check_at = $1 WHERE id = $2 AND status = 'pending'")
        .bind(at)
        .bind(id)
        .execute()
        .await?;
    tx.commit().await
}

/// The attempts of an order still waiting for a gateway's verdict.
pub async fn pending_for_order(db: &Db, order_id: OrderId) -> Result<Vec<Attempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS}
         FROM payments
         WHERE order_id = $1 AND status = 'pending'
         ORDER BY attempt_no"
    );
    db.query(&sql).bind(order_id).fetch_all().await
}

/// Closes a pending payment without a gateway verdict (its order was cancelled or expired).
/// A verdict that still arrives is applied: see [`settle_pending_all`].
pub async fn expire(tx: &mut Tx, id: Uuid) -> Result<bool, sqlx::Error> {
    let now = now();
    let expired = AttemptStatus::Expired;
    let sql = format!(
        "UPDATE payments SET status = $1, settled_at = $2, updated_at = $2
         WHERE id = $3 AND status IN ({})",
        AttemptStatus::sources_sql(expired)
    );
    let updated = tx
        .query(&sql)
        .bind(expired.as_str())
        .bind(now)
        .bind(id)
        .execute()
        .await?;
    Ok(updated == 1)
}

pub async fn find_by_ref(
    conn: impl Into<Conn<'_>>,
    provider: &str,
    provider_ref: &str,
) -> Result<Option<Attempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE provider = $1 AND provider_ref = $2");
    conn.into()
        .query(&sql)
        .bind(provider)
        .bind(provider_ref)
        .fetch_optional()
        .await
}

/// Moves an attempt to `status`; false when its state machine does not lead there from
/// where it stands (a verdict applied first, say).
pub async fn settle(
    tx: &mut Tx,
    id: Uuid,
    status: AttemptStatus,
    provider_transaction_id: Option<&str>,
    payload: &Value,
) -> Result<bool, sqlx::Error> {
    let now = now();
    let sql = format!(
        "UPDATE payments
         SET status = $1, provider_transaction_id = $2, provider_payload = $3,
         settled_at = $4, updated_at = $4
         WHERE id = $5 AND status IN ({})",
        AttemptStatus::sources_sql(status)
    );
    let updated = tx
        .query(&sql)
        .bind(status.as_str())
        .bind(provider_transaction_id)
        .bind(Json(payload))
        .bind(now)
        .bind(id)
        .execute()
        .await?;
    Ok(updated == 1)
}

/// A gateway's verdict on one payment, to apply with [`settle_pending_all`].
pub struct Verdict<'a> {
    pub provider: &'a str,
    pub provider_ref: &'a str,
    pub amount: i64,
    /// [`AttemptStatus::Succeeded`] or [`AttemptStatus::Failed`].
    pub status: AttemptStatus,
    pub provider_transaction_id: Option<&'a str>,
    pub payload: &'a Value,
}

/// Settles each pending attempt named by a verdict whose amount is the
/// attempt's — the path every genuine notification takes — and returns the
/// attempts it settled. On PostgreSQL one statement for all of them; the
/// verdicts must name different attempts. An attempt missing from the answer
/// is unknown, of another amount, or settled already: the caller looks at it
/// to say which.
pub async fn settle_pending_all(
    tx: &mut Tx,
    verdicts: &[Verdict<'_>],
) -> Result<Vec<Attempt>, sqlx::Error> {
    // Both verdicts are reached from the same statuses, so one guard serves the group.
    let sources = AttemptStatus::sources_sql(AttemptStatus::Succeeded);
    debug_assert_eq!(sources, AttemptStatus::sources_sql(AttemptStatus::Failed));
    // `v`'s column names differ from the table's, so `RETURNING` names only the table's.
    let settle = |verdicts: &str| {
        format!(
            "UPDATE payments
             SET status = v.verdict, provider_transaction_id = v.transaction_id,
             provider_payload = v.payload, settled_at = $1, updated_at = $1
             FROM {verdicts}
             WHERE payments.provider = v.gateway AND payments.provider_ref = v.reference AND
             payments.amount = v.notified_amount AND payments.status IN ({sources})
             RETURNING {COLUMNS}"
        )
    };
    let now = now();
    match tx {
        Tx::Postgres(c) => {
            let sql = settle(
                "UNNEST($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[])
                 AS v(gateway, reference, notified_amount, verdict, transaction_id, payload)",
            );
            sqlx::query_as(&sql)
                .bind(now)
                .bind(verdicts.iter().map(|v| v.provider).collect::<Vec<_>>())
                .bind(verdicts.iter().map(|v| v.provider_ref).collect::<Vec<_>>())
                .bind(verdicts.iter().map(|v| v.amount).collect::<Vec<_>>())
                .bind(
                    verdicts
                        .iter()
                        .map(|v| v.status.as_str())
                        .collect::<Vec<_>>(),
                )
                .bind(
                    verdicts
                        .iter()
                        .map(|v| v.provider_transaction_id)
                        .collect::<Vec<_>>(),
                )
                .bind(verdicts.iter().map(|v| Json(v.payload)).collect::<Vec<_>>())
                .fetch_all(&mut **c)
                .await
        }
        // A statement is a call into the library, not a round trip: one per verdict.
        Tx::Sqlite(c) => {
            let sql = settle(
                "(SELECT $2 AS gateway, $3 AS reference, $4 AS notified_amount, $5 AS verdict,
                         $6 AS transaction_id, $7 AS payload) AS v",
            );
            let mut settled = Vec::with_capacity(verdicts.len());
            for v in verdicts {
                let attempt: Option<Attempt> = sqlx::query_as(&sql)
                    .bind(now)
                    .bind(v.provider)
                    .bind(v.provider_ref)
                    .bind(v.amount)
                    .bind(v.status)
                    .bind(v.provider_transaction_id)
                    .bind(Json(v.payload))
                    .fetch_optional(&mut **c)
                    .await?;
                settled.extend(attempt);
            }
            Ok(settled)
        }
    }
}

pub async fn flag_for_review(tx: &mut Tx, id: Uuid, reason: &str) -> Result<(), sqlx::Error> {
    tx.query("UPDATE payments SET review_reason = $1 WHERE id = $2")
        .bind(reason)
        .bind(id)
        .execute()
        .await?;
    Ok(())
}

/// Keeps a callback that changed nothing (rejected, or a repeat), in a transaction of its own.
pub async fn record_callback(
    db: &Db,
    provider: &str,
    provider_ref: Option<&str>,
    payload: &Value,
    outcome: &str,
) {
    let recorded = async {
        let mut tx = db.begin().await?;
        tx.query(
            "INSERT INTO payment_callbacks (id, provider, provider_ref, payload, outcome,
             created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(provider)
        .bind(provider_ref)
        .bind(Json(payload))
        .bind(outcome)
        .bind(now())
        .execute()
        .await?;
        tx.commit().await
    };
    if let Err(err) = recorded.await {
        tracing::error!(provider, error = %err, "could not record a payment callback");
    }
}

#[cfg(test)]
mod tests {
    use super::AttemptStatus::{self, *};
    use cho_platform::StateMachine;

    #[test]
    fn nothing_goes_back_to_pending_and_settled_attempts_stay_settled() {
        for &from in AttemptStatus::ALL {
            assert!(!from.can_become(Pending), "{from:?} -> pending");
        }
        assert!([Succeeded, Failed, Cancelled].iter().all(|s| s.is_final()));
        assert!(!Expired.is_final(), "a late verdict is still applied");
    }

    #[test]
    fn verdicts_share_one_guard_so_a_group_settles_in_one_statement() {
        let guard = AttemptStatus::sources_sql(Succeeded);
        assert_eq!(guard, "'pending', 'processing', 'expired'");
        assert_eq!(guard, AttemptStatus::sources_sql(Failed));
        assert_eq!(
            AttemptStatus::sources_sql(Expired),
            "'pending', 'processing'"
        );
    }
}
