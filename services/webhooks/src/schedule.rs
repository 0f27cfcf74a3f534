//! What an attempt's answer means for the delivery: done, retry when, or give up.

use std::time::{Duration, SystemTime};

use fleet_core::clock::{millis_of, Millis};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Succeeded,
    /// 410 Gone: the receiver wants no more; the endpoint is disabled.
    Gone,
    Retry {
        at: Millis,
    },
    /// The schedule ran out.
    Exhausted,
}

/// How an attempt ended: a status code, or none when no answer came (timeout, refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub status: Option<u16>,
    /// A 429 or 503's `Retry-After`, already parsed.
    pub retry_after: Option<Duration>,
}

/// `attempts_done` counts this attempt. The next attempt waits the schedule's next delay,
/// or the receiver's `Retry-After` (up to `max_retry_after`) when that is longer.
pub fn verdict(
    schedule: &[Duration],
    attempts_done: usize,
    answer: Answer,
    max_retry_after: Duration,
    now: Millis,
) -> Verdict {
    match answer.status {
        Some(200..=299) => return Verdict::Succeeded,
        Some(410) => return Verdict::Gone,
        _ => {}
    }
    let Some(delay) = schedule.get(attempts_done) else {
        return Verdict::Exhausted;
    };
    let asked = match answer.status {
        Some(429 | 503) => answer.retry_after.map(|d| d.min(max_retry_after)),
        _ => None,
    };
    let wait = asked.map_or(*delay, |asked| asked.max(*delay));
    Verdict::Retry {
        at: now + millis_of(wait),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(list: &[u64]) -> Vec<Duration> {
        list.iter().copied().map(Duration::from_secs).collect()
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn follows_the_schedule_then_gives_up() {
        let schedule = secs(&[0, 5, 300]);
        let failed = Answer {
            status: Some(500),
            retry_after: None,
        };
        assert_eq!(
            verdict(&schedule, 1, failed, HOUR, 0),
            Verdict::Retry { at: 5_000 }
        );
        assert_eq!(
            verdict(&schedule, 2, failed, HOUR, 0),
            Verdict::Retry { at: 300_000 }
        );
        assert_eq!(verdict(&schedule, 3, failed, HOUR, 0), Verdict::Exhausted);
        let no_answer = Answer {
            status: None,
            retry_after: None,
        };
        assert_eq!(
            verdict(&schedule, 1, no_answer, HOUR, 10),
            Verdict::Retry { at: 5_010 }
        );
    }

    #[test]
    fn success_and_gone_end_it() {
        let ok = Answer {
            status: Some(204),
            retry_after: None,
        };
        assert_eq!(verdict(&secs(&[0]), 1, ok, HOUR, 0), Verdict::Succeeded);
        let gone = Answer {
            status: Some(410),
            retry_after: None,
        };
        assert_eq!(verdict(&secs(&[0, 5]), 1, gone, HOUR, 0), Verdict::Gone);
    }

    #[test]
    fn retry_after_is_honoured_on_429_and_503_only_and_capped() {
        let schedule = secs(&[0, 5, 300]);
        let asked = |status| Answer {
            status: Some(status),
            retry_after: Some(Duration::from_secs(60)),
        };
        assert_eq!(
            verdict(&schedule, 1, asked(429), HOUR, 0),
            Verdict::Retry { at: 60_000 }
        );
        assert_eq!(
            verdict(&schedule, 1, asked(503), HOUR, 0),
            Verdict::Retry { at: 60_000 }
        );
        assert_eq!(
            verdict(&schedule, 1, asked(500), HOUR, 0),
            Verdict::Retry { at: 5_000 }
        );
        // Shorter than the schedule: the schedule wins.
        assert_eq!(
            verdict(&schedule, 2, asked(429), HOUR, 0),
            Verdict::Retry { at: 300_000 }
        );
        let greedy = Answer {
            status: Some(429),
            retry_after: Some(HOUR * 100),
        };
        assert_eq!(
            verdict(&schedule, 1, greedy, HOUR, 0),
            Verdict::Retry { at: 3_600_000 }
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
