use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SilenceRecord {
    pub id: String,
    pub tenant_id: String,
    /// JSON object of label -> value.
    pub matchers: String,
    pub comment: String,
    pub created_by: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, tenant_id, matchers, comment, created_by, starts_at, ends_at, created_at";

pub async fn insert(tx: &mut Tx, s: &SilenceRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO alert_silences ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(&s.id)
    .bind(&s.tenant_id)
    .bind(&s.matchers)
    .bind(&s.comment)
    .bind(&s.created_by)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.created_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<SilenceRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_silences WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Ends a silence now (kept for the record). `false` if it had already ended.
pub async fn expire(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    now: Millis,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE alert_silences SET ends_at = $3 WHERE tenant_id = $1 AND id = $2 AND ends_at > $3",
    )
    .bind(tenant.to_string())
    .bind(id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The tenant's silences, newest first; with `active_at`, only those in force then.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    active_at: Option<Millis>,
    page: PageRequest,
) -> Result<Page<SilenceRecord>, StoreError> {
    let (clause, binds) = match active_at {
        Some(at) => (
            "WHERE tenant_id = $1 AND starts_at <= CAST($2 AS BIGINT) AND ends_at > CAST($2 AS BIGINT)",
            vec![Some(tenant.to_string()), Some(at.to_string())],
        ),
        None => ("WHERE tenant_id = $1", vec![Some(tenant.to_string())]),
    };
    let n = binds.len();
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM alert_silences {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM alert_silences {clause} ORDER BY created_at DESC, id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        ),
        &binds,
        page,
    )
    .await
}

/// The tenant's silences in force at `now`.
pub async fn current_of(
    tx: &mut Tx,
    tenant: TenantId,
    now: Millis,
) -> Result<Vec<SilenceRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_silences WHERE tenant_id = $1 AND starts_at <= $2 AND ends_at > $2"
    ))
    .bind(tenant.to_string())
    .bind(now)
    .fetch_all(tx.conn())
    .await?)
}

/// Silences of every tenant that have not ended by `now`, for the engine.
pub async fn all_current(tx: &mut Tx, now: Millis) -> Result<Vec<SilenceRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_silences WHERE ends_at > $1"
    ))
    .bind(now)
    .fetch_all(tx.conn())
    .await?)
}
