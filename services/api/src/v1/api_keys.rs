use std::sync::Arc;

use fleet_core::{ids::ApiKeyId, roles::Role};
use fleet_identity::NewApiKey;
use fleet_store::api_keys::ApiKeyRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;

use super::{
    common::{path_id, stored, ApiTags, NoContent},
    users::TenantRole,
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    /// The role the key acts with.
    pub role: TenantRole,
    /// The first characters of the key, to tell keys apart.
    pub prefix: String,
    /// The user who created it.
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// When it was last used (to the minute).
    pub last_used_at: Option<Timestamp>,
}

fn to_api_key(r: ApiKeyRecord) -> ApiResult<ApiKey> {
    Ok(ApiKey {
        role: stored(&r.role)?,
        id: r.id,
        name: r.name,
        prefix: r.key_prefix,
        created_by: r.created_by,
        created_at: Timestamp(r.created_at),
        expires_at: Timestamp::opt(r.expires_at),
        revoked_at: Timestamp::opt(r.revoked_at),
        last_used_at: Timestamp::opt(r.last_used_at),
    })
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
    pub role: TenantRole,
    /// In the future; omit for a key that does not expire.
    pub expires_at: Option<Timestamp>,
}

impl From<CreateApiKey> for NewApiKey {
    fn from(body: CreateApiKey) -> Self {
        Self {
            name: body.name,
            role: body.role.into(),
            expires_at: body.expires_at.map(Timestamp::millis),
        }
    }
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

#[derive(Default)]
pub struct ApiKeysApi;

#[OpenApi(prefix_path = "/api/v1/api-keys", tag = "ApiTags::ApiKeys")]
impl ApiKeysApi {
    /// Create an API key for SDK clients (tenant admins). The key is in this answer only.
    #[oai(path = "/", method = "post", operation_id = "api_keys_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateApiKey>,
    ) -> ApiResult<ApiKeyCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let created = state
            .identity
            .create_api_key(&principal.caller(), tenant, body.0.into())
            .await?;
        Ok(ApiKeyCreated::Created(Json(CreatedApiKey {
            api_key: to_api_key(created.record)?,
            key: created.key,
        })))
    }

    /// The tenant's API keys, newest first, revoked ones included (tenant admins).
    #[oai(path = "/", method = "get", operation_id = "api_keys_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<ApiKey>>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let found = state
            .identity
            .list_api_keys(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_api_key)?))
    }

    /// One API key (tenant admins).
    #[oai(path = "/:id", method = "get", operation_id = "api_keys_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<ApiKey>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let id: ApiKeyId = path_id(&id.0, "api key")?;
        let found = state.identity.api_key(tenant, id).await?;
        Ok(Json(to_api_key(found)?))
    }

    /// Revoke an API key; it stops working at once (tenant admins).
    #[oai(path = "/:id", method = "delete", operation_id = "api_keys_revoke")]
    async fn revoke(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let id: ApiKeyId = path_id(&id.0, "api key")?;
        state
            .identity
            .revoke_api_key(&principal.caller(), tenant, id)
            .await?;
        Ok(NoContent::Done)
    }
}
