//! Tenants: a business with its own users, accounts and quotas.

use std::{fmt, str::FromStr};

use crate::{validation::bounded_text, ValidationError};

pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum TenantStatus {
    Active,
    Suspended,
    Deleted,
}

impl TenantStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::Deleted => "deleted",
        }
    }
}

impl FromStr for TenantStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "active" => Ok(TenantStatus::Active),
            "suspended" => Ok(TenantStatus::Suspended),
            "deleted" => Ok(TenantStatus::Deleted),
            other => Err(format!("unknown tenant status `{other}`")),
        }
    }
}

impl fmt::Display for TenantStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tenant's unique short code: 2–50 of `a-z`, `0-9`, `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantCode(String);

impl TenantCode {
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        let ok_len = (2..=50).contains(&value.len());
        let ok_start = value.starts_with(|c: char| c.is_ascii_lowercase());
        let ok_chars = value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok_len && ok_start && ok_chars {
            Ok(Self(value.to_owned()))
        } else {
            Err(ValidationError::new(
                "code",
                "must be 2-50 characters of a-z, 0-9 and '-', starting with a letter",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn parse_tenant_name(value: &str) -> Result<String, ValidationError> {
    bounded_text("name", value, 1, 100)
}

/// An IANA timezone name, checked against the tz database.
pub fn parse_timezone(value: &str) -> Result<String, ValidationError> {
    value
        .parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_owned())
        .map_err(|_| {
            ValidationError::new("timezone", "must be an IANA timezone such as Asia/Shanghai")
        })
}

/// Quota limits: non-negative and below a sanity ceiling.
pub fn parse_limit(field: &'static str, value: i64, max: i64) -> Result<i64, ValidationError> {
    if (0..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ValidationError::new(
            field,
            format!("must be between 0 and {max}"),
        ))
    }
}

pub const MAX_ACCOUNTS_CEILING: i64 = 100_000;
pub const MAX_DAILY_MESSAGES_CEILING: i64 = 1_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(TenantCode::parse("acme-01").is_ok());
        for bad in ["", "a", "Acme", "1acme", "ac me", "acme_", &"a".repeat(51)] {
            assert!(TenantCode::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn timezones() {
        assert_eq!(
            parse_timezone("Asia/Shanghai").as_deref(),
            Ok("Asia/Shanghai")
        );
        assert_eq!(
            parse_timezone("Mars/Olympus").unwrap_err().field,
            "timezone"
        );
    }

    #[test]
    fn limits() {
        assert!(parse_limit("max_accounts", -1, 10).is_err());
        assert!(parse_limit("max_accounts", 11, 10).is_err());
        assert_eq!(parse_limit("max_accounts", 10, 10), Ok(10));
    }
}
