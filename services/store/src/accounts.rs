//! WeCom accounts. Status changes go through [`save_state`], a compare-and-set on `version`
//! that writes the history row in the same transaction: two writers that read the same
//! version cannot both win, and no change is ever missing from the history.

use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AccountRecord {
    pub id: String,
    pub tenant_id: String,
    pub account_name: String,
    pub phone_enc: Option<String>,
    pub connector: String,
    pub connector_settings_enc: Option<String>,
    pub config: String,
    pub instance_id: Option<String>,
    pub status: String,
    pub login_stage: Option<String>,
    pub login_origin: Option<String>,
    pub version: i64,
    pub login_token: Option<String>,
    pub qr_payload: Option<String>,
    pub qr_expires_at: Option<i64>,
    pub last_heartbeat_at: Option<i64>,
    pub online_since: Option<i64>,
    pub recovery_attempts: i64,
    pub next_recovery_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One line of an account's status history.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HistoryRecord {
    pub id: String,
    pub account_id: String,
    pub old_status: String,
    pub old_stage: Option<String>,
    pub new_status: String,
    pub new_stage: Option<String>,
    pub reason: String,
    pub detail: String,
    pub created_at: i64,
}

pub(crate) const COLUMNS: &str = "id, tenant_id, account_name, phone_enc, connector, connector_settings_enc, config, \
    instance_id, status, login_stage, login_origin, version, login_token, qr_payload, qr_expires_at, \
    last_heartbeat_at, online_since, recovery_attempts, next_recovery_at, created_at, updated_at";

/// The associated data binding sealed account fields to their row.
pub fn field_context(column: &str, account_id: &str) -> String {
    crate::encrypted_fields::context("accounts", column, account_id)
}

/// The account's connector settings, decrypted (`Null` when it has none). Errors are
/// descriptions of a corrupt row.
pub fn connector_settings(
    keyring: &fleet_core::field_cipher::Keyring,
    rec: &AccountRecord,
) -> Result<serde_json::Value, String> {
    let Some(sealed) = rec.connector_settings_enc.as_deref() else {
        return Ok(serde_json::Value::Null);
    };
    let plain = keyring
        .decrypt(sealed, &field_context("connector_settings_enc", &rec.id))
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&plain).map_err(|e| e.to_string())
}

pub async fn insert(tx: &mut Tx, a: &AccountRecord) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO accounts ({COLUMNS}) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"
    );
    sqlx::query(&sql)
        .bind(&a.id)
        .bind(&a.tenant_id)
        .bind(&a.account_name)
        .bind(&a.phone_enc)
        .bind(&a.connector)
        .bind(&a.connector_settings_enc)
        .bind(&a.config)
        .bind(&a.instance_id)
        .bind(&a.status)
        .bind(&a.login_stage)
        .bind(&a.login_origin)
        .bind(a.version)
        .bind(&a.login_token)
        .bind(&a.qr_payload)
        .bind(a.qr_expires_at)
        .bind(a.last_heartbeat_at)
        .bind(a.online_since)
        .bind(a.recovery_attempts)
        .bind(a.next_recovery_at)
        .bind(a.created_at)
        .bind(a.updated_at)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// An account of `tenant` that has not been deleted.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<AccountRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE tenant_id = $1 AND id = $2 AND status <> 'deleted'"
    );
    Ok(sqlx::query_as(&sql)
        .bind(tenant.to_string())
        .bind(id)
        .fetch_optional(tx.conn())
        .await?)
}

/// The tenant's live accounts, oldest first; optionally only those with `status`.
/// Which accounts a list shows; `None` fields do not narrow it.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountFilter<'a> {
    pub status: Option<&'a str>,
    /// Part of the name, in any case.
    pub name: Option<&'a str>,
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    filter: AccountFilter<'_>,
    page: PageRequest,
) -> Result<Page<AccountRecord>, StoreError> {
    let wher = "WHERE tenant_id = $1 AND status <> 'deleted' AND ($2 IS NULL OR status = $2) \
        AND ($3 IS NULL OR LOWER(account_name) LIKE $3 ESCAPE '\\')";
    let name = filter
        .name
        .map(|n| format!("%{}%", like_escaped(&n.to_lowercase())));
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM accounts {wher}"),
        &format!(
            "SELECT {COLUMNS} FROM accounts {wher} ORDER BY created_at, id LIMIT $4 OFFSET $5"
        ),
        &[
            Some(tenant.to_string()),
            filter.status.map(str::to_owned),
            name,
        ],
        page,
    )
    .await
}

/// `text` matched literally by LIKE (with `ESCAPE '\'`).
fn like_escaped(text: &str) -> String {
    text.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// How many of `tenant`'s live accounts are in each status (statuses with none are absent).
pub async fn count_by_status(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT status, COUNT(*) FROM accounts WHERE tenant_id = $1 AND status <> 'deleted' \
         GROUP BY status",
    )
    .bind(tenant.to_string())
    .fetch_all(tx.conn())
    .await?)
}

/// Live accounts of `tenant`. Call it after locking the tenant row (`tenants::get` with
/// `lock`) so that concurrent creations count each other.
pub async fn count_live(tx: &mut Tx, tenant: TenantId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE tenant_id = $1 AND status <> 'deleted'",
    )
    .bind(tenant.to_string())
    .fetch_one(tx.conn())
    .await?)
}

/// Writes the descriptive fields (name, phone, config, connector settings).
pub async fn update_details(tx: &mut Tx, a: &AccountRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET account_name = $3, phone_enc = $4, config = $5, connector_settings_enc = $6, \
         updated_at = $7 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&a.tenant_id)
    .bind(&a.id)
    .bind(&a.account_name)
    .bind(&a.phone_enc)
    .bind(&a.config)
    .bind(&a.connector_settings_enc)
    .bind(a.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Stores (or clears) the account's encrypted WeCom callback settings. False when the tenant
/// has no such live account.
pub async fn set_callback_settings(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    sealed: Option<&str>,
    now: Millis,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE accounts SET callback_settings_enc = $3, updated_at = $4 \
         WHERE tenant_id = $1 AND id = $2 AND status <> 'deleted'",
    )
    .bind(tenant.to_string())
    .bind(id)
    .bind(sealed)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's encrypted WeCom callback settings, if it has any.
pub async fn callback_settings(tx: &mut Tx, id: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT callback_settings_enc FROM accounts WHERE id = $1 AND status <> 'deleted'",
    )
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}

/// Why a state was saved, for the history.
#[derive(Debug, Clone)]
pub struct StateChange<'a> {
    pub old_status: &'a str,
    pub old_stage: Option<&'a str>,
    pub reason: &'a str,
    pub detail: serde_json::Value,
}

/// Saves the lifecycle columns of `a` if the stored version is still `a.version`, bumping it,
/// and records `change` in the history (unless `change` is `None`: a heartbeat). `false` when
/// another writer got there first; the caller re-reads and decides again.
pub async fn save_state(
    tx: &mut Tx,
    a: &AccountRecord,
    change: Option<StateChange<'_>>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE accounts SET status = $4, login_stage = $5, login_origin = $6, version = version + 1, \
         instance_id = $7, login_token = $8, qr_payload = $9, qr_expires_at = $10, last_heartbeat_at = $11, \
         online_since = $12, recovery_attempts = $13, next_recovery_at = $14, updated_at = $15 \
         WHERE tenant_id = $1 AND id = $2 AND version = $3",
    )
    .bind(&a.tenant_id)
    .bind(&a.id)
    .bind(a.version)
    .bind(&a.status)
    .bind(&a.login_stage)
    .bind(&a.login_origin)
    .bind(&a.instance_id)
    .bind(&a.login_token)
    .bind(&a.qr_payload)
    .bind(a.qr_expires_at)
    .bind(a.last_heartbeat_at)
    .bind(a.online_since)
    .bind(a.recovery_attempts)
    .bind(a.next_recovery_at)
    .bind(a.updated_at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(change) = change {
        sqlx::query(
            "INSERT INTO account_status_history (id, tenant_id, account_id, old_status, old_stage, new_status, \
             new_stage, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        // Time-ordered ids keep changes within one millisecond in the order they happened.
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&a.tenant_id)
        .bind(&a.id)
        .bind(change.old_status)
        .bind(change.old_stage)
        .bind(&a.status)
        .bind(&a.login_stage)
        .bind(change.reason)
        .bind(change.detail.to_string())
        .bind(a.updated_at)
        .execute(tx.conn())
        .await?;
    }
    Ok(true)
}

/// An account's status changes, oldest first.
pub async fn history(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
    page: PageRequest,
) -> Result<Page<HistoryRecord>, StoreError> {
    let filter = "WHERE tenant_id = $1 AND account_id = $2";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM account_status_history {filter}"),
        &format!(
            "SELECT id, account_id, old_status, old_stage, new_status, new_stage, reason, detail, created_at \
             FROM account_status_history {filter} ORDER BY created_at, id LIMIT $3 OFFSET $4"
        ),
        &[Some(tenant.to_string()), Some(account_id.to_owned())],
        page,
    )
    .await
}

/// Deletes up to `limit` status changes made before `cutoff`, keeping each account's newest
/// (it says since when the account is in its status); returns how many.
pub async fn delete_history_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM account_status_history WHERE id IN ( \
           SELECT h.id FROM account_status_history h WHERE h.created_at < $1 \
           AND EXISTS (SELECT 1 FROM account_status_history n \
                       WHERE n.account_id = h.account_id AND n.created_at > h.created_at) \
           ORDER BY h.created_at LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}
