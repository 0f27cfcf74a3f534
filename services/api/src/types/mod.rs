//! Value types the API's schemas share: times, lists and their paging, tagged unions.

/// The two `poem_openapi::types::Type` methods every value type here spells alike: the value is
/// its own raw value.
macro_rules! own_raw_value {
    () => {
        fn as_raw_value(&self) -> Option<&Self::RawValueType> {
            Some(self)
        }

        fn raw_element_iter<'a>(
            &'a self,
        ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
            Box::new(self.as_raw_value().into_iter())
        }
    };
}
pub(crate) use own_raw_value;

mod one_of;
mod page;
mod timestamp;

pub use one_of::{AnyPayload, Kind, Kinds, OneOf, Variant};
pub use page::{paging, Bounded, Page, PageNumber, PageSize};
pub use timestamp::Timestamp;
