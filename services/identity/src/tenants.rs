//! Tenants and the platform's administrators: creating a tenant with its first tenant admin,
//! its limits and timezone, suspending, reactivating and deleting it. One implementation for
//! the API, the demo's seeding and the `admin` commands.

use fleet_core::{
    audit::AuditAction,
    clock::now_ms,
    email::Email,
    ids::TenantId,
    paging::{Page, PageRequest},
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
    tenants::{self, TenantRecord},
    users::{self, UserRecord},
    Db, Scope, Tx,
};
use serde_json::json;

use crate::{caller::Caller, users::new_user, IdentityError, IdentityService};

pub const DEFAULT_MAX_ACCOUNTS: i64 = 10;
pub const DEFAULT_MAX_DAILY_MESSAGES: i64 = 10_000;

/// A new tenant and its first tenant admin; every field is checked here.
#[derive(Debug, Clone, Default)]
pub struct NewTenant {
    pub name: String,
    pub code: String,
    /// Default [`DEFAULT_MAX_ACCOUNTS`].
    pub max_accounts: Option<i64>,
    /// Default [`DEFAULT_MAX_DAILY_MESSAGES`].
    pub max_daily_messages: Option<i64>,
    /// An IANA timezone; default Asia/Shanghai.
    pub timezone: Option<String>,
    pub admin_email: String,
    pub admin_password: String,
    pub admin_display_name: Option<String>,
}

/// Fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TenantPatch {
    pub name: Option<String>,
    pub max_accounts: Option<i64>,
    pub max_daily_messages: Option<i64>,
    pub timezone: Option<String>,
}

/// Validates `input`, then writes the tenant, its admin and the audit entry in one
/// transaction.
pub async fn create_tenant(
    db: &Db,
    input: NewTenant,
    caller: &Caller,
) -> Result<(TenantRecord, UserRecord), IdentityError> {
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
    let event = caller.audit_in(
        Some(tenant.id.clone()),
        AuditAction::TenantCreated,
        ("tenant", tenant.id.clone()),
        json!({ "code": tenant.code, "admin_user_id": admin.id, "admin_email": admin.email }),
    );
    fleet_store::audit::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok((tenant, admin))
}

/// Creates a platform admin (no tenant), as the service itself; used by
/// `wecom-fleet admin create-platform-admin` and the demo's seeding.
pub async fn create_platform_admin(
    db: &Db,
    email: &str,
    password: &str,
) -> Result<UserRecord, IdentityError> {
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    let admin = new_user(None, &email, password, Role::PlatformAdmin, None).await?;
    let mut tx = db.begin(Scope::Platform).await?;
    users::insert(&mut tx, &admin).await?;
    let caller = Caller::system();
    let event = caller.audit(
        AuditAction::UserCreated,
        ("user", admin.id.clone()),
        json!({ "email": admin.email, "role": admin.role }),
    );
    fleet_store::audit::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(admin)
}

impl IdentityService {
    /// As [`create_tenant`], on this service's database.
    pub async fn create_tenant(
        &self,
        caller: &Caller,
        input: NewTenant,
    ) -> Result<(TenantRecord, UserRecord), IdentityError> {
        create_tenant(&self.db, input, caller).await
    }

    /// All tenants, newest first; only those with `status` when given.
    pub async fn list_tenants(
        &self,
        status: Option<TenantStatus>,
        page: PageRequest,
    ) -> Result<Page<TenantRecord>, IdentityError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        Ok(tenants::list(&mut tx, status.map(TenantStatus::as_str), page).await?)
    }

    /// Any tenant, as the platform reads it.
    pub async fn tenant(&self, id: TenantId) -> Result<TenantRecord, IdentityError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        fetch(&mut tx, id, false).await
    }

    /// The tenant a caller acts in, read inside that tenant's scope.
    pub async fn own_tenant(&self, id: TenantId) -> Result<TenantRecord, IdentityError> {
        let mut tx = self.db.read(Scope::Tenant(id)).await?;
        fetch(&mut tx, id, false).await
    }

    /// Changes a tenant's name, limits or timezone; the audit entry keeps what they were.
    pub async fn update_tenant(
        &self,
        caller: &Caller,
        id: TenantId,
        patch: TenantPatch,
    ) -> Result<TenantRecord, IdentityError> {
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

        let mut tx = self.db.begin(Scope::Platform).await?;
        let mut tenant = fetch(&mut tx, id, true).await?;
        let before = json!({ "name": tenant.name, "max_accounts": tenant.max_accounts,
            "max_daily_messages": tenant.max_daily_messages, "timezone": tenant.timezone });
        tenant.name = name.unwrap_or(tenant.name);
        tenant.max_accounts = max_accounts.unwrap_or(tenant.max_accounts);
        tenant.max_daily_messages = max_daily.unwrap_or(tenant.max_daily_messages);
        tenant.timezone = timezone.unwrap_or(tenant.timezone);
        tenant.updated_at = now_ms();
        tenants::update(&mut tx, &tenant).await?;
        let event = caller.audit_in(
            Some(tenant.id.clone()),
            AuditAction::TenantUpdated,
            ("tenant", tenant.id.clone()),
            json!({ "before": before }),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(tenant)
    }

    /// Suspends, reactivates or deletes a tenant. Its users' tokens and its API keys follow at
    /// once (the standing check); a deleted tenant stays deleted. Setting the status it has
    /// changes nothing and audits nothing.
    pub async fn set_tenant_status(
        &self,
        caller: &Caller,
        id: TenantId,
        status: TenantStatus,
    ) -> Result<TenantRecord, IdentityError> {
        let mut tx = self.db.begin(Scope::Platform).await?;
        let mut tenant = fetch(&mut tx, id, true).await?;
        if tenant.status == TenantStatus::Deleted.as_str() {
            return Err(IdentityError::TenantStatusFinal {
                status: tenant.status,
            });
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
            let event = caller.audit_in(
                Some(tenant.id.clone()),
                action,
                ("tenant", tenant.id.clone()),
                json!({}),
            );
            fleet_store::audit::record(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(tenant)
    }
}

/// The tenant, locked for update when `lock` is set.
async fn fetch(tx: &mut Tx, id: TenantId, lock: bool) -> Result<TenantRecord, IdentityError> {
    tenants::get(tx, id, lock)
        .await?
        .ok_or(IdentityError::NotFound("tenant"))
}
