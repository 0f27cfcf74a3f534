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
    #[cfg_attr(feature = "openapi", oai(rename = "account.created"))]
    AccountCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "account.updated"))]
    AccountUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "account.deleted"))]
    AccountDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "account.login_started"))]
    AccountLoginStarted,
    #[cfg_attr(feature = "openapi", oai(rename = "account.logged_out"))]
    AccountLoggedOut,
    #[cfg_attr(feature = "openapi", oai(rename = "account.callback_configured"))]
    AccountCallbackConfigured,
    #[cfg_attr(feature = "openapi", oai(rename = "account.messaging_updated"))]
    AccountMessagingUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "tenant.pacing_updated"))]
    TenantPacingUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "template.created"))]
    TemplateCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "template.updated"))]
    TemplateUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "template.deleted"))]
    TemplateDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "webhook_endpoint.created"))]
    WebhookEndpointCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "webhook_endpoint.updated"))]
    WebhookEndpointUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "webhook_endpoint.deleted"))]
    WebhookEndpointDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "webhook_endpoint.secret_rotated"))]
    WebhookSecretRotated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_rule.created"))]
    AlertRuleCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_rule.updated"))]
    AlertRuleUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_rule.deleted"))]
    AlertRuleDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_channel.created"))]
    AlertChannelCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_channel.updated"))]
    AlertChannelUpdated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_channel.deleted"))]
    AlertChannelDeleted,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_silence.created"))]
    AlertSilenceCreated,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_silence.expired"))]
    AlertSilenceExpired,
    #[cfg_attr(feature = "openapi", oai(rename = "alert_quiet_hours.updated"))]
    QuietHoursUpdated,
}

impl AuditAction {
    pub const ALL: [AuditAction; 38] = [
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
        AuditAction::AccountCreated,
        AuditAction::AccountUpdated,
        AuditAction::AccountDeleted,
        AuditAction::AccountLoginStarted,
        AuditAction::AccountLoggedOut,
        AuditAction::AccountCallbackConfigured,
        AuditAction::AccountMessagingUpdated,
        AuditAction::TenantPacingUpdated,
        AuditAction::TemplateCreated,
        AuditAction::TemplateUpdated,
        AuditAction::TemplateDeleted,
        AuditAction::WebhookEndpointCreated,
        AuditAction::WebhookEndpointUpdated,
        AuditAction::WebhookEndpointDeleted,
        AuditAction::WebhookSecretRotated,
        AuditAction::AlertRuleCreated,
        AuditAction::AlertRuleUpdated,
        AuditAction::AlertRuleDeleted,
        AuditAction::AlertChannelCreated,
        AuditAction::AlertChannelUpdated,
        AuditAction::AlertChannelDeleted,
        AuditAction::AlertSilenceCreated,
        AuditAction::AlertSilenceExpired,
        AuditAction::QuietHoursUpdated,
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
            AuditAction::AccountCreated => "account.created",
            AuditAction::AccountUpdated => "account.updated",
            AuditAction::AccountDeleted => "account.deleted",
            AuditAction::AccountLoginStarted => "account.login_started",
            AuditAction::AccountLoggedOut => "account.logged_out",
            AuditAction::AccountCallbackConfigured => "account.callback_configured",
            AuditAction::AccountMessagingUpdated => "account.messaging_updated",
            AuditAction::TenantPacingUpdated => "tenant.pacing_updated",
            AuditAction::TemplateCreated => "template.created",
            AuditAction::TemplateUpdated => "template.updated",
            AuditAction::TemplateDeleted => "template.deleted",
            AuditAction::WebhookEndpointCreated => "webhook_endpoint.created",
            AuditAction::WebhookEndpointUpdated => "webhook_endpoint.updated",
            AuditAction::WebhookEndpointDeleted => "webhook_endpoint.deleted",
            AuditAction::WebhookSecretRotated => "webhook_endpoint.secret_rotated",
            AuditAction::AlertRuleCreated => "alert_rule.created",
            AuditAction::AlertRuleUpdated => "alert_rule.updated",
            AuditAction::AlertRuleDeleted => "alert_rule.deleted",
            AuditAction::AlertChannelCreated => "alert_channel.created",
            AuditAction::AlertChannelUpdated => "alert_channel.updated",
            AuditAction::AlertChannelDeleted => "alert_channel.deleted",
            AuditAction::AlertSilenceCreated => "alert_silence.created",
            AuditAction::AlertSilenceExpired => "alert_silence.expired",
            AuditAction::QuietHoursUpdated => "alert_quiet_hours.updated",
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
