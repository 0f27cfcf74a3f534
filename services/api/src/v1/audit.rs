use std::sync::Arc;

use fleet_core::{ids::TenantId, roles::Role};
use fleet_store::{
    audit::{self as audit_log, AuditFilter, AuditRecord},
    Scope,
};
use poem::web::Data;
use poem_openapi::{param::Query, payload::Json, Object, OpenApi};

use super::common::{page_request, path_id, time, ApiTags};
use crate::{auth::BearerAuth, error::ApiResult, state::AppState};

#[derive(Debug, Object)]
pub struct AuditEntry {
    pub id: String,
    pub tenant_id: Option<String>,
    /// `user`, `api_key`, `anonymous` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<String>,
    /// e.g. `auth.login_failed`, `user.created`, `tenant.suspended`.
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: String,
}

impl From<AuditRecord> for AuditEntry {
    fn from(r: AuditRecord) -> Self {
        Self {
            id: r.id,
            tenant_id: r.tenant_id,
            actor_kind: r.actor_kind,
            actor_id: r.actor_id,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
            ip: r.ip,
            created_at: time(r.created_at),
        }
    }
}

#[derive(Debug, Object)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

pub struct AuditApi;

#[OpenApi(prefix_path = "/api/v1", tag = "ApiTags::Audit")]
impl AuditApi {
    /// The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    /// see platform-level entries, or one tenant's with `tenant_id`.
    #[oai(path = "/audit-log", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only this action, e.g. `auth.login_failed`.
        action: Query<Option<String>>,
        /// Platform admins only: a tenant's entries.
        tenant_id: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AuditPage>> {
        let principal = auth.0;
        let page = page_request(page.0, size.0)?;
        let (scope, tenant) = if principal.role == Role::PlatformAdmin {
            let tenant = tenant_id
                .0
                .as_deref()
                .map(|t| path_id::<TenantId>(t, "tenant"))
                .transpose()?;
            (Scope::Platform, tenant)
        } else {
            let tenant = principal.tenant_with(Role::TenantAdmin)?;
            (Scope::Tenant(tenant), Some(tenant))
        };
        let filter = AuditFilter {
            tenant_id: tenant.map(|t| t.to_string()),
            action: action.0,
        };
        let mut tx = state.db.read(scope).await?;
        let found = audit_log::list(&mut tx, &filter, page).await?;
        Ok(Json(AuditPage {
            entries: found.items.into_iter().map(AuditEntry::from).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }
}
