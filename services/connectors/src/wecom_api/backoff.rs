//! Waits after WeCom's frequency limit (45009).

use std::time::Duration;

use rand::Rng;

/// How far the wait strays from the doubling schedule, either way.
const JITTER: f64 = 0.2;
/// Doubling stops here, so that a large retry count cannot overflow the wait.
const MAX_DOUBLINGS: u32 = 16;

/// The wait before retry number `retry` (0 for the first): `first * 2^retry`, varied by a
/// random ±20%.
pub(super) fn rate_limit_wait(first: Duration, retry: u32) -> Duration {
    let factor = rand::thread_rng().gen_range((1.0 - JITTER)..=(1.0 + JITTER));
    scaled(first, retry, factor)
}

fn scaled(first: Duration, retry: u32, factor: f64) -> Duration {
    let nominal = first.saturating_mul(1u32 << retry.min(MAX_DOUBLINGS));
    Duration::try_from_secs_f64(nominal.as_secs_f64() * factor).unwrap_or(nominal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_and_stays_within_the_jitter() {
        let first = Duration::from_millis(100);
        assert_eq!(scaled(first, 0, 1.0), first);
        assert_eq!(scaled(first, 2, 1.0), Duration::from_millis(400));
        assert_eq!(scaled(first, 1, 0.8).as_millis(), 160);
        assert_eq!(scaled(Duration::MAX, 3, 1.2), Duration::MAX);
        for retry in 0..4 {
            let wait = rate_limit_wait(first, retry);
            let nominal = first * (1 << retry);
            assert!(wait >= nominal.mul_f64(0.8) && wait <= nominal.mul_f64(1.2));
        }
        assert_eq!(scaled(first, 40, 1.0), first * (1 << 16));
    }
}
