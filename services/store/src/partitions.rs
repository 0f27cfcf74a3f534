//! Month partitions of `messages` and `message_attempts` on PostgreSQL (migration 0010): the
//! months ahead are created before rows arrive, and whole months past retention are dropped
//! instead of deleted row by row. On SQLite there are no partitions and both are no-ops.
//!
//! The service's role owns no table, so both go through the migration's SECURITY DEFINER
//! functions, which do exactly this and nothing else.

use fleet_core::clock::Millis;

use crate::{Db, Dialect, Scope, StoreError};

/// The partitioned tables, children before parents (attempts go before their messages).
const TABLES: [&str; 2] = ["message_attempts", "messages"];

/// How far ahead month partitions exist, so inserts never fall into the default partition.
const AHEAD_MS: Millis = 62 * 24 * 3600 * 1000;

/// Creates the month partitions from `now`'s month through the month two months on; returns
/// how many were missing.
pub async fn ensure_ahead(db: &Db, now: Millis) -> Result<u64, StoreError> {
    if db.dialect() != Dialect::Postgres {
        return Ok(0);
    }
    let mut created = 0;
    let mut tx = db.begin(Scope::Platform).await?;
    for table in TABLES {
        let (n,): (i32,) = sqlx::query_as("SELECT fleet_partitions_ensure($1, $2, $3)")
            .bind(table)
            .bind(now)
            .bind(now + AHEAD_MS)
            .fetch_one(tx.conn())
            .await?;
        created += u64::try_from(n).unwrap_or(0);
    }
    tx.commit().await?;
    Ok(created)
}

/// Drops the month partitions that end at or before `cutoff` (a month of messages only when
/// none of them is still to be sent); returns the messages dropped.
pub async fn drop_before(db: &Db, cutoff: Millis) -> Result<u64, StoreError> {
    if db.dialect() != Dialect::Postgres {
        return Ok(0);
    }
    let mut messages = 0;
    for table in TABLES {
        // One transaction per table: a drop takes an exclusive lock on the parent briefly.
        let mut tx = db.begin(Scope::Platform).await?;
        let (n,): (i64,) = sqlx::query_as("SELECT fleet_partitions_drop_before($1, $2)")
            .bind(table)
            .bind(cutoff)
            .fetch_one(tx.conn())
            .await?;
        tx.commit().await?;
        if table == "messages" {
            messages = u64::try_from(n).unwrap_or(0);
        }
    }
    Ok(messages)
}
