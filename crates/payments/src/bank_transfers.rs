//! VietQR confirmations from the shop's bank statement, as SePay reports it.
//!
//! Every statement line is recorded once — SePay retries, and its `id` is the
//! key — in the same transaction as what it causes. An incoming transfer to the
//! shop's account whose content names an order awaiting a VietQR payment, for
//! exactly that amount, pays it through the path every gateway callback takes.
//! Anything else that came in — no order code, a different amount, an order
//! already paid or closed — waits in a review queue until staff apply it to an
//! order or dismiss it with a note.

use cho_platform::auth::UserId;
use cho_platform::db::{Db, Tx};
use cho_platform::extract::ClientInfo;
use cho_platform::{audit, new_id, now, outbox, ApiError, ApiResult, AppState, StateMachine};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::types::Json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::attempts;
use crate::error::PaymentError;
use crate::events::{ReviewRequired, PAYMENT_REVIEW_REQUIRED};
use crate::gateway::{Notification, Outcome};
use crate::settings::PaymentSettings;
use crate::settle::{self, Applied};
use crate::vietqr;

pub const SOURCE: &str = "sepay";

/// One line of the bank statement, as SePay posts it. Fields SePay adds later
/// are accepted and kept in the recorded payload.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatementLine {
    /// SePay's id of the line: deliveries are deduplicated on it.
    #[schema(example = 92704)]
    pub id: i64,
    /// The bank's name.
    #[schema(example = "Vietcombank")]
    pub gateway: String,
    /// The bank's local time, as the bank wrote it.
    #[schema(example = "2026-12-02 14:02:37")]
    pub transaction_date: String,
    #[schema(example = "1023456789")]
    pub account_number: String,
    /// The payment code SePay recognised in the content, if any.
    #[serde(default)]
    pub code: Option<String>,
    #[schema(example = "CHO261202ABCDEF chuyen tien")]
    pub content: String,
    /// `in` or `out`.
    #[schema(example = "in")]
    pub transfer_type: String,
    #[schema(example = 2_277_000)]
    pub transfer_amount: i64,
    #[serde(default)]
    pub reference_code: Option<String>,
}

/// What became of a statement line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It paid an order.
    Applied,
    /// Money came in that no order could take: staff decide.
    Review,
    /// Not a payment to the shop (outgoing, or to another account).
    Ignored,
    /// Reviewed by staff and closed without paying an order.
    Dismissed,
}

cho_platform::text_enum!(Status {
    Applied => "applied",
    Review => "review",
    Ignored => "ignored",
    Dismissed => "dismissed",
});

impl StateMachine for Status {
    /// A line held for review is applied to an order or dismissed by staff; applied,
    /// ignored and dismissed lines are final.
    fn can_become(self, next: Self) -> bool {
        matches!(
            (self, next),
            (Status::Review, Status::Applied | Status::Dismissed)
        )
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    Recorded {
        id: Uuid,
        status: Status,
    },
    /// SePay sent this line before; nothing changed.
    Duplicate,
}

/// A recorded statement line, as staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BankTransfer {
    pub id: Uuid,
    pub source: String,
    pub external_id: String,
    pub bank: String,
    pub account_number: String,
    pub direction: String,
    pub amount: i64,
    pub content: String,
    pub reference_code: Option<String>,
    pub transferred_at: String,
    pub status: Status,
    /// Why it is not applied, in words.
    pub reason: Option<String>,
    pub order_code: Option<String>,
    pub payment_id: Option<Uuid>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_note: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    source: String,
    external_id: String,
    bank: String,
    account_number: String,
    direction: String,
    amount: i64,
    content: String,
    reference_code: Option<String>,
    transferred_at: String,
    status: Status,
    reason: Option<String>,
    order_code: Option<String>,
    payment_id: Option<Uuid>,
    resolved_by: Option<Uuid>,
    resolved_at: Option<DateTime<Utc>>,
    resolution_note: Option<String>,
    created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, source, external_id, bank, account_number, direction, amount, content, reference_code,
    transferred_at, status, reason, order_code, payment_id, resolved_by, resolved_at, resolution_note, created_at";

impl From<Row> for BankTransfer {
    fn from(row: Row) -> Self {
        BankTransfer {
            id: row.id,
            source: row.source,
            external_id: row.external_id,
            bank: row.bank,
            account_number: row.account_number,
            direction: row.direction,
            amount: row.amount,
            content: row.content,
            reference_code: row.reference_code,
            transferred_at: row.transferred_at,
            status: row.status,
            reason: row.reason,
            order_code: row.order_code,
            payment_id: row.payment_id,
            resolved_by: row.resolved_by,
            resolved_at: row.resolved_at,
            resolution_note: row.resolution_note,
            created_at: row.created_at,
        }
    }
}

/// The shop's account VietQR transfers go to, as `(bank BIN, account number)`:
/// the configured one, or a demo account in sandbox mode.
pub fn shop_account(state: &AppState) -> Option<(String, String)> {
    const SANDBOX_BANK_BIN: &str = "970436";
    const SANDBOX_ACCOUNT_NO: &str = "1023456789";
    let settings = PaymentSettings::of(state);
    match (&settings.vietqr_bank_bin, &settings.vietqr_account_no) {
        (Some(bin), Some(account)) => Some((bin.clone(), account.clone())),
        _ if state.config.sandbox => Some((SANDBOX_BANK_BIN.into(), SANDBOX_ACCOUNT_NO.into())),
        _ => None,
    }
}

/// The key SePay must present: `CHO_SEPAY_API_KEY`, or in sandbox mode one
/// derived from the sandbox key (which the built-in bank simulator uses).
pub fn api_key(state: &AppState) -> Option<String> {
    match &PaymentSettings::of(state).sepay_api_key {
        Some(key) => Some(key.expose().to_owned()),
        None if state.config.sandbox => {
            Some(format!("sepay-{}", hex::encode(&state.keys.sandbox[..16])))
        }
        None => None,
    }
}

/// The order codes (`CHO` + yymmdd + 6 characters) in a transfer's content.
/// Banks and apps drop spaces, change case and add their own prefixes, so the
/// content is read as upper-case letters and digits only.
pub fn order_codes_in(content: &str) -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let compact: Vec<u8> = content
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let mut codes: Vec<String> = compact
        .windows(15)
        .filter(|w| {
            w.starts_with(b"CHO")
                && w[3..9].iter().all(u8::is_ascii_digit)
                && w[9..].iter().all(|b| ALPHABET.contains(b))
        })
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect();
    codes.dedup();
    codes
}

/// Records a statement line once and applies it when it pays an order.
pub async fn receive(
    state: &AppState,
    line: &StatementLine,
    payload: &Value,
) -> ApiResult<Received> {
    let id = new_id();
    let mut tx = state.db.begin().await?;
    // The line is written first: of two deliveries racing, the second waits
    // here for the first to commit and then finds it.
    if !insert(&mut tx, id, line, payload).await? {
        return Ok(Received::Duplicate);
    }
    let decision = decide(&mut tx, state, line, payload).await?;
    let Decision {
        status,
        reason,
        order_code,
        payment_id,
    } = &decision;
    tx.query(
        "UPDATE bank_transfers
         SET status = $2, reason = $3, order_code = $4, payment_id = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(reason.as_deref())
    .bind(order_code.as_deref())
    .bind(payment_id)
    .execute()
    .await?;
    if *status == Status::Review {
        let event = ReviewRequired {
            bank_transfer_id: id,
            amount: line.transfer_amount,
            content: line.content.clone(),
            order_code: order_code.clone(),
            reason: reason.clone(),
        };
        outbox::publish(&mut tx, &PAYMENT_REVIEW_REQUIRED, id, &event).await?;
    }
    tx.commit().await?;
    metrics::counter!("cho_bank_transfers_total", "status" => status.as_str()).increment(1);
    match status {
        Status::Review => {
            tracing::warn!(bank_transfer_id = %id, external_id = line.id, reason = reason.as_deref(), "bank transfer left for review")
        }
        _ => {
            tracing::info!(bank_transfer_id = %id, external_id = line.id, status = status.as_str(), "bank transfer recorded")
        }
    }
    Ok(Received::Recorded {
        id,
        status: *status,
    })
}

struct Decision {
    status: Status,
    reason: Option<String>,
    order_code: Option<String>,
    payment_id: Option<Uuid>,
}

impl Decision {
    fn not_applied(status: Status, reason: String, order_code: Option<String>) -> Self {
        Decision {
            status,
            reason: Some(reason),
            order_code,
            payment_id: None,
        }
    }
}

async fn decide(
    tx: &mut Tx,
    state: &AppState,
    line: &StatementLine,
    payload: &Value,
) -> ApiResult<Decision> {
    if line.transfer_type != "in" {
        return Ok(Decision::not_applied(
            Status::Ignored,
            "an outgoing transfer".into(),
            None,
        ));
    }
    let ours = shop_account(state).is_some_and(|(_, account)| account == line.account_number);
    if !ours {
        return Ok(Decision::not_applied(
            Status::Ignored,
            format!(
                "a transfer to account {}, not the shop's",
                line.account_number
            ),
            None,
        ));
    }
    let mut codes = order_codes_in(&line.content);
    if let Some(code) = line.code.as_deref().map(order_codes_in) {
        codes.extend(code);
    }
    if codes.is_empty() {
        return Ok(Decision::not_applied(
            Status::Review,
            "the transfer's content names no order".into(),
            None,
        ));
    }
    let transaction_id = line
        .reference_code
        .clone()
        .unwrap_or_else(|| format!("{SOURCE}-{}", line.id));
    let transfer = Transfer {
        amount: line.transfer_amount,
        transaction_id: &transaction_id,
        payload,
    };
    for code in &codes {
        if let Some(decision) = pay(tx, state, code, &transfer, "bank_statement").await? {
            return Ok(decision);
        }
    }
    Ok(Decision::not_applied(
        Status::Review,
        format!(
            "no order awaiting a VietQR payment has the code {}",
            codes.join(", ")
        ),
        codes.first().cloned(),
    ))
}

/// Money that came in, as it pays an order.
struct Transfer<'a> {
    amount: i64,
    /// The bank's reference, kept on the payment.
    transaction_id: &'a str,
    payload: &'a Value,
}

/// Pays order `code`'s VietQR payment with the transfer, or says why not;
/// `None` when the order has no VietQR payment.
async fn pay(
    tx: &mut Tx,
    state: &AppState,
    code: &str,
    transfer: &Transfer<'_>,
    source: &'static str,
) -> ApiResult<Option<Decision>> {
    let Some(attempt) = attempts::find_by_ref(&mut *tx, vietqr::PROVIDER, code).await? else {
        return Ok(None);
    };
    let notification = Notification {
        provider_ref: code.to_owned(),
        amount: Some(transfer.amount),
        outcome: Outcome::Succeeded,
        transaction_id: Some(transfer.transaction_id.to_owned()),
        payload: transfer.payload.clone(),
    };
    let code = Some(code.to_owned());
    Ok(Some(
        match settle::apply_in(tx, state, vietqr::PROVIDER, source, &notification).await? {
            Applied::Settled { .. } => Decision {
                status: Status::Applied,
                reason: None,
                order_code: code,
                payment_id: Some(attempt.id),
            },
            Applied::AmountMismatch => Decision::not_applied(
                Status::Review,
                format!(
                    "{} đ came in for an order that owes {} đ",
                    transfer.amount, attempt.amount
                ),
                code,
            ),
            Applied::AlreadySettled => Decision::not_applied(
                Status::Review,
                format!("the order's payment is already {}", attempt.status.as_str()),
                code,
            ),
            Applied::UnknownPayment | Applied::StillPending => return Ok(None),
        },
    ))
}

/// Writes the line unless SePay sent it before; false for a repeat.
async fn insert(
    tx: &mut Tx,
    id: Uuid,
    line: &StatementLine,
    payload: &Value,
) -> Result<bool, sqlx::Error> {
    let inserted = tx
        .query(
            "INSERT INTO bank_transfers (id, source, external_id, bank, account_number, direction,
             amount, content, reference_code, transferred_at, status, payload, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'review', $11, $12)
             ON CONFLICT (source, external_id) DO NOTHING",
        )
        .bind(id)
        .bind(SOURCE)
        .bind(line.id.to_string())
        .bind(&line.gateway)
        .bind(&line.account_number)
        .bind(&line.transfer_type)
        .bind(line.transfer_amount)
        .bind(&line.content)
        .bind(line.reference_code.as_deref())
        .bind(&line.transaction_date)
        .bind(Json(payload))
        .bind(now())
        .execute()
        .await?;
    Ok(inserted == 1)
}

/// The recorded lines with `status`, newest first.
pub async fn list(db: &Db, status: Option<Status>, limit: i64) -> ApiResult<Vec<BankTransfer>> {
    let sql = format!(
        "SELECT {COLUMNS}
         FROM bank_transfers
         WHERE ($1 IS NULL OR status = $1)
         ORDER BY created_at DESC, id DESC
         LIMIT $2"
    );
    let rows: Vec<Row> = db
        .query(&sql)
        .bind(status.map(Status::as_str))
        .bind(limit)
        .fetch_all()
        .await?;
    Ok(rows.into_iter().map(BankTransfer::from).collect())
}

async fn get_in(tx: &mut Tx, id: Uuid) -> ApiResult<BankTransfer> {
    let sql = format!("SELECT {COLUMNS} FROM bank_transfers WHERE id = $1");
    let row: Option<Row> = tx.query(&sql).bind(id).fetch_optional().await?;
    row.map(BankTransfer::from)
        .ok_or_else(|| ApiError::not_found("bank transfer"))
}

/// What staff decide for a line under review.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resolution {
    pub action: ResolveAction,
    /// The order the transfer pays (`apply` only).
    #[schema(example = "CHO261202ABCDEF")]
    pub order_code: Option<String>,
    /// Why, for the audit log; required to dismiss.
    #[schema(example = "khách chuyển thiếu, đã hoàn tiền qua ngân hàng")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ResolveAction {
    /// Pay the named order with this transfer (the amounts must match).
    Apply,
    /// Close it without paying an order (returned to the sender, not a sale …).
    Dismiss,
}

/// Staff resolve a line under review: apply it to an order, or dismiss it.
pub async fn resolve(
    state: &AppState,
    id: Uuid,
    resolution: &Resolution,
    staff: UserId,
    client: &ClientInfo,
) -> ApiResult<BankTransfer> {
    let note = resolution
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let mut tx = state.db.begin().await?;
    let transfer = get_in(&mut tx, id).await?;
    if transfer.status.is_final() {
        return Err(PaymentError::TransferNotInReview(transfer.status.as_str()).into());
    }
    let decision = match resolution.action {
        ResolveAction::Dismiss => {
            let note = note
                .ok_or_else(|| ApiError::bad_request("note: say why the transfer is dismissed"))?;
            Decision::not_applied(
                Status::Dismissed,
                note.to_owned(),
                transfer.order_code.clone(),
            )
        }
        ResolveAction::Apply => {
            let code = resolution
                .order_code
                .as_deref()
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .ok_or_else(|| {
                    ApiError::bad_request("orderCode: name the order this transfer pays")
                })?;
            let payload = json!({ "bankTransferId": id, "appliedBy": staff, "note": note });
            let transaction_id = transfer
                .reference_code
                .clone()
                .unwrap_or_else(|| format!("{}-{}", transfer.source, transfer.external_id));
            let applied = Transfer {
                amount: transfer.amount,
                transaction_id: &transaction_id,
                payload: &payload,
            };
            match pay(&mut tx, state, &code, &applied, "review").await? {
                None => {
                    return Err(ApiError::not_found_with(format!(
                        "no order awaiting a VietQR payment has the code {code}"
                    )))
                }
                Some(decision) if decision.status != Status::Applied => {
                    return Err(PaymentError::TransferMismatch {
                        order_code: code,
                        reason: decision.reason.unwrap_or_default(),
                    }
                    .into())
                }
                Some(decision) => decision,
            }
        }
    };
    let sql = format!(
        "UPDATE bank_transfers
         SET status = $2, order_code = $3, payment_id = $4, resolved_by = $5,
         resolved_at = $6, resolution_note = $7
         WHERE id = $1 AND status IN ({})",
        Status::sources_sql(decision.status)
    );
    let resolved = tx
        .query(&sql)
        .bind(id)
        .bind(decision.status)
        .bind(decision.order_code.as_deref())
        .bind(decision.payment_id)
        .bind(staff)
        .bind(now())
        .bind(note)
        .execute()
        .await?;
    if resolved != 1 {
        return Err(PaymentError::TransferResolvedMeanwhile.into());
    }
    let entry = audit::Entry {
        actor_id: Some(staff),
        action: "bank_transfer.resolve",
        entity_type: "bank_transfer",
        entity_id: id.to_string(),
        old_values: Some(json!({ "status": "review", "reason": transfer.reason })),
        new_values: Some(json!({
            "status": decision.status.as_str(), "orderCode": decision.order_code,
            "paymentId": decision.payment_id, "note": note,
        })),
    };
    audit::record(&mut tx, entry, client).await?;
    let resolved = get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::order_codes_in;

    #[test]
    fn order_codes_are_found_however_the_bank_wrote_them() {
        assert_eq!(
            order_codes_in("CHO261202ABCDEF chuyen tien"),
            ["CHO261202ABCDEF"]
        );
        assert_eq!(
            order_codes_in("MBVCB.3278907687.cho261202abcdef.CT tu 0123 toi 1023"),
            ["CHO261202ABCDEF"]
        );
        assert_eq!(
            order_codes_in("Thanh toán CHO 261202 ABC-DEF"),
            ["CHO261202ABCDEF"]
        );
        assert!(order_codes_in("chuyen tien mua iphone").is_empty());
        // Look-alike characters are not in order codes.
        assert!(order_codes_in("CHO261202ABCDE0").is_empty());
    }
}
