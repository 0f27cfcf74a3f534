//! What the monitor samples from the database every few seconds (platform scope, all
//! tenants): accounts by status, how long each account that was online has been away, and
//! how many messages are waiting.

use fleet_core::clock::Millis;

use crate::{StoreError, Tx};

/// `(tenant_id, status, count)` for every account not deleted.
pub async fn accounts_by_status(tx: &mut Tx) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT tenant_id, status, COUNT(*) FROM accounts WHERE status <> 'deleted' \
         GROUP BY tenant_id, status ORDER BY tenant_id, status",
    )
    .fetch_all(tx.conn())
    .await?)
}

/// `(tenant_id, account_id, left_online_at)` for every account that was online and now is
/// recovering or offline.
pub async fn accounts_away(tx: &mut Tx) -> Result<Vec<(String, String, Millis)>, StoreError> {
    let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT a.tenant_id, a.id, (SELECT MAX(h.created_at) FROM account_status_history h \
           WHERE h.account_id = a.id AND h.old_status = 'online') \
         FROM accounts a WHERE a.status IN ('recovering', 'offline')",
    )
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(tenant, account, left)| left.map(|at| (tenant, account, at)))
        .collect())
}

/// `(tenant_id, waiting)`: messages due to be sent by `now` and not yet sent.
pub async fn queue_backlog(tx: &mut Tx, now: Millis) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT tenant_id, COUNT(*) FROM messages WHERE status = 'pending' AND due_at <= $1 \
         GROUP BY tenant_id ORDER BY tenant_id",
    )
    .bind(now)
    .fetch_all(tx.conn())
    .await?)
}
