use std::sync::Arc;

use fleet_core::{
    audit::{Actor, AuditAction},
    clock::now_ms,
    credentials::{new_refresh_token, secret_digest},
    email::Email,
    ids::{SessionId, UserId},
    password::{decoy_hash, verify_password},
    roles::Role,
};
use fleet_store::{
    audit::{self as audit_log, AuditEvent},
    sessions, users, Scope,
};
use poem::{web::Data, Request};
use poem_openapi::{payload::Json, Object, OpenApi};
use serde::Deserialize;
use serde_json::json;

use super::common::{blocking, ApiTags, NoContent};
use crate::{
    auth::{check_standing, parse_id, parse_role, BearerAuth, Principal},
    client_ip,
    error::{ApiError, ApiResult, ErrorCode},
    json_body::JsonBody,
    state::AppState,
};

/// How to present the access token: `Authorization: Bearer <access_token>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum)]
pub enum TokenType {
    Bearer,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct SignedInUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Absent for platform admins.
    pub tenant_id: Option<String>,
}

/// A fresh access token and the refresh token to get the next one.
#[derive(Debug, Object)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single use: each refresh returns a new one. Presenting a spent one ends the session.
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    pub user: SignedInUser,
}

#[derive(Default)]
pub struct AuthApi;

#[OpenApi(prefix_path = "/api/v1/auth", tag = "ApiTags::Auth")]
impl AuthApi {
    /// Sign in with email and password.
    #[oai(path = "/login", method = "post", operation_id = "auth_login")]
    async fn login(
        &self,
        state: Data<&Arc<AppState>>,
        req: &Request,
        body: JsonBody<LoginRequest>,
    ) -> ApiResult<Json<TokenPair>> {
        let ip = client_ip(req);
        state
            .login_limiter
            .check(&format!("login:{}", ip.as_deref().unwrap_or("?")))
            .await?;
        let invalid = || ApiError::new(ErrorCode::InvalidCredentials, "email or password is wrong");
        let email = Email::parse(&body.0.email).map_err(|_| invalid())?;
        // Guesses at one account, from however many addresses, stop being evaluated past the
        // account's limit until its window ends (whether the email exists or not).
        let account_key = format!("login-failures:{}", email.as_str());
        state
            .account_login_limiter
            .refuse_if_over(&account_key)
            .await?;

        let mut tx = state.db.read(Scope::Platform).await?;
        let user = users::find_by_email(&mut tx, email.as_str()).await?;
        drop(tx);

        let stored_hash = user
            .as_ref()
            .map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
        let password = body.0.password;
        let password_ok = blocking(move || verify_password(&password, &stored_hash)).await?;

        let user =
            match user {
                Some(user) if password_ok => user,
                other => {
                    state.account_login_limiter.note(&account_key).await;
                    let mut tx = state.db.begin(Scope::Platform).await?;
                    audit_log::record(&mut tx, AuditEvent {
                    tenant_id: other.as_ref().and_then(|u| u.tenant_id.clone()),
                    actor: &Actor::Anonymous,
                    action: AuditAction::LoginFailed,
                    target: other.as_ref().map(|u| ("user", u.id.clone())),
                    detail: json!({ "email": email.as_str(), "reason": "invalid_credentials" }),
                    ip: ip.as_deref(),
                    request_id: crate::request_id::current(),
                })
                .await?;
                    tx.commit().await?;
                    return Err(invalid());
                }
            };
        check_standing(&user.status, tenant_status(&state, &user).await?.as_deref())?;

        let now = now_ms();
        let session_id = SessionId::new().to_string();
        let refresh_token = new_refresh_token();
        let mut tx = state.db.begin(Scope::Platform).await?;
        sessions::create(
            &mut tx,
            &sessions::NewSession {
                id: &session_id,
                tenant_id: user.tenant_id.as_deref(),
                user_id: &user.id,
                created_at: now,
            },
        )
        .await?;
        sessions::add_refresh_token(
            &mut tx,
            &session_id,
            user.tenant_id.as_deref(),
            &secret_digest(&refresh_token),
            now,
            now + state.settings.refresh_ttl_secs * 1000,
        )
        .await?;
        users::record_login(&mut tx, &user.id, now).await?;
        audit_log::record(
            &mut tx,
            AuditEvent {
                tenant_id: user.tenant_id.clone(),
                actor: &Actor::User(parse_id::<UserId>(&user.id)?),
                action: AuditAction::LoginSucceeded,
                target: Some(("session", session_id.clone())),
                detail: json!({}),
                ip: ip.as_deref(),
                request_id: crate::request_id::current(),
            },
        )
        .await?;
        tx.commit().await?;

        let signed_in = SignedInUser {
            id: user.id.clone(),
            email: user.email.clone(),
            role: parse_role(&user.role)?,
            tenant_id: user.tenant_id.clone(),
        };
        token_pair(&state, signed_in, &session_id, refresh_token, now)
    }

    /// Trade a refresh token for a new access token and a new refresh token.
    ///
    /// A refresh token works once. Presenting one that was already used revokes the whole
    /// session it belongs to (someone else may hold a copy): sign in again.
    #[oai(path = "/refresh", method = "post", operation_id = "auth_refresh")]
    async fn refresh(
        &self,
        state: Data<&Arc<AppState>>,
        req: &Request,
        body: JsonBody<RefreshRequest>,
    ) -> ApiResult<Json<TokenPair>> {
        let ip = client_ip(req);
        let now = now_ms();
        let digest = secret_digest(&body.0.refresh_token);
        let mut tx = state.db.begin(Scope::Platform).await?;
        let found = sessions::find_refresh(&mut tx, &digest)
            .await?
            .ok_or_else(|| {
                ApiError::new(ErrorCode::InvalidRefreshToken, "unknown refresh token")
            })?;
        if found.revoked_at.is_some() {
            return Err(ApiError::new(
                ErrorCode::SessionRevoked,
                "this session has ended; sign in again",
            ));
        }
        let spent =
            found.used_at.is_none() && sessions::spend_refresh_token(&mut tx, &digest, now).await?;
        if !spent {
            sessions::revoke(&mut tx, &found.session_id, "refresh_token_reused", now).await?;
            audit_log::record(
                &mut tx,
                AuditEvent {
                    tenant_id: found.tenant_id.clone(),
                    actor: &Actor::Anonymous,
                    action: AuditAction::RefreshReuseDetected,
                    target: Some(("session", found.session_id.clone())),
                    detail: json!({ "user_id": found.user_id }),
                    ip: ip.as_deref(),
                    request_id: crate::request_id::current(),
                },
            )
            .await?;
            tx.commit().await?;
            return Err(ApiError::new(
                ErrorCode::RefreshTokenReused,
                "this refresh token was already used; the session has been revoked",
            ));
        }
        if found.expires_at <= now {
            return Err(ApiError::new(
                ErrorCode::RefreshTokenExpired,
                "the refresh token has expired; sign in again",
            ));
        }
        check_standing(&found.user_status, found.tenant_status.as_deref())?;
        let refresh_token = new_refresh_token();
        sessions::add_refresh_token(
            &mut tx,
            &found.session_id,
            found.tenant_id.as_deref(),
            &secret_digest(&refresh_token),
            now,
            now + state.settings.refresh_ttl_secs * 1000,
        )
        .await?;
        tx.commit().await?;

        let signed_in = SignedInUser {
            id: found.user_id.clone(),
            email: found.email.clone(),
            role: parse_role(&found.role)?,
            tenant_id: found.tenant_id.clone(),
        };
        token_pair(&state, signed_in, &found.session_id, refresh_token, now)
    }

    /// End the session of the presented access token (its refresh tokens stop working too).
    #[oai(path = "/logout", method = "post", operation_id = "auth_logout")]
    async fn logout(&self, state: Data<&Arc<AppState>>, auth: BearerAuth) -> ApiResult<NoContent> {
        let principal: Principal = auth.0;
        let session_id = principal.session_id.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotASession,
                "API keys have no session; revoke the key instead",
            )
        })?;
        let mut tx = state.db.begin(Scope::Platform).await?;
        sessions::revoke(&mut tx, &session_id, "logout", now_ms()).await?;
        audit_log::record(
            &mut tx,
            principal.audit(AuditAction::Logout, ("session", session_id), json!({})),
        )
        .await?;
        tx.commit().await?;
        Ok(NoContent::Done)
    }
}

async fn tenant_status(state: &AppState, user: &users::UserRecord) -> ApiResult<Option<String>> {
    let Some(tenant_id) = &user.tenant_id else {
        return Ok(None);
    };
    let mut tx = state.db.read(Scope::Platform).await?;
    let tenant = fleet_store::tenants::get(&mut tx, parse_id(tenant_id)?, false).await?;
    Ok(tenant.map(|t| t.status))
}

fn token_pair(
    state: &AppState,
    user: SignedInUser,
    session_id: &str,
    refresh_token: String,
    now: i64,
) -> ApiResult<Json<TokenPair>> {
    let access_token = state.tokens.issue(
        &user.id,
        user.tenant_id.as_deref(),
        user.role,
        session_id,
        now,
    )?;
    Ok(Json(TokenPair {
        access_token,
        token_type: TokenType::Bearer,
        expires_in: state.tokens.access_ttl_secs(),
        refresh_token,
        refresh_expires_in: state.settings.refresh_ttl_secs,
        user,
    }))
}
