//! Who may do what. Roles form a ladder inside a tenant (viewer < operator < tenant admin);
//! the platform admin stands outside every tenant and manages tenants themselves.

use std::{fmt, str::FromStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum Role {
    PlatformAdmin,
    TenantAdmin,
    Operator,
    Viewer,
}

impl Role {
    pub const TENANT_ROLES: [Role; 3] = [Role::TenantAdmin, Role::Operator, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::TenantAdmin => "tenant_admin",
            Role::Operator => "operator",
            Role::Viewer => "viewer",
        }
    }

    /// Rank on the tenant ladder; the platform admin has none.
    fn tenant_rank(self) -> Option<u8> {
        match self {
            Role::PlatformAdmin => None,
            Role::TenantAdmin => Some(3),
            Role::Operator => Some(2),
            Role::Viewer => Some(1),
        }
    }

    /// Whether a holder of `self` may perform an operation that needs tenant role `needed`.
    pub fn satisfies(self, needed: Role) -> bool {
        match (self.tenant_rank(), needed.tenant_rank()) {
            (Some(have), Some(need)) => have >= need,
            _ => self == needed,
        }
    }

    pub fn is_tenant_role(self) -> bool {
        self.tenant_rank().is_some()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRole(pub String);

impl fmt::Display for UnknownRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown role `{}`", self.0)
    }
}

impl std::error::Error for UnknownRole {}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "platform_admin" => Ok(Role::PlatformAdmin),
            "tenant_admin" => Ok(Role::TenantAdmin),
            "operator" => Ok(Role::Operator),
            "viewer" => Ok(Role::Viewer),
            other => Err(UnknownRole(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Role::*;

    #[test]
    fn tenant_ladder() {
        assert!(TenantAdmin.satisfies(Operator));
        assert!(Operator.satisfies(Viewer));
        assert!(!Viewer.satisfies(Operator));
        assert!(!Operator.satisfies(TenantAdmin));
    }

    #[test]
    fn platform_admin_is_outside_the_ladder() {
        assert!(PlatformAdmin.satisfies(PlatformAdmin));
        assert!(!PlatformAdmin.satisfies(Viewer));
        assert!(!TenantAdmin.satisfies(PlatformAdmin));
    }

    #[test]
    fn round_trips_through_text() {
        for role in [PlatformAdmin, TenantAdmin, Operator, Viewer] {
            assert_eq!(role.as_str().parse::<super::Role>(), Ok(role));
        }
        assert!("root".parse::<super::Role>().is_err());
    }
}
