//! ZaloPay v2: create, callback, query, refund. Our requests carry a `mac`
//! made with key1; ZaloPay's callbacks and redirects are signed with key2.

use std::collections::BTreeMap;

use cho_platform::crypto::SecretMap;
use cho_platform::AppState;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{json, Value};

use crate::attempts::Attempt;
use crate::gateway::{
    self, text, Checkout, Gateway, GatewayError, NewPayment, Notification, Outcome, RefundCall,
    RefundOutcome, Rejected,
};
use crate::settings::PaymentSettings;
use crate::signing::{hmac_sha256_hex, signatures_match, zalopay_mac};

pub const PROVIDER: &str = "ZALOPAY";
const PUBLIC_SANDBOX_API_URL: &str = "https://sb-openapi.zalopay.vn";
const PRODUCTION_API_URL: &str = "https://openapi.zalopay.vn";
/// The simulator's app id when no real one is configured.
pub const SANDBOX_APP_ID: &str = "2026";

pub struct Zalopay {
    pub app_id: String,
    pub key1: String,
    pub key2: String,
    pub api_url: String,
    callback_url: String,
    redirect_url: String,
    timeout: std::time::Duration,
    http: reqwest::Client,
}

impl Zalopay {
    /// The built-in simulator's app (sandbox mode only), as the simulator
    /// and its callers sign with it.
    pub fn simulated(state: &AppState) -> Option<Self> {
        Self::new(state, None)
    }

    /// ZaloPay with `credentials` (`appId`, `key1`, `key2`), or without them
    /// the built-in simulator's app when the sandbox is on.
    pub fn new(state: &AppState, credentials: Option<&SecretMap>) -> Option<Self> {
        let config = &state.config;
        let (app_id, key1, key2, api_url) = match credentials {
            Some(fields) => (
                gateway::field(fields, "appId"),
                gateway::field(fields, "key1"),
                gateway::field(fields, "key2"),
                gateway::environment_url(state, PUBLIC_SANDBOX_API_URL, PRODUCTION_API_URL),
            ),
            None if config.sandbox => {
                let sandbox = hex::encode(&state.keys.sandbox);
                (
                    SANDBOX_APP_ID.to_owned(),
                    format!("zp1-{sandbox}"),
                    format!("zp2-{sandbox}"),
                    gateway::sandbox_url(state, "zalopay"),
                )
            }
            None => return None,
        };
        Some(Zalopay {
            app_id,
            key1,
            key2,
            api_url: PaymentSettings::of(state)
                .zalopay_api_url
                .clone()
                .unwrap_or(api_url),
            callback_url: gateway::our_url(state, "zalopay/callback"),
            redirect_url: gateway::our_url(state, "zalopay/return"),
            timeout: gateway::timeout(state),
            http: state.http.clone(),
        })
    }

    /// The `mac` ZaloPay puts on the shopper's redirect.
    pub fn redirect_checksum(&self, params: &BTreeMap<String, String>) -> String {
        let field = |name: &str| params.get(name).map_or("", String::as_str);
        let fields = [
            "appid",
            "apptransid",
            "pmcid",
            "bankcode",
            "amount",
            "discountamount",
            "status",
        ]
        .map(field);
        zalopay_mac(&self.key2, &fields)
    }

    /// The callback body ZaloPay posts for `data` (used by the simulator).
    pub fn callback_body(&self, data: &Value) -> Value {
        let data = data.to_string();
        let mac = hmac_sha256_hex(self.key2.as_bytes(), data.as_bytes());
        json!({ "data": data, "mac": mac, "type": 1 })
    }

    async fn post(
        &self,
        operation: &'static str,
        path: &str,
        form: &[(&str, String)],
    ) -> Result<Value, GatewayError> {
        gateway::call(
            PROVIDER,
            operation,
            self.timeout,
            self.http.post(format!("{}{path}", self.api_url)).form(form),
        )
        .await
    }
}

/// `yymmdd` in Vietnam's time zone: ZaloPay's references start with it.
pub fn yymmdd(at: DateTime<Utc>) -> String {
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&vietnam).format("%y%m%d").to_string()
}

fn return_code(answer: &Value) -> Result<String, GatewayError> {
    text(answer, "return_code").ok_or_else(|| GatewayError::InvalidAnswer("no return_code".into()))
}

fn refused(answer: &Value) -> (String, String) {
    (
        text(answer, "sub_return_code")
            .or_else(|| text(answer, "return_code"))
            .unwrap_or_default(),
        text(answer, "sub_return_message")
            .or_else(|| text(answer, "return_message"))
            .unwrap_or_default(),
    )
}

#[async_trait::async_trait]
impl Gateway for Zalopay {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn provider_ref(&self, order_code: &str, attempt_no: u32, now: DateTime<Utc>) -> String {
        format!("{}_{order_code}{attempt_no:02}", yymmdd(now))
    }

    async fn create(&self, payment: &NewPayment<'_>) -> Result<Checkout, GatewayError> {
        let app_time = payment.created_at.timestamp_millis().to_string();
        let amount = payment.amount.to_string();
        let embed_data = json!({ "redirecturl": self.redirect_url }).to_string();
        let item = "[]".to_owned();
        let app_user = "cho".to_owned();
        let mac = zalopay_mac(
            &self.key1,
            &[
                &self.app_id,
                payment.provider_ref,
                &app_user,
                &amount,
                &app_time,
                &embed_data,
                &item,
            ],
        );
        let expire_seconds = payment
            .expires_at
            .map(|at| {
                (at - payment.created_at)
                    .num_seconds()
                    .clamp(300, 2_592_000)
            })
            .unwrap_or(900);
        let form = [
            ("app_id", self.app_id.clone()),
            ("app_user", app_user),
            ("app_trans_id", payment.provider_ref.to_owned()),
            ("app_time", app_time),
            ("amount", amount),
            ("item", item),
            ("embed_data", embed_data),
            (
                "description",
                format!("Cho - Thanh toan don hang #{}", payment.order_code),
            ),
            ("bank_code", String::new()),
            ("callback_url", self.callback_url.clone()),
            ("expire_duration_seconds", expire_seconds.to_string()),
            ("mac", mac),
        ];
        let answer = self.post("create", "/v2/create", &form).await?;
        match (return_code(&answer)?.as_str(), text(&answer, "order_url")) {
            ("1", Some(order_url)) => Ok(Checkout {
                payment_url: Some(order_url),
                qr_payload: text(&answer, "qr_code"),
            }),
            _ => {
                let (code, message) = refused(&answer);
                Err(GatewayError::Refused { code, message })
            }
        }
    }

    fn verify_callback(&self, callback: &Value) -> Result<Notification, Rejected> {
        let (Some(data), Some(mac)) = (
            callback.get("data").and_then(Value::as_str),
            callback.get("mac").and_then(Value::as_str),
        ) else {
            return Err(Rejected::Malformed("expected {data, mac, type}".into()));
        };
        let expected = hmac_sha256_hex(self.key2.as_bytes(), data.as_bytes());
        if !signatures_match(&expected, mac) {
            return Err(Rejected::BadSignature);
        }
        let fields: Value = serde_json::from_str(data)
            .map_err(|e| Rejected::Malformed(format!("data is not JSON: {e}")))?;
        let app_id = text(&fields, "app_id").unwrap_or_default();
        if app_id != self.app_id {
            return Err(Rejected::OtherMerchant(app_id));
        }
        let provider_ref = text(&fields, "app_trans_id")
            .filter(|r| !r.is_empty())
            .ok_or_else(|| Rejected::Malformed("app_trans_id is missing".into()))?;
        // ZaloPay calls back only for successful payments.
        Ok(Notification {
            provider_ref,
            amount: text(&fields, "amount").and_then(|a| a.parse().ok()),
            outcome: Outcome::Succeeded,
            transaction_id: text(&fields, "zp_trans_id"),
            payload: callback.clone(),
        })
    }

    fn verify_return(&self, params: &BTreeMap<String, String>) -> Result<Notification, Rejected> {
        let presented = params.get("checksum").map_or("", String::as_str);
        if !signatures_match(&self.redirect_checksum(params), presented) {
            return Err(Rejected::BadSignature);
        }
        let provider_ref = params
            .get("apptransid")
            .cloned()
            .ok_or_else(|| Rejected::Malformed("apptransid is missing".into()))?;
        let status = params.get("status").map_or("", String::as_str);
        Ok(Notification {
            provider_ref,
            amount: params.get("amount").and_then(|a| a.parse().ok()),
            outcome: match status {
                "1" => Outcome::Succeeded,
                other => Outcome::Failed(other.to_owned()),
            },
            transaction_id: None,
            payload: json!(params),
        })
    }

    async fn query(&self, attempt: &Attempt) -> Result<Notification, GatewayError> {
        let mac = zalopay_mac(
            &self.key1,
            &[&self.app_id, &attempt.provider_ref, &self.key1],
        );
        let form = [
            ("app_id", self.app_id.clone()),
            ("app_trans_id", attempt.provider_ref.clone()),
            ("mac", mac),
        ];
        let answer = self.post("query", "/v2/query", &form).await?;
        let outcome = match return_code(&answer)?.as_str() {
            "1" => Outcome::Succeeded,
            "3" => Outcome::Pending,
            _ => Outcome::Failed(refused(&answer).0),
        };
        Ok(Notification {
            provider_ref: attempt.provider_ref.clone(),
            amount: text(&answer, "amount").and_then(|a| a.parse().ok()),
            outcome,
            transaction_id: text(&answer, "zp_trans_id").filter(|t| t != "0"),
            payload: answer,
        })
    }

    async fn refund(&self, refund: &RefundCall<'_>) -> Result<RefundOutcome, GatewayError> {
        let zp_trans_id =
            refund
                .attempt
                .provider_transaction_id
                .clone()
                .ok_or(GatewayError::Unsupported(
                    "the ZaloPay payment has no transaction id to refund",
                ))?;
        let m_refund_id = format!(
            "{}_{}_{}",
            yymmdd(refund.requested_at),
            self.app_id,
            refund.refund_ref
        );
        let timestamp = Utc::now().timestamp_millis().to_string();
        let amount = refund.amount.to_string();
        let description = refund.reason.to_owned();
        let mac = zalopay_mac(
            &self.key1,
            &[
                &self.app_id,
                &zp_trans_id,
                &amount,
                &description,
                &timestamp,
            ],
        );
        let form = [
            ("app_id", self.app_id.clone()),
            ("m_refund_id", m_refund_id),
            ("zp_trans_id", zp_trans_id),
            ("amount", amount),
            ("timestamp", timestamp),
            ("description", description),
            ("mac", mac),
        ];
        let answer = self.post("refund", "/v2/refund", &form).await?;
        Ok(match return_code(&answer)?.as_str() {
            "1" => RefundOutcome::Succeeded {
                provider_refund_id: text(&answer, "refund_id"),
            },
            "3" => RefundOutcome::Pending,
            _ => {
                let (code, message) = refused(&answer);
                RefundOutcome::Failed { code, message }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn references_start_with_the_vietnamese_date() {
        // 23:30 UTC is already the next day in Vietnam.
        let at = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 23, 30, 0)
            .unwrap();
        assert_eq!(super::yymmdd(at), "261123");
    }
}
