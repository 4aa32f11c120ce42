//! The application secret and the keys derived from it.

use std::path::Path;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Config;

const SECRET_FILE: &str = "application_secret";

/// Keys derived from `CHO_APPLICATION_SECRET`. Every process of one deployment
/// must share that secret (seed 003's `PaymentEncryptionMismatch` outage).
#[derive(Clone)]
pub struct Keys {
    pub jwt: Vec<u8>,
    /// Signs the built-in gateway simulators' traffic when no real credentials are set.
    pub sandbox: Vec<u8>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

impl Keys {
    pub fn from_secret(secret: &str) -> Self {
        Self {
            jwt: derive(secret, "cho/jwt/v1"),
            sandbox: derive(secret, "cho/sandbox/v1"),
        }
    }

    /// Uses the configured secret, or in embedded mode one generated into the data dir.
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        if let Some(secret) = &config.application_secret {
            let secret = secret.expose();
            anyhow::ensure!(
                secret.len() >= 32,
                "CHO_APPLICATION_SECRET must be at least 32 characters"
            );
            return Ok(Self::from_secret(secret));
        }
        anyhow::ensure!(
            !config.is_postgres(),
            "CHO_APPLICATION_SECRET must be set when running on PostgreSQL: every process must share it"
        );
        Ok(Self::from_secret(&generated_secret(&config.data_dir)?))
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
