//! Access tokens: short-lived HS256 JWTs naming the user, tenant, role and login session.

use fleet_core::{clock::Millis, roles::Role};
use jsonwebtoken::{
    decode, encode, errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};

use crate::IdentityError;

const ISSUER: &str = "wecom-fleet";

/// The claims of an access token. `sid` names the login session, so revoking the session
/// (logout, refresh-token reuse, password change) ends the access token too.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    pub sub: String,
    pub tid: Option<String>,
    pub role: String,
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

/// Signs and checks access tokens with a secret every replica shares (HS256).
#[derive(Clone)]
pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl_secs: i64,
}

impl TokenIssuer {
    pub fn new(secret: &[u8], access_ttl_secs: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl_secs,
        }
    }

    pub fn access_ttl_secs(&self) -> i64 {
        self.access_ttl_secs
    }

    pub fn issue(
        &self,
        user_id: &str,
        tenant_id: Option<&str>,
        role: Role,
        session_id: &str,
        now_ms: Millis,
    ) -> Result<String, IdentityError> {
        let iat = now_ms / 1000;
        let claims = AccessClaims {
            sub: user_id.to_owned(),
            tid: tenant_id.map(str::to_owned),
            role: role.as_str().to_owned(),
            sid: session_id.to_owned(),
            iat,
            exp: iat + self.access_ttl_secs,
            iss: ISSUER.to_owned(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(IdentityError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<AccessClaims, IdentityError> {
        decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|err| match err.kind() {
                ErrorKind::ExpiredSignature => IdentityError::TokenExpired,
                _ => IdentityError::InvalidToken,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_and_verifies() {
        let issuer = TokenIssuer::new(b"0123456789abcdef0123456789abcdef", 7200);
        let now = fleet_core::clock::now_ms();
        let token = issuer
            .issue("u1", Some("t1"), Role::Operator, "s1", now)
            .unwrap();
        let claims = issuer.verify(&token).unwrap();
        assert_eq!(
            (
                claims.sub.as_str(),
                claims.tid.as_deref(),
                claims.sid.as_str()
            ),
            ("u1", Some("t1"), "s1")
        );
        assert_eq!(claims.exp - claims.iat, 7200);
    }

    #[test]
    fn rejects_other_secrets_and_expired_tokens() {
        let issuer = TokenIssuer::new(b"0123456789abcdef0123456789abcdef", 7200);
        let other = TokenIssuer::new(b"ffffffffffffffffffffffffffffffff", 7200);
        let now = fleet_core::clock::now_ms();
        let token = other
            .issue("u1", None, Role::PlatformAdmin, "s1", now)
            .unwrap();
        assert!(matches!(
            issuer.verify(&token),
            Err(IdentityError::InvalidToken)
        ));
        let old = issuer
            .issue("u1", None, Role::PlatformAdmin, "s1", now - 3 * 3_600_000)
            .unwrap();
        assert!(matches!(
            issuer.verify(&old),
            Err(IdentityError::TokenExpired)
        ));
    }
}
