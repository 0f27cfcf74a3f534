//! Who acts and from where: what every audit entry names. The API knows the client's address
//! and the request id; this crate cannot ask for them, so they travel in with each call.

use fleet_core::{
    audit::{Actor, AuditAction},
    ids::TenantId,
};
use fleet_store::audit::AuditEvent;
use serde_json::Value;

/// Where a request came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The client address.
    pub ip: Option<String>,
    /// The request's `X-Request-Id`.
    pub request_id: Option<String>,
}

impl Origin {
    /// An audit entry for something that happened in a request from here.
    pub(crate) fn event<'a>(
        &'a self,
        tenant_id: Option<String>,
        actor: &'a Actor,
        action: AuditAction,
        target: Option<(&'static str, String)>,
        detail: Value,
    ) -> AuditEvent<'a> {
        AuditEvent {
            tenant_id,
            actor,
            action,
            target,
            detail,
            ip: self.ip.as_deref(),
            request_id: self.request_id.clone(),
        }
    }
}

/// An authenticated actor (or the service itself), the tenant it acts in and where it called
/// from.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    /// `None` for platform admins and the service itself.
    pub tenant_id: Option<TenantId>,
    pub origin: Origin,
}

impl Caller {
    /// The service itself, or an operator at the command line: no address, no request.
    pub fn system() -> Self {
        Self {
            actor: Actor::System,
            tenant_id: None,
            origin: Origin::default(),
        }
    }

    /// An audit entry for something this caller did, in the caller's tenant.
    pub fn audit(
        &self,
        action: AuditAction,
        target: (&'static str, String),
        detail: Value,
    ) -> AuditEvent<'_> {
        let tenant_id = self.tenant_id.map(|t| t.to_string());
        self.audit_in(tenant_id, action, target, detail)
    }

    /// The same, in tenant `tenant_id` (a platform admin acting on a tenant).
    pub fn audit_in(
        &self,
        tenant_id: Option<String>,
        action: AuditAction,
        target: (&'static str, String),
        detail: Value,
    ) -> AuditEvent<'_> {
        self.origin
            .event(tenant_id, &self.actor, action, Some(target), detail)
    }
}
