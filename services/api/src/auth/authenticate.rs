use std::sync::Arc;

use poem::Request;
use poem_openapi::{auth::Bearer, SecurityScheme};

use super::Principal;
use crate::{error::ApiError, state::AppState};

/// `Authorization: Bearer <access token or API key>`.
#[derive(SecurityScheme)]
#[oai(
    ty = "bearer",
    bearer_format = "JWT or API key",
    checker = "authenticate"
)]
pub struct BearerAuth(pub Principal);

async fn authenticate(req: &Request, bearer: Bearer) -> poem::Result<Principal> {
    let state = req
        .data::<Arc<AppState>>()
        .ok_or_else(|| ApiError::internal("AppState missing from request data"))?;
    let ip = crate::client_ip(req);
    let identity = state
        .identity
        .authenticate(&bearer.token)
        .await
        .map_err(ApiError::from)?;
    let principal = Principal { identity, ip };
    state.limiter.check(&principal.rate_limit_key()).await?;
    crate::http_metrics::note_tenant(principal.identity.tenant_id.map(|t| t.to_string()));
    Ok(principal)
}
