//! The application secret and the keys derived from it.

use std::path::Path;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Config;
use crate::crypto::Keyring;

const SECRET_FILE: &str = "application_secret";
const ENCRYPTION_PURPOSE: &str = "cho/encryption/v1";

/// Keys derived from `CHO_APPLICATION_SECRET`. Every process of one deployment
/// must share that secret (seed 003's `PaymentEncryptionMismatch` outage).
/// During a rotation, `CHO_APPLICATION_SECRET_PREVIOUS` names the secrets being
/// retired: their keys still verify tokens and open stored credentials, but
/// nothing new is signed or sealed with them.
#[derive(Clone)]
pub struct Keys {
    /// Signs access tokens.
    pub jwt: Vec<u8>,
    /// Still accepted when verifying access tokens, from the previous secrets.
    pub jwt_previous: Vec<Vec<u8>>,
    /// Signs the built-in simulators' traffic (sandbox mode) when no real credentials are set.
    pub sandbox: Vec<u8>,
    /// Seals secrets stored in the database (third parties' credentials).
    pub encryption: Keyring,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

impl Keys {
    pub fn from_secret(secret: &str) -> Self {
        Self::from_secrets(secret, &[])
    }

    /// Keys from the current secret, also accepting what `previous` secrets signed or sealed.
    pub fn from_secrets(secret: &str, previous: &[&str]) -> Self {
        let previous: Vec<&str> = previous.iter().copied().filter(|p| *p != secret).collect();
        Self {
            jwt: derive(secret, "cho/jwt/v1"),
            jwt_previous: previous.iter().map(|p| derive(p, "cho/jwt/v1")).collect(),
            sandbox: derive(secret, "cho/sandbox/v1"),
            encryption: Keyring::new(
                &derive(secret, ENCRYPTION_PURPOSE),
                &previous
                    .iter()
                    .map(|p| derive(p, ENCRYPTION_PURPOSE))
                    .collect::<Vec<_>>(),
            ),
        }
    }

    /// Uses the configured secret, or in embedded mode one generated into the data dir,
    /// plus the previous secrets of `CHO_APPLICATION_SECRET_PREVIOUS`.
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        let previous = config.previous_application_secrets();
        for (n, secret) in previous.iter().enumerate() {
            anyhow::ensure!(
                secret.len() >= 32,
                "secret {} of CHO_APPLICATION_SECRET_PREVIOUS is shorter than 32 characters",
                n + 1
            );
        }
        if let Some(secret) = &config.application_secret {
            let secret = secret.expose();
            anyhow::ensure!(
                secret.len() >= 32,
                "CHO_APPLICATION_SECRET must be at least 32 characters"
            );
            return Ok(Self::from_secrets(secret, &previous));
        }
        anyhow::ensure!(
            !config.is_postgres(),
            "CHO_APPLICATION_SECRET must be set when running on PostgreSQL: every process must share it"
        );
        Ok(Self::from_secrets(
            &generated_secret(&config.data_dir)?,
            &previous,
        ))
    }
}

fn generated_secret(dir: &Path) -> anyhow::Result<String> {
    let path = dir.join(SECRET_FILE);
    if let Ok(secret) = std::fs::read_to_string(&path) {
        return Ok(secret.trim().to_owned());
    }
    std::fs::create_dir_all(dir)?;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    write_private(&path, &secret)?;
    tracing::info!(path = %path.display(), "generated a new application secret");
    Ok(secret)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

fn derive(secret: &str, purpose: &str) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Hex SHA-256, for storing tokens and request fingerprints without the originals.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(data))
}

/// A random URL-safe token of `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}
