use std::time::Duration;

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The wait before each attempt: the first is normally immediate (0). Standard Webhooks'
    /// schedule by default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    pub schedule: Vec<Duration>,
    /// A receiver's request takes at most this long.
    pub timeout: Duration,
    /// The longest `Retry-After` honoured (a longer one is cut to this).
    pub max_retry_after: Duration,
    /// Loopback, private and link-local targets are refused unless this is set (tests, and
    /// deployments whose receivers live on the private network).
    pub allow_private_targets: bool,
    /// How long the previous secret keeps signing after a rotation.
    pub secret_overlap: Duration,
    /// Deliveries sent at once by one worker.
    pub concurrency: usize,
    pub poll_interval: Duration,
    /// How long the fan-out trusts what it read of a tenant's endpoints. Changes made through
    /// the same process apply at once; through another replica, within this.
    pub subscription_ttl: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            schedule: [0, 5, 300, 1800, 7200, 18000, 36000, 36000]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            timeout: Duration::from_secs(15),
            max_retry_after: Duration::from_secs(10 * 3600),
            allow_private_targets: false,
            secret_overlap: Duration::from_secs(24 * 3600),
            concurrency: 16,
            poll_interval: Duration::from_millis(500),
            subscription_ttl: Duration::from_secs(1),
        }
    }
}

impl WebhookSettings {
    /// A worker owns a delivery it took for this long: twice the request's timeout and a
    /// margin, for a slow receiver and a slow database. A killed worker's deliveries are due
    /// again after it.
    pub fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(5)
    }
}
