use std::sync::Arc;

use fleet_core::{
    audit::AuditAction,
    clock::now_ms,
    ids::TenantId,
    roles::Role,
    tenant::{
        parse_limit, parse_tenant_name, parse_timezone, TenantStatus, MAX_ACCOUNTS_CEILING,
        MAX_DAILY_MESSAGES_CEILING,
    },
};
use fleet_store::{
    audit as audit_log,
    tenants::{self, TenantRecord},
    Scope,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::json;

use super::common::{path_id, stored, ApiTags};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult, ErrorCode, ErrorDetails},
    json_body::JsonBody,
    provisioning::create_tenant,
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
        let (tenant, admin) =
            create_tenant(&state.db, body.0, &principal.actor, principal.ip.as_deref()).await?;
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
        let mut tx = state.db.read(Scope::Platform).await?;
        let found = tenants::list(
            &mut tx,
            status.0.map(TenantStatus::as_str),
            paging(page.0, size.0),
        )
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
        let mut tx = state.db.read(Scope::Platform).await?;
        let found = tenants::get(&mut tx, id, false)
            .await?
            .ok_or_else(|| ApiError::not_found("tenant"))?;
        Ok(Json(to_tenant(found)?))
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
        let patch = body.0;
        let name = patch.name.as_deref().map(parse_tenant_name).transpose()?;
        let max_accounts = patch
            .max_accounts
            .map(|v| parse_limit("max_accounts", v, MAX_ACCOUNTS_CEILING))
            .transpose()?;
        let max_daily = patch
            .max_daily_messages
            .map(|v| parse_limit("max_daily_messages", v, MAX_DAILY_MESSAGES_CEILING))
            .transpose()?;
        let timezone = patch.timezone.as_deref().map(parse_timezone).transpose()?;

        let mut tx = state.db.begin(Scope::Platform).await?;
        let mut tenant = tenants::get(&mut tx, id, true)
            .await?
            .ok_or_else(|| ApiError::not_found("tenant"))?;
        let before = json!({ "name": tenant.name, "max_accounts": tenant.max_accounts,
            "max_daily_messages": tenant.max_daily_messages, "timezone": tenant.timezone });
        tenant.name = name.unwrap_or(tenant.name);
        tenant.max_accounts = max_accounts.unwrap_or(tenant.max_accounts);
        tenant.max_daily_messages = max_daily.unwrap_or(tenant.max_daily_messages);
        tenant.timezone = timezone.unwrap_or(tenant.timezone);
        tenant.updated_at = now_ms();
        tenants::update(&mut tx, &tenant).await?;
        let event = principal.audit_in(
            &tenant.id,
            AuditAction::TenantUpdated,
            ("tenant", tenant.id.clone()),
            json!({ "before": before }),
        );
        audit_log::record(&mut tx, event).await?;
        tx.commit().await?;
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
        let mut tx = state.db.read(Scope::Tenant(tenant_id)).await?;
        let found = tenants::get(&mut tx, tenant_id, false)
            .await?
            .ok_or_else(|| ApiError::not_found("tenant"))?;
        Ok(Json(to_tenant(found)?))
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
    let mut tx = state.db.begin(Scope::Platform).await?;
    let mut tenant = tenants::get(&mut tx, id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("tenant"))?;
    if tenant.status == TenantStatus::Deleted.as_str() {
        return Err(ApiError::new(
            ErrorCode::InvalidState,
            "a deleted tenant cannot change status",
        )
        .with_details(ErrorDetails {
            status: Some(tenant.status),
            ..ErrorDetails::default()
        }));
    }
    if tenant.status != status.as_str() {
        tenant.status = status.as_str().into();
        tenant.updated_at = now_ms();
        tenants::update(&mut tx, &tenant).await?;
        let action = match status {
            TenantStatus::Suspended => AuditAction::TenantSuspended,
            TenantStatus::Active => AuditAction::TenantActivated,
            TenantStatus::Deleted => AuditAction::TenantDeleted,
        };
        audit_log::record(
            &mut tx,
            principal.audit_in(&tenant.id, action, ("tenant", tenant.id.clone()), json!({})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(to_tenant(tenant)?))
}
