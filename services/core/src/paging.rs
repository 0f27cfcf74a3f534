use crate::ValidationError;

pub const MAX_PAGE_SIZE: u32 = 200;
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// A validated page request: `page` counts from 1, `size` is 1..=200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub size: u32,
}

impl PageRequest {
    pub fn parse(page: Option<u32>, size: Option<u32>) -> Result<Self, ValidationError> {
        let page = page.unwrap_or(1);
        let size = size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page == 0 {
            return Err(ValidationError::new("page", "must be 1 or more"));
        }
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(ValidationError::new(
                "size",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        Ok(Self { page, size })
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.size)
    }
}

/// One page of results plus the total number of matching rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub request: PageRequest,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_offsets() {
        let p = PageRequest::parse(None, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.page, p.size, p.offset()), (1, 20, 0));
        let p = PageRequest::parse(Some(3), Some(50)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.offset(), 100);
    }

    #[test]
    fn rejects_out_of_range() {
        assert_eq!(PageRequest::parse(Some(0), None).unwrap_err().field, "page");
        assert_eq!(
            PageRequest::parse(None, Some(201)).unwrap_err().field,
            "size"
        );
        assert_eq!(PageRequest::parse(None, Some(0)).unwrap_err().field, "size");
    }
}
