//! InfluxDB 2.x / 3.x: writes through the `influxdb2` client's v2 write API, reads InfluxQL
//! on `/query` (v1 compatibility: the database is the bucket, the token authorizes).

use async_trait::async_trait;
use influxdb2::{api::write::TimestampPrecision, RequestError};
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

/// Line protocol to `/api/v2/write` through the `influxdb2` client; VictoriaMetrics takes
/// the same requests.
pub(super) struct V2Writes {
    client: influxdb2::Client,
    org: String,
    bucket: String,
}

impl V2Writes {
    /// An empty token sends no `Authorization` header.
    pub(super) fn new(
        base: &Url,
        org: &str,
        bucket: &str,
        token: &str,
    ) -> Result<Self, StoreError> {
        // The client replaces the URL's path with its endpoint's: a base path (a reverse
        // proxy's prefix) would be dropped from writes while reads keep it.
        if base.path() != "/" {
            return Err(StoreError::Config(format!(
                "{base}: the InfluxDB v2 write client cannot write under a base path"
            )));
        }
        // `Client::new` would unwrap what `build` returns.
        let client = influxdb2::ClientBuilder::new(base.as_str(), org, token)
            .build()
            .map_err(|err| StoreError::Config(format!("InfluxDB v2 client: {err}")))?;
        Ok(Self {
            client,
            org: org.to_owned(),
            bucket: bucket.to_owned(),
        })
    }

    pub(super) async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        let body = http::line_protocol(points);
        if body.is_empty() {
            return Ok(());
        }
        let write = self.client.write_line_protocol_with_precision(
            &self.org,
            &self.bucket,
            body,
            TimestampPrecision::Milliseconds,
        );
        // The client has no time limit of its own (and no way to give it one without its
        // reqwest version); a server that never answers must not hold the writer.
        match tokio::time::timeout(http::REQUEST_TIMEOUT, write).await {
            Err(_) => Err(StoreError::Unavailable("write timed out".into())),
            Ok(Ok(())) => Ok(()),
            Ok(Err(RequestError::Http { status, text })) => {
                Err(http::refused(status.as_u16(), &text))
            }
            Ok(Err(err @ RequestError::ReqwestProcessing { .. })) => Err(http::unreachable(err)),
            Ok(Err(err)) => Err(StoreError::Protocol(err.to_string())),
        }
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
            writes: V2Writes::new(&base, org, bucket, token)?,
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
