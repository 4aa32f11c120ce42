//! Configuration: defaults, then an optional TOML file, then `CHO_*` variables
//! (and `DATABASE_URL`). Every field is documented in the README.
//!
//! [`Config`] holds what the platform itself needs. A module keeps its own settings in a
//! [`Section`] (`[shipping]` in the file, `CHO_SHIPPING_*` variables), read once at start
//! with [`Config::section`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The platform's settings read from the environment as the exact text of the variable
/// (see [`Section::RAW`]).
const RAW_ENV: &[&str] = &["application_secret", "application_secret_previous"];

/// A module's settings: the `[NAME]` table of the configuration file and the
/// `CHO_<NAME>_<FIELD>` variables. So that nothing set before a module had a section
/// stops working, a field is also read from the top level of the file and from
/// `CHO_<FIELD>`; the section's own spelling wins.
pub trait Section: Serialize + DeserializeOwned + Default {
    const NAME: &'static str;
    /// Fields read as the exact text of their variable: figment would parse `2553` as a
    /// number (and drop the leading zero of `0123…`), which a secret, a merchant id or an
    /// account number must not suffer.
    const RAW: &'static [&'static str] = &[];
}

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
    /// Base URL shoppers and third parties reach us at (`CHO_PUBLIC_URL`).
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
    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it) (`CHO_TRUST_FORWARDED_FOR`).
    pub trust_forwarded_for: bool,
    /// How long public catalog responses may be served from cache, in ms; 0 disables (`CHO_RESPONSE_CACHE_MS`).
    pub response_cache_ms: u64,
    /// Demo mode: seed the demo catalog and admin on start (`CHO_DEMO`, or `serve --demo`).
    pub demo: bool,
    /// Sandbox mode: modules talk to their built-in simulators instead of real third parties
    /// when none is configured (`CHO_SANDBOX`; on with `--demo`).
    pub sandbox: bool,
    /// Where the modules' sections are read from.
    #[serde(skip)]
    pub sources: Sources,
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
            trust_forwarded_for: false,
            response_cache_ms: 1000,
            demo: false,
            sandbox: false,
            sources: Sources::default(),
        }
    }
}

/// Where [`Config::section`] reads from besides the environment.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The configuration file the settings were read from.
    file: Option<PathBuf>,
    /// Values set by code ([`Config::set`]), over everything else.
    overrides: Figment,
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
        ignored.extend(RAW_ENV);
        let mut config: Config = figment
            .merge(Env::prefixed("CHO_").ignore(&ignored))
            .merge(Env::raw().only(&["DATABASE_URL"]))
            .merge(Serialized::defaults(raw_env("CHO_", RAW_ENV)))
            .extract()?;
        config.sources.file = file.map(Path::to_path_buf);
        Ok(config)
    }

    /// Reads the section `S` (see [`Section`] for where from).
    pub fn section<S: Section>(&self) -> anyhow::Result<S> {
        let defaults = S::default();
        let serde_json::Value::Object(fields) = serde_json::to_value(&defaults)? else {
            anyhow::bail!("the settings section {} is not a struct", S::NAME);
        };
        let fields: Vec<&str> = fields.keys().map(String::as_str).collect();
        let parsed: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|field| !S::RAW.contains(field))
            .collect();
        let prefix = format!("CHO_{}_", S::NAME.to_uppercase());
        let mut figment = Figment::from(Serialized::defaults(defaults));
        if let Some(file) = &self.sources.file {
            let file = Figment::from(Toml::file(file));
            // The section's fields at the top level, as written before it had a table.
            let top_level: BTreeMap<String, figment::value::Value> = file.extract()?;
            let top_level: BTreeMap<String, figment::value::Value> = top_level
                .into_iter()
                .filter(|(key, _)| fields.contains(&key.as_str()))
                .collect();
            figment = figment
                .merge(Serialized::defaults(top_level))
                .merge(file.focus(S::NAME));
        }
        Ok(figment
            .merge(Env::prefixed("CHO_").only(&parsed))
            .merge(Env::prefixed(&prefix).only(&parsed))
            .merge(Serialized::defaults(raw_env("CHO_", S::RAW)))
            .merge(Serialized::defaults(raw_env(&prefix, S::RAW)))
            .merge(self.sources.overrides.focus(S::NAME))
            .extract()?)
    }

    /// Sets `key` (`section.field`) above every other source; for tests and embedding.
    pub fn set(&mut self, key: &str, value: impl Serialize) {
        let overrides = std::mem::take(&mut self.sources.overrides);
        self.sources.overrides = overrides.merge(Serialized::global(key, value));
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

/// The non-empty variables `prefix` + each of `fields` (upper-cased), by field, as text.
fn raw_env(prefix: &str, fields: &[&str]) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|field| {
            let name = format!("{prefix}{}", field.to_uppercase());
            let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty())?;
            Some((field.to_string(), value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_when_the_configuration_is_printed() {
        let config = Config {
            application_secret: Some(Secret::new("application-secret-application-secret")),
            application_secret_previous: Some(Secret::new("old-secret-one, old-secret-two,")),
            ..Config::default()
        };
        let printed = format!("{config:?} {config:#?}");
        for secret in ["application-secret", "old-secret"] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
        assert_eq!(
            config.previous_application_secrets(),
            vec!["old-secret-one", "old-secret-two"]
        );
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    struct Shipping {
        carrier: Option<String>,
        account: Option<String>,
        token: Option<Secret>,
        retries: u32,
        insured: bool,
    }

    impl Section for Shipping {
        const NAME: &'static str = "shipping";
        const RAW: &'static [&'static str] = &["account", "token"];
    }

    #[test]
    fn a_section_reads_its_table_its_variables_and_the_names_from_before_it() {
        // No other test of this crate loads the configuration from the environment.
        let dir = std::env::temp_dir().join(format!("cho-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("cho.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\ncarrier = \"flat\"\nretries = 2\n[shipping]\nretries = 3\n",
        )
        .unwrap();
        std::env::set_var("CHO_ACCOUNT", "0123456789");
        std::env::set_var("CHO_SHIPPING_TOKEN", "[not, an, array]");
        std::env::set_var("CHO_INSURED", "true");
        let mut config = Config::load(Some(&file)).unwrap();
        let shipping: Shipping = config.section().unwrap();
        config.set("shipping.retries", 5);
        let overridden: Shipping = config.section().unwrap();
        for name in ["CHO_ACCOUNT", "CHO_SHIPPING_TOKEN", "CHO_INSURED"] {
            std::env::remove_var(name);
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(
            shipping,
            Shipping {
                carrier: Some("flat".into()),
                account: Some("0123456789".into()),
                token: Some(Secret::new("[not, an, array]")),
                retries: 3,
                insured: true,
            }
        );
        assert_eq!(overridden.retries, 5);
        assert!(!format!("{shipping:?}").contains("array"));
    }
}
