//! The one typed configuration: defaults, then a TOML file (`--config`), then `FLEET_*`
//! environment variables (`FLEET_<SECTION>_<KEY>`, e.g. `FLEET_DATABASE_URL`,
//! `FLEET_RATE_LIMIT_REQUESTS`). Checked at start; every error names the key.

use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

use figment::{
    providers::{Env, Format, Serialized, Toml},
    Figment,
};
mod accounts;
mod callbacks;
mod messaging;
mod monitor;
mod webhooks;

pub use accounts::{AccountsConfig, ConnectorsConfig};
pub use callbacks::CallbacksConfig;
use fleet_core::field_cipher::Keyring;
use fleet_store::{redact_url, Dialect};
pub use messaging::MessagingConfig;
pub use monitor::{MonitorConfig, SmtpConfig};
use serde::{Deserialize, Serialize};
pub use webhooks::WebhooksConfig;

/// A value kept out of logs and `Debug` output.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the embedded database and generated secrets live.
    pub data_dir: PathBuf,
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub redis: RedisConfig,
    pub auth: AuthConfig,
    pub encryption: EncryptionConfig,
    pub rate_limit: RateLimitConfig,
    pub simulator: SimulatorConfig,
    pub accounts: AccountsConfig,
    pub connectors: ConnectorsConfig,
    pub messaging: MessagingConfig,
    pub callbacks: CallbacksConfig,
    pub webhooks: WebhooksConfig,
    pub monitor: MonitorConfig,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub listen: String,
    /// Largest accepted request body in bytes.
    pub max_body_bytes: usize,
    /// How others (account-hosting providers sending callbacks) reach this service, e.g.
    /// `https://fleet.example.com`; empty means `http://` + `server.listen`.
    pub public_url: String,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://path?mode=rwc` (embedded default) or `postgres://...`.
    pub url: Secret,
    pub max_connections: u32,
    /// The longest a request waits for a database connection before it is answered `503
    /// database_unavailable` (100–60,000 ms).
    pub acquire_timeout_ms: u64,
    /// PostgreSQL: the role queries run as (row-level security applies to it). Empty: the
    /// login role, which then must not be a superuser.
    pub app_role: String,
    /// Apply migrations at start (`serve`, `demo`).
    pub auto_migrate: bool,
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(self.url.expose()))
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout_ms", &self.acquire_timeout_ms)
            .field("app_role", &self.app_role)
            .field("auto_migrate", &self.auto_migrate)
            .finish()
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedisConfig {
    /// Empty: counters and limits stay in this process.
    pub url: Secret,
    /// The longest one Redis command may take before the caller carries on without it
    /// (10–5,000 ms).
    pub timeout_ms: u64,
}

impl Default for RedisConfig {
    fn default() -> Self {
        Self {
            url: Secret::default(),
            timeout_ms: 250,
        }
    }
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisConfig")
            .field("url", &redact_url(self.url.expose()))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// HS256 secret shared by every replica, at least 32 bytes. Empty on SQLite: generated
    /// once into `data_dir`.
    pub jwt_secret: Secret,
    pub access_ttl_secs: i64,
    pub refresh_ttl_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EncryptionConfig {
    /// The key that seals new values.
    pub active_key: String,
    /// `id:base64-of-32-bytes` pairs, comma-separated. Keep old keys until `admin rotate-key`
    /// has run. Empty on SQLite: generated once into `data_dir`.
    pub keys: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Requests per user or API key per window.
    pub requests: u64,
    pub window_secs: u64,
    /// Sign-in attempts per client address per window.
    pub login_attempts: u64,
    /// Failed sign-ins per account (from any address) before its sign-ins are refused until
    /// the failure window ends.
    pub login_failures_per_account: u64,
    pub login_failure_window_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulatorConfig {
    /// Run the in-process WeCom simulator: accounts with `connector: simulator` and the
    /// `/api/v1/simulator/...` endpoints. On in `demo`.
    pub enabled: bool,
    /// Added to every simulated connector call.
    pub latency_ms: u64,
    /// The code simulated new-device checks accept.
    pub verification_code: String,
    /// How long a simulated QR code stays valid.
    pub qr_ttl_secs: u64,
    /// How often simulated online accounts send a heartbeat.
    pub heartbeat_interval_secs: u64,
    /// The chance, at each heartbeat, that a simulated session drops silently (0.0 to 1.0).
    pub disconnect_rate: f64,
    /// The chance that a simulated connector call fails (0.0 to 1.0) ...
    pub error_rate: f64,
    /// ... with this WeCom error code (retryable).
    pub error_code: String,
    /// How long after a simulated send its delivery is reported; 0 never reports delivery.
    pub delivery_delay_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter, e.g. `info` or `fleet_api=debug,info`.
    pub level: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            redis: RedisConfig::default(),
            auth: AuthConfig::default(),
            encryption: EncryptionConfig::default(),
            rate_limit: RateLimitConfig::default(),
            simulator: SimulatorConfig::default(),
            accounts: AccountsConfig::default(),
            connectors: ConnectorsConfig::default(),
            messaging: MessagingConfig::default(),
            callbacks: CallbacksConfig::default(),
            webhooks: WebhooksConfig::default(),
            monitor: MonitorConfig::default(),
            log: LogConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            max_body_bytes: 1 << 20,
            public_url: String::new(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret("sqlite://./data/fleet.db?mode=rwc".into()),
            max_connections: 16,
            acquire_timeout_ms: 2_000,
            app_role: "fleet_app".into(),
            auto_migrate: true,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            jwt_secret: Secret::default(),
            access_ttl_secs: 2 * 3600,
            refresh_ttl_secs: 7 * 24 * 3600,
        }
    }
}

impl Default for EncryptionConfig {
    fn default() -> Self {
        Self {
            active_key: "k1".into(),
            keys: Secret::default(),
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            requests: 1200,
            window_secs: 60,
            login_attempts: 30,
            login_failures_per_account: 10,
            login_failure_window_secs: 900,
        }
    }
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            latency_ms: 0,
            verification_code: "000000".into(),
            qr_ttl_secs: 120,
            heartbeat_interval_secs: 30,
            disconnect_rate: 0.0,
            error_rate: 0.0,
            error_code: "-1".into(),
            delivery_delay_ms: 1_000,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

/// A configuration problem, naming the key.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

fn bad(key: &str, message: impl fmt::Display) -> ConfigError {
    ConfigError(format!("`{key}` {message}"))
}

/// One line per problem, each naming its key in the dotted lowercase form of this file.
fn describe(err: figment::Error) -> ConfigError {
    let problems: Vec<String> = err
        .into_iter()
        .map(|e| {
            let key = e.path.join(".").to_ascii_lowercase();
            let source = e
                .metadata
                .as_ref()
                .map(|m| format!(" (from {})", m.name))
                .unwrap_or_default();
            format!("`{key}`: {}{source}", e.kind)
        })
        .collect();
    ConfigError(problems.join("; "))
}

const SECTIONS: &[&str] = &[
    "server",
    "database",
    "redis",
    "auth",
    "encryption",
    "rate_limit",
    "simulator",
    "accounts",
    "connectors",
    "messaging",
    "callbacks",
    "webhooks",
    "monitor",
    "log",
];

/// Tables inside a section, whose variables name them with one more underscore
/// (`FLEET_MONITOR_SMTP_HOST` → `monitor.smtp.host`).
const SUBSECTIONS: &[&str] = &["monitor.smtp"];

/// `FLEET_RATE_LIMIT_REQUESTS` → `rate_limit.requests`; `FLEET_DATA_DIR` → `data_dir`.
/// Variables of no section (e.g. the test harness's `FLEET_TEST_*`) are not configuration.
fn env_key(var: &str) -> Option<String> {
    let key = var.to_ascii_lowercase();
    if key == "data_dir" {
        return Some(key);
    }
    let dotted = SECTIONS.iter().find_map(|section| {
        key.strip_prefix(section)
            .and_then(|rest| rest.strip_prefix('_'))
            .map(|rest| format!("{section}.{rest}"))
    })?;
    Some(
        SUBSECTIONS
            .iter()
            .find_map(|sub| {
                dotted
                    .strip_prefix(sub)
                    .and_then(|rest| rest.strip_prefix('_'))
                    .map(|rest| format!("{sub}.{rest}"))
            })
            .unwrap_or(dotted),
    )
}

impl Config {
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError(format!(
                    "config file {} does not exist",
                    path.display()
                )));
            }
            figment = figment.merge(Toml::file(path));
        }
        let env = Env::prefixed("FLEET_")
            .filter(|k| env_key(k.as_str()).is_some())
            .map(|k| env_key(k.as_str()).unwrap_or_default().into());
        let config: Config = figment.merge(env).extract().map_err(describe)?;
        config.validate()?;
        Ok(config)
    }

    pub fn dialect(&self) -> Dialect {
        Dialect::from_url(self.database.url.expose()).unwrap_or(Dialect::Sqlite)
    }

    /// The base URL others reach this service at (no trailing slash).
    pub fn public_url(&self) -> String {
        match self.server.public_url.trim_end_matches('/') {
            "" => format!("http://{}", self.server.listen),
            url => url.to_owned(),
        }
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.server
            .listen
            .parse()
            .map_err(|e| bad("server.listen", format!("is not host:port ({e})")))
    }

    fn validate(&self) -> Result<(), ConfigError> {
        self.listen_addr()?;
        if self.server.max_body_bytes < 1024 {
            return Err(bad("server.max_body_bytes", "must be at least 1024"));
        }
        if Dialect::from_url(self.database.url.expose()).is_none() {
            return Err(bad(
                "database.url",
                "must start with sqlite: or postgres://",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(bad("database.max_connections", "must be at least 1"));
        }
        if !(100..=60_000).contains(&self.database.acquire_timeout_ms) {
            return Err(bad(
                "database.acquire_timeout_ms",
                "must be between 100 and 60000 milliseconds",
            ));
        }
        let role_ok = self
            .database
            .app_role
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !role_ok {
            return Err(bad(
                "database.app_role",
                "may contain only letters, digits and '_'",
            ));
        }
        if !(10..=5_000).contains(&self.redis.timeout_ms) {
            return Err(bad(
                "redis.timeout_ms",
                "must be between 10 and 5000 milliseconds",
            ));
        }
        let redis = self.redis.url.expose();
        if !(redis.is_empty() || redis.starts_with("redis://") || redis.starts_with("rediss://")) {
            return Err(bad("redis.url", "must start with redis:// or rediss://"));
        }
        if !self.auth.jwt_secret.is_empty() && self.auth.jwt_secret.expose().len() < 32 {
            return Err(bad("auth.jwt_secret", "must be at least 32 bytes"));
        }
        if self.auth.access_ttl_secs < 60 {
            return Err(bad("auth.access_ttl_secs", "must be at least 60"));
        }
        if self.auth.refresh_ttl_secs < self.auth.access_ttl_secs {
            return Err(bad(
                "auth.refresh_ttl_secs",
                "must not be shorter than auth.access_ttl_secs",
            ));
        }
        if !self.encryption.keys.is_empty() {
            self.keyring()?;
        }
        if self.rate_limit.requests == 0
            || self.rate_limit.window_secs == 0
            || self.rate_limit.login_attempts == 0
            || self.rate_limit.login_failures_per_account == 0
            || self.rate_limit.login_failure_window_secs == 0
        {
            return Err(bad(
                "rate_limit",
                "requests, window_secs, login_attempts, login_failures_per_account and \
                 login_failure_window_secs must be at least 1",
            ));
        }
        if self.simulator.qr_ttl_secs == 0 {
            return Err(bad("simulator.qr_ttl_secs", "must be at least 1"));
        }
        if self.simulator.heartbeat_interval_secs == 0 {
            return Err(bad(
                "simulator.heartbeat_interval_secs",
                "must be at least 1",
            ));
        }
        if !(0.0..=1.0).contains(&self.simulator.disconnect_rate) {
            return Err(bad(
                "simulator.disconnect_rate",
                "must be between 0.0 and 1.0",
            ));
        }
        if self.simulator.verification_code.is_empty() {
            return Err(bad("simulator.verification_code", "must not be empty"));
        }
        self.accounts.validate()?;
        self.messaging.validate()?;
        self.callbacks.validate()?;
        self.webhooks.validate()?;
        self.monitor.validate()?;
        self.connectors.validate()?;
        if !["text", "json"].contains(&self.log.format.as_str()) {
            return Err(bad("log.format", "must be text or json"));
        }
        if self.dialect() == Dialect::Postgres {
            // Many replicas must share these; generating them per node would split the fleet.
            if self.auth.jwt_secret.is_empty() {
                return Err(bad(
                    "auth.jwt_secret",
                    "must be set when the database is PostgreSQL",
                ));
            }
            if self.encryption.keys.is_empty() {
                return Err(bad(
                    "encryption.keys",
                    "must be set when the database is PostgreSQL",
                ));
            }
        }
        Ok(())
    }

    /// How long the scheduler's retention purge keeps each table's settled rows.
    pub fn retention(&self) -> fleet_store::retention::Retention {
        let days = |n: u64| (n > 0).then(|| std::time::Duration::from_secs(n * 24 * 3600));
        fleet_store::retention::Retention {
            messages: days(self.messaging.retention_days),
            account_history: days(self.accounts.history_retention_days),
            idempotency_keys: Some(self.messaging.idempotency_window()),
            callback_events: days(self.callbacks.retention_days),
            webhook_deliveries: days(self.webhooks.retention_days),
            alert_history: days(self.monitor.history_retention_days),
        }
    }

    /// The field-encryption keyring from `encryption.keys`.
    pub fn keyring(&self) -> Result<Keyring, ConfigError> {
        let pairs = parse_key_list(self.encryption.keys.expose())?;
        Keyring::new(
            &self.encryption.active_key,
            pairs.iter().map(|(id, key)| (id.as_str(), key.as_str())),
        )
        .map_err(|e| bad("encryption.keys", e))
    }
}

/// `id:base64,id:base64` → pairs.
pub fn parse_key_list(list: &str) -> Result<Vec<(String, String)>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .split_once(':')
                .map(|(id, key)| (id.trim().to_owned(), key.trim().to_owned()))
                .ok_or_else(|| {
                    bad(
                        "encryption.keys",
                        "must be `id:base64key` pairs separated by commas",
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_keys_map_to_sections() {
        assert_eq!(env_key("DATABASE_URL").as_deref(), Some("database.url"));
        assert_eq!(
            env_key("DATABASE_MAX_CONNECTIONS").as_deref(),
            Some("database.max_connections")
        );
        assert_eq!(
            env_key("RATE_LIMIT_REQUESTS").as_deref(),
            Some("rate_limit.requests")
        );
        assert_eq!(env_key("REDIS_URL").as_deref(), Some("redis.url"));
        assert_eq!(env_key("DATA_DIR").as_deref(), Some("data_dir"));
        assert_eq!(env_key("TEST_PG_URL"), None);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let mut config = Config::default();
        config.auth.jwt_secret = Secret("super-secret-value-that-is-long-enough".into());
        config.database.url = Secret("postgres://fleet:hunter2@db/fleet".into());
        config.redis.url = Secret("redis://:redispass@cache:6379".into());
        let printed = format!("{config:?}");
        for secret in ["super-secret", "hunter2", "redispass"] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
    }

    #[test]
    fn key_lists() {
        let pairs = parse_key_list("k1:AAAA, k2:BBBB").unwrap();
        assert_eq!(
            pairs,
            vec![("k1".into(), "AAAA".into()), ("k2".into(), "BBBB".into())]
        );
        assert!(parse_key_list("nocolon").is_err());
    }
}
