use std::{fmt, str::FromStr, time::Duration};

use fleet_core::ids::TenantId;
use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
    AnyConnection, AnyPool, ConnectOptions, Connection, Executor, Transaction,
};

use crate::StoreError;

static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Sqlite,
}

impl Dialect {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Dialect::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Dialect::Sqlite)
        } else {
            None
        }
    }

    /// Row lock for read-modify-write; SQLite's `BEGIN IMMEDIATE` already holds the write lock.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Postgres => " FOR UPDATE",
            Dialect::Sqlite => "",
        }
    }

    /// For queue claims: lock the chosen rows and skip those another claimer holds (on
    /// SQLite the write lock serialises claims instead).
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
        }
    }
}

/// How to reach the database.
#[derive(Clone)]
pub struct DbSettings {
    pub url: String,
    pub max_connections: u32,
    /// The longest a request waits for a connection before the database counts as unavailable.
    pub acquire_timeout: Duration,
    /// PostgreSQL: the non-superuser role every pooled connection switches to, so row-level
    /// security applies. `None` keeps the login role (which must then not bypass RLS).
    pub app_role: Option<String>,
}

impl DbSettings {
    /// How long a request waits for a connection by default before the database counts as
    /// unavailable (answered `503 database_unavailable` rather than held).
    pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

    /// A pool of `max_connections` to `url`, as the login role, with the default wait.
    pub fn new(url: impl Into<String>, max_connections: u32) -> Self {
        Self {
            url: url.into(),
            max_connections,
            acquire_timeout: Self::DEFAULT_ACQUIRE_TIMEOUT,
            app_role: None,
        }
    }

    pub fn app_role(mut self, role: Option<String>) -> Self {
        self.app_role = role;
        self
    }

    pub fn acquire_timeout(mut self, wait: Duration) -> Self {
        self.acquire_timeout = wait;
        self
    }
}

impl fmt::Debug for DbSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DbSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("app_role", &self.app_role)
            .finish()
    }
}

/// The URL with any password replaced, for logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Whose rows a transaction may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Cross-tenant work: tenant management, credential lookup at sign-in.
    Platform,
    Tenant(TenantId),
}

impl Scope {
    fn kind(self) -> &'static str {
        match self {
            Scope::Platform => "platform",
            Scope::Tenant(_) => "tenant",
        }
    }
}

/// A connection pool plus the dialect it speaks.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    dialect: Dialect,
}

/// A transaction that has declared its [`Scope`].
pub struct Tx {
    inner: Transaction<'static, sqlx::Any>,
    scope: Scope,
    dialect: Dialect,
}

impl Tx {
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.inner.commit().await.map_err(StoreError::from)
    }
}

impl Db {
    pub async fn connect(settings: &DbSettings) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(&settings.url).ok_or_else(|| {
            StoreError::Corrupt("database url must be postgres:// or sqlite:".into())
        })?;
        let options = AnyConnectOptions::from_str(&settings.url)?
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_secs(1));
        let app_role = settings.app_role.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .after_connect(move |conn, _meta| {
                let app_role = app_role.clone();
                Box::pin(
                    async move { prepare_connection(conn, dialect, app_role.as_deref()).await },
                )
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool, dialect })
    }

    /// Applies the dialect's migrations over a dedicated connection as the login role (the
    /// pool's `SET ROLE` would lack the rights to create tables).
    pub async fn migrate(url: &str) -> Result<(), StoreError> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(url).ok_or_else(|| {
            StoreError::Corrupt("database url must be postgres:// or sqlite:".into())
        })?;
        let mut conn = AnyConnection::connect(url).await?;
        dialect.migrator().run(&mut conn).await?;
        conn.close().await?;
        Ok(())
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that may write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of failing when
    /// a read lock cannot be upgraded.
    pub async fn begin(&self, scope: Scope) -> Result<Tx, StoreError> {
        let inner = match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => self.pool.begin().await?,
        };
        self.declare(inner, scope).await
    }

    /// A transaction that only reads; on SQLite it does not block writers.
    pub async fn read(&self, scope: Scope) -> Result<Tx, StoreError> {
        let inner = self.pool.begin().await?;
        self.declare(inner, scope).await
    }

    async fn declare(
        &self,
        mut inner: Transaction<'static, sqlx::Any>,
        scope: Scope,
    ) -> Result<Tx, StoreError> {
        if self.dialect == Dialect::Postgres {
            let tenant = match scope {
                Scope::Tenant(id) => id.to_string(),
                Scope::Platform => String::new(),
            };
            sqlx::query(
                "SELECT set_config('app.scope', $1, true), set_config('app.tenant_id', $2, true)",
            )
            .bind(scope.kind())
            .bind(tenant)
            .execute(&mut *inner)
            .await?;
        }
        Ok(Tx {
            inner,
            scope,
            dialect: self.dialect,
        })
    }

    /// Checks the database answers, for `/readyz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn prepare_connection(
    conn: &mut AnyConnection,
    dialect: Dialect,
    app_role: Option<&str>,
) -> Result<(), sqlx::Error> {
    match dialect {
        Dialect::Sqlite => {
            conn.execute(
                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            )
            .await?;
        }
        Dialect::Postgres => {
            if let Some(role) = app_role {
                // `SET ROLE` takes no bind parameters; the role name is validated at config
                // load (identifier characters only) and quoted here.
                conn.execute(format!("SET ROLE \"{}\"", role.replace('"', "")).as_str())
                    .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://fleet:hunter2@db:5432/fleet"),
            "postgres://fleet:***@db:5432/fleet"
        );
        assert_eq!(
            redact_url("postgres://fleet@db/fleet"),
            "postgres://fleet@db/fleet"
        );
        assert_eq!(
            redact_url("sqlite://data/fleet.db"),
            "sqlite://data/fleet.db"
        );
    }

    #[test]
    fn dialect_from_url() {
        assert_eq!(Dialect::from_url("postgresql://x"), Some(Dialect::Postgres));
        assert_eq!(
            Dialect::from_url("sqlite://data/f.db?mode=rwc"),
            Some(Dialect::Sqlite)
        );
        assert_eq!(Dialect::from_url("mysql://x"), None);
    }
}
