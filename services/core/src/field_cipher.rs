//! Encryption of sensitive fields at rest (phone numbers, connector and webhook secrets, SMTP
//! passwords): AES-256-GCM with a random 96-bit nonce. The ciphertext names the key that sealed
//! it, so keys can rotate: new writes use the active key, old rows stay readable while their key
//! is still in the keyring, and `admin rotate-key` re-seals them under the active one.
//!
//! Stored form: `enc:v1:<key id>:<base64(nonce || ciphertext+tag)>`. The caller passes a context
//! string (table, column, row id) that is bound as associated data, so a ciphertext copied to
//! another row or column does not decrypt.

use std::{collections::BTreeMap, fmt};

use aes_gcm::{
    aead::{Aead, KeyInit, Payload},
    Aes256Gcm, Nonce,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::RngCore;

const PREFIX: &str = "enc:v1:";
const NONCE_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    #[error("not an encrypted value")]
    Malformed,
    #[error("key `{0}` is not in the keyring")]
    UnknownKey(String),
    #[error("decryption failed (wrong key, wrong context or tampered data)")]
    Integrity,
    #[error("invalid key `{id}`: {reason}")]
    BadKey { id: String, reason: String },
}

/// The set of keys this process knows, and which one seals new values.
#[derive(Clone)]
pub struct Keyring {
    active: String,
    keys: BTreeMap<String, Aes256Gcm>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("active", &self.active)
            .field("key_ids", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Keyring {
    /// Builds a keyring from `(id, base64 of 32 bytes)` pairs.
    pub fn new<'a>(
        active: &str,
        keys: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, CipherError> {
        let mut ring = BTreeMap::new();
        for (id, encoded) in keys {
            let bad = |reason: &str| CipherError::BadKey {
                id: id.to_owned(),
                reason: reason.to_owned(),
            };
            if id.is_empty() || id.contains(':') {
                return Err(bad("key ids must be non-empty and contain no ':'"));
            }
            let bytes = STANDARD
                .decode(encoded.trim())
                .map_err(|_| bad("not base64"))?;
            if bytes.len() != 32 {
                return Err(bad("must decode to exactly 32 bytes"));
            }
            let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| bad("rejected by AES"))?;
            ring.insert(id.to_owned(), cipher);
        }
        if !ring.contains_key(active) {
            return Err(CipherError::UnknownKey(active.to_owned()));
        }
        Ok(Self {
            active: active.to_owned(),
            keys: ring,
        })
    }

    /// A fresh random key, base64-encoded, for configuration.
    pub fn generate_key() -> String {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        STANDARD.encode(key)
    }

    pub fn active_key_id(&self) -> &str {
        &self.active
    }

    pub fn encrypt(&self, plaintext: &str, context: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let Some(cipher) = self.keys.get(&self.active) else {
            // Unreachable: `new` refuses a keyring whose active key is missing.
            return String::new();
        };
        let payload = Payload {
            msg: plaintext.as_bytes(),
            aad: context.as_bytes(),
        };
        // AES-GCM encryption cannot fail for inputs below 64 GiB.
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        format!("{PREFIX}{}:{}", self.active, STANDARD.encode(blob))
    }

    pub fn decrypt(&self, stored: &str, context: &str) -> Result<String, CipherError> {
        let key_id = key_id_of(stored).ok_or(CipherError::Malformed)?;
        let cipher = self
            .keys
            .get(key_id)
            .ok_or_else(|| CipherError::UnknownKey(key_id.to_owned()))?;
        let encoded = &stored[PREFIX.len() + key_id.len() + 1..];
        let blob = STANDARD
            .decode(encoded)
            .map_err(|_| CipherError::Malformed)?;
        if blob.len() < NONCE_LEN {
            return Err(CipherError::Malformed);
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let payload = Payload {
            msg: sealed,
            aad: context.as_bytes(),
        };
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), payload)
            .map_err(|_| CipherError::Integrity)?;
        String::from_utf8(plain).map_err(|_| CipherError::Integrity)
    }

    /// Re-seals `stored` under the active key; `None` when it already uses it.
    pub fn reencrypt(&self, stored: &str, context: &str) -> Result<Option<String>, CipherError> {
        if key_id_of(stored) == Some(self.active.as_str()) {
            return Ok(None);
        }
        let plain = self.decrypt(stored, context)?;
        Ok(Some(self.encrypt(&plain, context)))
    }
}

/// The key id a stored value was sealed with.
pub fn key_id_of(stored: &str) -> Option<&str> {
    let rest = stored.strip_prefix(PREFIX)?;
    let (id, _) = rest.split_once(':')?;
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(active: &str, ids: &[(&str, &str)]) -> Keyring {
        Keyring::new(active, ids.iter().copied()).unwrap()
    }

    #[test]
    fn round_trip_names_the_key() {
        let k1 = Keyring::generate_key();
        let r = ring("k1", &[("k1", &k1)]);
        let sealed = r.encrypt("+86 138 0000 0000", "users.phone:1");
        assert_eq!(key_id_of(&sealed), Some("k1"));
        assert!(!sealed.contains("138"));
        assert_eq!(
            r.decrypt(&sealed, "users.phone:1").unwrap(),
            "+86 138 0000 0000"
        );
    }

    #[test]
    fn context_and_tampering_are_detected() {
        let k1 = Keyring::generate_key();
        let r = ring("k1", &[("k1", &k1)]);
        let sealed = r.encrypt("secret", "users.phone:1");
        assert_eq!(
            r.decrypt(&sealed, "users.phone:2"),
            Err(CipherError::Integrity)
        );
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(r.decrypt(&tampered, "users.phone:1").is_err());
        assert_eq!(r.decrypt("plain", "x"), Err(CipherError::Malformed));
    }

    #[test]
    fn rotation_reseals_under_the_active_key() {
        let (k1, k2) = (Keyring::generate_key(), Keyring::generate_key());
        let old = ring("k1", &[("k1", &k1)]);
        let sealed = old.encrypt("secret", "ctx");
        let both = ring("k2", &[("k1", &k1), ("k2", &k2)]);
        let resealed = both.reencrypt(&sealed, "ctx").unwrap().unwrap();
        assert_eq!(key_id_of(&resealed), Some("k2"));
        assert_eq!(both.reencrypt(&resealed, "ctx").unwrap(), None);
        let only_new = ring("k2", &[("k2", &k2)]);
        assert_eq!(only_new.decrypt(&resealed, "ctx").unwrap(), "secret");
        assert_eq!(
            only_new.decrypt(&sealed, "ctx"),
            Err(CipherError::UnknownKey("k1".into()))
        );
    }

    #[test]
    fn bad_keys_are_refused() {
        assert!(matches!(
            Keyring::new("k1", [("k1", "short")]),
            Err(CipherError::BadKey { .. })
        ));
        let k = Keyring::generate_key();
        assert!(matches!(
            Keyring::new("k9", [("k1", k.as_str())]),
            Err(CipherError::UnknownKey(_))
        ));
    }
}
