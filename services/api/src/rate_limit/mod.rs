//! Per-credential rate limiting with fixed windows: at most `limit` requests per `window`
//! seconds for each user or API key. The counting is behind [`WindowCounter`], so one process
//! counts in memory and many processes count in Redis with the same arithmetic.

mod memory;
mod redis_counter;

use std::sync::Arc;

pub use memory::MemoryCounter;
pub use redis_counter::RedisCounter;

use crate::error::ApiError;

/// Counts hits of one key in one window.
#[async_trait::async_trait]
pub trait WindowCounter: Send + Sync {
    /// Adds one hit to `key` in window number `window` and returns the hits so far.
    /// `ttl_secs` is how long the count must be kept.
    async fn hit(&self, key: &str, window: u64, ttl_secs: u64) -> Result<u64, String>;

    /// The hits of `key` in window number `window`, without adding one.
    async fn peek(&self, key: &str, window: u64) -> Result<u64, String>;
}

#[derive(Clone)]
pub struct RateLimiter {
    counter: Arc<dyn WindowCounter>,
    limit: u64,
    window_secs: u64,
}

impl RateLimiter {
    pub fn new(counter: Arc<dyn WindowCounter>, limit: u64, window_secs: u64) -> Self {
        Self {
            counter,
            limit,
            window_secs: window_secs.max(1),
        }
    }

    /// Counts one request of `key`; 429 with the seconds until the window resets when over.
    /// A counter that fails (Redis down) lets the request through: an outage of the limiter
    /// must not become an outage of the API.
    pub async fn check(&self, key: &str) -> Result<(), ApiError> {
        let now = unix_secs();
        let window = now / self.window_secs;
        match self.counter.hit(key, window, self.window_secs).await {
            Ok(hits) if hits > self.limit => {
                let retry_after = ((window + 1) * self.window_secs).saturating_sub(now).max(1);
                Err(ApiError::rate_limited(retry_after, self.limit))
            }
            Ok(_) => Ok(()),
            Err(err) => {
                tracing::warn!(error = %err, "rate limiter unavailable; letting the request through");
                Ok(())
            }
        }
    }
}

impl RateLimiter {
    /// Refuses `key` (429, with the seconds until its window ends) once its window holds more
    /// than the limit, without counting this call: with [`RateLimiter::note`] it limits
    /// *failures* (sign-in guesses on one account) rather than attempts.
    pub async fn refuse_if_over(&self, key: &str) -> Result<(), ApiError> {
        let now = unix_secs();
        let window = now / self.window_secs;
        match self.counter.peek(key, window).await {
            Ok(hits) if hits >= self.limit => {
                let retry_after = ((window + 1) * self.window_secs).saturating_sub(now).max(1);
                Err(ApiError::rate_limited(retry_after, self.limit))
            }
            _ => Ok(()),
        }
    }

    /// Counts one failure of `key` (see [`RateLimiter::refuse_if_over`]).
    pub async fn note(&self, key: &str) {
        let window = unix_secs() / self.window_secs;
        if let Err(err) = self.counter.hit(key, window, self.window_secs).await {
            tracing::warn!(error = %err, "rate limiter unavailable; a failure went uncounted");
        }
    }
}

fn unix_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn allows_up_to_the_limit_then_refuses_with_retry_after() {
        let limiter = RateLimiter::new(Arc::new(MemoryCounter::default()), 3, 3600);
        for _ in 0..3 {
            limiter.check("user:a").await.unwrap();
        }
        let err = limiter.check("user:a").await.unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::RateLimited);
        assert!(err.retry_after.is_some_and(|s| (1..=3600).contains(&s)));
        limiter.check("user:b").await.unwrap();
    }

    struct Broken;
    #[async_trait::async_trait]
    impl WindowCounter for Broken {
        async fn hit(&self, _: &str, _: u64, _: u64) -> Result<u64, String> {
            Err("down".into())
        }

        async fn peek(&self, _: &str, _: u64) -> Result<u64, String> {
            Err("down".into())
        }
    }

    #[tokio::test]
    async fn failures_are_limited_without_counting_the_checks() {
        let limiter = RateLimiter::new(Arc::new(MemoryCounter::default()), 2, 3600);
        for _ in 0..5 {
            limiter.refuse_if_over("login:a@x").await.unwrap();
        }
        limiter.note("login:a@x").await;
        limiter.refuse_if_over("login:a@x").await.unwrap();
        limiter.note("login:a@x").await;
        let err = limiter.refuse_if_over("login:a@x").await.unwrap_err();
        assert_eq!(err.code(), crate::error::ErrorCode::RateLimited);
        limiter.refuse_if_over("login:b@x").await.unwrap();
    }

    #[tokio::test]
    async fn fails_open_when_the_counter_is_down() {
        let limiter = RateLimiter::new(Arc::new(Broken), 0, 60);
        limiter.check("user:a").await.unwrap();
    }
}
