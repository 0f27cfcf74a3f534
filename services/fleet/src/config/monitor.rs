//! The `[monitor]` section: where metrics go, how the rule engine evaluates and notifies,
//! and the SMTP server alert emails leave through.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use fleet_alerting::AlertingSettings;
use fleet_monitor::{metrics::WriterSettings, notify::GroupPolicy, store::StoreConfig};
use serde::{Deserialize, Serialize};

use super::{bad, ConfigError, Secret};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MonitorConfig {
    /// `embedded` (SQLite file in `data_dir`), `influxdb1`, `influxdb2` or `victoriametrics`.
    pub store: String,
    /// The metric store's address (not for `embedded`).
    pub url: String,
    /// `influxdb1`: the database (created when missing).
    pub database: String,
    /// `influxdb1`: credentials, when authentication is on.
    pub username: String,
    pub password: Secret,
    /// `influxdb2`: organisation, bucket and token.
    pub org: String,
    pub bucket: String,
    pub token: Secret,
    /// `embedded`: points older than this many days are deleted.
    pub retention_days: u64,
    /// Resolved alerts and finished notifications older than this many days are deleted by
    /// the scheduler's leader; 0 keeps them.
    pub history_retention_days: u64,
    /// The writer sends a batch when this many points wait, or every `flush_interval_ms`.
    pub batch_size: usize,
    pub flush_interval_ms: u64,
    /// Points kept while the store is down; beyond it the oldest are dropped (and counted).
    pub buffer_capacity: usize,
    /// Rules are evaluated this often by the monitor role's leader.
    pub eval_interval_secs: u64,
    /// Database gauges (accounts away, queue backlog) are sampled this often.
    pub sample_interval_secs: u64,
    /// The folder of YAML rule files applied to every tenant, reloaded when they change;
    /// empty for the built-in defaults (`alerting/rules/default.yaml`).
    pub rules_dir: String,
    /// Email templates (`alert.html.j2`, `alert.txt.j2`, `wecom_robot.md.j2`); empty for the
    /// built-in ones.
    pub templates_dir: String,
    pub group_by: Vec<String>,
    pub group_wait_secs: u64,
    pub group_interval_secs: u64,
    /// An unchanged firing group is sent again after this long.
    pub repeat_interval_secs: u64,
    /// The wait before each retry of a failed notification.
    pub notification_retry_secs: Vec<u64>,
    pub send_timeout_secs: u64,
    /// Allow webhook and robot channels on private addresses (tests, the demo).
    pub allow_private_targets: bool,
    pub smtp: SmtpConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    /// Empty: email channels fail with "SMTP is not configured".
    pub host: String,
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub security: String,
    pub username: String,
    pub password: Secret,
    /// The From address of alert emails.
    pub from: String,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 587,
            security: "starttls".into(),
            username: String::new(),
            password: Secret::default(),
            from: "WeCom Fleet <alerts@localhost>".into(),
        }
    }
}

impl Default for MonitorConfig {
    fn default() -> Self {
        let a = AlertingSettings::default();
        let secs = |d: Duration| d.as_secs();
        Self {
            store: "embedded".into(),
            url: String::new(),
            database: "wecom_fleet".into(),
            username: String::new(),
            password: Secret::default(),
            org: String::new(),
            bucket: "wecom_fleet".into(),
            token: Secret::default(),
            retention_days: 15,
            history_retention_days: 90,
            batch_size: 1000,
            flush_interval_ms: 1000,
            buffer_capacity: 50_000,
            eval_interval_secs: secs(a.eval_interval),
            sample_interval_secs: secs(a.sample_interval),
            rules_dir: String::new(),
            templates_dir: String::new(),
            group_by: a.group.group_by.clone(),
            group_wait_secs: (a.group.group_wait / 1000) as u64,
            group_interval_secs: (a.group.group_interval / 1000) as u64,
            repeat_interval_secs: (a.group.repeat_interval / 1000) as u64,
            notification_retry_secs: a.retry_delays.iter().map(|d| secs(*d)).collect(),
            send_timeout_secs: secs(a.send_timeout),
            allow_private_targets: false,
            smtp: SmtpConfig::default(),
        }
    }
}

impl MonitorConfig {
    pub fn alerting_settings(&self) -> AlertingSettings {
        let ms = |secs: u64| i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX);
        AlertingSettings {
            eval_interval: Duration::from_secs(self.eval_interval_secs),
            sample_interval: Duration::from_secs(self.sample_interval_secs),
            group: GroupPolicy {
                group_by: self.group_by.clone(),
                group_wait: ms(self.group_wait_secs),
                group_interval: ms(self.group_interval_secs),
                repeat_interval: ms(self.repeat_interval_secs),
            },
            retry_delays: self
                .notification_retry_secs
                .iter()
                .copied()
                .map(Duration::from_secs)
                .collect(),
            rules_dir: Some(PathBuf::from(&self.rules_dir)).filter(|_| !self.rules_dir.is_empty()),
            allow_private_targets: self.allow_private_targets,
            send_timeout: Duration::from_secs(self.send_timeout_secs),
        }
    }

    /// The metric store this section names (the embedded one lives in `data_dir`).
    pub fn store_config(&self, data_dir: &Path) -> StoreConfig {
        let non_empty = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        match self.store.as_str() {
            "influxdb1" => StoreConfig::InfluxV1 {
                url: self.url.clone(),
                database: self.database.clone(),
                username: non_empty(&self.username),
                password: non_empty(self.password.expose()),
                retention_policy: None,
            },
            "influxdb2" => StoreConfig::InfluxV2 {
                url: self.url.clone(),
                org: self.org.clone(),
                bucket: self.bucket.clone(),
                token: self.token.expose().to_owned(),
            },
            "victoriametrics" => StoreConfig::VictoriaMetrics {
                url: self.url.clone(),
            },
            _ => StoreConfig::Embedded {
                path: data_dir.join("metrics.db"),
                retention_days: u32::try_from(self.retention_days).unwrap_or(u32::MAX),
            },
        }
    }

    pub fn writer_settings(&self) -> WriterSettings {
        WriterSettings {
            batch_size: self.batch_size,
            flush_interval: Duration::from_millis(self.flush_interval_ms),
            capacity: self.buffer_capacity,
            ..WriterSettings::default()
        }
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let needs_url = match self.store.as_str() {
            "embedded" => false,
            "influxdb1" | "influxdb2" | "victoriametrics" => true,
            _ => {
                return Err(bad(
                    "monitor.store",
                    "must be embedded, influxdb1, influxdb2 or victoriametrics",
                ))
            }
        };
        if needs_url && url::Url::parse(&self.url).is_err() {
            return Err(bad("monitor.url", "must be the metric store's http(s) URL"));
        }
        if self.store == "influxdb2" && (self.org.is_empty() || self.token.is_empty()) {
            return Err(bad(
                "monitor.org",
                "and monitor.token are needed for influxdb2",
            ));
        }
        if self.batch_size == 0 || self.buffer_capacity < self.batch_size {
            return Err(bad(
                "monitor.buffer_capacity",
                "must be at least monitor.batch_size, which must be at least 1",
            ));
        }
        if self.eval_interval_secs == 0 || self.sample_interval_secs == 0 {
            return Err(bad(
                "monitor.eval_interval_secs",
                "and sample_interval_secs must be at least 1",
            ));
        }
        if self.send_timeout_secs == 0 || self.send_timeout_secs > 60 {
            return Err(bad("monitor.send_timeout_secs", "must be between 1 and 60"));
        }
        if !["none", "starttls", "tls"].contains(&self.smtp.security.as_str()) {
            return Err(bad(
                "monitor.smtp.security",
                "must be none, starttls or tls",
            ));
        }
        Ok(())
    }
}
