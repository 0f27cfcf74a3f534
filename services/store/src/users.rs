use fleet_core::{
    ids::{TenantId, UserId},
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRecord {
    pub id: String,
    /// `None` for platform admins.
    pub tenant_id: Option<String>,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub display_name: Option<String>,
    /// Ciphertext from `field_cipher`, context [`phone_context`].
    pub phone_enc: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
}

pub const STATUS_ACTIVE: &str = "active";
pub const STATUS_DISABLED: &str = "disabled";

const COLUMNS: &str =
    "id, tenant_id, email, password_hash, role, display_name, phone_enc, status, \
                       created_at, updated_at, last_login_at";

/// The associated data that binds a user's encrypted phone number to its row.
pub fn phone_context(user_id: &str) -> String {
    crate::encrypted_fields::context("users", "phone_enc", user_id)
}

pub async fn insert(tx: &mut Tx, user: &UserRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO users (id, tenant_id, email, password_hash, role, display_name, phone_enc, status, \
         created_at, updated_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&user.id)
    .bind(&user.tenant_id)
    .bind(&user.email)
    .bind(&user.password_hash)
    .bind(&user.role)
    .bind(&user.display_name)
    .bind(&user.phone_enc)
    .bind(&user.status)
    .bind(user.created_at)
    .bind(user.updated_at)
    .bind(user.last_login_at)
    .execute(tx.conn())
    .await
    .map_err(StoreError::unique_as("email"))?;
    Ok(())
}

/// Sign-in lookup across all tenants (needs a platform scope).
pub async fn find_by_email(tx: &mut Tx, email: &str) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    Ok(sqlx::query_as(&sql)
        .bind(email)
        .fetch_optional(tx.conn())
        .await?)
}

/// A user of `tenant`, locked for update when `lock` is set.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: UserId,
    lock: bool,
) -> Result<Option<UserRecord>, StoreError> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let sql = format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2{lock}");
    Ok(sqlx::query_as(&sql)
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<UserRecord>, StoreError> {
    fetch_page(
        tx.conn(),
        "SELECT COUNT(*) FROM users WHERE tenant_id = $1",
        &format!("SELECT {COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3"),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// Writes every mutable field of `user` (read it with `lock` first).
pub async fn update(tx: &mut Tx, user: &UserRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET password_hash = $3, role = $4, display_name = $5, phone_enc = $6, status = $7, \
         updated_at = $8 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&user.tenant_id)
    .bind(&user.id)
    .bind(&user.password_hash)
    .bind(&user.role)
    .bind(&user.display_name)
    .bind(&user.phone_enc)
    .bind(&user.status)
    .bind(user.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn record_login(tx: &mut Tx, id: &str, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET last_login_at = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(tx.conn())
        .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, tenant: TenantId, id: UserId) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM users WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.to_string())
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Active tenant admins of `tenant` other than `except`: the guard against locking a tenant
/// out of its own administration.
pub async fn count_other_active_admins(
    tx: &mut Tx,
    tenant: TenantId,
    except: UserId,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND id <> $2 AND role = 'tenant_admin' AND status = 'active'",
    )
    .bind(tenant.to_string())
    .bind(except.to_string())
    .fetch_one(tx.conn())
    .await?)
}
