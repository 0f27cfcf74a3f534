//! Creating tenants and administrators: one implementation for the API, the demo seeding and
//! the `admin` commands.

use fleet_core::{
    audit::{Actor, AuditAction},
    clock::now_ms,
    email::Email,
    ids::{TenantId, UserId},
    password::Password,
    roles::Role,
    tenant::{
        parse_limit, parse_tenant_name, parse_timezone, TenantCode, TenantStatus, DEFAULT_TIMEZONE,
        MAX_ACCOUNTS_CEILING, MAX_DAILY_MESSAGES_CEILING,
    },
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    audit::{self as audit_log, AuditEvent},
    tenants::{self, TenantRecord},
    users::{self, UserRecord},
    Db, Scope,
};
use serde_json::json;

use crate::{
    error::ApiResult,
    v1::{blocking, tenants::CreateTenant},
};

pub const DEFAULT_MAX_ACCOUNTS: i64 = 10;
pub const DEFAULT_MAX_DAILY_MESSAGES: i64 = 10_000;

/// Validates `input`, then writes the tenant, its admin and the audit entry in one transaction.
pub async fn create_tenant(
    db: &Db,
    input: CreateTenant,
    actor: &Actor,
    ip: Option<&str>,
) -> ApiResult<(TenantRecord, UserRecord)> {
    let now = now_ms();
    let tenant = TenantRecord {
        id: TenantId::new().to_string(),
        name: parse_tenant_name(&input.name)?,
        code: TenantCode::parse(&input.code)?.as_str().to_owned(),
        max_accounts: parse_limit(
            "max_accounts",
            input.max_accounts.unwrap_or(DEFAULT_MAX_ACCOUNTS),
            MAX_ACCOUNTS_CEILING,
        )?,
        max_daily_messages: parse_limit(
            "max_daily_messages",
            input
                .max_daily_messages
                .unwrap_or(DEFAULT_MAX_DAILY_MESSAGES),
            MAX_DAILY_MESSAGES_CEILING,
        )?,
        timezone: parse_timezone(input.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE))?,
        status: TenantStatus::Active.as_str().into(),
        created_at: now,
        updated_at: now,
    };
    let renamed =
        |field: &'static str| move |e: ValidationError| ValidationError::new(field, e.message);
    let email = Email::parse(&input.admin_email).map_err(renamed("admin_email"))?;
    let password = Password::parse(&input.admin_password).map_err(renamed("admin_password"))?;
    let display_name = input
        .admin_display_name
        .as_deref()
        .map(|n| bounded_text("admin_display_name", n, 1, 100))
        .transpose()?;
    let admin = new_user(
        Some(&tenant.id),
        &email,
        password,
        Role::TenantAdmin,
        display_name,
    )
    .await?;

    let mut tx = db.begin(Scope::Platform).await?;
    tenants::insert(&mut tx, &tenant).await?;
    users::insert(&mut tx, &admin).await?;
    audit_log::record(
        &mut tx,
        AuditEvent {
            tenant_id: Some(tenant.id.clone()),
            actor,
            action: AuditAction::TenantCreated,
            target: Some(("tenant", tenant.id.clone())),
            detail: json!({ "code": tenant.code, "admin_user_id": admin.id, "admin_email": admin.email }),
            ip,
            request_id: crate::request_id::current(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((tenant, admin))
}

/// Creates a platform admin (no tenant); used by `wecom-fleet admin create-platform-admin`.
pub async fn create_platform_admin(db: &Db, email: &str, password: &str) -> ApiResult<UserRecord> {
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    let admin = new_user(None, &email, password, Role::PlatformAdmin, None).await?;
    let mut tx = db.begin(Scope::Platform).await?;
    users::insert(&mut tx, &admin).await?;
    audit_log::record(
        &mut tx,
        AuditEvent {
            tenant_id: None,
            actor: &Actor::System,
            action: AuditAction::UserCreated,
            target: Some(("user", admin.id.clone())),
            detail: json!({ "email": admin.email, "role": admin.role }),
            ip: None,
            request_id: crate::request_id::current(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(admin)
}

/// A user row with a freshly hashed password (hashing runs off the async threads).
pub async fn new_user(
    tenant_id: Option<&str>,
    email: &Email,
    password: Password,
    role: Role,
    display_name: Option<String>,
) -> ApiResult<UserRecord> {
    let password_hash = blocking(move || password.hash()).await?;
    let now = now_ms();
    Ok(UserRecord {
        id: UserId::new().to_string(),
        tenant_id: tenant_id.map(str::to_owned),
        email: email.as_str().to_owned(),
        password_hash,
        role: role.as_str().into(),
        display_name,
        phone_enc: None,
        status: users::STATUS_ACTIVE.into(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
    })
}
