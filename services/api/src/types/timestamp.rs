//! `Timestamp`: an instant as the API shows it — RFC 3339 in UTC with milliseconds on the wire,
//! `format: date-time` in the document — held as the epoch milliseconds every table uses.

use std::borrow::Cow;

use fleet_core::clock::{to_rfc3339, Millis};
use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef},
    types::{ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type},
};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub Millis);

const EXPECTED: &str = "must be an RFC 3339 time such as 2026-12-31T23:59:59Z";

impl Timestamp {
    pub fn millis(self) -> Millis {
        self.0
    }

    /// `None` stays `None`: for optional columns.
    pub fn opt(ms: Option<Millis>) -> Option<Self> {
        ms.map(Self)
    }

    pub fn parse(text: &str) -> Result<Self, &'static str> {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| Self(t.timestamp_millis()))
            .map_err(|_| EXPECTED)
    }
}

impl From<Millis> for Timestamp {
    fn from(ms: Millis) -> Self {
        Self(ms)
    }
}

impl Type for Timestamp {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "string_date-time".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "date-time")))
    }

    own_raw_value!();
}

impl ParseFromJSON for Timestamp {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::String(text) => Self::parse(&text).map_err(ParseError::custom),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

impl ParseFromParameter for Timestamp {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Self::parse(value).map_err(ParseError::custom)
    }
}

impl ToJSON for Timestamp {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(to_rfc3339(self.0)))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_rfc3339(self.0))
    }
}

/// Request bodies are read with serde (see `json_body`), so a bad time names its field.
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_rfc3339_with_milliseconds() {
        let t = Timestamp(1_764_750_000_123);
        let json = t.to_json().unwrap_or_default();
        assert_eq!(json, Value::String("2025-12-03T08:20:00.123Z".into()));
        assert_eq!(Timestamp::parse_from_json(Some(json)).ok(), Some(t));
        assert_eq!(
            Timestamp::parse("2025-12-03T16:20:00.123+08:00"),
            Ok(Timestamp(1_764_750_000_123))
        );
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        for bad in ["", "2025-12-03", "yesterday", "2025-12-03 08:20:00", "\0"] {
            assert_eq!(Timestamp::parse(bad), Err(EXPECTED), "{bad:?}");
            assert!(Timestamp::parse_from_parameter(bad).is_err());
        }
        assert!(Timestamp::parse_from_json(Some(Value::from(12))).is_err());
        assert!(serde_json::from_str::<Timestamp>("\"soon\"").is_err());
    }

    #[test]
    fn is_declared_as_a_date_time_string() {
        let MetaSchemaRef::Inline(schema) = Timestamp::schema_ref() else {
            panic!("inline schema expected");
        };
        assert_eq!((schema.ty, schema.format), ("string", Some("date-time")));
    }
}
