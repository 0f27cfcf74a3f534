use fleet_core::{audit::Actor, ids::TenantId, roles::Role};

use crate::error::{ApiError, ErrorCode};

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub actor: Actor,
    pub role: Role,
    /// `None` for platform admins.
    pub tenant_id: Option<TenantId>,
    /// The login session behind an access token; `None` for API keys.
    pub session_id: Option<String>,
    /// The client address, for the audit log.
    pub ip: Option<String>,
}

impl Principal {
    /// The caller's tenant, and that the caller's role reaches `needed` in it.
    pub fn tenant_with(&self, needed: Role) -> Result<TenantId, ApiError> {
        let tenant = self.tenant_id.ok_or_else(|| {
            ApiError::new(
                ErrorCode::TenantRequired,
                "this operation acts inside a tenant; sign in as one of its users",
            )
        })?;
        self.require(needed)?;
        Ok(tenant)
    }

    pub fn require(&self, needed: Role) -> Result<(), ApiError> {
        if self.role.satisfies(needed) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "this operation needs the {needed} role; you have {}",
                    self.role
                ),
            ))
        }
    }

    pub fn require_platform_admin(&self) -> Result<(), ApiError> {
        self.require(Role::PlatformAdmin)
    }

    /// The key the rate limiter counts this caller under: the user or API key.
    pub fn rate_limit_key(&self) -> String {
        format!(
            "{}:{}",
            self.actor.kind(),
            self.actor.id().unwrap_or_default()
        )
    }
}

impl Principal {
    /// An audit entry for something this caller did, in the caller's tenant.
    pub fn audit(
        &self,
        action: fleet_core::audit::AuditAction,
        target: (&'static str, String),
        detail: serde_json::Value,
    ) -> fleet_store::audit::AuditEvent<'_> {
        fleet_store::audit::AuditEvent {
            tenant_id: self.tenant_id.map(|t| t.to_string()),
            actor: &self.actor,
            action,
            target: Some(target),
            detail,
            ip: self.ip.as_deref(),
            request_id: crate::request_id::current(),
        }
    }

    /// The same, for a platform admin acting on tenant `tenant_id`.
    pub fn audit_in(
        &self,
        tenant_id: &str,
        action: fleet_core::audit::AuditAction,
        target: (&'static str, String),
        detail: serde_json::Value,
    ) -> fleet_store::audit::AuditEvent<'_> {
        let mut event = self.audit(action, target, detail);
        event.tenant_id = Some(tenant_id.to_owned());
        event
    }
}
