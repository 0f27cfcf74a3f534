use std::sync::Arc;

use fleet_core::{ids::TenantId, roles::Role, tenant::TenantStatus};
use fleet_identity::{NewTenant, TenantPatch};
use fleet_store::tenants::TenantRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;

use super::common::{path_id, stored, ApiTags};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Object)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub code: String,
    pub max_accounts: i64,
    pub max_daily_messages: i64,
    /// IANA timezone; daily quotas and quiet hours follow it.
    pub timezone: String,
    pub status: TenantStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

fn to_tenant(r: TenantRecord) -> ApiResult<Tenant> {
    Ok(Tenant {
        status: stored(&r.status)?,
        id: r.id,
        name: r.name,
        code: r.code,
        max_accounts: r.max_accounts,
        max_daily_messages: r.max_daily_messages,
        timezone: r.timezone,
        created_at: Timestamp(r.created_at),
        updated_at: Timestamp(r.updated_at),
    })
}

/// A new tenant and its first tenant admin.
#[derive(Debug, Clone, Default, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateTenant {
    /// 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
    /// Unique short code: 2–50 of a-z, 0-9 and '-', starting with a letter.
    #[oai(validator(pattern = "^[a-z][a-z0-9-]{1,49}$"))]
    pub code: String,
    /// Default 10.
    #[oai(validator(minimum(value = "0"), maximum(value = "100000")))]
    pub max_accounts: Option<i64>,
    /// Default 10,000.
    #[oai(validator(minimum(value = "0"), maximum(value = "1000000000")))]
    pub max_daily_messages: Option<i64>,
    /// An IANA timezone; default Asia/Shanghai.
    pub timezone: Option<String>,
    #[oai(validator(max_length = 254))]
    pub admin_email: String,
    /// At least 10 characters.
    #[oai(validator(min_length = 10))]
    pub admin_password: String,
    pub admin_display_name: Option<String>,
}

#[derive(Debug, Object)]
pub struct CreatedTenant {
    pub tenant: Tenant,
    pub admin_user_id: String,
}

#[derive(ApiResponse)]
pub enum TenantCreated {
    #[oai(status = 201)]
    Created(Json<CreatedTenant>),
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenant {
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    #[oai(validator(minimum(value = "0"), maximum(value = "100000")))]
    pub max_accounts: Option<i64>,
    #[oai(validator(minimum(value = "0"), maximum(value = "1000000000")))]
    pub max_daily_messages: Option<i64>,
    pub timezone: Option<String>,
}

impl From<CreateTenant> for NewTenant {
    fn from(body: CreateTenant) -> Self {
        Self {
            name: body.name,
            code: body.code,
            max_accounts: body.max_accounts,
            max_daily_messages: body.max_daily_messages,
            timezone: body.timezone,
            admin_email: body.admin_email,
            admin_password: body.admin_password,
            admin_display_name: body.admin_display_name,
        }
    }
}

impl From<UpdateTenant> for TenantPatch {
    fn from(body: UpdateTenant) -> Self {
        Self {
            name: body.name,
            max_accounts: body.max_accounts,
            max_daily_messages: body.max_daily_messages,
            timezone: body.timezone,
        }
    }
}

#[derive(Default)]
pub struct TenantsApi;

#[OpenApi(prefix_path = "/api/v1", tag = "ApiTags::Tenants")]
impl TenantsApi {
    /// Create a tenant with its first tenant admin (platform admins).
    #[oai(path = "/tenants", method = "post", operation_id = "tenants_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateTenant>,
    ) -> ApiResult<TenantCreated> {
        let principal = auth.0;
        principal.require_platform_admin()?;
        let (tenant, admin) = state
            .identity
            .create_tenant(&principal.caller(), body.0.into())
            .await?;
        Ok(TenantCreated::Created(Json(CreatedTenant {
            tenant: to_tenant(tenant)?,
            admin_user_id: admin.id,
        })))
    }

    /// List tenants, newest first (platform admins).
    #[oai(path = "/tenants", method = "get", operation_id = "tenants_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only tenants with this status.
        status: Query<Option<TenantStatus>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Tenant>>> {
        auth.0.require_platform_admin()?;
        let found = state
            .identity
            .list_tenants(status.0, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_tenant)?))
    }

    /// One tenant (platform admins).
    #[oai(path = "/tenants/:id", method = "get", operation_id = "tenants_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Tenant>> {
        auth.0.require_platform_admin()?;
        let id: TenantId = path_id(&id.0, "tenant")?;
        Ok(Json(to_tenant(state.identity.tenant(id).await?)?))
    }

    /// Change a tenant's name, limits or timezone (platform admins).
    #[oai(
        path = "/tenants/:id",
        method = "patch",
        operation_id = "tenants_update"
    )]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateTenant>,
    ) -> ApiResult<Json<Tenant>> {
        let principal = auth.0;
        principal.require_platform_admin()?;
        let id: TenantId = path_id(&id.0, "tenant")?;
        let tenant = state
            .identity
            .update_tenant(&principal.caller(), id, body.0.into())
            .await?;
        Ok(Json(to_tenant(tenant)?))
    }

    /// Suspend a tenant: its users' tokens and its API keys get 403 `tenant_suspended`.
    #[oai(
        path = "/tenants/:id/suspend",
        method = "post",
        operation_id = "tenants_suspend"
    )]
    async fn suspend(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Tenant>> {
        set_status(&state, auth, &id.0, TenantStatus::Suspended).await
    }

    /// Reactivate a suspended tenant.
    #[oai(
        path = "/tenants/:id/activate",
        method = "post",
        operation_id = "tenants_activate"
    )]
    async fn activate(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Tenant>> {
        set_status(&state, auth, &id.0, TenantStatus::Active).await
    }

    /// Delete a tenant (platform admins). The row and its history stay (the code stays
    /// taken); its users and API keys get 403 `tenant_deleted` from then on. Final.
    #[oai(
        path = "/tenants/:id",
        method = "delete",
        operation_id = "tenants_delete"
    )]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Tenant>> {
        set_status(&state, auth, &id.0, TenantStatus::Deleted).await
    }

    /// The caller's own tenant.
    #[oai(path = "/tenant", method = "get", operation_id = "tenants_current")]
    async fn own(&self, state: Data<&Arc<AppState>>, auth: BearerAuth) -> ApiResult<Json<Tenant>> {
        let tenant_id = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_tenant(
            state.identity.own_tenant(tenant_id).await?,
        )?))
    }
}

async fn set_status(
    state: &AppState,
    auth: BearerAuth,
    id: &str,
    status: TenantStatus,
) -> ApiResult<Json<Tenant>> {
    let principal = auth.0;
    principal.require_platform_admin()?;
    let id: TenantId = path_id(id, "tenant")?;
    let tenant = state
        .identity
        .set_tenant_status(&principal.caller(), id, status)
        .await?;
    Ok(Json(to_tenant(tenant)?))
}
