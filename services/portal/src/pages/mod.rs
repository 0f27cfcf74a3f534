//! The pages, one module per area.

pub mod account;
pub mod accounts;
pub mod dashboard;

/// How many pages of `size` hold `total` items (at least one, empty or not).
pub fn page_count(total: i64, size: u32) -> i64 {
    let size = i64::from(size);
    (total.max(1) + size - 1) / size
}
