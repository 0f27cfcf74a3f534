//! Passwords: a length policy and argon2id hashing (the crate's defaults follow the OWASP
//! recommendation: 19 MiB, 2 iterations, 1 lane).

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use crate::ValidationError;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_BYTES: usize = 256;

/// A password that meets the policy. Not `Debug`-printable, so it cannot leak into logs.
pub struct Password(String);

impl Password {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        if value.chars().count() < MIN_PASSWORD_CHARS || value.len() > MAX_PASSWORD_BYTES {
            return Err(ValidationError::new(
                "password",
                format!("must be at least {MIN_PASSWORD_CHARS} characters and at most {MAX_PASSWORD_BYTES} bytes"),
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// An argon2id PHC string with a fresh salt.
    pub fn hash(&self) -> String {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
            // Hashing only fails for out-of-range parameters, and ours are the defaults.
            .unwrap_or_default()
    }
}

/// Checks `candidate` against a stored PHC string; a malformed hash never verifies.
pub fn verify_password(candidate: &str, stored_hash: &str) -> bool {
    match PasswordHash::new(stored_hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, to verify against when the user does not exist, so a failed
/// login takes the same time whether or not the email is known.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| Password(crate::credentials::random_token(16)).hash())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = password.hash();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("anything", "not-a-hash"));
    }

    #[test]
    fn policy() {
        assert_eq!(
            Password::parse("short").err().map(|e| e.field),
            Some("password")
        );
        assert!(Password::parse(&"x".repeat(257)).is_err());
    }
}
