//! Leader election for singleton jobs (the heartbeat sweeper, later rule evaluation).
//!
//! On PostgreSQL the leader holds a session-level advisory lock on one pooled connection it
//! keeps out of the pool. When the process dies, PostgreSQL ends the session and frees the
//! lock, and the next process to try takes over. Each check also pings that connection, so a
//! leader whose connection broke steps down instead of believing it still leads. On SQLite
//! (one node by definition) the process is always the leader.

use sqlx::{pool::PoolConnection, Any};

use crate::{Db, Dialect};

pub struct LeaderLock {
    db: Db,
    key: i64,
    held: Option<PoolConnection<Any>>,
}

impl LeaderLock {
    /// A lock named `job`; every process must use the same name for the same job.
    pub fn new(db: Db, job: &str) -> Self {
        Self {
            db,
            key: lock_key(job),
            held: None,
        }
    }

    /// Whether this process leads now: confirms a held lock is still alive, or tries to take
    /// it. Never waits for another leader.
    pub async fn ensure(&mut self) -> bool {
        if self.db.dialect() == Dialect::Sqlite {
            return true;
        }
        if let Some(conn) = self.held.as_mut() {
            if sqlx::query("SELECT 1").execute(&mut **conn).await.is_ok() {
                return true;
            }
            tracing::warn!(key = self.key, "lost the leader connection; stepping down");
            self.forget();
        }
        match try_acquire(&self.db, self.key).await {
            Ok(Some(conn)) => {
                tracing::info!(key = self.key, "became leader");
                self.held = Some(conn);
                true
            }
            Ok(None) => false,
            Err(err) => {
                tracing::warn!(%err, "leader election failed");
                false
            }
        }
    }

    /// Gives the lock up (on shutdown), so another process takes over without waiting.
    pub async fn release(&mut self) {
        if let Some(mut conn) = self.held.take() {
            let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(self.key)
                .execute(&mut *conn)
                .await;
        }
    }

    /// Drops a broken lock connection without returning it to the pool, where it would carry
    /// the lock (were it still alive) to an unrelated borrower.
    fn forget(&mut self) {
        if let Some(conn) = self.held.take() {
            drop(conn.detach());
        }
    }
}

/// A free function, not a method: a held `PoolConnection` is not `Sync`, so `&LeaderLock`
/// must not live across an await.
async fn try_acquire(db: &Db, key: i64) -> Result<Option<PoolConnection<Any>>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let won: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(won.then_some(conn))
}

impl Drop for LeaderLock {
    fn drop(&mut self) {
        // Closing the session is the only way to let go of the lock without awaiting.
        self.forget();
    }
}

/// A stable 64-bit key for a job name (FNV-1a), namespaced so it will not collide with
/// advisory locks other software on the same database may take.
fn lock_key(job: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in "wecom-fleet:".bytes().chain(job.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_stable_and_distinct() {
        assert_eq!(super::lock_key("sweeper"), super::lock_key("sweeper"));
        assert_ne!(super::lock_key("sweeper"), super::lock_key("rules"));
    }
}
