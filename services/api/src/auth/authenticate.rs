use std::{str::FromStr, sync::Arc};

use fleet_core::{
    audit::Actor,
    clock::now_ms,
    credentials::{looks_like_api_key, secret_digest},
    ids::{ApiKeyId, TenantId, UserId},
    roles::Role,
};
use fleet_store::{api_keys, sessions, Scope};
use poem::Request;
use poem_openapi::{auth::Bearer, SecurityScheme};

use super::Principal;
use crate::{
    error::{ApiError, ErrorCode},
    state::AppState,
};

/// `Authorization: Bearer <access token or API key>`.
#[derive(SecurityScheme)]
#[oai(
    ty = "bearer",
    bearer_format = "JWT or API key",
    checker = "authenticate"
)]
pub struct BearerAuth(pub Principal);

/// How often an API key's `last_used_at` is written at most: a write per request would turn
/// every read into a write.
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

async fn authenticate(req: &Request, bearer: Bearer) -> poem::Result<Principal> {
    let state = req
        .data::<Arc<AppState>>()
        .ok_or_else(|| ApiError::internal("AppState missing from request data"))?;
    let ip = crate::client_ip(req);
    let principal = if looks_like_api_key(&bearer.token) {
        from_api_key(state, &bearer.token, ip).await?
    } else {
        from_access_token(state, &bearer.token, ip).await?
    };
    state.limiter.check(&principal.rate_limit_key()).await?;
    crate::http_metrics::note_tenant(principal.tenant_id.map(|t| t.to_string()));
    Ok(principal)
}

async fn from_access_token(
    state: &AppState,
    token: &str,
    ip: Option<String>,
) -> Result<Principal, ApiError> {
    let claims = state.tokens.verify(token)?;
    let mut tx = state.db.read(Scope::Platform).await?;
    let session = sessions::auth(&mut tx, &claims.sid).await?;
    drop(tx);
    let session = session.filter(|s| s.user_id == claims.sub).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidToken,
            "the session of this token does not exist",
        )
    })?;
    if session.revoked_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::SessionRevoked,
            "this session has ended; sign in again",
        ));
    }
    check_standing(&session.user_status, session.tenant_status.as_deref())?;
    Ok(Principal {
        actor: Actor::User(parse_id::<UserId>(&session.user_id)?),
        role: parse_role(&session.role)?,
        tenant_id: session
            .tenant_id
            .as_deref()
            .map(parse_id::<TenantId>)
            .transpose()?,
        session_id: Some(session.session_id),
        ip,
    })
}

async fn from_api_key(
    state: &AppState,
    key: &str,
    ip: Option<String>,
) -> Result<Principal, ApiError> {
    let now = now_ms();
    let mut tx = state.db.read(Scope::Platform).await?;
    let found = api_keys::auth(&mut tx, &secret_digest(key)).await?;
    drop(tx);
    let found = found.ok_or_else(|| ApiError::new(ErrorCode::InvalidToken, "unknown API key"))?;
    if found.revoked_at.is_some() {
        return Err(ApiError::new(
            ErrorCode::ApiKeyRevoked,
            "this API key has been revoked",
        ));
    }
    if found.expires_at.is_some_and(|at| at <= now) {
        return Err(ApiError::new(
            ErrorCode::ApiKeyExpired,
            "this API key has expired",
        ));
    }
    check_standing("active", Some(&found.tenant_status))?;
    if found
        .last_used_at
        .is_none_or(|at| now - at > LAST_USED_RESOLUTION_MS)
    {
        let mut tx = state.db.begin(Scope::Platform).await?;
        api_keys::touch(&mut tx, &found.id, now).await?;
        tx.commit().await?;
    }
    Ok(Principal {
        actor: Actor::ApiKey(parse_id::<ApiKeyId>(&found.id)?),
        role: parse_role(&found.role)?,
        tenant_id: Some(parse_id::<TenantId>(&found.tenant_id)?),
        session_id: None,
        ip,
    })
}

/// A disabled user or a tenant that is not active gets 403 whatever the credential.
pub(crate) fn check_standing(
    user_status: &str,
    tenant_status: Option<&str>,
) -> Result<(), ApiError> {
    if user_status != fleet_store::users::STATUS_ACTIVE {
        return Err(ApiError::new(
            ErrorCode::UserDisabled,
            "this user is disabled",
        ));
    }
    match tenant_status {
        None | Some("active") => Ok(()),
        Some("suspended") => Err(ApiError::new(
            ErrorCode::TenantSuspended,
            "this tenant is suspended",
        )),
        Some(_) => Err(ApiError::new(
            ErrorCode::TenantDeleted,
            "this tenant has been deleted",
        )),
    }
}

pub(crate) fn parse_role(text: &str) -> Result<Role, ApiError> {
    Role::from_str(text).map_err(ApiError::internal)
}

pub(crate) fn parse_id<T: FromStr>(text: &str) -> Result<T, ApiError> {
    text.parse()
        .map_err(|_| ApiError::internal(format!("stored id `{text}` is not a UUID")))
}
