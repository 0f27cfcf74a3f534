//! InfluxDB 2.x / 3.x: writes line protocol to the v2 write API (`/api/v2/write`), reads
//! InfluxQL on `/query` (v1 compatibility: the database is the bucket, the token authorizes).
//! The write is one HTTP request, made with the client every HTTP store shares (the
//! `influxdb2` crate it replaced pulled an outdated TLS stack with known advisories).

use async_trait::async_trait;
use url::Url;

use super::{
    http,
    influx_query::{Credentials, InfluxQuery},
    MetricStore, SeriesQuery, StoreError,
};
use crate::{
    metrics::Point,
    rules::{Aggregate, Series, SeriesValue},
};

/// Line protocol to `/api/v2/write`, in milliseconds; VictoriaMetrics takes the same
/// requests.
pub(super) struct V2Writes {
    http: reqwest::Client,
    url: Url,
    /// `Token <token>`; `None` sends no `Authorization` header.
    authorization: Option<String>,
}

impl V2Writes {
    /// An empty token sends no `Authorization` header; a base path (a reverse proxy's prefix)
    /// is kept.
    pub(super) fn new(
        http: reqwest::Client,
        base: &Url,
        org: &str,
        bucket: &str,
        token: &str,
    ) -> Self {
        let mut url = http::endpoint(base, "api/v2/write");
        url.query_pairs_mut()
            .append_pair("org", org)
            .append_pair("bucket", bucket)
            .append_pair("precision", "ms");
        Self {
            http,
            url,
            authorization: (!token.is_empty()).then(|| format!("Token {token}")),
        }
    }

    pub(super) async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        let body = http::line_protocol(points);
        if body.is_empty() {
            return Ok(());
        }
        let mut request = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(body);
        if let Some(authorization) = &self.authorization {
            request = request.header(reqwest::header::AUTHORIZATION, authorization);
        }
        http::success(request.send().await).await.map(drop)
    }
}

pub struct InfluxV2 {
    http: reqwest::Client,
    base: Url,
    writes: V2Writes,
    query: InfluxQuery,
}

impl InfluxV2 {
    /// A store on the server at `url`, writing to `bucket` of `org` with `token`.
    pub fn new(url: &str, org: &str, bucket: &str, token: &str) -> Result<Self, StoreError> {
        let (http, base) = (http::client()?, http::base_url(url)?);
        let credentials = Credentials::Token(token.to_owned());
        Ok(Self {
            writes: V2Writes::new(http.clone(), &base, org, bucket, token),
            query: InfluxQuery::new(http.clone(), &base, bucket, None, credentials),
            http,
            base,
        })
    }
}

#[async_trait]
impl MetricStore for InfluxV2 {
    fn name(&self) -> &'static str {
        "influxdb"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        self.writes.write(points).await
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        self.query.series(query).await
    }

    async fn aggregate(
        &self,
        query: &SeriesQuery,
        aggregate: Aggregate,
    ) -> Result<Vec<SeriesValue>, StoreError> {
        self.query.aggregate(query, aggregate).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        http::ping(&self.http, &self.base, "ping").await
    }
}
