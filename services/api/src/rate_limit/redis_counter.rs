use redis::aio::ConnectionManager;

use super::WindowCounter;

/// Counts shared by every replica: `INCR` on a key per credential and window, expiring with
/// the window, in one atomic round trip.
#[derive(Clone)]
pub struct RedisCounter {
    conn: ConnectionManager,
}

impl RedisCounter {
    pub fn new(conn: ConnectionManager) -> Self {
        Self { conn }
    }
}

#[async_trait::async_trait]
impl WindowCounter for RedisCounter {
    async fn hit(&self, key: &str, window: u64, ttl_secs: u64) -> Result<u64, String> {
        let key = format!("fleet:rl:{key}:{window}");
        let mut conn = self.conn.clone();
        let (hits,): (u64,) = redis::pipe()
            .atomic()
            .incr(&key, 1u64)
            .expire(&key, i64::try_from(ttl_secs + 1).unwrap_or(i64::MAX))
            .ignore()
            .query_async(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        Ok(hits)
    }
}
