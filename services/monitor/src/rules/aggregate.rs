//! What a rule compares: one number made of a series' samples inside the rule's window.

use fleet_core::clock::Millis;
use serde::{Deserialize, Serialize};

/// One point of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: Millis,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum Aggregate {
    Avg,
    Min,
    Max,
    Sum,
    Count,
    /// The newest sample.
    Last,
}

impl Aggregate {
    /// The aggregate of the samples in `(now - window, now]`; `None` when there are none
    /// (no data).
    pub fn over(self, samples: &[Sample], window: Millis, now: Millis) -> Option<f64> {
        let inside = samples
            .iter()
            .filter(|s| s.at > now - window && s.at <= now && s.value.is_finite());
        let mut count = 0usize;
        let (mut sum, mut min, mut max) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
        let mut last: Option<Sample> = None;
        for s in inside {
            count += 1;
            sum += s.value;
            min = min.min(s.value);
            max = max.max(s.value);
            if last.is_none_or(|l| s.at >= l.at) {
                last = Some(*s);
            }
        }
        if count == 0 {
            return None;
        }
        Some(match self {
            Aggregate::Avg => sum / count as f64,
            Aggregate::Min => min,
            Aggregate::Max => max,
            Aggregate::Sum => sum,
            Aggregate::Count => count as f64,
            Aggregate::Last => last.map_or(0.0, |l| l.value),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(at: Millis, value: f64) -> Sample {
        Sample { at, value }
    }

    #[test]
    fn aggregates_only_what_is_inside_the_window() {
        let samples = [
            s(0, 100.0),
            s(5_000, 1.0),
            s(8_000, 3.0),
            s(9_000, 2.0),
            s(11_000, 50.0),
        ];
        let at = |a: Aggregate| a.over(&samples, 5_000, 10_000);
        // (5000, 10000]: 8000 → 3, 9000 → 2; 5000 is on the open edge, 11000 is ahead of now.
        assert_eq!(at(Aggregate::Avg), Some(2.5));
        assert_eq!(at(Aggregate::Min), Some(2.0));
        assert_eq!(at(Aggregate::Max), Some(3.0));
        assert_eq!(at(Aggregate::Sum), Some(5.0));
        assert_eq!(at(Aggregate::Count), Some(2.0));
        assert_eq!(at(Aggregate::Last), Some(2.0));
        assert_eq!(
            Aggregate::Avg.over(&samples, 1_000, 20_000),
            None,
            "no data"
        );
        assert_eq!(
            Aggregate::Max.over(&[s(1, f64::NAN)], 10, 5),
            None,
            "NaN is no data"
        );
    }
}
