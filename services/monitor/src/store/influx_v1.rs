//! InfluxDB 1.x: writes to `/write` in line protocol, reads InfluxQL on `/query`. The
//! database is created on first use, so a fresh server needs no setup step.

use async_trait::async_trait;
use tokio::sync::OnceCell;
use url::Url;

use super::{
    http,
    influx_query::{Credentials, InfluxQuery},
    influxql, MetricStore, SeriesQuery, StoreError,
};
use crate::{
    metrics::Point,
    rules::{Aggregate, Series, SeriesValue},
};

pub struct InfluxV1 {
    http: reqwest::Client,
    base: Url,
    database: String,
    retention_policy: Option<String>,
    credentials: Credentials,
    query: InfluxQuery,
    database_ready: OnceCell<()>,
}

impl InfluxV1 {
    /// A store on the server at `url` (`http://host:8086`), in `database`, as `username`
    /// when the server has authentication on.
    pub fn new(
        url: &str,
        database: &str,
        username: Option<&str>,
        password: Option<&str>,
    ) -> Result<Self, StoreError> {
        let credentials = match username {
            Some(username) => Credentials::Basic {
                username: username.to_owned(),
                password: password.unwrap_or_default().to_owned(),
            },
            None => Credentials::None,
        };
        Ok(Self::assemble(
            http::client()?,
            http::base_url(url)?,
            database,
            None,
            credentials,
        ))
    }

    /// Writes and reads go to this retention policy instead of the database's default.
    pub fn with_retention_policy(self, retention_policy: &str) -> Self {
        Self::assemble(
            self.http,
            self.base,
            &self.database,
            Some(retention_policy),
            self.credentials,
        )
    }

    fn assemble(
        http: reqwest::Client,
        base: Url,
        database: &str,
        retention_policy: Option<&str>,
        credentials: Credentials,
    ) -> Self {
        let query = InfluxQuery::new(
            http.clone(),
            &base,
            database,
            retention_policy,
            credentials.clone(),
        );
        Self {
            http,
            base,
            database: database.to_owned(),
            retention_policy: retention_policy.map(str::to_owned),
            credentials,
            query,
            database_ready: OnceCell::new(),
        }
    }

    /// `CREATE DATABASE`, which does nothing when it exists. Writes and reads call it once
    /// by themselves; call it to find a misconfiguration at startup instead.
    pub async fn ensure_database(&self) -> Result<(), StoreError> {
        influxql::check(
            &self
                .query
                .run(&influxql::create_database(&self.database))
                .await?,
        )
    }

    async fn database_ready(&self) -> Result<(), StoreError> {
        self.database_ready
            .get_or_try_init(|| async {
                match self.ensure_database().await {
                    // A user without admin rights may not create databases, yet may well
                    // write to one that exists: let the writes tell.
                    Err(StoreError::Protocol(why)) => {
                        tracing::warn!(database = %self.database, %why, "could not create the InfluxDB database");
                        Ok(())
                    }
                    other => other,
                }
            })
            .await
            .copied()
    }
}

#[async_trait]
impl MetricStore for InfluxV1 {
    fn name(&self) -> &'static str {
        "influxdb"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        let body = http::line_protocol(points);
        if body.is_empty() {
            return Ok(());
        }
        self.database_ready().await?;
        let mut params = vec![("db", self.database.as_str()), ("precision", "ms")];
        if let Some(rp) = &self.retention_policy {
            params.push(("rp", rp));
        }
        let request = self
            .http
            .post(http::endpoint(&self.base, "write"))
            .query(&params)
            .body(body);
        http::success(self.credentials.apply(request).send().await)
            .await
            .map(drop)
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        self.database_ready().await?;
        self.query.series(query).await
    }

    async fn aggregate(
        &self,
        query: &SeriesQuery,
        aggregate: Aggregate,
    ) -> Result<Vec<SeriesValue>, StoreError> {
        self.database_ready().await?;
        self.query.aggregate(query, aggregate).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        http::ping(&self.http, &self.base, "ping").await
    }
}
