use std::sync::atomic::{AtomicU64, Ordering};

use super::{MemoryCounter, WindowCounter};
use crate::redis_link::RedisLink;

/// Counts shared by every replica: `INCR` on a key per credential and window, expiring with
/// the window, in one atomic round trip. While Redis is away the counts are kept in this
/// process instead (each replica then limits on its own), with a warning every few seconds.
pub struct RedisCounter {
    link: RedisLink,
    local: MemoryCounter,
    last_warning: AtomicU64,
}

/// Seconds between two warnings that the limits have gone local.
const WARN_EVERY_SECS: u64 = 10;

impl RedisCounter {
    pub fn new(link: RedisLink) -> Self {
        Self {
            link,
            local: MemoryCounter::default(),
            last_warning: AtomicU64::new(0),
        }
    }

    fn warn(&self, err: &str, now: u64) {
        let last = self.last_warning.load(Ordering::Relaxed);
        if now >= last + WARN_EVERY_SECS
            && self
                .last_warning
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(error = %err, "redis unavailable: rate limits are counted per process");
        }
    }
}

#[async_trait::async_trait]
impl WindowCounter for RedisCounter {
    async fn hit(&self, key: &str, window: u64, ttl_secs: u64) -> Result<u64, String> {
        let shared_key = format!("fleet:rl:{key}:{window}");
        let ttl = i64::try_from(ttl_secs + 1).unwrap_or(i64::MAX);
        let shared = self
            .link
            .run("rate_limit", |mut conn| async move {
                let (hits,): (u64,) = redis::pipe()
                    .atomic()
                    .incr(&shared_key, 1u64)
                    .expire(&shared_key, ttl)
                    .ignore()
                    .query_async(&mut conn)
                    .await?;
                Ok(hits)
            })
            .await;
        match shared {
            Ok(hits) => Ok(hits),
            Err(err) => {
                self.warn(&err, window * ttl_secs.max(1));
                self.local.hit(key, window, ttl_secs).await
            }
        }
    }

    async fn peek(&self, key: &str, window: u64) -> Result<u64, String> {
        let shared_key = format!("fleet:rl:{key}:{window}");
        let shared = self
            .link
            .run("rate_limit", |mut conn| async move {
                redis::cmd("GET")
                    .arg(&shared_key)
                    .query_async::<Option<u64>>(&mut conn)
                    .await
            })
            .await;
        match shared {
            Ok(hits) => Ok(hits.unwrap_or(0)),
            Err(_) => self.local.peek(key, window).await,
        }
    }
}
