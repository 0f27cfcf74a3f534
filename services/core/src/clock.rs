//! Time in the representation every table uses: integer milliseconds since the Unix epoch, UTC.

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

pub fn now_ms() -> Millis {
    chrono::Utc::now().timestamp_millis()
}

/// A duration in milliseconds, saturating (a configured "forever" stays far in the future).
pub fn millis_of(duration: std::time::Duration) -> Millis {
    Millis::try_from(duration.as_millis()).unwrap_or(Millis::MAX)
}

pub const SECOND_MS: Millis = 1_000;
pub const HOUR_MS: Millis = 3_600 * SECOND_MS;
pub const DAY_MS: Millis = 24 * HOUR_MS;

/// RFC 3339 rendering for API responses.
pub fn to_rfc3339(ms: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
