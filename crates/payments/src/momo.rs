//! MoMo AIO v2, `captureWallet`: create, IPN (answered 204), query, refund.
//! Every request and callback is signed with HMAC-SHA256 over raw
//! `key=value` pairs in alphabetical order.

use cho_platform::crypto::SecretMap;
use cho_platform::{new_id, AppState};
use serde_json::{json, Value};

use crate::attempts::Attempt;
use crate::gateway::{
    self, text, Checkout, Gateway, GatewayError, NewPayment, Notification, Outcome, RefundCall,
    RefundOutcome, Rejected,
};
use crate::settings::PaymentSettings;
use crate::signing::{momo_signature, signatures_match};

pub const PROVIDER: &str = "MOMO";
const PUBLIC_SANDBOX_API_URL: &str = "https://test-payment.momo.vn";
const PRODUCTION_API_URL: &str = "https://payment.momo.vn";
/// The simulator's partner code and access key when no real ones are configured.
pub const SANDBOX_PARTNER_CODE: &str = "CHODEMOMOMO";
pub const SANDBOX_ACCESS_KEY: &str = "chodemoaccesskey";

/// The fields of each request that MoMo checks the signature over, besides `accessKey`.
pub const CREATE_SIGNED_FIELDS: &[&str] = &[
    "amount",
    "extraData",
    "ipnUrl",
    "orderId",
    "orderInfo",
    "partnerCode",
    "redirectUrl",
    "requestId",
    "requestType",
];
pub const QUERY_SIGNED_FIELDS: &[&str] = &["orderId", "partnerCode", "requestId"];
pub const REFUND_SIGNED_FIELDS: &[&str] = &[
    "amount",
    "description",
    "orderId",
    "partnerCode",
    "requestId",
    "transId",
];

/// The fields of an IPN (and of the redirect) that MoMo signs, besides `accessKey`.
pub const IPN_SIGNED_FIELDS: &[&str] = &[
    "amount",
    "extraData",
    "message",
    "orderId",
    "orderInfo",
    "orderType",
    "partnerCode",
    "payType",
    "requestId",
    "responseTime",
    "resultCode",
    "transId",
];

pub struct Momo {
    pub partner_code: String,
    pub access_key: String,
    pub secret_key: String,
    pub api_url: String,
    ipn_url: String,
    redirect_url: String,
    timeout: std::time::Duration,
    http: reqwest::Client,
}

impl Momo {
    /// The built-in simulator's partner (sandbox mode only), as the simulator
    /// and its callers sign with it.
    pub fn simulated(state: &AppState) -> Option<Self> {
        Self::new(state, None)
    }

    /// MoMo with `credentials` (`partnerCode`, `accessKey`, `secretKey`), or
    /// without them the built-in simulator's partner when the sandbox is on.
    pub fn new(state: &AppState, credentials: Option<&SecretMap>) -> Option<Self> {
        let config = &state.config;
        let (partner_code, access_key, secret_key, api_url) = match credentials {
            Some(fields) => (
                gateway::field(fields, "partnerCode"),
                gateway::field(fields, "accessKey"),
                gateway::field(fields, "secretKey"),
                gateway::environment_url(state, PUBLIC_SANDBOX_API_URL, PRODUCTION_API_URL),
            ),
            None if config.sandbox => (
                SANDBOX_PARTNER_CODE.to_owned(),
                SANDBOX_ACCESS_KEY.to_owned(),
                format!("momo-{}", hex::encode(&state.keys.sandbox)),
                gateway::sandbox_url(state, "momo"),
            ),
            None => return None,
        };
        Some(Momo {
            partner_code,
            access_key,
            secret_key,
            api_url: PaymentSettings::of(state)
                .momo_api_url
                .clone()
                .unwrap_or(api_url),
            ipn_url: gateway::our_url(state, "momo/callback"),
            redirect_url: gateway::our_url(state, "momo/return"),
            timeout: gateway::timeout(state),
            http: state.http.clone(),
        })
    }

    /// Signs `fields` (with our `accessKey` added) as MoMo does.
    pub fn sign(&self, fields: &[(&str, &str)]) -> String {
        let mut all = fields.to_vec();
        all.push(("accessKey", &self.access_key));
        momo_signature(&self.secret_key, &all)
    }

    /// Signs a JSON object over `signed` fields (read as text) and adds `signature`.
    pub fn signed(&self, mut body: Value, signed: &[&str]) -> Value {
        let values: Vec<(&str, String)> = signed
            .iter()
            .map(|name| (*name, text(&body, name).unwrap_or_default()))
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        body["signature"] = Value::String(self.sign(&pairs));
        body
    }

    fn signature_matches(&self, body: &Value, signed: &[&str]) -> bool {
        let presented = text(body, "signature").unwrap_or_default();
        let expected = self.signed(body.clone(), signed);
        signatures_match(
            expected["signature"].as_str().unwrap_or_default(),
            &presented,
        )
    }

    async fn post(
        &self,
        operation: &'static str,
        path: &str,
        body: Value,
    ) -> Result<Value, GatewayError> {
        gateway::call(
            PROVIDER,
            operation,
            self.timeout,
            self.http
                .post(format!("{}{path}", self.api_url))
                .json(&body),
        )
        .await
    }
}

/// MoMo's `resultCode` as an outcome.
fn outcome_of(result_code: &str) -> Outcome {
    match result_code {
        "0" | "9000" => Outcome::Succeeded,
        "1000" | "7000" | "7002" | "8000" => Outcome::Pending,
        "42" => Outcome::NotFound,
        other => Outcome::Failed(other.to_owned()),
    }
}

fn refused(answer: &Value) -> GatewayError {
    GatewayError::Refused {
        code: text(answer, "resultCode").unwrap_or_default(),
        message: text(answer, "message").unwrap_or_default(),
    }
}

#[async_trait::async_trait]
impl Gateway for Momo {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    async fn create(&self, payment: &NewPayment<'_>) -> Result<Checkout, GatewayError> {
        let body = json!({
            "partnerCode": self.partner_code, "accessKey": self.access_key,
            // MoMo's idempotency key: a repeated create for this attempt opens nothing new.
            "requestId": payment.provider_ref, "amount": payment.amount,
            "orderId": payment.provider_ref,
            "orderInfo": format!("Thanh toan don hang {}", payment.order_code),
            "redirectUrl": self.redirect_url, "ipnUrl": self.ipn_url,
            "requestType": "captureWallet", "extraData": "", "lang": "vi",
        });
        let body = self.signed(body, CREATE_SIGNED_FIELDS);
        let answer = self.post("create", "/v2/gateway/api/create", body).await?;
        match (
            text(&answer, "resultCode").as_deref(),
            text(&answer, "payUrl"),
        ) {
            (Some("0"), Some(pay_url)) => Ok(Checkout {
                payment_url: Some(pay_url),
                qr_payload: text(&answer, "qrCodeUrl"),
            }),
            _ => Err(refused(&answer)),
        }
    }

    fn verify_callback(&self, callback: &Value) -> Result<Notification, Rejected> {
        if !callback.is_object() {
            return Err(Rejected::Malformed("expected a JSON object".into()));
        }
        if !self.signature_matches(callback, IPN_SIGNED_FIELDS) {
            return Err(Rejected::BadSignature);
        }
        let partner = text(callback, "partnerCode").unwrap_or_default();
        if partner != self.partner_code {
            return Err(Rejected::OtherMerchant(partner));
        }
        let provider_ref = text(callback, "orderId")
            .filter(|r| !r.is_empty())
            .ok_or_else(|| Rejected::Malformed("orderId is missing".into()))?;
        let result_code = text(callback, "resultCode")
            .ok_or_else(|| Rejected::Malformed("resultCode is missing".into()))?;
        Ok(Notification {
            provider_ref,
            amount: text(callback, "amount").and_then(|a| a.parse().ok()),
            outcome: outcome_of(&result_code),
            transaction_id: text(callback, "transId"),
            payload: callback.clone(),
        })
    }

    async fn query(&self, attempt: &Attempt) -> Result<Notification, GatewayError> {
        let body = json!({
            "partnerCode": self.partner_code, "requestId": new_id().simple().to_string(),
            "orderId": attempt.provider_ref, "lang": "vi",
        });
        let body = self.signed(body, QUERY_SIGNED_FIELDS);
        let answer = self.post("query", "/v2/gateway/api/query", body).await?;
        let result_code = text(&answer, "resultCode")
            .ok_or_else(|| GatewayError::InvalidAnswer("no resultCode".into()))?;
        Ok(Notification {
            provider_ref: attempt.provider_ref.clone(),
            amount: text(&answer, "amount").and_then(|a| a.parse().ok()),
            outcome: outcome_of(&result_code),
            transaction_id: text(&answer, "transId").filter(|t| t != "0"),
            payload: answer,
        })
    }

    async fn refund(&self, refund: &RefundCall<'_>) -> Result<RefundOutcome, GatewayError> {
        let trans_id: i64 = refund
            .attempt
            .provider_transaction_id
            .as_deref()
            .and_then(|t| t.parse().ok())
            .ok_or(GatewayError::Unsupported(
                "the MoMo payment has no transaction id to refund",
            ))?;
        let body = json!({
            "partnerCode": self.partner_code, "orderId": refund.refund_ref,
            "requestId": refund.refund_ref, "amount": refund.amount, "transId": trans_id,
            "lang": "vi", "description": refund.reason,
        });
        let body = self.signed(body, REFUND_SIGNED_FIELDS);
        let answer = self.post("refund", "/v2/gateway/api/refund", body).await?;
        Ok(match text(&answer, "resultCode").as_deref() {
            Some("0") => RefundOutcome::Succeeded {
                provider_refund_id: text(&answer, "transId"),
            },
            Some("1000" | "7000" | "7002" | "8000") => RefundOutcome::Pending,
            _ => match refused(&answer) {
                GatewayError::Refused { code, message } => RefundOutcome::Failed { code, message },
                other => return Err(other),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_codes() {
        assert_eq!(outcome_of("0"), Outcome::Succeeded);
        assert_eq!(outcome_of("9000"), Outcome::Succeeded);
        assert_eq!(outcome_of("7000"), Outcome::Pending);
        assert_eq!(outcome_of("1006"), Outcome::Failed("1006".into()));
    }
}
