//! Configuration: defaults, then an optional TOML file, then `CHO_*` variables
//! (and `DATABASE_URL`). Every field is documented in the README.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Settings read from the environment as the exact text of the variable. figment would
/// parse `2553` as a number (and drop the leading zero of `0123…`), which a secret, a
/// merchant id or an account number must not suffer.
const RAW_ENV: &[&str] = &[
    "CHO_APPLICATION_SECRET",
    "CHO_APPLICATION_SECRET_PREVIOUS",
    "CHO_VNPAY_TMN_CODE",
    "CHO_VNPAY_HASH_SECRET",
    "CHO_MOMO_PARTNER_CODE",
    "CHO_MOMO_ACCESS_KEY",
    "CHO_MOMO_SECRET_KEY",
    "CHO_ZALOPAY_APP_ID",
    "CHO_ZALOPAY_KEY1",
    "CHO_ZALOPAY_KEY2",
    "CHO_VIETQR_BANK_BIN",
    "CHO_VIETQR_ACCOUNT_NO",
    "CHO_SEPAY_API_KEY",
];

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
    /// Secrets being retired, comma-separated (`CHO_APPLICATION_SECRET_PREVIOUS`): tokens they
    /// signed stay valid and credentials they sealed can be read until `cho secrets rotate`
    /// has re-encrypted them under the current secret.
    pub application_secret_previous: Option<Secret>,
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
    /// Seconds a connection may take to send a request's headers, and may stay idle between
    /// requests, before it is closed (`CHO_HTTP_HEADER_TIMEOUT_SECS`).
    pub http_header_timeout_secs: u64,
    /// Connections served at once (`CHO_HTTP_MAX_CONNECTIONS`); past it a small reserve
    /// still answers the probes and tells everyone else 503.
    pub http_max_connections: usize,
    /// Seconds a stopping server waits for in-flight requests before it closes what is
    /// left (`CHO_SHUTDOWN_GRACE_SECS`); keep it below the orchestrator's grace period.
    pub shutdown_grace_secs: u64,
    /// Origins allowed to call the API from a browser, comma-separated, or `*`
    /// (`CHO_CORS_ALLOWED_ORIGINS`); unset allows none.
    pub cors_allowed_origins: Option<String>,
    /// Requests per minute from one client address without a signed-in user; 0 disables
    /// (`CHO_RATE_LIMIT_PUBLIC_PER_MINUTE`).
    pub rate_limit_public_per_minute: i64,
    /// Requests per minute from one signed-in user; 0 disables (`CHO_RATE_LIMIT_USER_PER_MINUTE`).
    pub rate_limit_user_per_minute: i64,
    /// Jobs processed at once by one worker process (`CHO_WORKER_CONCURRENCY`).
    pub worker_concurrency: usize,
    /// Attempts before a job is dead-lettered (`CHO_JOB_MAX_ATTEMPTS`).
    pub job_max_attempts: i32,
    /// Days an outbox event is kept once every consumer has handled it
    /// (`CHO_OUTBOX_RETENTION_DAYS`); events a consumer has not reached are kept however old.
    pub outbox_retention_days: i64,
    /// Failed logins before an account is locked (`CHO_LOGIN_MAX_FAILURES`).
    pub login_max_failures: i32,
    /// How long a lockout lasts, in seconds (`CHO_LOGIN_LOCKOUT_SECS`).
    pub login_lockout_secs: i64,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it) (`CHO_TRUST_FORWARDED_FOR`).
    pub trust_forwarded_for: bool,
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
    /// Which of the gateways' environments stored credentials are for: `sandbox` or
    /// `production` (`CHO_PAYMENT_ENVIRONMENT`).
    pub payment_environment: String,
    /// VNPay merchant code (`CHO_VNPAY_TMN_CODE`).
    pub vnpay_tmn_code: Option<String>,
    /// VNPay hash secret (`CHO_VNPAY_HASH_SECRET`).
    pub vnpay_hash_secret: Option<Secret>,
    /// VNPay's payment page (`CHO_VNPAY_PAY_URL`); the built-in simulator in sandbox mode.
    pub vnpay_pay_url: Option<String>,
    /// VNPay's merchant API for querydr and refund (`CHO_VNPAY_API_URL`).
    pub vnpay_api_url: Option<String>,
    /// MoMo partner code (`CHO_MOMO_PARTNER_CODE`).
    pub momo_partner_code: Option<String>,
    /// MoMo access key (`CHO_MOMO_ACCESS_KEY`).
    pub momo_access_key: Option<Secret>,
    /// MoMo secret key (`CHO_MOMO_SECRET_KEY`).
    pub momo_secret_key: Option<Secret>,
    /// MoMo's API base URL (`CHO_MOMO_API_URL`).
    pub momo_api_url: Option<String>,
    /// ZaloPay app id (`CHO_ZALOPAY_APP_ID`).
    pub zalopay_app_id: Option<String>,
    /// ZaloPay key1, which signs our requests (`CHO_ZALOPAY_KEY1`).
    pub zalopay_key1: Option<Secret>,
    /// ZaloPay key2, which signs its callbacks (`CHO_ZALOPAY_KEY2`).
    pub zalopay_key2: Option<Secret>,
    /// ZaloPay's API base URL (`CHO_ZALOPAY_API_URL`).
    pub zalopay_api_url: Option<String>,
    /// Upper bound on one call to a gateway, in seconds (`CHO_GATEWAY_TIMEOUT_SECS`).
    pub gateway_timeout_secs: u64,
    /// Seconds a payment may stay pending before reconciliation asks the gateway (`CHO_RECONCILE_AFTER_SECS`).
    pub reconcile_after_secs: i64,
    /// Refund a payment that lands after its order was closed, instead of queueing it for review (`CHO_REFUND_LATE_PAYMENTS`).
    pub refund_late_payments: bool,
    /// The shop's bank for VietQR transfers, as its 6-digit BIN (`CHO_VIETQR_BANK_BIN`).
    pub vietqr_bank_bin: Option<String>,
    /// The shop's account number for VietQR transfers (`CHO_VIETQR_ACCOUNT_NO`).
    pub vietqr_account_no: Option<String>,
    /// The key SePay presents (`Authorization: Apikey …`) on its bank-statement
    /// webhook, which confirms VietQR transfers (`CHO_SEPAY_API_KEY`).
    pub sepay_api_key: Option<Secret>,
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
            application_secret_previous: None,
            log_format: "json".into(),
            log: "info".into(),
            order_payment_timeout_secs: 15 * 60,
            cart_abandon_days: 30,
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            http_header_timeout_secs: 10,
            http_max_connections: 2048,
            shutdown_grace_secs: 30,
            cors_allowed_origins: None,
            rate_limit_public_per_minute: 100,
            rate_limit_user_per_minute: 300,
            worker_concurrency: 4,
            job_max_attempts: 8,
            outbox_retention_days: 7,
            login_max_failures: 5,
            login_lockout_secs: 15 * 60,
            trust_forwarded_for: false,
            login_rate_per_minute: 20,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_days: 30,
            response_cache_ms: 1000,
            demo: false,
            sandbox: false,
            payment_environment: "sandbox".into(),
            vnpay_tmn_code: None,
            vnpay_hash_secret: None,
            vnpay_pay_url: None,
            vnpay_api_url: None,
            momo_partner_code: None,
            momo_access_key: None,
            momo_secret_key: None,
            momo_api_url: None,
            zalopay_app_id: None,
            zalopay_key1: None,
            zalopay_key2: None,
            zalopay_api_url: None,
            gateway_timeout_secs: 30,
            reconcile_after_secs: 15 * 60,
            refund_late_payments: false,
            vietqr_bank_bin: None,
            vietqr_account_no: None,
            sepay_api_key: None,
        }
    }
}

/// A secret setting: deserialised like a string, never printed — not even in the error
/// about a value of the wrong type, which serde would quote.
#[derive(Clone, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)
            .map(Secret)
            .map_err(|_| serde::de::Error::custom("a secret must be a string"))
    }
}

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
        let mut ignored = vec!["config"];
        ignored.extend(RAW_ENV.iter().map(|name| &name[4..]));
        let mut config: Config = figment
            .merge(Env::prefixed("CHO_").ignore(&ignored))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .extract()?;
        for name in RAW_ENV {
            if let Some(value) = std::env::var(name).ok().filter(|v| !v.trim().is_empty()) {
                config.set_raw(name, value);
            }
        }
        anyhow::ensure!(
            matches!(
                config.payment_environment.as_str(),
                "sandbox" | "production"
            ),
            "CHO_PAYMENT_ENVIRONMENT must be sandbox or production, not '{}'",
            config.payment_environment
        );
        Ok(config)
    }

    /// Sets one of the [`RAW_ENV`] settings from its variable's text.
    fn set_raw(&mut self, name: &str, value: String) {
        let secret = || Some(Secret(value.clone()));
        match name {
            "CHO_APPLICATION_SECRET" => self.application_secret = secret(),
            "CHO_APPLICATION_SECRET_PREVIOUS" => self.application_secret_previous = secret(),
            "CHO_VNPAY_TMN_CODE" => self.vnpay_tmn_code = Some(value),
            "CHO_VNPAY_HASH_SECRET" => self.vnpay_hash_secret = secret(),
            "CHO_MOMO_PARTNER_CODE" => self.momo_partner_code = Some(value),
            "CHO_MOMO_ACCESS_KEY" => self.momo_access_key = secret(),
            "CHO_MOMO_SECRET_KEY" => self.momo_secret_key = secret(),
            "CHO_ZALOPAY_APP_ID" => self.zalopay_app_id = Some(value),
            "CHO_ZALOPAY_KEY1" => self.zalopay_key1 = secret(),
            "CHO_ZALOPAY_KEY2" => self.zalopay_key2 = secret(),
            "CHO_VIETQR_BANK_BIN" => self.vietqr_bank_bin = Some(value),
            "CHO_VIETQR_ACCOUNT_NO" => self.vietqr_account_no = Some(value),
            "CHO_SEPAY_API_KEY" => self.sepay_api_key = secret(),
            _ => unreachable!("{name} is not a raw setting"),
        }
    }

    /// The secrets of `CHO_APPLICATION_SECRET_PREVIOUS`, trimmed, empty ones left out.
    pub fn previous_application_secrets(&self) -> Vec<&str> {
        self.application_secret_previous
            .as_ref()
            .map(|s| {
                s.expose()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_when_the_configuration_is_printed() {
        let config = Config {
            application_secret: Some(Secret::new("application-secret-application-secret")),
            application_secret_previous: Some(Secret::new("old-secret-one, old-secret-two,")),
            vnpay_hash_secret: Some(Secret::new("vnpay-hash-secret")),
            momo_access_key: Some(Secret::new("momo-access-key")),
            momo_secret_key: Some(Secret::new("momo-secret-key")),
            zalopay_key1: Some(Secret::new("zalopay-key-one")),
            zalopay_key2: Some(Secret::new("zalopay-key-two")),
            sepay_api_key: Some(Secret::new("sepay-api-key")),
            ..Config::default()
        };
        let printed = format!("{config:?} {config:#?}");
        for secret in [
            "application-secret",
            "old-secret",
            "vnpay-hash",
            "momo-",
            "zalopay-key",
            "sepay-api",
        ] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
        assert_eq!(
            config.previous_application_secrets(),
            vec!["old-secret-one", "old-secret-two"]
        );
    }

    #[test]
    fn numeric_looking_secrets_and_ids_are_read_verbatim() {
        // No other test of this crate loads the configuration from the environment.
        std::env::set_var("CHO_ZALOPAY_APP_ID", "2553");
        std::env::set_var("CHO_VIETQR_ACCOUNT_NO", "0123456789");
        std::env::set_var("CHO_ZALOPAY_KEY1", "[not, an, array]");
        let config = Config::load(None).unwrap();
        std::env::remove_var("CHO_ZALOPAY_APP_ID");
        std::env::remove_var("CHO_VIETQR_ACCOUNT_NO");
        std::env::remove_var("CHO_ZALOPAY_KEY1");
        assert_eq!(config.zalopay_app_id.as_deref(), Some("2553"));
        assert_eq!(config.vietqr_account_no.as_deref(), Some("0123456789"));
        assert_eq!(
            config.zalopay_key1.as_ref().map(Secret::expose),
            Some("[not, an, array]")
        );
        assert_eq!(config.payment_environment, "sandbox");
    }
}
