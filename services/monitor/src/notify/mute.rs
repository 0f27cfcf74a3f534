//! What keeps a notification from going out: silences (label matchers over a time range) and
//! a tenant's quiet hours (a daily range in its timezone).

use std::collections::BTreeMap;

use chrono::{TimeZone, Timelike};
use chrono_tz::Tz;
use fleet_core::clock::Millis;

/// Mutes the alerts whose labels carry every matcher's value, from `starts_at` to `ends_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Silence {
    pub id: String,
    pub matchers: BTreeMap<String, String>,
    pub starts_at: Millis,
    pub ends_at: Millis,
}

impl Silence {
    pub fn mutes(&self, labels: &BTreeMap<String, String>, now: Millis) -> bool {
        self.starts_at <= now
            && now < self.ends_at
            && self.matchers.iter().all(|(k, v)| labels.get(k) == Some(v))
    }
}

/// A daily range of local time, `start` to `end` minutes after midnight; `start > end` spans
/// midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuietHours {
    pub start_minute: u32,
    pub end_minute: u32,
    pub timezone: Tz,
    /// Whether critical alerts wait too (by default they do not: critical means now).
    pub mute_critical: bool,
}

impl QuietHours {
    pub fn is_quiet(&self, now: Millis) -> bool {
        let Some(local) = self.timezone.timestamp_millis_opt(now).single() else {
            return false;
        };
        let minute = local.hour() * 60 + local.minute();
        if self.start_minute <= self.end_minute {
            (self.start_minute..self.end_minute).contains(&minute)
        } else {
            minute >= self.start_minute || minute < self.end_minute
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silences_match_every_matcher_within_their_time() {
        let silence = Silence {
            id: "s1".into(),
            matchers: BTreeMap::from([("alertname".to_owned(), "queue_backlog".to_owned())]),
            starts_at: 100,
            ends_at: 200,
        };
        let labels = BTreeMap::from([
            ("alertname".to_owned(), "queue_backlog".to_owned()),
            ("tenant_id".to_owned(), "t1".to_owned()),
        ]);
        assert!(silence.mutes(&labels, 150));
        assert!(!silence.mutes(&labels, 99) && !silence.mutes(&labels, 200));
        let other = BTreeMap::from([("alertname".to_owned(), "api_latency".to_owned())]);
        assert!(!silence.mutes(&other, 150));
    }

    #[test]
    fn quiet_hours_are_local_and_may_span_midnight() {
        let night = QuietHours {
            start_minute: 22 * 60,
            end_minute: 7 * 60,
            timezone: chrono_tz::Asia::Shanghai,
            mute_critical: false,
        };
        // 2026-12-01T15:00:00Z is 23:00 in Shanghai; 02:00Z is 10:00.
        assert!(night.is_quiet(1_796_137_200_000));
        assert!(!night.is_quiet(1_796_090_400_000));
        let lunch = QuietHours {
            start_minute: 12 * 60,
            end_minute: 13 * 60,
            ..night
        };
        // 04:30Z is 12:30 in Shanghai.
        assert!(lunch.is_quiet(1_796_099_400_000));
        assert!(!lunch.is_quiet(1_796_137_200_000));
    }
}
