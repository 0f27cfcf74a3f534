use fleet_core::{ids::TenantId, roles::Role};
use fleet_identity::{Caller, Identity, Origin};

use crate::error::{ApiError, ErrorCode};

/// An authenticated caller, and where the request came from.
#[derive(Debug, Clone)]
pub struct Principal {
    pub identity: Identity,
    /// The client address, for the audit log.
    pub ip: Option<String>,
}

impl Principal {
    /// The caller's tenant, and that the caller's role reaches `needed` in it.
    pub fn tenant_with(&self, needed: Role) -> Result<TenantId, ApiError> {
        let tenant = self.identity.tenant_id.ok_or_else(|| {
            ApiError::new(
                ErrorCode::TenantRequired,
                "this operation acts inside a tenant; sign in as one of its users",
            )
        })?;
        self.require(needed)?;
        Ok(tenant)
    }

    pub fn require(&self, needed: Role) -> Result<(), ApiError> {
        let role = self.identity.role;
        if role.satisfies(needed) {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("this operation needs the {needed} role; you have {role}"),
            ))
        }
    }

    pub fn require_platform_admin(&self) -> Result<(), ApiError> {
        self.require(Role::PlatformAdmin)
    }

    /// The key the rate limiter counts this caller under: the user or API key.
    pub fn rate_limit_key(&self) -> String {
        let actor = &self.identity.actor;
        format!("{}:{}", actor.kind(), actor.id().unwrap_or_default())
    }

    /// Who acts, in which tenant, from where, in which request: what the audit log records.
    pub fn caller(&self) -> Caller {
        Caller {
            actor: self.identity.actor.clone(),
            tenant_id: self.identity.tenant_id,
            origin: Origin {
                ip: self.ip.clone(),
                request_id: crate::request_id::current(),
            },
        }
    }
}
