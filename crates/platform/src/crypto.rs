//! Encryption of secrets at rest (third parties' credentials): AES-256-GCM
//! under keys derived from the application secret.
//!
//! A ciphertext is self-describing text, `v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`,
//! with a random 96-bit nonce. The key id (the first 8 hex digits of SHA-256 of
//! the derived key) names the key that sealed it, so a [`Keyring`] holding the
//! current key and the previous ones (`CHO_APPLICATION_SECRET_PREVIOUS`) can
//! open rows written before a rotation, and `cho secrets rotate` can find the
//! rows still sealed under an old key. Associated data binds a ciphertext to
//! its row (e.g. provider and environment): moved to another row it no longer opens.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use rand::RngCore;

use crate::config::Secret;

const VERSION: &str = "v1";
const NONCE_LEN: usize = 12;

/// Why a ciphertext could not be opened. Never carries plaintext or key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("not a ciphertext this version understands")]
    Malformed,
    #[error(
        "sealed under key {0}, which is neither the current nor a previous application secret's"
    )]
    UnknownKey(String),
    #[error("authentication failed: the ciphertext was altered or belongs to another record")]
    Tampered,
}

struct Key {
    id: String,
    cipher: Aes256Gcm,
}

impl Key {
    fn new(bytes: &[u8]) -> Self {
        Key {
            id: key_id(bytes),
            cipher: Aes256Gcm::new_from_slice(bytes).expect("AES-256 keys are 32 bytes"),
        }
    }
}

/// The short public name of a key: the first 8 hex digits of its SHA-256.
fn key_id(bytes: &[u8]) -> String {
    crate::secrets::sha256_hex(bytes)[..8].to_owned()
}

/// AES-256-GCM keys: one current (seals), any number of previous (only open).
#[derive(Clone)]
pub struct Keyring {
    keys: Arc<Vec<Key>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("key_ids", &self.key_ids().collect::<Vec<_>>())
            .finish()
    }
}

impl Keyring {
    /// A keyring from 32-byte keys, the current one first.
    pub fn new(current: &[u8], previous: &[Vec<u8>]) -> Self {
        let mut keys = vec![Key::new(current)];
        for bytes in previous {
            let key = Key::new(bytes);
            if !keys.iter().any(|k| k.id == key.id) {
                keys.push(key);
            }
        }
        Keyring {
            keys: Arc::new(keys),
        }
    }

    /// The id of the key new ciphertexts are sealed with.
    pub fn current_key_id(&self) -> &str {
        &self.keys[0].id
    }

    /// Every key id this keyring can open, the current one first.
    pub fn key_ids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.id.as_str())
    }

    /// Seals `plaintext` under the current key, bound to `aad`.
    pub fn encrypt(&self, plaintext: &[u8], aad: &[u8]) -> String {
        let key = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = key
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("AES-GCM seals any message shorter than 64 GiB");
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        format!(
            "{VERSION}:{}:{}",
            key.id,
            base64::engine::general_purpose::STANDARD.encode(blob)
        )
    }

    /// Opens a ciphertext sealed by [`Keyring::encrypt`] under any key of this keyring.
    pub fn decrypt(&self, ciphertext: &str, aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let (id, blob) = parse(ciphertext)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        let blob = base64::engine::general_purpose::STANDARD
            .decode(blob)
            .map_err(|_| CryptoError::Malformed)?;
        if blob.len() < NONCE_LEN + 16 {
            return Err(CryptoError::Malformed);
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        key.cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad })
            .map_err(|_| CryptoError::Tampered)
    }
}

/// The id of the key that sealed `ciphertext`, read without opening it.
pub fn key_id_of(ciphertext: &str) -> Option<&str> {
    parse(ciphertext).ok().map(|(id, _)| id)
}

fn parse(ciphertext: &str) -> Result<(&str, &str), CryptoError> {
    let mut parts = ciphertext.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(VERSION), Some(id), Some(blob)) if !id.is_empty() => Ok((id, blob)),
        _ => Err(CryptoError::Malformed),
    }
}

/// Opened secrets kept in memory for a short while, so that a busy route (a callback,
/// say) does not read and decrypt its credentials on every request. The writer
/// invalidates its entry; other processes see a change within the time to live.
#[derive(Clone)]
pub struct SecretCache {
    entries: moka::future::Cache<String, Option<Arc<SecretMap>>>,
}

/// Named secrets, e.g. the fields of one set of credentials.
pub type SecretMap = BTreeMap<String, Secret>;

impl SecretCache {
    pub fn new(ttl: Duration) -> Self {
        SecretCache {
            entries: moka::future::Cache::builder()
                .max_capacity(1_000)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// The cached entry for `key` (`Some(None)`: known to be absent), or `None` when not cached.
    pub async fn get(&self, key: &str) -> Option<Option<Arc<SecretMap>>> {
        self.entries.get(key).await
    }

    pub async fn insert(&self, key: String, value: Option<Arc<SecretMap>>) {
        self.entries.insert(key, value).await;
    }

    pub async fn invalidate(&self, key: &str) {
        self.entries.invalidate(key).await;
    }
}

impl Default for SecretCache {
    fn default() -> Self {
        SecretCache::new(Duration::from_secs(5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> Vec<u8> {
        vec![byte; 32]
    }

    #[test]
    fn round_trip() {
        let ring = Keyring::new(&key(1), &[]);
        let sealed = ring.encrypt(b"hash-secret", b"VNPAY/sandbox");
        assert_eq!(
            ring.decrypt(&sealed, b"VNPAY/sandbox").unwrap(),
            b"hash-secret"
        );
        assert!(!sealed.contains("hash-secret"));
        // A fresh nonce every time.
        assert_ne!(sealed, ring.encrypt(b"hash-secret", b"VNPAY/sandbox"));
    }

    #[test]
    fn key_id_is_visible() {
        let ring = Keyring::new(&key(1), &[]);
        let sealed = ring.encrypt(b"x", b"");
        assert_eq!(key_id_of(&sealed), Some(ring.current_key_id()));
        assert_eq!(ring.current_key_id().len(), 8);
        assert!(sealed.starts_with(&format!("v1:{}:", ring.current_key_id())));
        assert_ne!(
            Keyring::new(&key(2), &[]).current_key_id(),
            ring.current_key_id()
        );
    }

    #[test]
    fn wrong_key_fails() {
        let sealed = Keyring::new(&key(1), &[]).encrypt(b"secret", b"aad");
        let other = Keyring::new(&key(2), &[]);
        assert!(matches!(
            other.decrypt(&sealed, b"aad"),
            Err(CryptoError::UnknownKey(_))
        ));
        // Even when the key id is forged to match, the tag does not.
        let forged = sealed.replacen(key_id_of(&sealed).unwrap(), other.current_key_id(), 1);
        assert_eq!(other.decrypt(&forged, b"aad"), Err(CryptoError::Tampered));
    }

    #[test]
    fn tampering_fails() {
        let ring = Keyring::new(&key(1), &[]);
        let sealed = ring.encrypt(b"secret", b"MOMO/sandbox");
        // Moved to another row.
        assert_eq!(
            ring.decrypt(&sealed, b"MOMO/production"),
            Err(CryptoError::Tampered)
        );
        // One bit of the body flipped.
        let (head, body) = sealed.rsplit_once(':').unwrap();
        let mut blob = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        let last = blob.len() - 1;
        blob[last] ^= 1;
        let flipped = format!(
            "{head}:{}",
            base64::engine::general_purpose::STANDARD.encode(blob)
        );
        assert_eq!(
            ring.decrypt(&flipped, b"MOMO/sandbox"),
            Err(CryptoError::Tampered)
        );
        assert_eq!(
            ring.decrypt("not a ciphertext", b""),
            Err(CryptoError::Malformed)
        );
        assert_eq!(
            ring.decrypt(&format!("v1:{}:AAAA", ring.current_key_id()), b""),
            Err(CryptoError::Malformed)
        );
    }

    #[test]
    fn previous_keys_open_but_do_not_seal() {
        let old = Keyring::new(&key(1), &[]);
        let sealed = old.encrypt(b"secret", b"aad");
        let rotated = Keyring::new(&key(2), &[key(1)]);
        assert_eq!(rotated.decrypt(&sealed, b"aad").unwrap(), b"secret");
        let resealed = rotated.encrypt(b"secret", b"aad");
        assert_eq!(key_id_of(&resealed), Some(rotated.current_key_id()));
        assert!(old.decrypt(&resealed, b"aad").is_err());
        assert_eq!(
            rotated.key_ids().collect::<Vec<_>>(),
            vec![rotated.current_key_id(), old.current_key_id()]
        );
    }
}
