use fleet_core::{
    audit::{Actor, AuditAction},
    clock::now_ms,
    ids::AuditId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: String,
    pub tenant_id: Option<String>,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub created_at: i64,
    /// The `X-Request-Id` of the request that made the entry.
    pub request_id: Option<String>,
}

/// One thing that happened, before it is written.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub tenant_id: Option<String>,
    pub actor: &'a Actor,
    pub action: AuditAction,
    pub target: Option<(&'static str, String)>,
    pub detail: serde_json::Value,
    pub ip: Option<&'a str>,
    pub request_id: Option<String>,
}

/// Appends to the audit log in the caller's transaction, so the entry commits with the change.
pub async fn record(tx: &mut Tx, event: AuditEvent<'_>) -> Result<(), StoreError> {
    let (target_kind, target_id) = match event.target {
        Some((kind, id)) => (Some(kind), Some(id)),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO audit_log (id, tenant_id, actor_kind, actor_id, action, target_kind, target_id, detail, ip, \
         created_at, request_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(AuditId::new().to_string())
    .bind(event.tenant_id)
    .bind(event.actor.kind())
    .bind(event.actor.id())
    .bind(event.action.as_str())
    .bind(target_kind)
    .bind(target_id)
    .bind(event.detail.to_string())
    .bind(event.ip)
    .bind(now_ms())
    .bind(event.request_id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// `None`: platform-level entries (no tenant).
    pub tenant_id: Option<String>,
    pub action: Option<String>,
    /// One object's history: entries about this kind of object (`account`, `template`, …)
    pub target_kind: Option<String>,
    /// … and this one.
    pub target_id: Option<String>,
}

pub async fn list(
    tx: &mut Tx,
    filter: &AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditRecord>, StoreError> {
    let tenant_clause = if filter.tenant_id.is_some() {
        "tenant_id = $1"
    } else {
        "($1 IS NULL AND tenant_id IS NULL)"
    };
    let where_clause = format!(
        "WHERE {tenant_clause} AND ($2 IS NULL OR action = $2) \
         AND ($3 IS NULL OR target_kind = $3) AND ($4 IS NULL OR target_id = $4)"
    );
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM audit_log {where_clause}"),
        &format!(
            "SELECT id, tenant_id, actor_kind, actor_id, action, target_kind, target_id, detail, ip, created_at, \
             request_id FROM audit_log {where_clause} ORDER BY created_at DESC, id LIMIT $5 OFFSET $6"
        ),
        &[
            filter.tenant_id.clone(),
            filter.action.clone(),
            filter.target_kind.clone(),
            filter.target_id.clone(),
        ],
        page,
    )
    .await
}
