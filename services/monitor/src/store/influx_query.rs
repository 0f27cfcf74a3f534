//! The InfluxQL `/query` endpoint, which InfluxDB 1.x, 2.x (v1 compatibility: the database
//! is the bucket) and 3.x all serve; both InfluxDB stores read through it.

use reqwest::RequestBuilder;
use url::Url;

use super::{http, influxql, SeriesQuery, StoreError};
use crate::rules::{Aggregate, Series, SeriesValue};

/// How requests prove who they come from.
#[derive(Clone)]
pub(super) enum Credentials {
    None,
    /// InfluxDB 1.x users; basic auth keeps the password out of URLs and their logs.
    Basic {
        username: String,
        password: String,
    },
    /// InfluxDB 2.x / 3.x API tokens.
    Token(String),
}

impl Credentials {
    pub(super) fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Credentials::None => request,
            Credentials::Basic { username, password } => {
                request.basic_auth(username, Some(password))
            }
            Credentials::Token(token) => request.header("Authorization", format!("Token {token}")),
        }
    }
}

pub(super) struct InfluxQuery {
    http: reqwest::Client,
    url: Url,
    database: String,
    retention_policy: Option<String>,
    credentials: Credentials,
}

impl InfluxQuery {
    pub(super) fn new(
        http: reqwest::Client,
        base: &Url,
        database: &str,
        retention_policy: Option<&str>,
        credentials: Credentials,
    ) -> Self {
        Self {
            http,
            url: http::endpoint(base, "query"),
            database: database.to_owned(),
            retention_policy: retention_policy.map(str::to_owned),
            credentials,
        }
    }

    /// Runs one statement and returns the answer's body. POST, because `CREATE DATABASE`
    /// needs it and `SELECT` accepts it.
    pub(super) async fn run(&self, statement: &str) -> Result<Vec<u8>, StoreError> {
        let request = self.http.post(self.url.clone()).query(&[
            ("db", self.database.as_str()),
            ("epoch", "ms"),
            ("q", statement),
        ]);
        let response = http::success(self.credentials.apply(request).send().await).await?;
        let body = response.bytes().await.map_err(http::unreachable)?;
        Ok(body.to_vec())
    }

    pub(super) async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        let statement = influxql::select_series(query, self.retention_policy.as_deref());
        influxql::parse_series(&self.run(&statement).await?)
    }

    pub(super) async fn aggregate(
        &self,
        query: &SeriesQuery,
        aggregate: Aggregate,
    ) -> Result<Vec<SeriesValue>, StoreError> {
        let statement =
            influxql::select_aggregate(query, aggregate, self.retention_policy.as_deref());
        influxql::parse_values(&self.run(&statement).await?)
    }
}
