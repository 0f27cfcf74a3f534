//! Resolving a bearer credential — an access token from sign-in or an API key — into who is
//! calling. Checked against the database on every request, so that a sign-out, a revoked key
//! or a suspended tenant takes effect at once, on every replica.

use fleet_core::{
    audit::Actor,
    clock::now_ms,
    credentials::{looks_like_api_key, secret_digest},
    ids::{ApiKeyId, TenantId, UserId},
    roles::Role,
};
use fleet_store::{api_keys, sessions, Scope};

use crate::{
    standing::check_standing,
    stored::{parse_id, parse_role},
    IdentityError, IdentityService,
};

/// How often an API key's `last_used_at` is written at most: a write per request would turn
/// every read into a write.
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

/// A caller whose credential checked out just now.
#[derive(Debug, Clone)]
pub struct Identity {
    pub actor: Actor,
    pub role: Role,
    /// `None` for platform admins.
    pub tenant_id: Option<TenantId>,
    /// The login session behind an access token; `None` for API keys.
    pub session_id: Option<String>,
}

impl IdentityService {
    /// Who presents `bearer`, an access token or an API key.
    pub async fn authenticate(&self, bearer: &str) -> Result<Identity, IdentityError> {
        if looks_like_api_key(bearer) {
            self.by_api_key(bearer).await
        } else {
            self.by_access_token(bearer).await
        }
    }

    async fn by_access_token(&self, token: &str) -> Result<Identity, IdentityError> {
        let claims = self.tokens.verify(token)?;
        let mut tx = self.db.read(Scope::Platform).await?;
        let session = sessions::auth(&mut tx, &claims.sid).await?;
        drop(tx);
        let session = session
            .filter(|s| s.user_id == claims.sub)
            .ok_or(IdentityError::UnknownSession)?;
        if session.revoked_at.is_some() {
            return Err(IdentityError::SessionRevoked);
        }
        check_standing(&session.user_status, session.tenant_status.as_deref())?;
        Ok(Identity {
            actor: Actor::User(parse_id::<UserId>(&session.user_id)?),
            role: parse_role(&session.role)?,
            tenant_id: session
                .tenant_id
                .as_deref()
                .map(parse_id::<TenantId>)
                .transpose()?,
            session_id: Some(session.session_id),
        })
    }

    async fn by_api_key(&self, key: &str) -> Result<Identity, IdentityError> {
        let now = now_ms();
        let mut tx = self.db.read(Scope::Platform).await?;
        let found = api_keys::auth(&mut tx, &secret_digest(key)).await?;
        drop(tx);
        let found = found.ok_or(IdentityError::UnknownApiKey)?;
        if found.revoked_at.is_some() {
            return Err(IdentityError::ApiKeyRevoked);
        }
        if found.expires_at.is_some_and(|at| at <= now) {
            return Err(IdentityError::ApiKeyExpired);
        }
        check_standing("active", Some(&found.tenant_status))?;
        if found
            .last_used_at
            .is_none_or(|at| now - at > LAST_USED_RESOLUTION_MS)
        {
            let mut tx = self.db.begin(Scope::Platform).await?;
            api_keys::touch(&mut tx, &found.id, now).await?;
            tx.commit().await?;
        }
        Ok(Identity {
            actor: Actor::ApiKey(parse_id::<ApiKeyId>(&found.id)?),
            role: parse_role(&found.role)?,
            tenant_id: Some(parse_id::<TenantId>(&found.tenant_id)?),
            session_id: None,
        })
    }
}
