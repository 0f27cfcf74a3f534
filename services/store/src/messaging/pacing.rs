//! Per-account pacing state: when the account may send next, how many it sent on its current
//! day, and when it last wrote to each recipient. Workers lock the account's row while they
//! decide, so two workers never both take the same slot.

use fleet_core::clock::Millis;

use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountPacing {
    pub next_send_at: i64,
    /// The day `day_count` counts (tenant timezone, `YYYY-MM-DD`).
    pub day: String,
    pub day_count: i64,
}

/// Locks (creating if needed) the account's pacing row.
pub async fn lock(
    tx: &mut Tx,
    tenant_id: &str,
    account_id: &str,
) -> Result<AccountPacing, StoreError> {
    sqlx::query(
        "INSERT INTO account_pacing (account_id, tenant_id, next_send_at, day, day_count) \
         VALUES ($1, $2, 0, '', 0) ON CONFLICT (account_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(tenant_id)
    .execute(tx.conn())
    .await?;
    Ok(sqlx::query_as(&format!(
        "SELECT next_send_at, day, day_count FROM account_pacing WHERE account_id = $1{}",
        tx.dialect().for_update()
    ))
    .bind(account_id)
    .fetch_one(tx.conn())
    .await?)
}

/// When the account last sent to `conversation_id`.
pub async fn last_sent_to(
    tx: &mut Tx,
    account_id: &str,
    conversation_id: &str,
) -> Result<Option<Millis>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT last_sent_at FROM recipient_pacing WHERE account_id = $1 AND conversation_id = $2",
    )
    .bind(account_id)
    .bind(conversation_id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Takes a send slot: the account's next slot, day count, and the recipient's last send.
pub async fn take_slot(
    tx: &mut Tx,
    tenant_id: &str,
    account_id: &str,
    conversation_id: &str,
    state: &AccountPacing,
    now: Millis,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE account_pacing SET next_send_at = $2, day = $3, day_count = $4 WHERE account_id = $1",
    )
    .bind(account_id)
    .bind(state.next_send_at)
    .bind(&state.day)
    .bind(state.day_count)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO recipient_pacing (account_id, conversation_id, tenant_id, last_sent_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (account_id, conversation_id) DO UPDATE SET last_sent_at = excluded.last_sent_at",
    )
    .bind(account_id)
    .bind(conversation_id)
    .bind(tenant_id)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}
