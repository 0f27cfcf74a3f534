use std::sync::Arc;

use fleet_core::{
    audit::AuditAction,
    clock::now_ms,
    email::Email,
    field_cipher::Keyring,
    ids::{TenantId, UserId},
    password::Password,
    phone::parse_phone,
    roles::Role,
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    audit as audit_log, sessions,
    users::{self, phone_context, UserRecord},
    Scope,
};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::MaybeUndefined,
    ApiResponse, Enum, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::json;

use super::common::{blocking, path_id, readable, stored, ApiTags, NoContent};
use crate::{
    auth::{BearerAuth, Principal},
    error::{ApiError, ApiResult, ErrorCode},
    json_body::JsonBody,
    provisioning::new_user,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

/// A role inside a tenant, from most to least allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Deserialize)]
#[oai(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum TenantRole {
    /// Everything in the tenant, users and API keys included.
    TenantAdmin,
    /// Accounts, templates and messages.
    Operator,
    /// Reads only.
    Viewer,
}

impl From<TenantRole> for Role {
    fn from(role: TenantRole) -> Self {
        match role {
            TenantRole::TenantAdmin => Role::TenantAdmin,
            TenantRole::Operator => Role::Operator,
            TenantRole::Viewer => Role::Viewer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Deserialize)]
#[oai(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
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

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct User {
    pub id: String,
    pub email: String,
    pub role: TenantRole,
    pub display_name: Option<String>,
    /// Stored encrypted; shown to tenant admins.
    pub phone: Option<String>,
    pub status: UserStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_login_at: Option<Timestamp>,
    /// Fields that could not be decrypted with the configured keys (shown absent; the
    /// service logged it). Absent when every field reads.
    pub unreadable: Option<Vec<String>>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[oai(validator(max_length = 254))]
    pub email: String,
    /// At least 10 characters.
    #[oai(validator(min_length = 10))]
    pub password: String,
    pub role: TenantRole,
    /// 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub display_name: Option<String>,
    /// 5–20 digits, an optional leading `+`, spaces or dashes; stored encrypted.
    pub phone: Option<String>,
}

#[derive(ApiResponse)]
pub enum UserCreated {
    #[oai(status = 201)]
    Created(Json<User>),
}

/// Fields to change. Absent fields stay; `null` clears `display_name` or `phone`. A new
/// password or `status: disabled` ends the user's open sessions.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    pub role: Option<TenantRole>,
    #[serde(default)]
    pub display_name: MaybeUndefined<String>,
    #[serde(default)]
    pub phone: MaybeUndefined<String>,
    /// At least 10 characters.
    #[oai(validator(min_length = 10))]
    pub password: Option<String>,
    pub status: Option<UserStatus>,
}

#[derive(Default)]
pub struct UsersApi;

#[OpenApi(prefix_path = "/api/v1/users", tag = "ApiTags::Users")]
impl UsersApi {
    /// Add a user to the caller's tenant (tenant admins).
    #[oai(path = "/", method = "post", operation_id = "users_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateUser>,
    ) -> ApiResult<UserCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let body = body.0;
        let email = Email::parse(&body.email)?;
        let password = Password::parse(&body.password)?;
        let role = Role::from(body.role);
        let display_name = body
            .display_name
            .as_deref()
            .map(|n| bounded_text("display_name", n, 1, 100))
            .transpose()?;
        let phone = body.phone.as_deref().map(parse_phone).transpose()?;
        let mut user = new_user(
            Some(&tenant.to_string()),
            &email,
            password,
            role,
            display_name,
        )
        .await?;
        user.phone_enc = phone.map(|p| state.keyring.encrypt(&p, &phone_context(&user.id)));
        let mut tx = state.db.begin(Scope::Tenant(tenant)).await?;
        users::insert(&mut tx, &user).await?;
        let detail = json!({ "email": user.email, "role": user.role });
        audit_log::record(
            &mut tx,
            principal.audit(AuditAction::UserCreated, ("user", user.id.clone()), detail),
        )
        .await?;
        tx.commit().await?;
        Ok(UserCreated::Created(Json(to_user(&state.keyring, user)?)))
    }

    /// The caller's tenant's users, oldest first (tenant admins).
    #[oai(path = "/", method = "get", operation_id = "users_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<User>>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let mut tx = state.db.read(Scope::Tenant(tenant)).await?;
        let found = users::list(&mut tx, tenant, paging(page.0, size.0)).await?;
        Ok(Json(Page::of(found, |u| to_user(&state.keyring, u))?))
    }

    /// One user of the caller's tenant (tenant admins).
    #[oai(path = "/:id", method = "get", operation_id = "users_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<User>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let id: UserId = path_id(&id.0, "user")?;
        let mut tx = state.db.read(Scope::Tenant(tenant)).await?;
        let user = users::get(&mut tx, tenant, id, false)
            .await?
            .ok_or_else(|| ApiError::not_found("user"))?;
        Ok(Json(to_user(&state.keyring, user)?))
    }

    /// Change a user's role, name, phone, password or status (tenant admins).
    #[oai(path = "/:id", method = "patch", operation_id = "users_update")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateUser>,
    ) -> ApiResult<Json<User>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let id: UserId = path_id(&id.0, "user")?;
        let patch = body.0;
        let role = patch.role.map(Role::from);
        let status = patch.status.map(UserStatus::as_stored);
        let display_name = map_undefined(patch.display_name, |n| {
            bounded_text("display_name", n, 1, 100)
        })?;
        let phone = map_undefined(patch.phone, parse_phone)?;
        let password_hash = match patch.password {
            Some(p) => {
                let password = Password::parse(&p)?;
                Some(blocking(move || password.hash()).await?)
            }
            None => None,
        };

        let mut tx = state.db.begin(Scope::Tenant(tenant)).await?;
        let mut user = users::get(&mut tx, tenant, id, true)
            .await?
            .ok_or_else(|| ApiError::not_found("user"))?;
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
            user.phone_enc = phone.map(|p| state.keyring.encrypt(&p, &phone_context(&user.id)));
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
        audit_log::record(
            &mut tx,
            principal.audit(
                AuditAction::UserUpdated,
                ("user", user.id.clone()),
                json!({ "changed": changed }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(Json(to_user(&state.keyring, user)?))
    }

    /// Remove a user from the caller's tenant; their sessions end (tenant admins).
    #[oai(path = "/:id", method = "delete", operation_id = "users_delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal: Principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let id: UserId = path_id(&id.0, "user")?;
        let mut tx = state.db.begin(Scope::Tenant(tenant)).await?;
        let user = users::get(&mut tx, tenant, id, true)
            .await?
            .ok_or_else(|| ApiError::not_found("user"))?;
        if user.role == Role::TenantAdmin.as_str() {
            ensure_another_admin(&mut tx, tenant, id).await?;
        }
        users::delete(&mut tx, tenant, id).await?;
        audit_log::record(
            &mut tx,
            principal.audit(
                AuditAction::UserDeleted,
                ("user", user.id.clone()),
                json!({ "email": user.email }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(NoContent::Done)
    }
}

/// A tenant must keep at least one active tenant admin. The tenant's row is locked first, so
/// two admins demoting, disabling or deleting each other at once are taken one after the
/// other and the second sees the first's change: one of them is refused.
async fn ensure_another_admin(
    tx: &mut fleet_store::Tx,
    tenant: TenantId,
    user: UserId,
) -> ApiResult<()> {
    fleet_store::tenants::get(tx, tenant, true).await?;
    if users::count_other_active_admins(tx, tenant, user).await? == 0 {
        return Err(ApiError::new(
            ErrorCode::LastTenantAdmin,
            "this is the tenant's last active tenant admin; appoint another first",
        ));
    }
    Ok(())
}

/// `Undefined` → no change; `Null` → clear; a value → parsed.
fn map_undefined(
    value: MaybeUndefined<String>,
    parse: impl Fn(&str) -> Result<String, ValidationError>,
) -> Result<Option<Option<String>>, ValidationError> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(v) => parse(&v).map(|v| Some(Some(v))),
    }
}

fn to_user(keyring: &Keyring, u: UserRecord) -> ApiResult<User> {
    let (phone, unreadable) = readable(
        "phone",
        &u.id,
        u.phone_enc
            .as_deref()
            .map(|sealed| keyring.decrypt(sealed, &phone_context(&u.id)))
            .transpose(),
    );
    Ok(User {
        unreadable,
        id: u.id,
        email: u.email,
        role: stored(&u.role)?,
        display_name: u.display_name,
        phone,
        status: stored(&u.status)?,
        created_at: Timestamp(u.created_at),
        updated_at: Timestamp(u.updated_at),
        last_login_at: Timestamp::opt(u.last_login_at),
    })
}
