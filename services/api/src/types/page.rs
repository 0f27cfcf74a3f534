//! The one list envelope (`Page_<Item>`: `items`, `total`, `page`, `size`) and the two query
//! parameters every list takes, with their bounds declared in the document.

use std::borrow::Cow;

use fleet_core::paging::{PageRequest, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef},
    types::{ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type},
    Object,
};
use serde_json::Value;

use crate::error::ApiResult;

/// One page of a list, with how many items match in all.
#[derive(Debug, Object)]
pub struct Page<T: Type + ParseFromJSON + ToJSON> {
    pub items: Vec<T>,
    /// Items matching the request, on every page.
    pub total: i64,
    /// This page's number, from 1.
    pub page: u32,
    /// The most items a page holds.
    pub size: u32,
}

impl<T: Type + ParseFromJSON + ToJSON> Page<T> {
    /// Shapes a page read from a store, each row converted by `to_item`.
    pub fn of<R>(
        found: fleet_core::paging::Page<R>,
        to_item: impl FnMut(R) -> ApiResult<T>,
    ) -> ApiResult<Self> {
        Ok(Self {
            items: found
                .items
                .into_iter()
                .map(to_item)
                .collect::<ApiResult<_>>()?,
            total: found.total,
            page: found.request.page,
            size: found.request.size,
        })
    }

    /// The requested page of a list held whole in memory (fixed sets such as event types).
    pub fn slice(all: Vec<T>, request: PageRequest) -> Self {
        let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
        let skip = usize::try_from(request.offset()).unwrap_or(usize::MAX);
        let items = all
            .into_iter()
            .skip(skip)
            .take(request.size as usize)
            .collect();
        Self {
            items,
            total,
            page: request.page,
            size: request.size,
        }
    }
}

/// A bounded integer query parameter; `MIN..=MAX`, `DEFAULT` when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounded<const MIN: u32, const MAX: u32, const DEFAULT: u32>(pub u32);

/// `page`: counts from 1.
pub type PageNumber = Bounded<1, { u32::MAX }, 1>;
/// `size`: 1–200 items, 20 by default.
pub type PageSize = Bounded<1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE>;

/// The page a list operation was asked for.
pub fn paging(page: Option<PageNumber>, size: Option<PageSize>) -> PageRequest {
    PageRequest {
        page: page.map_or(1, |p| p.0),
        size: size.map_or(DEFAULT_PAGE_SIZE, |s| s.0),
    }
}

impl<const MIN: u32, const MAX: u32, const DEFAULT: u32> Type for Bounded<MIN, MAX, DEFAULT> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        format!("integer_{MIN}_{MAX}").into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            minimum: Some(f64::from(MIN)),
            maximum: (MAX != u32::MAX).then_some(f64::from(MAX)),
            default: Some(Value::from(DEFAULT)),
            ..MetaSchema::new_with_format("integer", "int32")
        }))
    }

    own_raw_value!();
}

impl<const MIN: u32, const MAX: u32, const DEFAULT: u32> Bounded<MIN, MAX, DEFAULT> {
    fn check(value: u32) -> ParseResult<Self> {
        if (MIN..=MAX).contains(&value) {
            Ok(Self(value))
        } else if MAX == u32::MAX {
            Err(ParseError::custom(format!("must be {MIN} or more")))
        } else {
            Err(ParseError::custom(format!(
                "must be between {MIN} and {MAX}"
            )))
        }
    }
}

impl<const MIN: u32, const MAX: u32, const DEFAULT: u32> ParseFromParameter
    for Bounded<MIN, MAX, DEFAULT>
{
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        let number: u32 = value
            .parse()
            .map_err(|_| ParseError::custom("must be a whole number"))?;
        Self::check(number)
    }
}

impl<const MIN: u32, const MAX: u32, const DEFAULT: u32> ParseFromJSON
    for Bounded<MIN, MAX, DEFAULT>
{
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        let value = value.unwrap_or_default();
        match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(number) => Self::check(number),
            None => Err(ParseError::expected_type(value)),
        }
    }
}

impl<const MIN: u32, const MAX: u32, const DEFAULT: u32> ToJSON for Bounded<MIN, MAX, DEFAULT> {
    fn to_json(&self) -> Option<Value> {
        Some(Value::from(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_outside_the_bounds_are_refused() {
        assert_eq!(
            PageSize::parse_from_parameter("200").ok(),
            Some(Bounded(200))
        );
        for bad in ["0", "201", "-1", "ten", "", "1.5"] {
            assert!(PageSize::parse_from_parameter(bad).is_err(), "{bad}");
        }
        assert!(PageNumber::parse_from_parameter("0").is_err());
        assert_eq!(
            PageNumber::parse_from_parameter("4294967295").ok(),
            Some(Bounded(u32::MAX))
        );
    }

    #[test]
    fn absent_parameters_take_the_defaults() {
        assert_eq!(
            paging(None, None),
            PageRequest {
                page: 1,
                size: DEFAULT_PAGE_SIZE
            }
        );
        assert_eq!(paging(Some(Bounded(3)), Some(Bounded(50))).offset(), 100);
    }

    #[test]
    fn the_bounds_are_in_the_schema() {
        let MetaSchemaRef::Inline(schema) = PageSize::schema_ref() else {
            panic!("inline schema expected");
        };
        assert_eq!(schema.minimum, Some(1.0));
        assert_eq!(schema.maximum, Some(200.0));
        assert_eq!(schema.default, Some(Value::from(20)));
    }
}
