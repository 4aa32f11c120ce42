//! The one interface every payment gateway implements — create, verify a
//! callback, query, refund — and the values that cross it. Gateways speak
//! their own protocols; everything behind this interface (applying a payment,
//! reconciliation, refunds) is written once.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cho_platform::crypto::SecretMap;
use cho_platform::db::Conn;
use cho_platform::AppState;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::attempts::Attempt;
use crate::settings::PaymentSettings;
use crate::{credentials, momo, vnpay, zalopay};

/// A payment to open at a gateway.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    /// Our reference for this attempt at the gateway (`vnp_TxnRef`, `orderId`, `app_trans_id`).
    pub provider_ref: &'a str,
    pub order_code: &'a str,
    pub amount: i64,
    pub client_ip: &'a str,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Where the shopper pays.
#[derive(Debug, Clone, Default)]
pub struct Checkout {
    pub payment_url: Option<String>,
    pub qr_payload: Option<String>,
}

/// What a gateway says happened to a payment, from a callback or a query.
#[derive(Debug, Clone)]
pub struct Notification {
    pub provider_ref: String,
    /// The amount in VND; `None` when the gateway's figure is not a whole number of đồng.
    pub amount: Option<i64>,
    pub outcome: Outcome,
    pub transaction_id: Option<String>,
    /// The gateway's words, kept verbatim for audit.
    pub payload: Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    /// Declined, cancelled or errored, with the gateway's code.
    Failed(String),
    /// Not decided yet at the gateway.
    Pending,
    /// The gateway has no such transaction (the shopper never reached its page).
    NotFound,
}

/// Why a callback was not believed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    #[error("the signature does not match")]
    BadSignature,
    #[error("the callback is for merchant {0}, not this shop")]
    OtherMerchant(String),
    #[error("malformed callback: {0}")]
    Malformed(String),
}

/// A refund to send to the gateway.
#[derive(Debug, Clone)]
pub struct RefundCall<'a> {
    pub attempt: &'a Attempt,
    /// Our reference for the refund at the gateway, unique per refund.
    pub refund_ref: &'a str,
    pub amount: i64,
    /// True when this refund returns everything that was captured.
    pub full: bool,
    pub reason: &'a str,
    pub requested_by: &'a str,
    pub requested_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundOutcome {
    Succeeded {
        provider_refund_id: Option<String>,
    },
    /// Accepted, to be finished by the gateway later.
    Pending,
    Failed {
        code: String,
        message: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// Timeouts, connection failures, 5xx: the outcome is unknown, try again later.
    #[error("the gateway could not be reached: {0}")]
    Unavailable(String),
    /// The gateway answered but refused the request.
    #[error("the gateway refused: {code} {message}")]
    Refused { code: String, message: String },
    /// The gateway's answer could not be trusted or read.
    #[error("the gateway's answer is invalid: {0}")]
    InvalidAnswer(String),
    /// This gateway has no such operation (a bank transfer cannot be queried or refunded by API).
    #[error("{0}")]
    Unsupported(&'static str),
}

#[async_trait::async_trait]
pub trait Gateway: Send + Sync {
    fn provider(&self) -> &'static str;
    /// Our reference for the `attempt_no`th attempt to pay an order, in the form the gateway accepts.
    fn provider_ref(&self, order_code: &str, attempt_no: u32, _now: DateTime<Utc>) -> String {
        format!("{order_code}{attempt_no:02}")
    }
    /// True when [`create`](Self::create) only signs locally and calls nobody,
    /// so it may run inside a database transaction.
    fn creates_locally(&self) -> bool {
        false
    }
    /// Opens a payment and says where the shopper pays.
    async fn create(&self, payment: &NewPayment<'_>) -> Result<Checkout, GatewayError>;
    /// Checks a callback's signature and merchant, and reads what it says.
    fn verify_callback(&self, callback: &Value) -> Result<Notification, Rejected>;
    /// Checks the parameters the shopper's browser brings back. Most gateways
    /// sign them like their callback.
    fn verify_return(&self, params: &BTreeMap<String, String>) -> Result<Notification, Rejected> {
        self.verify_callback(&serde_json::json!(params))
    }
    /// Asks the gateway what became of a payment.
    async fn query(&self, attempt: &Attempt) -> Result<Notification, GatewayError>;
    async fn refund(&self, refund: &RefundCall<'_>) -> Result<RefundOutcome, GatewayError>;
}

/// The gateway for `provider` with the credentials in force (stored through
/// the admin API, else from `CHO_*` settings), or the built-in simulator's
/// when there are none and the sandbox is on; `None` when neither, or for a
/// provider that is not a gateway (COD, VietQR). Errors only when stored
/// credentials cannot be read.
pub async fn resolve(
    state: &AppState,
    conn: impl Into<Conn<'_>>,
    provider: &str,
) -> anyhow::Result<Option<Arc<dyn Gateway>>> {
    if !is_gateway(provider) {
        return Ok(None);
    }
    let credentials = credentials::load(state, conn, provider).await?;
    Ok(with_credentials(state, provider, credentials.as_ref()))
}

fn is_gateway(provider: &str) -> bool {
    [vnpay::PROVIDER, momo::PROVIDER, zalopay::PROVIDER].contains(&provider)
}

fn with_credentials(
    state: &AppState,
    provider: &str,
    credentials: Option<&SecretMap>,
) -> Option<Arc<dyn Gateway>> {
    fn shared(gateway: impl Gateway + 'static) -> Arc<dyn Gateway> {
        Arc::new(gateway)
    }
    match provider {
        vnpay::PROVIDER => vnpay::Vnpay::new(state, credentials).map(shared),
        momo::PROVIDER => momo::Momo::new(state, credentials).map(shared),
        zalopay::PROVIDER => zalopay::Zalopay::new(state, credentials).map(shared),
        _ => None,
    }
}

/// A field of credentials from [`credentials::load`], which only returns
/// complete sets.
pub(crate) fn field(credentials: &SecretMap, name: &str) -> String {
    credentials
        .get(name)
        .map(|value| value.expose().to_owned())
        .unwrap_or_default()
}

/// Of a gateway's public sandbox and production addresses, the one for
/// `CHO_PAYMENT_ENVIRONMENT`.
pub(crate) fn environment_url(state: &AppState, sandbox: &str, production: &str) -> String {
    match PaymentSettings::of(state).payment_environment.as_str() {
        "production" => production,
        _ => sandbox,
    }
    .to_owned()
}

/// The base URL of a built-in simulator (sandbox mode).
pub fn sandbox_url(state: &AppState, gateway: &str) -> String {
    format!(
        "{}/sandbox/{gateway}",
        state.config.public_url.trim_end_matches('/')
    )
}

/// Our own URL for a gateway's callbacks or return, e.g. `/v1/payments/momo/callback`.
pub fn our_url(state: &AppState, path: &str) -> String {
    format!(
        "{}/v1/payments/{path}",
        state.config.public_url.trim_end_matches('/')
    )
}

/// Sends a request to a gateway and reads its JSON answer, timing it for the
/// latency metric. Only the caller knows whether a failure may be retried.
pub async fn call<T: DeserializeOwned>(
    provider: &'static str,
    operation: &'static str,
    timeout: Duration,
    request: reqwest::RequestBuilder,
) -> Result<T, GatewayError> {
    let started = Instant::now();
    let outcome = async {
        let response = request
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        let status = response.status();
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(GatewayError::Unavailable(format!("HTTP {status}")));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        serde_json::from_slice(&body).map_err(|e| {
            GatewayError::InvalidAnswer(format!("HTTP {status}, unreadable body: {e}"))
        })
    }
    .await;
    metrics::histogram!("cho_gateway_call_seconds", "provider" => provider, "operation" => operation)
        .record(started.elapsed().as_secs_f64());
    if let Err(err) = &outcome {
        tracing::warn!(provider, operation, error = %err, "gateway call failed");
    }
    outcome
}

/// The timeout for one gateway call.
pub fn timeout(state: &AppState) -> Duration {
    Duration::from_secs(PaymentSettings::of(state).gateway_timeout_secs.max(1))
}

/// Reads a string or number field of a JSON object as text.
pub fn text(value: &Value, field: &str) -> Option<String> {
    match value.get(field)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
