//! Days as a tenant sees them: quotas and daily caps count per calendar day in the tenant's
//! timezone (Asia/Shanghai by default), not per UTC day.

use chrono::{DateTime, Days, NaiveDate, TimeZone};
use chrono_tz::Tz;
use fleet_core::clock::Millis;

use crate::pacing::Today;

/// The tenant's day containing `at`, and when that day ends.
pub fn day_of(at: Millis, timezone: &str) -> Today {
    let tz: Tz = timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let local = DateTime::from_timestamp_millis(at)
        .unwrap_or_default()
        .with_timezone(&tz);
    let date = local.date_naive();
    Today {
        day: format_day(date),
        ends_at: start_of(date.checked_add_days(Days::new(1)).unwrap_or(date), tz),
    }
}

/// `YYYY-MM-DD`, the form days are stored and reported in.
pub fn format_day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// Midnight of `date` in `tz` (the first instant of the day when a DST change skips midnight).
fn start_of(date: NaiveDate, tz: Tz) -> Millis {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.timestamp_millis()
        }
        chrono::LocalResult::None => tz
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.timestamp_millis())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_days_start_at_16_utc() {
        // 2026-11-23T15:59:59Z is 23:59:59 in Shanghai; a second later is the next day.
        let before = 1_795_449_599_000;
        let today = day_of(before, "Asia/Shanghai");
        assert_eq!(today.day, "2026-11-23");
        assert_eq!(today.ends_at, before + 1_000);
        assert_eq!(day_of(before + 1_000, "Asia/Shanghai").day, "2026-11-24");
        assert_eq!(day_of(before, "UTC").day, "2026-11-23");
        assert_eq!(day_of(before + 1_000, "UTC").day, "2026-11-23");
    }

    #[test]
    fn a_day_across_a_dst_change_is_23_hours_long() {
        // New York's 2026-03-08 has no 02:00-03:00.
        let day = day_of(1_772_964_000_000, "America/New_York");
        assert_eq!(day.day, "2026-03-08");
        let start = start_of(
            parse_day("2026-03-08").unwrap_or_default(),
            chrono_tz::America::New_York,
        );
        assert_eq!(day.ends_at - start, 23 * 3_600_000);
    }
}
