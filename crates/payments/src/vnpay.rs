//! VNPay 2.1.0: the pay URL, and the IPN that confirms a payment.

use std::collections::BTreeMap;

use cho_platform::{outbox, ApiError, AppState};
use cho_sales::payment::{mark_paid, PaidOutcome};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use serde_json::json;

use crate::attempts;
use crate::signing::{signatures_match, vnpay_hash_data, vnpay_signature};

pub const PROVIDER: &str = "VNPAY";
const PUBLIC_SANDBOX_PAY_URL: &str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";
/// The merchant code the built-in simulator uses when no real one is configured.
pub const SANDBOX_TMN_CODE: &str = "CHODEMO1";

/// VNPay settings in force: configured credentials, or the simulator's in sandbox mode.
pub struct Vnpay {
    pub tmn_code: String,
    pub hash_secret: String,
    pub pay_url: String,
    pub return_url: String,
}

impl Vnpay {
    pub fn resolve(state: &AppState) -> Option<Self> {
        let config = &state.config;
        let public = config.public_url.trim_end_matches('/');
        let return_url = format!("{public}/v1/payments/vnpay/return");
        match (&config.vnpay_tmn_code, &config.vnpay_hash_secret) {
            (Some(tmn_code), Some(secret)) => Some(Vnpay {
                tmn_code: tmn_code.clone(),
                hash_secret: secret.expose().to_owned(),
                pay_url: config
                    .vnpay_pay_url
                    .clone()
                    .unwrap_or_else(|| PUBLIC_SANDBOX_PAY_URL.into()),
                return_url,
            }),
            _ if config.sandbox => Some(Vnpay {
                tmn_code: SANDBOX_TMN_CODE.into(),
                hash_secret: hex::encode(&state.keys.sandbox),
                pay_url: config
                    .vnpay_pay_url
                    .clone()
                    .unwrap_or_else(|| format!("{public}/sandbox/vnpay/pay")),
                return_url,
            }),
            _ => None,
        }
    }

    /// The signed URL that sends the shopper to VNPay's payment page.
    pub fn pay_url(
        &self,
        txn_ref: &str,
        amount: i64,
        order_info: &str,
        client_ip: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> String {
        let now = Utc::now();
        let amount = (amount * 100).to_string();
        let create_date = vnpay_time(now);
        let expire_date = expires_at.map(vnpay_time);
        let mut params: Vec<(&str, &str)> = vec![
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", &self.tmn_code),
            ("vnp_Amount", &amount),
            ("vnp_CreateDate", &create_date),
            ("vnp_CurrCode", "VND"),
            ("vnp_IpAddr", client_ip),
            ("vnp_Locale", "vn"),
            ("vnp_OrderInfo", order_info),
            ("vnp_OrderType", "other"),
            ("vnp_ReturnUrl", &self.return_url),
            ("vnp_TxnRef", txn_ref),
        ];
        if let Some(expire_date) = &expire_date {
            params.push(("vnp_ExpireDate", expire_date));
        }
        let signature = vnpay_signature(&self.hash_secret, params.iter().copied());
        format!(
            "{}?{}&vnp_SecureHash={signature}",
            self.pay_url,
            vnpay_hash_data(params.iter().copied())
        )
    }

    /// True when `params` carry a valid `vnp_SecureHash` for our secret.
    pub fn verify(&self, params: &BTreeMap<String, String>) -> bool {
        let Some(presented) = params.get("vnp_SecureHash") else {
            return false;
        };
        let expected = vnpay_signature(
            &self.hash_secret,
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        signatures_match(&expected, presented)
    }

    /// What VNPay reports for a finished transaction, in the IPN and to the
    /// return URL, before signing (the simulator's answer; tests and benchmarks forge it).
    pub fn result_params(
        &self,
        txn_ref: &str,
        amount: i64,
        order_info: &str,
        paid: bool,
        transaction_no: &str,
    ) -> BTreeMap<String, String> {
        [
            ("vnp_Amount", (amount * 100).to_string()),
            ("vnp_BankCode", "NCB".into()),
            ("vnp_BankTranNo", format!("VNP{transaction_no}")),
            ("vnp_CardType", "ATM".into()),
            ("vnp_OrderInfo", order_info.into()),
            ("vnp_PayDate", vnpay_time(Utc::now())),
            ("vnp_ResponseCode", if paid { "00" } else { "24" }.into()),
            ("vnp_TmnCode", self.tmn_code.clone()),
            ("vnp_TransactionNo", transaction_no.into()),
            (
                "vnp_TransactionStatus",
                if paid { "00" } else { "02" }.into(),
            ),
            ("vnp_TxnRef", txn_ref.into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// Signs result parameters as VNPay does (used by the simulator).
    pub fn signed_query(&self, params: &BTreeMap<String, String>) -> String {
        let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        format!(
            "{}&vnp_SecureHash={}",
            vnpay_hash_data(pairs()),
            vnpay_signature(&self.hash_secret, pairs())
        )
    }
}

/// `yyyyMMddHHmmss` in Vietnam's time zone, whatever the server's.
pub fn vnpay_time(at: DateTime<Utc>) -> String {
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&vietnam)
        .format("%Y%m%d%H%M%S")
        .to_string()
}

/// VNPay's IPN answer: `{"RspCode": "00", "Message": "Confirm Success"}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct IpnAnswer {
    #[serde(rename = "RspCode")]
    pub rsp_code: &'static str,
    #[serde(rename = "Message")]
    pub message: &'static str,
}

const fn answer(rsp_code: &'static str, message: &'static str) -> IpnAnswer {
    IpnAnswer { rsp_code, message }
}

/// Applies an IPN: checksum → payment exists → amount matches → still pending → apply,
/// answering in VNPay's codes. Every callback is recorded with its outcome.
pub async fn handle_ipn(state: &AppState, params: BTreeMap<String, String>) -> IpnAnswer {
    let payload = json!(params);
    let txn_ref = params.get("vnp_TxnRef").cloned();
    let (answer, recorded) = match apply_ipn(state, &params).await {
        Ok(Applied::Committed(answer)) => (answer, true),
        Ok(Applied::Refused(answer)) => (answer, false),
        Err(err) => {
            tracing::error!(provider = PROVIDER, txn_ref = ?txn_ref, error = %err, "IPN could not be applied");
            (answer("99", "Unknown error"), false)
        }
    };
    metrics::counter!("cho_payment_callbacks_total", "provider" => PROVIDER, "kind" => "ipn", "code" => answer.rsp_code).increment(1);
    if !recorded {
        attempts::record_callback(
            &state.db,
            PROVIDER,
            txn_ref.as_deref(),
            &payload,
            answer.rsp_code,
        )
        .await;
    }
    answer
}

enum Applied {
    /// The callback changed a payment; it was recorded in the same transaction.
    Committed(IpnAnswer),
    /// Nothing changed.
    Refused(IpnAnswer),
}

async fn apply_ipn(
    state: &AppState,
    params: &BTreeMap<String, String>,
) -> Result<Applied, ApiError> {
    let Some(vnpay) = Vnpay::resolve(state) else {
        return Ok(Applied::Refused(answer("99", "VNPay is not configured")));
    };
    let txn_ref = params
        .get("vnp_TxnRef")
        .map(String::as_str)
        .unwrap_or_default();
    if !vnpay.verify(params) {
        metrics::counter!("cho_payment_suspicious_callbacks_total", "provider" => PROVIDER)
            .increment(1);
        tracing::warn!(provider = PROVIDER, txn_ref, transaction_no = ?params.get("vnp_TransactionNo"), "suspicious IPN: bad checksum");
        return Ok(Applied::Refused(answer("97", "Invalid Checksum")));
    }
    if params.get("vnp_TmnCode") != Some(&vnpay.tmn_code) {
        tracing::warn!(provider = PROVIDER, txn_ref, tmn_code = ?params.get("vnp_TmnCode"), "IPN for another merchant code");
        return Ok(Applied::Refused(answer("01", "Order not found")));
    }
    let mut tx = state.db.begin().await?;
    let Some(attempt) = attempts::find_by_ref_in(&mut tx, PROVIDER, txn_ref).await? else {
        tracing::warn!(
            provider = PROVIDER,
            txn_ref,
            "IPN for an unknown transaction reference"
        );
        return Ok(Applied::Refused(answer("01", "Order not found")));
    };
    let paid_amount = params.get("vnp_Amount").and_then(|a| a.parse::<i64>().ok());
    if paid_amount != attempt.amount.checked_mul(100) {
        tracing::warn!(provider = PROVIDER, txn_ref, expected = attempt.amount * 100, received = ?paid_amount, "IPN amount mismatch");
        return Ok(Applied::Refused(answer("04", "Invalid amount")));
    }
    if attempt.status != "pending" {
        return Ok(Applied::Refused(answer("02", "Order already confirmed")));
    }
    let succeeded = params.get("vnp_ResponseCode").map(String::as_str) == Some("00")
        && params.get("vnp_TransactionStatus").map(String::as_str) == Some("00");
    let status = if succeeded { "succeeded" } else { "failed" };
    let payload = json!(params);
    let transaction_no = params.get("vnp_TransactionNo").map(String::as_str);
    // Of two identical IPNs arriving together, only one moves the attempt out of `pending`.
    if !attempts::settle(&mut tx, attempt.id, status, transaction_no, &payload).await? {
        return Ok(Applied::Refused(answer("02", "Order already confirmed")));
    }
    let event = json!({
        "paymentId": attempt.id, "orderId": attempt.order_id, "method": attempt.method, "amount": attempt.amount,
        "providerTransactionId": transaction_no, "responseCode": params.get("vnp_ResponseCode"),
    });
    if succeeded {
        outbox::publish(&mut tx, "payment.succeeded", "payment", attempt.id, &event).await?;
        if let PaidOutcome::OrderClosed(order_status) = mark_paid(&mut tx, attempt.order_id).await?
        {
            let reason = format!("paid after the order was {}", order_status.as_str());
            tracing::warn!(provider = PROVIDER, txn_ref, %reason, "late payment queued for review");
            attempts::flag_for_review(&mut tx, attempt.id, &reason).await?;
        }
    } else {
        outbox::publish(&mut tx, "payment.failed", "payment", attempt.id, &event).await?;
    }
    let confirmed = answer("00", "Confirm Success");
    attempts::record_callback_in(
        &mut tx,
        PROVIDER,
        Some(txn_ref),
        &payload,
        confirmed.rsp_code,
    )
    .await?;
    tx.commit().await?;
    metrics::counter!("cho_payments_total", "method" => attempt.method, "outcome" => status)
        .increment(1);
    Ok(Applied::Committed(confirmed))
}

/// Plain ASCII order description, as VNPay requires.
pub fn order_info(order_code: &str) -> String {
    format!("Thanh toan don hang {order_code}")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn times_are_in_vietnam() {
        let at = chrono::Utc.with_ymd_and_hms(2024, 5, 21, 2, 18, 6).unwrap();
        assert_eq!(super::vnpay_time(at), "20240521091806");
        assert_eq!(super::order_info("CHO1"), "Thanh toan don hang CHO1");
    }
}
