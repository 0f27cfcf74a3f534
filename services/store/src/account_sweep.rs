//! The cross-tenant queries of the heartbeat sweeper and of connectors reporting on their
//! instances. Run them in a `Scope::Platform` transaction: they look at every tenant's accounts.

use fleet_core::clock::Millis;

use crate::{accounts::AccountRecord, accounts::COLUMNS, StoreError, Tx};

/// Accounts the sweeper has work for, oldest deadline first, at most `limit` of each kind.
#[derive(Debug, Default)]
pub struct SweepWork {
    /// Online, with no heartbeat after the cut-off.
    pub silent: Vec<AccountRecord>,
    /// Recovering, with the next attempt due.
    pub due_recovery: Vec<AccountRecord>,
    /// Waiting on a QR code that has expired.
    pub expired_logins: Vec<AccountRecord>,
}

pub async fn find_work(
    tx: &mut Tx,
    silent_since: Millis,
    now: Millis,
    limit: i64,
) -> Result<SweepWork, StoreError> {
    Ok(SweepWork {
        silent: due(tx, "online", "last_heartbeat_at", silent_since, limit).await?,
        due_recovery: due(tx, "recovering", "next_recovery_at", now, limit).await?,
        expired_logins: due(tx, "qr_wait", "qr_expires_at", now, limit).await?,
    })
}

/// Accounts in `status` whose `column` (a time) is at or before `deadline`, earliest first.
async fn due(
    tx: &mut Tx,
    status: &str,
    column: &'static str,
    deadline: Millis,
    limit: i64,
) -> Result<Vec<AccountRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM accounts WHERE status = $1 AND {column} <= $2 ORDER BY {column} LIMIT $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(status)
        .bind(deadline)
        .bind(limit)
        .fetch_all(tx.conn())
        .await?)
}

/// Statements stay well under every backend's bind-parameter limit.
const HEARTBEAT_CHUNK: usize = 500;

/// Records a heartbeat at `now` for those of `account_ids` that are online, in a few
/// statements however many there are. Returns how many accounts it touched. It bumps
/// `version`, so a sweeper that decided an account was silent before this beat loses its
/// compare-and-set and looks again.
pub async fn record_heartbeats(
    tx: &mut Tx,
    account_ids: &[String],
    now: Millis,
) -> Result<u64, StoreError> {
    let mut touched = 0;
    for chunk in account_ids.chunks(HEARTBEAT_CHUNK) {
        let placeholders = (0..chunk.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE accounts SET last_heartbeat_at = $1, version = version + 1 \
             WHERE status = 'online' AND id IN ({placeholders})"
        );
        let mut query = sqlx::query(&sql).bind(now);
        for id in chunk {
            query = query.bind(id);
        }
        touched += query.execute(tx.conn()).await?.rows_affected();
    }
    Ok(touched)
}

/// A live account of whichever tenant, for reports that name only the account.
pub async fn find_live(tx: &mut Tx, account_id: &str) -> Result<Option<AccountRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM accounts WHERE id = $1 AND status <> 'deleted'"
    ))
    .bind(account_id)
    .fetch_optional(tx.conn())
    .await?)
}
