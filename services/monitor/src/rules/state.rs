//! One alert's state, with Prometheus semantics: pending at the first evaluation where the
//! condition holds (`active_at`); firing at the first evaluation where `now - active_at >=
//! for`; back to inactive, forgetting `active_at`, at the first evaluation where it fails
//! while pending; resolved at once when it fails while firing.

use fleet_core::clock::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    Inactive,
    Pending { active_at: Millis },
    Firing { active_at: Millis, fired_at: Millis },
}

/// What an evaluation did to the state, when it did something worth telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Unchanged,
    Pending,
    /// Pending broke before `for` passed: back to inactive, nothing was ever sent.
    Reset,
    Fired,
    Resolved,
}

impl AlertState {
    /// The state after an evaluation at `now` where the condition `holds` (`None`: keep the
    /// state, for a no-data policy of `keep_state`).
    pub fn step(self, holds: Option<bool>, now: Millis, for_: Millis) -> (AlertState, Step) {
        use AlertState as S;
        let Some(holds) = holds else {
            return (self, Step::Unchanged);
        };
        match (self, holds) {
            (S::Inactive, true) if for_ == 0 => (
                S::Firing {
                    active_at: now,
                    fired_at: now,
                },
                Step::Fired,
            ),
            (S::Inactive, true) => (S::Pending { active_at: now }, Step::Pending),
            (S::Inactive, false) => (S::Inactive, Step::Unchanged),
            (S::Pending { active_at }, true) if now - active_at >= for_ => (
                S::Firing {
                    active_at,
                    fired_at: now,
                },
                Step::Fired,
            ),
            (S::Pending { .. }, true) => (self, Step::Unchanged),
            (S::Pending { .. }, false) => (S::Inactive, Step::Reset),
            (S::Firing { .. }, true) => (self, Step::Unchanged),
            (S::Firing { .. }, false) => (S::Inactive, Step::Resolved),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOR: Millis = 60_000;

    /// Runs a series of (time, holds) evaluations and collects the steps worth telling.
    fn run(evaluations: &[(Millis, Option<bool>)], for_: Millis) -> Vec<(Millis, Step)> {
        let mut state = AlertState::Inactive;
        let mut steps = Vec::new();
        for (now, holds) in evaluations {
            let (next, step) = state.step(*holds, *now, for_);
            if step != Step::Unchanged {
                steps.push((*now, step));
            }
            state = next;
        }
        steps
    }

    #[test]
    fn pending_then_firing_after_for_then_resolved() {
        let steps = run(
            &[
                (0, Some(true)),
                (30_000, Some(true)),
                (60_000, Some(true)),
                (90_000, Some(false)),
            ],
            FOR,
        );
        assert_eq!(
            steps,
            [
                (0, Step::Pending),
                (60_000, Step::Fired),
                (90_000, Step::Resolved)
            ]
        );
    }

    #[test]
    fn a_flapping_condition_never_fires_because_for_starts_over() {
        let flaps: Vec<(Millis, Option<bool>)> =
            (0..20).map(|i| (i * 20_000, Some(i % 3 != 2))).collect();
        let steps = run(&flaps, FOR);
        assert!(steps.iter().all(|(_, s)| *s != Step::Fired), "{steps:?}");
        assert!(steps.contains(&(40_000, Step::Reset)));
    }

    #[test]
    fn without_for_it_fires_at_once_and_keep_state_changes_nothing() {
        assert_eq!(run(&[(5, Some(true))], 0), [(5, Step::Fired)]);
        let kept = run(
            &[(0, Some(true)), (60_000, None), (120_000, Some(true))],
            FOR,
        );
        assert_eq!(kept, [(0, Step::Pending), (120_000, Step::Fired)]);
    }
}
