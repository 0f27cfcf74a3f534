use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

/// One incident of one alert.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AlertRecord {
    pub id: String,
    pub tenant_id: String,
    pub rule_key: String,
    pub rule_name: String,
    pub fingerprint: String,
    pub severity: String,
    /// JSON object.
    pub labels: String,
    /// JSON object, rendered.
    pub annotations: String,
    /// `pending`, `firing` or `resolved`.
    pub state: String,
    pub value: Option<f64>,
    pub active_at: i64,
    pub fired_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, tenant_id, rule_key, rule_name, fingerprint, severity, labels, \
    annotations, state, value, active_at, fired_at, resolved_at, updated_at";

/// Writes the open incident of `a`'s alert, creating it if there is none. Only the elected
/// leader writes alerts, so the read-then-write needs no lock.
pub async fn save_open(tx: &mut Tx, a: &AlertRecord) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE alerts SET labels = $3, annotations = $4, state = $5, value = $6, \
         fired_at = $7, updated_at = $8 \
         WHERE rule_key = $1 AND fingerprint = $2 AND state <> 'resolved'",
    )
    .bind(&a.rule_key)
    .bind(&a.fingerprint)
    .bind(&a.labels)
    .bind(&a.annotations)
    .bind(&a.state)
    .bind(a.value)
    .bind(a.fired_at)
    .bind(a.updated_at)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() > 0 {
        return Ok(());
    }
    sqlx::query(&format!(
        "INSERT INTO alerts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(&a.id)
    .bind(&a.tenant_id)
    .bind(&a.rule_key)
    .bind(&a.rule_name)
    .bind(&a.fingerprint)
    .bind(&a.severity)
    .bind(&a.labels)
    .bind(&a.annotations)
    .bind(&a.state)
    .bind(a.value)
    .bind(a.active_at)
    .bind(a.fired_at)
    .bind(a.resolved_at)
    .bind(a.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Closes the open incident of an alert that resolved.
pub async fn resolve(
    tx: &mut Tx,
    rule_key: &str,
    fingerprint: &str,
    at: Millis,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE alerts SET state = 'resolved', resolved_at = $3, updated_at = $3 \
         WHERE rule_key = $1 AND fingerprint = $2 AND state = 'firing'",
    )
    .bind(rule_key)
    .bind(fingerprint)
    .bind(at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Forgets an alert that went back to inactive while pending (it never fired).
pub async fn drop_pending(
    tx: &mut Tx,
    rule_key: &str,
    fingerprint: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM alerts WHERE rule_key = $1 AND fingerprint = $2 AND state = 'pending'",
    )
    .bind(rule_key)
    .bind(fingerprint)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Every open incident (platform scope), for a new leader to take over from.
pub async fn all_open(tx: &mut Tx) -> Result<Vec<AlertRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alerts WHERE state <> 'resolved' ORDER BY active_at, id"
    ))
    .fetch_all(tx.conn())
    .await?)
}

/// The tenant's pending and firing alerts, newest first.
pub async fn open_of(tx: &mut Tx, tenant: TenantId) -> Result<Vec<AlertRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alerts WHERE tenant_id = $1 AND state <> 'resolved' \
         ORDER BY active_at DESC, id"
    ))
    .bind(tenant.to_string())
    .fetch_all(tx.conn())
    .await?)
}

#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub state: Option<String>,
    pub rule_name: Option<String>,
    pub severity: Option<String>,
    pub since: Option<Millis>,
    pub until: Option<Millis>,
}

/// Every incident of the tenant (open and resolved), newest first.
pub async fn history(
    tx: &mut Tx,
    tenant: TenantId,
    filter: &HistoryFilter,
    page: PageRequest,
) -> Result<Page<AlertRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND ($2 IS NULL OR state = $2) AND ($3 IS NULL OR rule_name = $3) \
        AND ($4 IS NULL OR severity = $4) \
        AND ($5 IS NULL OR active_at >= CAST($5 AS BIGINT)) AND ($6 IS NULL OR active_at < CAST($6 AS BIGINT))";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM alerts {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM alerts {clause} ORDER BY active_at DESC, id LIMIT $7 OFFSET $8"
        ),
        &[
            Some(tenant.to_string()),
            filter.state.clone(),
            filter.rule_name.clone(),
            filter.severity.clone(),
            filter.since.map(|t| t.to_string()),
            filter.until.map(|t| t.to_string()),
        ],
        page,
    )
    .await
}

/// Deletes up to `limit` incidents resolved before `cutoff`; open ones are never deleted.
pub async fn delete_resolved_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE state = 'resolved' \
         AND resolved_at < $1 ORDER BY resolved_at, id LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}
