use std::sync::Arc;

use fleet_core::{ids::UserId, roles::Role};
use fleet_identity::{NewUser, UserPatch};
use fleet_store::users::UserRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    types::MaybeUndefined,
    ApiResponse, Enum, Object, OpenApi,
};
use serde::Deserialize;

use super::common::{path_id, readable, stored, ApiTags, NoContent};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
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

impl From<UserStatus> for fleet_identity::UserStatus {
    fn from(status: UserStatus) -> Self {
        match status {
            UserStatus::Active => Self::Active,
            UserStatus::Disabled => Self::Disabled,
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

impl From<CreateUser> for NewUser {
    fn from(body: CreateUser) -> Self {
        Self {
            email: body.email,
            password: body.password,
            role: body.role.into(),
            display_name: body.display_name,
            phone: body.phone,
        }
    }
}

impl From<UpdateUser> for UserPatch {
    fn from(body: UpdateUser) -> Self {
        Self {
            role: body.role.map(Role::from),
            display_name: change(body.display_name),
            phone: change(body.phone),
            password: body.password,
            status: body.status.map(Into::into),
        }
    }
}

/// `Undefined` → no change; `Null` → clear; a value → set.
fn change(value: MaybeUndefined<String>) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
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
        let user = state
            .identity
            .create_user(&principal.caller(), tenant, body.0.into())
            .await?;
        Ok(UserCreated::Created(Json(to_user(&state, user)?)))
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
        let found = state
            .identity
            .list_users(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |u| to_user(&state, u))?))
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
        let user = state.identity.user(tenant, id).await?;
        Ok(Json(to_user(&state, user)?))
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
        let user = state
            .identity
            .update_user(&principal.caller(), tenant, id, body.0.into())
            .await?;
        Ok(Json(to_user(&state, user)?))
    }

    /// Remove a user from the caller's tenant; their sessions end (tenant admins).
    #[oai(path = "/:id", method = "delete", operation_id = "users_delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let id: UserId = path_id(&id.0, "user")?;
        state
            .identity
            .delete_user(&principal.caller(), tenant, id)
            .await?;
        Ok(NoContent::Done)
    }
}

fn to_user(state: &AppState, u: UserRecord) -> ApiResult<User> {
    let (phone, unreadable) = readable("phone", &u.id, state.identity.phone_of(&u));
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
