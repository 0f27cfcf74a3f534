//! Bearer secrets we hand out (refresh tokens, API keys). They are long random strings, so a
//! fast SHA-256 is the right stored form: there is nothing to brute-force, and lookup by hash
//! stays a single indexed read.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const API_KEY_PREFIX: &str = "wcf_";
pub const REFRESH_TOKEN_PREFIX: &str = "wcfr_";
/// How many leading characters of an API key are kept in clear to help people tell keys apart.
pub const API_KEY_DISPLAY_CHARS: usize = 12;

/// `bytes` random bytes, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

pub fn new_api_key() -> String {
    format!("{API_KEY_PREFIX}{}", random_token(32))
}

pub fn new_refresh_token() -> String {
    format!("{REFRESH_TOKEN_PREFIX}{}", random_token(32))
}

/// The stored form of a bearer secret: lowercase hex SHA-256.
pub fn secret_digest(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The part of an API key shown in lists.
pub fn api_key_display_prefix(key: &str) -> String {
    key.chars().take(API_KEY_DISPLAY_CHARS).collect()
}

pub fn looks_like_api_key(bearer: &str) -> bool {
    bearer.starts_with(API_KEY_PREFIX) && !bearer.starts_with(REFRESH_TOKEN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_recognisable() {
        let a = new_api_key();
        let b = new_api_key();
        assert_ne!(a, b);
        assert!(looks_like_api_key(&a));
        assert!(!looks_like_api_key(&new_refresh_token()));
        assert!(!looks_like_api_key("eyJhbGciOi.jwt.here"));
        assert_eq!(api_key_display_prefix(&a).len(), API_KEY_DISPLAY_CHARS);
    }

    #[test]
    fn digest_is_stable_hex() {
        assert_eq!(
            secret_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
