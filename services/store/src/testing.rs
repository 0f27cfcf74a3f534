//! Fresh databases for tests, on either backend. Used by this crate's conformance suite and by
//! the integration tests of the crates above it.
//!
//! PostgreSQL tests create a database per test on the server named by `FLEET_TEST_PG_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`) and connect to it as `fleet_app`, the
//! ordinary role the service itself uses, so row-level security is in force. The test command
//! drops the `fleet_test_*` databases of earlier runs.

use std::path::PathBuf;

use sqlx::{Connection, Executor, PgConnection};

use crate::{Db, DbSettings, Dialect, StoreError};

pub const DEFAULT_PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A migrated, empty database that lives as long as the test needs it.
pub struct TestDatabase {
    pub db: Db,
    /// The URL a separate process (a spawned `wecom-fleet serve`) would use.
    pub url: String,
    /// Removed on drop (SQLite only).
    sqlite_dir: Option<PathBuf>,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(dir) = self.sqlite_dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub fn pg_admin_url() -> String {
    std::env::var("FLEET_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_ADMIN_URL.to_owned())
}

/// The backends the suite runs on: both, unless `FLEET_TEST_BACKENDS` names a subset
/// (`sqlite`, `postgres`). Tests never skip PostgreSQL silently: when it is listed and down,
/// they fail.
pub fn backends() -> Vec<Dialect> {
    let wanted = std::env::var("FLEET_TEST_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    wanted
        .split(',')
        .filter_map(|name| match name.trim() {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" => Some(Dialect::Postgres),
            _ => None,
        })
        .collect()
}

impl TestDatabase {
    pub async fn new(dialect: Dialect) -> Result<Self, StoreError> {
        match dialect {
            Dialect::Sqlite => Self::sqlite().await,
            Dialect::Postgres => Self::postgres().await,
        }
    }

    pub async fn sqlite() -> Result<Self, StoreError> {
        let dir = std::env::temp_dir().join(format!("fleet-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let url = format!("sqlite://{}?mode=rwc", dir.join("fleet.db").display());
        Db::migrate(&url).await?;
        let db = Db::connect(&DbSettings::new(url.clone(), 8)).await?;
        Ok(Self {
            db,
            url,
            sqlite_dir: Some(dir),
        })
    }

    pub async fn postgres() -> Result<Self, StoreError> {
        let admin_url = pg_admin_url();
        let name = format!("fleet_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&admin_url).await?;
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await?;
        admin.close().await?;
        let url = replace_database(&admin_url, &name);
        Db::migrate(&url).await?;
        let db = Db::connect(&DbSettings::new(url.clone(), 8).app_role(Some("fleet_app".into())))
            .await?;
        Ok(Self {
            db,
            url,
            sqlite_dir: None,
        })
    }
}

/// `url` with its database name replaced.
fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::replace_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            super::replace_database("postgres://h", "x"),
            "postgres://h/x"
        );
    }
}
