//! Login sessions and their refresh tokens. A session is one sign-in; each refresh spends its
//! token and issues the next one in the same family. Presenting a spent token means the family
//! leaked, and the whole session is revoked.

use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub tenant_id: Option<&'a str>,
    pub user_id: &'a str,
    pub created_at: i64,
}

/// What a request bearing an access token needs to know about its session, in one read.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionAuth {
    pub session_id: String,
    pub user_id: String,
    pub tenant_id: Option<String>,
    pub role: String,
    pub user_status: String,
    pub tenant_status: Option<String>,
    pub revoked_at: Option<i64>,
}

/// A refresh token with the state of everything it depends on.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RefreshAuth {
    pub token_hash: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub email: String,
    pub session_id: String,
    pub user_id: String,
    pub tenant_id: Option<String>,
    pub role: String,
    pub user_status: String,
    pub tenant_status: Option<String>,
    pub revoked_at: Option<i64>,
}

pub async fn create(tx: &mut Tx, session: &NewSession<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (id, tenant_id, user_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(session.id)
    .bind(session.tenant_id)
    .bind(session.user_id)
    .bind(session.created_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn add_refresh_token(
    tx: &mut Tx,
    session_id: &str,
    tenant_id: Option<&str>,
    token_hash: &str,
    created_at: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, session_id, tenant_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(session_id)
    .bind(tenant_id)
    .bind(created_at)
    .bind(expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Who stands behind a session: its user and the user's tenant.
const SESSION_OWNER: &str = "s.id AS session_id, u.id AS user_id, u.tenant_id, u.role, \
    u.status AS user_status, t.status AS tenant_status, s.revoked_at \
    FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN tenants t ON t.id = u.tenant_id";

pub async fn auth(tx: &mut Tx, session_id: &str) -> Result<Option<SessionAuth>, StoreError> {
    let sql = format!("SELECT {SESSION_OWNER} WHERE s.id = $1");
    Ok(sqlx::query_as(&sql)
        .bind(session_id)
        .fetch_optional(tx.conn())
        .await?)
}

pub async fn find_refresh(
    tx: &mut Tx,
    token_hash: &str,
) -> Result<Option<RefreshAuth>, StoreError> {
    let sql = format!(
        "SELECT r.token_hash, r.expires_at, r.used_at, u.email, {SESSION_OWNER} \
         JOIN refresh_tokens r ON r.session_id = s.id WHERE r.token_hash = $1"
    );
    Ok(sqlx::query_as(&sql)
        .bind(token_hash)
        .fetch_optional(tx.conn())
        .await?)
}

/// Spends a refresh token. `false` when it was already spent (by a concurrent refresh too).
pub async fn spend_refresh_token(
    tx: &mut Tx,
    token_hash: &str,
    at: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
    )
    .bind(token_hash)
    .bind(at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes a session (and so every token of its family). Idempotent.
pub async fn revoke(
    tx: &mut Tx,
    session_id: &str,
    reason: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(session_id)
    .bind(at)
    .bind(reason)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Revokes every open session of a user (password reset, disabling).
pub async fn revoke_all_for_user(
    tx: &mut Tx,
    user_id: &str,
    reason: &str,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(at)
    .bind(reason)
    .execute(tx.conn())
    .await?;
    Ok(())
}
