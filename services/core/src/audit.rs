//! What the audit log records. Actions are stable strings: tenants read and filter them.

// The document spells each action again (`oai(rename)`); the API's tests hold the two
// spellings equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
pub enum AuditAction {
    #[cfg_attr(feature = "openapi", oai(rename = "auth.login_succeeded"))]
    LoginSucceeded,
    #[cfg_attr(feature = "openapi", oai(rename = "auth.login_failed"))]
    LoginFailed,
    #[cfg_attr(feature = "openapi", oai(rename = "auth.logout"))]
    Logout,
    #[cfg_attr(feature = "openapi", oai(rename = "auth.refresh_reuse_detected"))]
    RefreshReuseDetected,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.created"))]
    TenantCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.updated"))]
    TenantUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.suspended"))]
    TenantSuspended,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.activated"))]
    TenantActivated,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.deleted"))]
    TenantDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "user.created"))]
    UserCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "user.updated"))]
    UserUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "user.deleted"))]
    UserDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "api_key.created"))]
    ApiKeyCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "api_key.revoked"))]
    ApiKeyRevoked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 14] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::RefreshReuseDetected,
        AuditAction::TenantCreated,
        AuditAction::TenantUpdated,
        AuditAction::TenantSuspended,
        AuditAction::TenantActivated,
        AuditAction::TenantDeleted,
        AuditAction::UserCreated,
        AuditAction::UserUpdated,
        AuditAction::UserDeleted,
        AuditAction::ApiKeyCreated,
        AuditAction::ApiKeyRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "auth.login_succeeded",
            AuditAction::LoginFailed => "auth.login_failed",
            AuditAction::Logout => "auth.logout",
            AuditAction::RefreshReuseDetected => "auth.refresh_reuse_detected",
            AuditAction::TenantCreated => "tenant.created",
            AuditAction::TenantUpdated => "tenant.updated",
            AuditAction::TenantSuspended => "tenant.suspended",
            AuditAction::TenantActivated => "tenant.activated",
            AuditAction::TenantDeleted => "tenant.deleted",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserUpdated => "user.updated",
            AuditAction::UserDeleted => "user.deleted",
            AuditAction::ApiKeyCreated => "api_key.created",
            AuditAction::ApiKeyRevoked => "api_key.revoked",
        }
    }
}

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(crate::ids::UserId),
    ApiKey(crate::ids::ApiKeyId),
    /// Someone not (yet) authenticated, e.g. a failed login.
    Anonymous,
    /// The service itself or an operator at the command line.
    System,
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User(_) => "user",
            Actor::ApiKey(_) => "api_key",
            Actor::Anonymous => "anonymous",
            Actor::System => "system",
        }
    }

    pub fn id(&self) -> Option<String> {
        match self {
            Actor::User(id) => Some(id.to_string()),
            Actor::ApiKey(id) => Some(id.to_string()),
            Actor::Anonymous | Actor::System => None,
        }
    }
}
