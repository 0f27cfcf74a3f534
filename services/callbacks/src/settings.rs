use std::time::Duration;

/// How stored callbacks are dispatched.
#[derive(Debug, Clone)]
pub struct DispatchSettings {
    /// The waits before the 2nd, 3rd, ... attempt of a handler that failed in a way that may
    /// pass; after the last one the event is `failed`.
    pub retry_delays: Vec<Duration>,
    /// How long a dispatcher owns an event it took; a process killed mid-dispatch leaves the
    /// event to others after this. Also the handler's time limit.
    pub lease: Duration,
    /// How long a delivery waits for its handler before it is acknowledged anyway (the
    /// handler goes on in the background). WeCom wants an answer within 5 s.
    pub inline_budget: Duration,
    /// How often the dispatcher looks for due events.
    pub poll_interval: Duration,
}

impl Default for DispatchSettings {
    fn default() -> Self {
        Self {
            retry_delays: [5, 30, 120, 600, 1800]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            lease: Duration::from_secs(60),
            inline_budget: Duration::from_secs(1),
            poll_interval: Duration::from_secs(1),
        }
    }
}
