use std::sync::Arc;

use fleet_core::roles::Role;
use fleet_identity::{Credentials, IdentityError, Origin, SignedIn};
use poem::{web::Data, Request};
use poem_openapi::{payload::Json, Object, OpenApi};
use serde::Deserialize;

use super::common::{ApiTags, NoContent};
use crate::{
    auth::BearerAuth, client_ip, error::ApiResult, json_body::JsonBody, login_limits,
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
        let origin = origin(req);
        let body = body.0;
        login_limits::admit(&state, origin.ip.as_deref(), &body.email).await?;
        let email = body.email;
        let credentials = Credentials::parse(&email, body.password)?;
        let signed_in = state.identity.sign_in(credentials, &origin).await;
        if matches!(signed_in, Err(IdentityError::InvalidCredentials)) {
            login_limits::failed(&state, &email).await;
        }
        Ok(Json(signed_in?.into()))
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
        let signed_in = state
            .identity
            .refresh(&body.0.refresh_token, &origin(req))
            .await?;
        Ok(Json(signed_in.into()))
    }

    /// End the session of the presented access token (its refresh tokens stop working too).
    #[oai(path = "/logout", method = "post", operation_id = "auth_logout")]
    async fn logout(&self, state: Data<&Arc<AppState>>, auth: BearerAuth) -> ApiResult<NoContent> {
        let principal = auth.0;
        state
            .identity
            .sign_out(
                &principal.caller(),
                principal.identity.session_id.as_deref(),
            )
            .await?;
        Ok(NoContent::Done)
    }
}

/// Where an unauthenticated request came from, for the audit log.
fn origin(req: &Request) -> Origin {
    Origin {
        ip: client_ip(req),
        request_id: crate::request_id::current(),
    }
}

impl From<SignedIn> for TokenPair {
    fn from(s: SignedIn) -> Self {
        Self {
            access_token: s.access_token,
            token_type: TokenType::Bearer,
            expires_in: s.expires_in,
            refresh_token: s.refresh_token,
            refresh_expires_in: s.refresh_expires_in,
            user: SignedInUser {
                id: s.user.id,
                email: s.user.email,
                role: s.user.role,
                tenant_id: s.user.tenant_id,
            },
        }
    }
}
