//! A tenant's users: adding, reading, changing and removing them. A tenant always keeps an
//! active tenant admin; a new password or disabling a user ends the user's sessions; phone
//! numbers are stored sealed with the keyring.

use fleet_core::{
    audit::AuditAction,
    clock::now_ms,
    email::Email,
    field_cipher::CipherError,
    ids::{TenantId, UserId},
    paging::{Page, PageRequest},
    password::Password,
    phone::parse_phone,
    roles::Role,
    validation::bounded_text,
};
use fleet_store::{
    sessions,
    users::{self, phone_context, UserRecord},
    Scope, Tx,
};
use serde_json::json;

use crate::{caller::Caller, passwords, IdentityError, IdentityService};

/// A user to add to a tenant; every field is checked here.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub display_name: Option<String>,
    pub phone: Option<String>,
}

/// Whether a user may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Active,
    /// Cannot sign in; their sessions have ended.
    Disabled,
}

impl UserStatus {
    fn as_stored(self) -> &'static str {
        match self {
            UserStatus::Active => users::STATUS_ACTIVE,
            UserStatus::Disabled => users::STATUS_DISABLED,
        }
    }
}

/// Fields to change: `None` leaves a field as it is; for `display_name` and `phone`,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub role: Option<Role>,
    pub display_name: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub password: Option<String>,
    pub status: Option<UserStatus>,
}

impl IdentityService {
    /// Adds a user to `tenant`.
    pub async fn create_user(
        &self,
        caller: &Caller,
        tenant: TenantId,
        input: NewUser,
    ) -> Result<UserRecord, IdentityError> {
        let email = Email::parse(&input.email)?;
        let password = Password::parse(&input.password)?;
        let display_name = input
            .display_name
            .as_deref()
            .map(display_name)
            .transpose()?;
        let phone = input.phone.as_deref().map(parse_phone).transpose()?;
        let mut user = new_user(
            Some(&tenant.to_string()),
            &email,
            password,
            input.role,
            display_name,
        )
        .await?;
        user.phone_enc = phone.map(|p| self.seal_phone(&user.id, &p));
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        users::insert(&mut tx, &user).await?;
        let detail = json!({ "email": user.email, "role": user.role });
        let event = caller.audit(AuditAction::UserCreated, ("user", user.id.clone()), detail);
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// `tenant`'s users, oldest first.
    pub async fn list_users(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<UserRecord>, IdentityError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(users::list(&mut tx, tenant, page).await?)
    }

    pub async fn user(&self, tenant: TenantId, id: UserId) -> Result<UserRecord, IdentityError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        users::get(&mut tx, tenant, id, false)
            .await?
            .ok_or(IdentityError::NotFound("user"))
    }

    /// Changes a user's role, name, phone, password or status. A new password or disabling
    /// ends the user's open sessions.
    pub async fn update_user(
        &self,
        caller: &Caller,
        tenant: TenantId,
        id: UserId,
        patch: UserPatch,
    ) -> Result<UserRecord, IdentityError> {
        let role = patch.role;
        let status = patch.status.map(UserStatus::as_stored);
        let display_name = parse_change(patch.display_name, display_name)?;
        let phone = parse_change(patch.phone, parse_phone)?;
        let password_hash = match patch.password {
            Some(p) => Some(passwords::hash(Password::parse(&p)?).await?),
            None => None,
        };

        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut user = users::get(&mut tx, tenant, id, true)
            .await?
            .ok_or(IdentityError::NotFound("user"))?;
        let demoted = role.is_some_and(|r| r != Role::TenantAdmin);
        let disabled = status == Some(users::STATUS_DISABLED);
        if user.role == Role::TenantAdmin.as_str() && (demoted || disabled) {
            ensure_another_admin(&mut tx, tenant, id).await?;
        }
        let mut changed = Vec::new();
        if let Some(role) = role {
            user.role = role.as_str().into();
            changed.push("role");
        }
        if let Some(status) = status {
            user.status = status.into();
            changed.push("status");
        }
        if let Some(name) = display_name {
            user.display_name = name;
            changed.push("display_name");
        }
        if let Some(phone) = phone {
            user.phone_enc = phone.map(|p| self.seal_phone(&user.id, &p));
            changed.push("phone");
        }
        let ends_sessions = password_hash.is_some() || disabled;
        if let Some(hash) = password_hash {
            user.password_hash = hash;
            changed.push("password");
        }
        user.updated_at = now_ms();
        users::update(&mut tx, &user).await?;
        if ends_sessions {
            sessions::revoke_all_for_user(
                &mut tx,
                &user.id,
                "credentials_changed",
                user.updated_at,
            )
            .await?;
        }
        let event = caller.audit(
            AuditAction::UserUpdated,
            ("user", user.id.clone()),
            json!({ "changed": changed }),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Removes a user from `tenant`; their sessions end with them.
    pub async fn delete_user(
        &self,
        caller: &Caller,
        tenant: TenantId,
        id: UserId,
    ) -> Result<(), IdentityError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let user = users::get(&mut tx, tenant, id, true)
            .await?
            .ok_or(IdentityError::NotFound("user"))?;
        if user.role == Role::TenantAdmin.as_str() {
            ensure_another_admin(&mut tx, tenant, id).await?;
        }
        users::delete(&mut tx, tenant, id).await?;
        let event = caller.audit(
            AuditAction::UserDeleted,
            ("user", user.id.clone()),
            json!({ "email": user.email }),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's phone number, opened; an error when it does not decrypt with the
    /// configured keys.
    pub fn phone_of(&self, user: &UserRecord) -> Result<Option<String>, CipherError> {
        user.phone_enc
            .as_deref()
            .map(|sealed| self.keyring.decrypt(sealed, &phone_context(&user.id)))
            .transpose()
    }

    fn seal_phone(&self, user_id: &str, phone: &str) -> String {
        self.keyring.encrypt(phone, &phone_context(user_id))
    }
}

/// A user row with a freshly hashed password, not yet stored (hashing runs off the async
/// threads). Shared by tenant admins adding users, new tenants' first admins and platform
/// admins.
pub(crate) async fn new_user(
    tenant_id: Option<&str>,
    email: &Email,
    password: Password,
    role: Role,
    display_name: Option<String>,
) -> Result<UserRecord, IdentityError> {
    let password_hash = passwords::hash(password).await?;
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

/// 1–100 characters.
fn display_name(name: &str) -> Result<String, fleet_core::ValidationError> {
    bounded_text("display_name", name, 1, 100)
}

/// A change to a clearable field: `None` stays `None`, a cleared field stays cleared, a value
/// is parsed.
fn parse_change<E>(
    change: Option<Option<String>>,
    parse: impl Fn(&str) -> Result<String, E>,
) -> Result<Option<Option<String>>, E> {
    change
        .map(|value| value.as_deref().map(&parse).transpose())
        .transpose()
}

/// A tenant must keep at least one active tenant admin. The tenant's row is locked first, so
/// two admins demoting, disabling or deleting each other at once are taken one after the
/// other and the second sees the first's change: one of them is refused.
async fn ensure_another_admin(
    tx: &mut Tx,
    tenant: TenantId,
    user: UserId,
) -> Result<(), IdentityError> {
    fleet_store::tenants::get(tx, tenant, true).await?;
    if users::count_other_active_admins(tx, tenant, user).await? == 0 {
        return Err(IdentityError::LastTenantAdmin);
    }
    Ok(())
}
