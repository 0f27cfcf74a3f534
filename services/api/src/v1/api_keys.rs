use std::sync::Arc;

use fleet_core::{
    audit::AuditAction,
    clock::now_ms,
    credentials::{api_key_display_prefix, new_api_key, secret_digest},
    ids::ApiKeyId,
    roles::Role,
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    api_keys::{self, ApiKeyRecord},
    audit as audit_log, Scope,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::json;

use super::{
    common::{opt_time, page_request, parse_time, path_id, time, ApiTags, NoContent},
    users::parse_tenant_role,
};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
};

#[derive(Debug, Object)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The role the key acts with: `tenant_admin`, `operator` or `viewer`.
    pub role: String,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    pub created_by: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
}

impl From<ApiKeyRecord> for ApiKey {
    fn from(r: ApiKeyRecord) -> Self {
        Self {
            id: r.id,
            name: r.name,
            role: r.role,
            prefix: r.key_prefix,
            created_by: r.created_by,
            created_at: time(r.created_at),
            expires_at: opt_time(r.expires_at),
            revoked_at: opt_time(r.revoked_at),
            last_used_at: opt_time(r.last_used_at),
        }
    }
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    pub name: String,
    /// `tenant_admin`, `operator` or `viewer`.
    pub role: String,
    /// RFC 3339; omit for a key that does not expire.
    pub expires_at: Option<String>,
}

/// The new key. `key` is shown this once and stored only as a hash.
#[derive(Debug, Object)]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    pub key: String,
}

#[derive(ApiResponse)]
pub enum ApiKeyCreated {
    #[oai(status = 201)]
    Created(Json<CreatedApiKey>),
}

#[derive(Debug, Object)]
pub struct ApiKeyList {
    pub api_keys: Vec<ApiKey>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

pub struct ApiKeysApi;

#[OpenApi(prefix_path = "/api/v1/api-keys", tag = "ApiTags::ApiKeys")]
impl ApiKeysApi {
    /// Create an API key for SDK clients (tenant admins). The key is in this answer only.
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateApiKey>,
    ) -> ApiResult<ApiKeyCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let body = body.0;
        let now = now_ms();
        let name = bounded_text("name", &body.name, 1, 100)?;
        let role = parse_tenant_role(&body.role)?;
        let expires_at = body
            .expires_at
            .as_deref()
            .map(|t| parse_time("expires_at", t))
            .transpose()?;
        if expires_at.is_some_and(|at| at <= now) {
            return Err(ValidationError::new("expires_at", "must be in the future").into());
        }
        let key = new_api_key();
        let record = ApiKeyRecord {
            id: ApiKeyId::new().to_string(),
            tenant_id: tenant.to_string(),
            name,
            role: role.as_str().into(),
            key_prefix: api_key_display_prefix(&key),
            created_by: principal.actor.id(),
            created_at: now,
            expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        let mut tx = state.db.begin(Scope::Tenant(tenant)).await?;
        api_keys::insert(&mut tx, &record, &secret_digest(&key)).await?;
        let detail =
            json!({ "name": record.name, "role": record.role, "prefix": record.key_prefix });
        audit_log::record(
            &mut tx,
            principal.audit(
                AuditAction::ApiKeyCreated,
                ("api_key", record.id.clone()),
                detail,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(ApiKeyCreated::Created(Json(CreatedApiKey {
            api_key: record.into(),
            key,
        })))
    }

    /// The tenant's API keys, newest first, revoked ones included (tenant admins).
    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<ApiKeyList>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let page = page_request(page.0, size.0)?;
        let mut tx = state.db.read(Scope::Tenant(tenant)).await?;
        let found = api_keys::list(&mut tx, tenant, page).await?;
        Ok(Json(ApiKeyList {
            api_keys: found.items.into_iter().map(ApiKey::from).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// One API key (tenant admins).
    #[oai(path = "/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<ApiKey>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let id: ApiKeyId = path_id(&id.0, "api key")?;
        let mut tx = state.db.read(Scope::Tenant(tenant)).await?;
        let found = api_keys::get(&mut tx, tenant, id)
            .await?
            .ok_or_else(|| ApiError::not_found("api key"))?;
        Ok(Json(found.into()))
    }

    /// Revoke an API key; it stops working at once (tenant admins).
    #[oai(path = "/:id", method = "delete")]
    async fn revoke(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let id: ApiKeyId = path_id(&id.0, "api key")?;
        let mut tx = state.db.begin(Scope::Tenant(tenant)).await?;
        if !api_keys::revoke(&mut tx, tenant, id, now_ms()).await? {
            return Err(ApiError::not_found("api key"));
        }
        audit_log::record(
            &mut tx,
            principal.audit(
                AuditAction::ApiKeyRevoked,
                ("api_key", id.to_string()),
                json!({}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(NoContent::Done)
    }
}
