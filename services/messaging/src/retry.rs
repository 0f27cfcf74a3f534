//! When a failed send is tried again: a fixed ladder of delays (60 s, 300 s, 900 s by default,
//! seed 002), each spread by a random jitter so a burst of failures does not come back as a
//! burst. After the last rung the message is dead-lettered.

use std::time::Duration;

use fleet_core::clock::Millis;
use rand::Rng;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Delay before the 2nd, 3rd, ... attempt; its length is the number of retries.
    pub delays_ms: Vec<u64>,
    /// Each delay is multiplied by a random factor in `1 ± jitter` (0.0 to 1.0).
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            delays_ms: vec![60_000, 300_000, 900_000],
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// When to try again after `attempts` failed attempts; `None` when retries are used up.
    pub fn next_due(&self, attempts: i64, now: Millis) -> Option<Millis> {
        let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
        let base = *self.delays_ms.get(index)? as f64;
        let jitter = self.jitter.clamp(0.0, 1.0);
        let factor = if jitter > 0.0 {
            rand::thread_rng().gen_range(1.0 - jitter..=1.0 + jitter)
        } else {
            1.0
        };
        let delay = Duration::from_secs_f64(base * factor / 1_000.0);
        Some(now.saturating_add(Millis::try_from(delay.as_millis()).unwrap_or(Millis::MAX)))
    }

    pub fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.jitter) {
            return Err("jitter must be between 0.0 and 1.0".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_is_followed_within_the_jitter_then_ends() {
        let policy = RetryPolicy::default();
        for (attempts, base) in [(1, 60_000.0), (2, 300_000.0), (3, 900_000.0)] {
            for _ in 0..100 {
                let due = policy.next_due(attempts, 0).unwrap_or_default() as f64;
                assert!(
                    (base * 0.8..=base * 1.2).contains(&due),
                    "{attempts}: {due}"
                );
            }
        }
        assert_eq!(policy.next_due(4, 0), None);
        assert_eq!(policy.next_due(0, 0), None);
    }

    #[test]
    fn without_jitter_the_delays_are_exact() {
        let policy = RetryPolicy {
            delays_ms: vec![10, 20],
            jitter: 0.0,
        };
        assert_eq!(policy.next_due(1, 100), Some(110));
        assert_eq!(policy.next_due(2, 100), Some(120));
        assert_eq!(policy.next_due(3, 100), None);
    }
}
