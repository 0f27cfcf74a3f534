use std::{path::PathBuf, time::Duration};

use fleet_monitor::notify::GroupPolicy;

/// How the engine evaluates and notifies.
#[derive(Debug, Clone)]
pub struct AlertingSettings {
    /// Rules are evaluated this often, on the elected leader.
    pub eval_interval: Duration,
    /// The database gauges (accounts away, queue backlog, account counts) are sampled this
    /// often.
    pub sample_interval: Duration,
    /// Grouping, group wait, group interval and repeat interval.
    pub group: GroupPolicy,
    /// The wait before each retry of a failed notification; after the last, it is `failed`.
    pub retry_delays: Vec<Duration>,
    /// The folder of YAML rule files that apply to every tenant, reloaded when they change
    /// (`None`: the built-in default rules).
    pub rules_dir: Option<PathBuf>,
    /// Webhook and robot URLs may point into private networks (tests, the demo).
    pub allow_private_targets: bool,
    /// A channel's request or SMTP exchange takes at most this long.
    pub send_timeout: Duration,
}

impl Default for AlertingSettings {
    fn default() -> Self {
        Self {
            eval_interval: Duration::from_secs(15),
            sample_interval: Duration::from_secs(15),
            group: GroupPolicy::default(),
            retry_delays: [10, 60, 300].into_iter().map(Duration::from_secs).collect(),
            rules_dir: None,
            allow_private_targets: false,
            send_timeout: Duration::from_secs(15),
        }
    }
}
