//! Payment gateway credentials: stored sealed in `payment_credentials`, one row per provider
//! and gateway environment, or bootstrapped from the environment (`CHO_VNPAY_*`, `CHO_MOMO_*`,
//! `CHO_ZALOPAY_*`). Stored credentials win over the environment's.
//!
//! Values are sealed with AES-256-GCM under the application secret's encryption key
//! ([`cho_platform::crypto`]), bound to their row, and never leave this module except through
//! [`load`] as [`Secret`]s: no API answer, log line or audit entry carries them.
//! [`rotate`] re-seals every row under the current key while the service runs.

use crate::settings::PaymentSettings;
use cho_platform::auth::UserId;
use std::collections::BTreeMap;
use std::sync::Arc;

use cho_platform::config::Secret;
use cho_platform::crypto::{key_id_of, CryptoError, Keyring, SecretMap};
use cho_platform::db::{Conn, Db};
use cho_platform::extract::ClientInfo;
use cho_platform::{audit, now, ApiError, ApiResult, AppState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

/// A gateway whose credentials are kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provider {
    Vnpay,
    Momo,
    Zalopay,
}

pub const PROVIDERS: [Provider; 3] = [Provider::Vnpay, Provider::Momo, Provider::Zalopay];

/// What a credential field may look like.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// A merchant code: letters, digits, `-`, `_`, `.`; not secret.
    Code,
    /// A numeric id; not secret.
    Digits,
    /// A key or secret: printable ASCII without spaces.
    Key,
}

struct Field {
    name: &'static str,
    shape: Shape,
}

const VNPAY_FIELDS: &[Field] = &[
    Field {
        name: "tmnCode",
        shape: Shape::Code,
    },
    Field {
        name: "hashSecret",
        shape: Shape::Key,
    },
];
const MOMO_FIELDS: &[Field] = &[
    Field {
        name: "partnerCode",
        shape: Shape::Code,
    },
    Field {
        name: "accessKey",
        shape: Shape::Key,
    },
    Field {
        name: "secretKey",
        shape: Shape::Key,
    },
];
const ZALOPAY_FIELDS: &[Field] = &[
    Field {
        name: "appId",
        shape: Shape::Digits,
    },
    Field {
        name: "key1",
        shape: Shape::Key,
    },
    Field {
        name: "key2",
        shape: Shape::Key,
    },
];

impl Provider {
    /// `VNPAY`, `MOMO` or `ZALOPAY`, in any case.
    pub fn parse(name: &str) -> Option<Self> {
        PROVIDERS
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Vnpay => "VNPAY",
            Provider::Momo => "MOMO",
            Provider::Zalopay => "ZALOPAY",
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Provider::Vnpay => VNPAY_FIELDS,
            Provider::Momo => MOMO_FIELDS,
            Provider::Zalopay => ZALOPAY_FIELDS,
        }
    }

    /// The field names, in order.
    pub fn field_names(self) -> Vec<&'static str> {
        self.fields().iter().map(|f| f.name).collect()
    }

    /// The field naming the merchant at the gateway, which is not secret.
    pub fn id_field(self) -> &'static str {
        self.fields()[0].name
    }

    /// The credentials from `CHO_*` settings, when every field is set.
    fn configured(self, config: &PaymentSettings) -> Option<SecretMap> {
        let code = |v: &Option<String>| v.as_ref().map(|v| Secret::new(v.clone()));
        let values = match self {
            Provider::Vnpay => vec![
                code(&config.vnpay_tmn_code),
                config.vnpay_hash_secret.clone(),
            ],
            Provider::Momo => vec![
                code(&config.momo_partner_code),
                config.momo_access_key.clone(),
                config.momo_secret_key.clone(),
            ],
            Provider::Zalopay => vec![
                code(&config.zalopay_app_id),
                config.zalopay_key1.clone(),
                config.zalopay_key2.clone(),
            ],
        };
        self.fields()
            .iter()
            .zip(values)
            .map(|(field, value)| Some((field.name.to_owned(), value?)))
            .collect()
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The gateway environments credentials are kept for.
pub const ENVIRONMENTS: [&str; 2] = ["sandbox", "production"];

/// Checks `fields` against `provider`'s: every one present, no other, each of the right shape.
/// The messages name fields, never values.
pub fn validate(provider: Provider, fields: &SecretMap) -> ApiResult<()> {
    let expected = provider.field_names();
    if let Some(unknown) = fields.keys().find(|k| !expected.contains(&k.as_str())) {
        return Err(ApiError::bad_request(format!(
            "{unknown} is not a {provider} credential; {provider} takes {}",
            expected.join(", ")
        )));
    }
    for field in provider.fields() {
        let Some(value) = fields.get(field.name) else {
            return Err(ApiError::bad_request(format!(
                "{} is required for {provider} (it takes {})",
                field.name,
                expected.join(", ")
            )));
        };
        let value = value.expose();
        let problem = match field.shape {
            Shape::Code if value.is_empty() || value.len() > 64 => Some("1 to 64 characters"),
            Shape::Code
                if !value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) =>
            {
                Some("letters, digits, '-', '_' or '.'")
            }
            Shape::Digits if value.is_empty() || value.len() > 18 => Some("1 to 18 digits"),
            Shape::Digits if !value.chars().all(|c| c.is_ascii_digit()) => Some("digits only"),
            Shape::Key if value.len() < 8 || value.len() > 512 => Some("8 to 512 characters"),
            Shape::Key if !value.chars().all(|c| c.is_ascii_graphic()) => {
                Some("printable ASCII without spaces")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(ApiError::bad_request(format!(
                "{provider} {} must be {problem}",
                field.name
            )));
        }
    }
    Ok(())
}

/// Binds a ciphertext to its row: moved to another provider or environment it no longer opens.
fn aad(provider: &str, environment: &str) -> Vec<u8> {
    format!("cho/payment-credentials/{provider}/{environment}").into_bytes()
}

fn cache_key(provider: Provider, environment: &str) -> String {
    format!("{provider}/{environment}")
}

fn seal(keys: &Keyring, provider: Provider, environment: &str, fields: &SecretMap) -> String {
    let plain: BTreeMap<&str, &str> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.expose()))
        .collect();
    let plaintext = serde_json::to_vec(&plain).expect("a map of strings serialises");
    keys.encrypt(&plaintext, &aad(provider.as_str(), environment))
}

fn open(keys: &Keyring, row: &Row) -> Result<SecretMap, CryptoError> {
    let plaintext = keys.decrypt(&row.ciphertext, &aad(&row.provider, &row.environment))?;
    let plain: BTreeMap<String, String> =
        serde_json::from_slice(&plaintext).map_err(|_| CryptoError::Malformed)?;
    Ok(plain
        .into_iter()
        .map(|(k, v)| (k, Secret::new(v)))
        .collect())
}

#[derive(sqlx::FromRow)]
struct Row {
    provider: String,
    environment: String,
    ciphertext: String,
    key_id: String,
    updated_by: Option<Uuid>,
    updated_at: DateTime<Utc>,
}

const ROW_COLUMNS: &str =
    "provider, environment, ciphertext, key_id, updated_by, updated_at FROM payment_credentials";

async fn stored_row(
    conn: impl Into<Conn<'_>>,
    provider: Provider,
    environment: &str,
) -> Result<Option<Row>, sqlx::Error> {
    let sql = format!("SELECT {ROW_COLUMNS} WHERE provider = $1 AND environment = $2");
    conn.into()
        .query(&sql)
        .bind(provider.as_str())
        .bind(environment)
        .fetch_optional()
        .await
}

/// The stored credentials of `provider` for `environment`, opened; cached for a few seconds.
/// Read through `conn`: a caller holding a transaction passes it, so that the transaction
/// never waits for a second connection from the pool.
pub async fn stored(
    state: &AppState,
    conn: impl Into<Conn<'_>>,
    provider: Provider,
    environment: &str,
) -> anyhow::Result<Option<SecretMap>> {
    let key = cache_key(provider, environment);
    if let Some(cached) = state.secrets.get(&key).await {
        return Ok(cached.map(|c| (*c).clone()));
    }
    let row = stored_row(conn, provider, environment).await?;
    let opened = match row {
        Some(row) => Some(open(&state.keys.encryption, &row).map_err(|e| {
            anyhow::anyhow!(
                "the stored {provider} credentials for {environment} cannot be read: {e}"
            )
        })?),
        None => None,
    };
    state
        .secrets
        .insert(key, opened.clone().map(Arc::new))
        .await;
    Ok(opened)
}

/// The credentials in force for `provider` (`VNPAY`, `MOMO`, `ZALOPAY`) in the configured
/// gateway environment (`CHO_PAYMENT_ENVIRONMENT`): the stored ones, else the `CHO_*`
/// settings', else `None`. Keys are the field names (`tmnCode`, `hashSecret`, …).
/// Errors when stored credentials exist but no key of this process opens them. Read
/// through `conn` (the read pool, or the caller's transaction).
pub async fn load(
    state: &AppState,
    conn: impl Into<Conn<'_>>,
    provider: &str,
) -> anyhow::Result<Option<SecretMap>> {
    let provider = Provider::parse(provider)
        .ok_or_else(|| anyhow::anyhow!("no credentials are kept for provider {provider}"))?;
    let environment = PaymentSettings::of(state).payment_environment.as_str();
    if let Some(fields) = stored(state, conn, provider, environment).await? {
        return Ok(Some(fields));
    }
    Ok(provider.configured(PaymentSettings::of(state)))
}

/// Where the credentials in force come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Set through the admin API, stored encrypted.
    Stored,
    /// From `CHO_*` settings.
    Environment,
    /// Not configured.
    None,
}

/// What may be shown about a provider's credentials: never a secret value.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialStatus {
    #[schema(example = "VNPAY")]
    pub provider: String,
    #[schema(example = "sandbox")]
    pub environment: String,
    pub source: Source,
    /// The fields the provider takes.
    #[schema(example = json!(["tmnCode", "hashSecret"]))]
    pub fields: Vec<String>,
    /// The merchant's id at the gateway (tmnCode, partnerCode or appId), which is not secret.
    pub merchant_id: Option<String>,
    /// False when stored credentials are sealed under a key this process does not hold.
    pub readable: bool,
    /// The key sealing stored credentials.
    pub key_id: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<Uuid>,
}

fn status_of(
    keys: &Keyring,
    config: &PaymentSettings,
    provider: Provider,
    environment: &str,
    row: Option<&Row>,
) -> CredentialStatus {
    let mut status = CredentialStatus {
        provider: provider.as_str().into(),
        environment: environment.into(),
        source: Source::None,
        fields: provider
            .field_names()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        merchant_id: None,
        readable: false,
        key_id: None,
        updated_at: None,
        updated_by: None,
    };
    let id_of = |fields: &SecretMap| {
        fields
            .get(provider.id_field())
            .map(|v| v.expose().to_owned())
    };
    if let Some(row) = row {
        let opened = open(keys, row).ok();
        status.source = Source::Stored;
        status.readable = opened.is_some();
        status.merchant_id = opened.as_ref().and_then(id_of);
        status.key_id = Some(row.key_id.clone());
        status.updated_at = Some(row.updated_at);
        status.updated_by = row.updated_by;
    } else if environment == config.payment_environment {
        if let Some(fields) = provider.configured(config) {
            status.source = Source::Environment;
            status.readable = true;
            status.merchant_id = id_of(&fields);
        }
    }
    status
}

/// The status of every provider's credentials for `environment`.
pub async fn statuses(state: &AppState, environment: &str) -> ApiResult<Vec<CredentialStatus>> {
    let sql = format!("SELECT {ROW_COLUMNS} WHERE environment = $1");
    let rows: Vec<Row> = state.db.query(&sql).bind(environment).fetch_all().await?;
    Ok(PROVIDERS
        .into_iter()
        .map(|provider| {
            let row = rows.iter().find(|r| r.provider == provider.as_str());
            status_of(
                &state.keys.encryption,
                PaymentSettings::of(state),
                provider,
                environment,
                row,
            )
        })
        .collect())
}

/// Stores (or replaces) `provider`'s credentials for `environment`, sealed under the current
/// key, and audit-logs which fields changed.
pub async fn set(
    state: &AppState,
    provider: Provider,
    environment: &str,
    fields: SecretMap,
    actor: UserId,
    client: &ClientInfo,
) -> ApiResult<CredentialStatus> {
    validate(provider, &fields)?;
    let keys = &state.keys.encryption;
    let ciphertext = seal(keys, provider, environment, &fields);
    let now = now();
    let mut tx = state.db.begin().await?;
    let sql = format!("SELECT {ROW_COLUMNS} WHERE provider = $1 AND environment = $2");
    let old: Option<Row> = tx
        .query(&sql)
        .bind(provider.as_str())
        .bind(environment)
        .fetch_optional()
        .await?;
    // Which fields differ from the stored ones; all of them when there were none, or
    // when the old ones cannot be opened.
    let previous = old.as_ref().and_then(|row| open(keys, row).ok());
    let changed: Vec<&str> = provider
        .field_names()
        .into_iter()
        .filter(|name| {
            previous
                .as_ref()
                .and_then(|p| p.get(*name))
                .map(Secret::expose)
                != fields.get(*name).map(Secret::expose)
        })
        .collect();
    tx.query(
        "INSERT INTO payment_credentials (provider, environment, ciphertext, key_id, updated_by,
         created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (provider, environment) DO UPDATE SET ciphertext = excluded.ciphertext,
         key_id = excluded.key_id, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at",
    )
    .bind(provider.as_str())
    .bind(environment)
    .bind(&ciphertext)
    .bind(keys.current_key_id())
    .bind(actor)
    .bind(now)
    .execute()
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor_id: Some(actor),
            action: if old.is_some() {
                "payment_credentials.replace"
            } else {
                "payment_credentials.set"
            },
            entity_type: "payment_credentials",
            entity_id: format!("{provider}/{environment}"),
            old_values: old
                .as_ref()
                .map(|row| json!({"keyId": row.key_id, "updatedAt": row.updated_at})),
            new_values: Some(json!({
                "provider": provider.as_str(),
                "environment": environment,
                "changedFields": changed,
                "keyId": keys.current_key_id(),
            })),
        },
        client,
    )
    .await?;
    tx.commit().await?;
    state
        .secrets
        .invalidate(&cache_key(provider, environment))
        .await;
    tracing::info!(%provider, environment, changed_fields = ?changed, "payment credentials set");
    let row = Row {
        provider: provider.as_str().into(),
        environment: environment.into(),
        ciphertext,
        key_id: keys.current_key_id().into(),
        updated_by: Some(actor.0),
        updated_at: now,
    };
    Ok(status_of(
        keys,
        PaymentSettings::of(state),
        provider,
        environment,
        Some(&row),
    ))
}

/// Deletes `provider`'s stored credentials for `environment` (the `CHO_*` settings, if any,
/// apply again). False when there were none.
pub async fn delete(
    state: &AppState,
    provider: Provider,
    environment: &str,
    actor: UserId,
    client: &ClientInfo,
) -> ApiResult<bool> {
    let mut tx = state.db.begin().await?;
    let deleted: Option<String> = tx
        .query(
            "DELETE
             FROM payment_credentials
             WHERE provider = $1 AND environment = $2
             RETURNING key_id",
        )
        .bind(provider.as_str())
        .bind(environment)
        .scalar_optional()
        .await?;
    let Some(key_id) = deleted else {
        return Ok(false);
    };
    audit::record(
        &mut tx,
        audit::Entry {
            actor_id: Some(actor),
            action: "payment_credentials.delete",
            entity_type: "payment_credentials",
            entity_id: format!("{provider}/{environment}"),
            old_values: Some(json!({"keyId": key_id})),
            new_values: None,
        },
        client,
    )
    .await?;
    tx.commit().await?;
    state
        .secrets
        .invalidate(&cache_key(provider, environment))
        .await;
    tracing::info!(%provider, environment, "payment credentials deleted");
    Ok(true)
}

/// What [`rotate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotateReport {
    /// Rows re-sealed under the current key.
    pub reencrypted: usize,
    /// Rows already under the current key (including ones a concurrent write re-sealed).
    pub already_current: usize,
    /// Rows no key of the keyring opens, as `(provider, environment, reason)`; left as they are.
    pub failed: Vec<(String, String, String)>,
}

/// Re-seals every stored credential under `keys`' current key, one row at a time.
///
/// Safe while the service runs: each row is replaced with `UPDATE … WHERE ciphertext = <the
/// one read>`, so a concurrent admin write (already under the current key, or under an old
/// one from a process not yet restarted, which is then re-read and re-sealed) is never
/// overwritten with stale values. Readers holding a previous key keep working throughout.
pub async fn rotate(db: &Db, keys: &Keyring) -> anyhow::Result<RotateReport> {
    let sql = format!("SELECT {ROW_COLUMNS} ORDER BY provider, environment");
    let rows: Vec<Row> = db.query(&sql).fetch_all().await?;
    let current = keys.current_key_id();
    let mut report = RotateReport::default();
    for mut row in rows {
        // A row changed under us is read again; a handful of rounds settles any real race.
        let mut attempts = 0;
        loop {
            if key_id_of(&row.ciphertext) == Some(current) {
                report.already_current += 1;
                break;
            }
            let aad = aad(&row.provider, &row.environment);
            let plaintext = match keys.decrypt(&row.ciphertext, &aad) {
                Ok(plaintext) => plaintext,
                Err(e) => {
                    report.failed.push((
                        row.provider.clone(),
                        row.environment.clone(),
                        e.to_string(),
                    ));
                    break;
                }
            };
            let resealed = keys.encrypt(&plaintext, &aad);
            let mut tx = db.begin().await?;
            let updated = tx
                .query(
                    "UPDATE payment_credentials
                     SET ciphertext = $1, key_id = $2
                     WHERE provider = $3 AND environment = $4 AND ciphertext = $5",
                )
                .bind(&resealed)
                .bind(current)
                .bind(&row.provider)
                .bind(&row.environment)
                .bind(&row.ciphertext)
                .execute()
                .await?;
            tx.commit().await?;
            if updated == 1 {
                report.reencrypted += 1;
                break;
            }
            attempts += 1;
            let Some(provider) = Provider::parse(&row.provider) else {
                break;
            };
            match stored_row(db, provider, &row.environment).await? {
                // Deleted meanwhile: nothing to re-seal.
                None => break,
                Some(_) if attempts >= 5 => anyhow::bail!(
                    "the {} credentials for {} kept changing while being re-encrypted; run again",
                    row.provider,
                    row.environment
                ),
                Some(fresh) => row = fresh,
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> SecretMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Secret::new(*v)))
            .collect()
    }

    #[test]
    fn providers_parse_in_any_case() {
        assert_eq!(Provider::parse("vnpay"), Some(Provider::Vnpay));
        assert_eq!(Provider::parse("ZaloPay"), Some(Provider::Zalopay));
        assert_eq!(Provider::parse("paypal"), None);
    }

    #[test]
    fn validation_names_fields_never_values() {
        let ok = fields(&[("tmnCode", "CHOSHOP1"), ("hashSecret", "ABCDEFGHIJKLMNOP")]);
        assert!(validate(Provider::Vnpay, &ok).is_ok());
        let cases = [
            (fields(&[("tmnCode", "CHOSHOP1")]), "hashSecret is required"),
            (
                fields(&[("tmnCode", "CHO SHOP"), ("hashSecret", "ABCDEFGHIJKLMNOP")]),
                "tmnCode must be letters",
            ),
            (
                fields(&[("tmnCode", "CHOSHOP1"), ("hashSecret", "short")]),
                "hashSecret must be 8 to 512",
            ),
            (
                fields(&[
                    ("tmnCode", "CHOSHOP1"),
                    ("hashSecret", "ABCDEFGHIJKLMNOP"),
                    ("key1", "ABCDEFGHIJKLMNOP"),
                ]),
                "key1 is not a VNPAY credential",
            ),
        ];
        for (input, expected) in cases {
            let message = validate(Provider::Vnpay, &input).unwrap_err().to_string();
            assert!(message.contains(expected), "{message}");
            assert!(!message.contains("ABCDEFGHIJKLMNOP") && !message.contains("short"));
        }
        let zalopay = fields(&[
            ("appId", "25x3"),
            ("key1", "k1k1k1k1k1"),
            ("key2", "k2k2k2k2k2"),
        ]);
        assert!(validate(Provider::Zalopay, &zalopay)
            .unwrap_err()
            .to_string()
            .contains("appId must be digits only"));
    }

    #[test]
    fn config_bootstraps_only_complete_credentials() {
        let mut config = PaymentSettings {
            momo_partner_code: Some("MOMOBKUN20180529".into()),
            momo_access_key: Some(Secret::new("klm05TvNBzhg7h7j")),
            ..PaymentSettings::default()
        };
        assert!(Provider::Momo.configured(&config).is_none());
        config.momo_secret_key = Some(Secret::new("at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa"));
        let fields = Provider::Momo.configured(&config).unwrap();
        assert_eq!(fields["partnerCode"].expose(), "MOMOBKUN20180529");
        assert_eq!(format!("{fields:?}").matches("<redacted>").count(), 3);
    }

    #[test]
    fn sealed_credentials_open_only_in_their_row() {
        let keys = Keyring::new(&[7; 32], &[]);
        let creds = fields(&[("tmnCode", "CHOSHOP1"), ("hashSecret", "SECRETSECRET")]);
        let ciphertext = seal(&keys, Provider::Vnpay, "sandbox", &creds);
        assert!(!ciphertext.contains("SECRETSECRET") && !ciphertext.contains("CHOSHOP1"));
        let mut row = Row {
            provider: "VNPAY".into(),
            environment: "sandbox".into(),
            ciphertext,
            key_id: keys.current_key_id().into(),
            updated_by: None,
            updated_at: Utc::now(),
        };
        assert_eq!(open(&keys, &row).unwrap(), creds);
        row.environment = "production".into();
        assert_eq!(open(&keys, &row), Err(CryptoError::Tampered));
    }
}
