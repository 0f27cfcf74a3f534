//! `/api/v1/audit-log`: who did what, to which object, from where.

use std::{collections::BTreeMap, sync::Arc};

use fleet_core::{audit::AuditAction, ids::TenantId, roles::Role};
use fleet_store::{
    audit::{self as audit_log, AuditFilter, AuditRecord},
    Scope,
};
use poem::web::Data;
use poem_openapi::{param::Query, payload::Json, Enum, Object, OpenApi};
use serde_json::Value;

use super::common::{stored, ApiTags};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ActorKind {
    User,
    ApiKey,
    /// Someone not (yet) authenticated, e.g. a failed sign-in.
    Anonymous,
    /// The service itself, or an operator at the command line.
    System,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AuditEntry {
    pub id: String,
    pub tenant_id: Option<String>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    pub action: AuditAction,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    /// What changed, as the action records it: for changes to configuration, the object's
    /// `before` and `after` as the API shows it (secrets never included).
    pub detail: BTreeMap<String, Value>,
    /// The client's address.
    pub ip: Option<String>,
    /// The `X-Request-Id` of the request that did it, to find it in the server's logs.
    pub request_id: Option<String>,
    pub created_at: Timestamp,
}

fn to_entry(r: AuditRecord) -> ApiResult<AuditEntry> {
    Ok(AuditEntry {
        actor_kind: stored(&r.actor_kind)?,
        action: stored(&r.action)?,
        detail: serde_json::from_str(&r.detail).unwrap_or_default(),
        id: r.id,
        tenant_id: r.tenant_id,
        actor_id: r.actor_id,
        target_kind: r.target_kind,
        target_id: r.target_id,
        ip: r.ip,
        request_id: r.request_id,
        created_at: Timestamp(r.created_at),
    })
}

#[derive(Default)]
pub struct AuditApi;

#[OpenApi(prefix_path = "/api/v1", tag = "ApiTags::Audit")]
impl AuditApi {
    /// The audit log, newest first. Tenant admins see their tenant's entries; platform admins
    /// see platform-level entries, or one tenant's with `tenant_id`.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/audit-log", method = "get", operation_id = "audit_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Only this action.
        action: Query<Option<AuditAction>>,
        /// Only entries about this kind of object (`account`, `template`, `webhook_endpoint`, …).
        target_kind: Query<Option<String>>,
        /// Only entries about this object (with `target_kind`, one object's history).
        target_id: Query<Option<String>>,
        /// Platform admins only: a tenant's entries.
        tenant_id: Query<Option<uuid::Uuid>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<AuditEntry>>> {
        let principal = auth.0;
        let (scope, tenant) = if principal.identity.role == Role::PlatformAdmin {
            let tenant = tenant_id.0.map(TenantId::from);
            (Scope::Platform, tenant)
        } else {
            let tenant = principal.tenant_with(Role::TenantAdmin)?;
            (Scope::Tenant(tenant), Some(tenant))
        };
        let filter = AuditFilter {
            tenant_id: tenant.map(|t| t.to_string()),
            action: action.0.map(|a| a.as_str().to_owned()),
            target_kind: target_kind.0,
            target_id: target_id.0,
        };
        let mut tx = state.db.read(scope).await?;
        let found = audit_log::list(&mut tx, &filter, paging(page.0, size.0)).await?;
        Ok(Json(Page::of(found, to_entry)?))
    }
}
