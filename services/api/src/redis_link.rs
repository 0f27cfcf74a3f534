//! Redis as an optional accelerator: it shares counters and events between replicas, and its
//! absence must never hold a request. Every command has a short time limit; a command while
//! Redis is away fails at once (callers fall back to what one process can do alone); the
//! connection is made in the background, remade after a failure with a backoff of at most a
//! second, so requests use Redis again within about a second of its return.
//!
//! A failed command opens a breaker: for the next [`PROBE_EVERY`] commands fail without
//! waiting, then one command probes. Without it every request would wait the full time limit
//! while Redis is away (the fault suite measured 250 ms per request).

use std::{
    future::Future,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc, RwLock,
    },
    time::{Duration, Instant},
};

use fleet_core::clock::{millis_of, Millis};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// How long a connection attempt may take, and the longest wait between two attempts.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
const MAX_BACKOFF_MS: u64 = 1_000;

/// After a failure, how long commands fail at once before one tries Redis again.
const PROBE_EVERY: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct RedisLink {
    inner: Arc<Inner>,
}

struct Inner {
    client: redis::Client,
    /// `None` until the first connection is made; the manager reconnects by itself after.
    manager: RwLock<Option<ConnectionManager>>,
    timeout: Duration,
    /// The breaker: until this many milliseconds after `started`, commands fail at once
    /// (0: closed).
    skip_until_ms: AtomicI64,
    started: Instant,
}

impl RedisLink {
    /// A link to `client`; commands give up after `timeout`. The first connection is made in
    /// the background (Redis may be away when the service starts).
    pub fn start(client: redis::Client, timeout: Duration) -> Self {
        let link = Self {
            inner: Arc::new(Inner {
                client,
                manager: RwLock::new(None),
                timeout,
                skip_until_ms: AtomicI64::new(0),
                started: Instant::now(),
            }),
        };
        tokio::spawn(link.clone().connect_until_connected());
        link
    }

    pub fn client(&self) -> &redis::Client {
        &self.inner.client
    }

    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    async fn connect_until_connected(self) {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(CONNECT_TIMEOUT)
            .set_response_timeout(self.inner.timeout)
            .set_number_of_retries(1)
            .set_max_delay(MAX_BACKOFF_MS);
        loop {
            let attempt =
                ConnectionManager::new_with_config(self.inner.client.clone(), config.clone());
            match tokio::time::timeout(CONNECT_TIMEOUT * 2, attempt).await {
                Ok(Ok(manager)) => {
                    if let Ok(mut slot) = self.inner.manager.write() {
                        *slot = Some(manager);
                    }
                    tracing::info!("connected to redis");
                    return;
                }
                Ok(Err(err)) => tracing::warn!(%err, "redis is not reachable yet; retrying"),
                Err(_) => tracing::warn!("connecting to redis timed out; retrying"),
            }
            tokio::time::sleep(Duration::from_millis(MAX_BACKOFF_MS)).await;
        }
    }

    /// Runs one command (or pipeline) within the time limit. An error says Redis did not
    /// answer in time or refused; it is counted as `fleet_redis_failures_total{use}`.
    pub async fn run<T, F, Fut>(&self, purpose: &'static str, command: F) -> Result<T, String>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = redis::RedisResult<T>>,
    {
        if !self.may_try() {
            metrics::counter!("fleet_redis_failures_total", "use" => purpose).increment(1);
            return Err("redis is away (a probe runs every 500 ms)".to_owned());
        }
        let manager = self.inner.manager.read().ok().and_then(|slot| slot.clone());
        let outcome = match manager {
            None => Err("not connected to redis".to_owned()),
            Some(manager) => match tokio::time::timeout(self.inner.timeout, command(manager)).await
            {
                Ok(Ok(value)) => Ok(value),
                Ok(Err(err)) => Err(err.to_string()),
                Err(_) => Err(format!(
                    "redis did not answer within {:?}",
                    self.inner.timeout
                )),
            },
        };
        let skip_until = match outcome {
            Ok(_) => 0,
            Err(_) => {
                metrics::counter!("fleet_redis_failures_total", "use" => purpose).increment(1);
                self.now_ms() + millis_of(PROBE_EVERY)
            }
        };
        self.inner
            .skip_until_ms
            .store(skip_until, Ordering::Relaxed);
        outcome
    }

    /// Milliseconds since the link started.
    fn now_ms(&self) -> Millis {
        millis_of(self.inner.started.elapsed())
    }

    /// True when the breaker is closed, or when its wait is over and this caller wins the
    /// probe (the others keep failing at once until the probe decides).
    fn may_try(&self) -> bool {
        let skip_until = self.inner.skip_until_ms.load(Ordering::Relaxed);
        if skip_until == 0 {
            return true;
        }
        let now = self.now_ms();
        now >= skip_until
            && self
                .inner
                .skip_until_ms
                .compare_exchange(
                    skip_until,
                    now + millis_of(PROBE_EVERY),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
    }

    /// `PING`, for readiness.
    pub async fn ping(&self) -> Result<(), String> {
        self.run("ping", |mut conn| async move {
            redis::cmd("PING").query_async::<String>(&mut conn).await
        })
        .await
        .map(drop)
    }
}
