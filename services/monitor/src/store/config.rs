//! Which metric store to use, as configuration says, and opening it.

use std::{fmt, path::PathBuf, sync::Arc, time::Duration};

use serde::{Deserialize, Serialize};

use super::{Embedded, InfluxV1, InfluxV2, MetricStore, StoreError, VictoriaMetrics};

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StoreConfig {
    /// A SQLite file of its own; points older than `retention_days` are purged (0 keeps
    /// them all).
    Embedded {
        path: PathBuf,
        #[serde(default = "default_retention_days")]
        retention_days: u32,
    },
    /// InfluxDB 1.x; the database is created on first use.
    InfluxV1 {
        url: String,
        database: String,
        #[serde(default)]
        username: Option<String>,
        #[serde(default)]
        password: Option<String>,
        /// The database's default policy when absent.
        #[serde(default)]
        retention_policy: Option<String>,
    },
    /// InfluxDB 2.x / 3.x; the bucket must exist.
    InfluxV2 {
        url: String,
        org: String,
        bucket: String,
        token: String,
    },
    /// A single-node VictoriaMetrics.
    VictoriaMetrics { url: String },
}

fn default_retention_days() -> u32 {
    30
}

impl StoreConfig {
    /// How long points are kept where the store needs [`super::run_retention`] for it;
    /// `None` where the store keeps its own retention or is told to keep everything.
    pub fn retention(&self) -> Option<Duration> {
        match self {
            StoreConfig::Embedded { retention_days, .. } if *retention_days > 0 => {
                Some(Duration::from_secs(u64::from(*retention_days) * 86_400))
            }
            _ => None,
        }
    }
}

/// Passwords and tokens stay out of logs.
impl fmt::Debug for StoreConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "<redacted>";
        match self {
            StoreConfig::Embedded {
                path,
                retention_days,
            } => f
                .debug_struct("Embedded")
                .field("path", path)
                .field("retention_days", retention_days)
                .finish(),
            StoreConfig::InfluxV1 {
                url,
                database,
                username,
                password,
                retention_policy,
            } => f
                .debug_struct("InfluxV1")
                .field("url", url)
                .field("database", database)
                .field("username", username)
                .field("password", &password.as_ref().map(|_| REDACTED))
                .field("retention_policy", retention_policy)
                .finish(),
            StoreConfig::InfluxV2 {
                url, org, bucket, ..
            } => f
                .debug_struct("InfluxV2")
                .field("url", url)
                .field("org", org)
                .field("bucket", bucket)
                .field("token", &REDACTED)
                .finish(),
            StoreConfig::VictoriaMetrics { url } => {
                f.debug_struct("VictoriaMetrics").field("url", url).finish()
            }
        }
    }
}

/// The configured store, ready to use. Nothing is contacted yet except the embedded file,
/// which is opened (and created if needed).
pub async fn open(config: &StoreConfig) -> Result<Arc<dyn MetricStore>, StoreError> {
    Ok(match config {
        StoreConfig::Embedded { path, .. } => Arc::new(Embedded::open(path).await?),
        StoreConfig::InfluxV1 {
            url,
            database,
            username,
            password,
            retention_policy,
        } => {
            let store = InfluxV1::new(url, database, username.as_deref(), password.as_deref())?;
            match retention_policy {
                Some(rp) => Arc::new(store.with_retention_policy(rp)),
                None => Arc::new(store),
            }
        }
        StoreConfig::InfluxV2 {
            url,
            org,
            bucket,
            token,
        } => Arc::new(InfluxV2::new(url, org, bucket, token)?),
        StoreConfig::VictoriaMetrics { url } => Arc::new(VictoriaMetrics::new(url)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuration_names_its_kind_and_keeps_secrets_out_of_debug() {
        let config: StoreConfig = serde_json::from_str(
            r#"{"kind":"influx_v1","url":"http://h:8086","database":"fleet","username":"u","password":"hunter2"}"#,
        )
        .unwrap();
        assert!(!format!("{config:?}").contains("hunter2"));
        assert_eq!(config.retention(), None);
        let embedded: StoreConfig =
            serde_json::from_str(r#"{"kind":"embedded","path":"metrics.db"}"#).unwrap();
        assert_eq!(embedded.retention(), Some(Duration::from_secs(30 * 86_400)));
        for bad in [
            r#"{"kind":"influx_v1","url":"http://h","database":"d","pasword":"x"}"#,
            r#"{"kind":"prometheus","url":"http://h"}"#,
        ] {
            assert!(serde_json::from_str::<StoreConfig>(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_bad_url_is_a_configuration_error() {
        let config = StoreConfig::VictoriaMetrics {
            url: "localhost:8428".into(),
        };
        assert!(matches!(open(&config).await, Err(StoreError::Config(_))));
    }
}
