//! Configuration: defaults, then an optional TOML file, then `CHO_*` variables
//! (and `DATABASE_URL`). Every field is documented in the README.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Address the HTTP server binds (`CHO_LISTEN`).
    pub listen: String,
    /// Directory for the embedded database and generated secrets (`CHO_DATA_DIR`).
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; `sqlite://…` or unset selects SQLite (`DATABASE_URL`).
    pub database_url: Option<String>,
    /// Maximum pooled database connections (`CHO_DB_MAX_CONNECTIONS`).
    pub db_max_connections: u32,
    /// Base URL shoppers and gateways reach us at (`CHO_PUBLIC_URL`).
    pub public_url: String,
    /// Master secret for token signing and credential encryption (`CHO_APPLICATION_SECRET`).
    /// When unset, one is generated into the data directory on first start.
    pub application_secret: Option<Secret>,
    /// `json` (default) or `pretty` (`CHO_LOG_FORMAT`).
    pub log_format: String,
    /// tracing filter directive (`CHO_LOG`), e.g. `info,cho=debug`.
    pub log: String,
    /// Seconds an unpaid online order keeps its stock before it expires (`CHO_ORDER_PAYMENT_TIMEOUT_SECS`).
    pub order_payment_timeout_secs: u64,
    /// Days after which an untouched cart is deleted (`CHO_CART_ABANDON_DAYS`).
    pub cart_abandon_days: i64,
    /// Upper bound on one request, in seconds (`CHO_REQUEST_TIMEOUT_SECS`).
    pub request_timeout_secs: u64,
    /// Largest accepted request body, in bytes (`CHO_BODY_LIMIT_BYTES`).
    pub body_limit_bytes: usize,
    /// Jobs processed at once by one worker process (`CHO_WORKER_CONCURRENCY`).
    pub worker_concurrency: usize,
    /// Attempts before a job is dead-lettered (`CHO_JOB_MAX_ATTEMPTS`).
    pub job_max_attempts: i32,
    /// Failed logins before an account is locked (`CHO_LOGIN_MAX_FAILURES`).
    pub login_max_failures: i32,
    /// How long a lockout lasts, in seconds (`CHO_LOGIN_LOCKOUT_SECS`).
    pub login_lockout_secs: i64,
    /// Sign-in attempts allowed per client IP per minute (`CHO_LOGIN_RATE_PER_MINUTE`).
    pub login_rate_per_minute: i64,
    /// Access token lifetime, in seconds (`CHO_ACCESS_TOKEN_TTL_SECS`).
    pub access_token_ttl_secs: i64,
    /// Refresh token lifetime, in days (`CHO_REFRESH_TOKEN_TTL_DAYS`).
    pub refresh_token_ttl_days: i64,
    /// How long public catalog responses may be served from cache, in ms; 0 disables (`CHO_RESPONSE_CACHE_MS`).
    pub response_cache_ms: u64,
    /// Demo mode: seed the demo catalog and admin on start (`CHO_DEMO`, or `serve --demo`).
    pub demo: bool,
    /// Serve the payment gateways' sandbox simulators (`CHO_SANDBOX`; on with `--demo`).
    pub sandbox: bool,
    /// VNPay merchant code (`CHO_VNPAY_TMN_CODE`).
    pub vnpay_tmn_code: Option<String>,
    /// VNPay hash secret (`CHO_VNPAY_HASH_SECRET`).
    pub vnpay_hash_secret: Option<Secret>,
    /// VNPay's payment page (`CHO_VNPAY_PAY_URL`); the built-in simulator in sandbox mode.
    pub vnpay_pay_url: Option<String>,
    /// The shop's bank for VietQR transfers, as its 6-digit BIN (`CHO_VIETQR_BANK_BIN`).
    pub vietqr_bank_bin: Option<String>,
    /// The shop's account number for VietQR transfers (`CHO_VIETQR_ACCOUNT_NO`).
    pub vietqr_account_no: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            db_max_connections: 16,
            public_url: "http://127.0.0.1:8080".into(),
            application_secret: None,
            log_format: "json".into(),
            log: "info".into(),
            order_payment_timeout_secs: 15 * 60,
            cart_abandon_days: 30,
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            worker_concurrency: 4,
            job_max_attempts: 8,
            login_max_failures: 5,
            login_lockout_secs: 15 * 60,
            login_rate_per_minute: 20,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            response_cache_ms: 1000,
            demo: false,
            sandbox: false,
            vnpay_tmn_code: None,
            vnpay_hash_secret: None,
            vnpay_pay_url: None,
            vietqr_bank_bin: None,
            vietqr_account_no: None,
        }
    }
}

/// A secret setting: deserialised like a string, never printed.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Config {
    /// Loads the configuration; `file` is an optional TOML file (`--config` or `CHO_CONFIG`).
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            anyhow::ensure!(
                file.exists(),
                "configuration file {} not found",
                file.display()
            );
            figment = figment.merge(Toml::file(file));
        }
        let config: Config = figment
            .merge(Env::prefixed("CHO_").ignore(&["config"]))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()?;
        Ok(config)
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
    }
}
