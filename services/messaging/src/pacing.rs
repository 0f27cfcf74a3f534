//! Risk control (seed 000): an account sends with a random gap between messages, at most a
//! daily number of them, and not to the same recipient more often than a minimum gap. Pacing
//! only ever delays a message; it never drops one.

use std::{collections::BTreeMap, time::Duration};

use fleet_core::clock::Millis;
/// An account's pacing state, as stored: the next slot, and the sends of its current day.
pub use fleet_store::messaging::pacing::AccountPacing as PacingState;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// A named set of pacing rules a tenant or account can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacingProfile {
    /// Gap between two sends of one account, drawn uniformly from `min_gap_ms..=max_gap_ms`.
    pub min_gap_ms: u64,
    pub max_gap_ms: u64,
    /// Sends per account per day (tenant timezone); `None` for no cap.
    pub daily_cap: Option<u32>,
    /// Least time between two sends of one account to the same conversation.
    pub recipient_gap_ms: u64,
}

impl PacingProfile {
    /// Seed 000's rules: 3–8 s between sends, 200 a day, 60 s per recipient.
    pub const STANDARD: PacingProfile = PacingProfile {
        min_gap_ms: 3_000,
        max_gap_ms: 8_000,
        daily_cap: Some(200),
        recipient_gap_ms: 60_000,
    };
    /// For demos: quick, but still paced.
    pub const FAST: PacingProfile = PacingProfile {
        min_gap_ms: 100,
        max_gap_ms: 300,
        daily_cap: Some(10_000),
        recipient_gap_ms: 1_000,
    };
    /// No pacing at all (benchmarks, connectors with their own limits).
    pub const OFF: PacingProfile = PacingProfile {
        min_gap_ms: 0,
        max_gap_ms: 0,
        daily_cap: None,
        recipient_gap_ms: 0,
    };
    /// WeCom's published app-message limits: 30 per member per minute (a 2 s recipient gap)
    /// and 1,000 per hour per app (3.6 s between sends).
    pub const WECOM_API: PacingProfile = PacingProfile {
        min_gap_ms: 3_600,
        max_gap_ms: 3_600,
        daily_cap: None,
        recipient_gap_ms: 2_000,
    };

    /// True when the profile holds nothing back, so workers can skip the pacing step.
    pub fn is_off(&self) -> bool {
        self.max_gap_ms == 0 && self.daily_cap.is_none() && self.recipient_gap_ms == 0
    }

    pub fn check(&self) -> Result<(), String> {
        if self.min_gap_ms > self.max_gap_ms {
            return Err("min_gap_ms must not exceed max_gap_ms".into());
        }
        if self.daily_cap == Some(0) {
            return Err("daily_cap must be at least 1 (leave it out for no cap)".into());
        }
        Ok(())
    }

    fn draw_gap(&self) -> Millis {
        let ms = if self.max_gap_ms > self.min_gap_ms {
            rand::thread_rng().gen_range(self.min_gap_ms..=self.max_gap_ms)
        } else {
            self.min_gap_ms
        };
        Millis::try_from(ms).unwrap_or(Millis::MAX)
    }
}

/// The built-in profiles by name; configuration may add more or override these.
pub fn builtin_profiles() -> BTreeMap<String, PacingProfile> {
    BTreeMap::from([
        ("standard".to_owned(), PacingProfile::STANDARD),
        ("fast".to_owned(), PacingProfile::FAST),
        ("off".to_owned(), PacingProfile::OFF),
        ("wecom_api".to_owned(), PacingProfile::WECOM_API),
    ])
}

/// Today, as the tenant's timezone has it, and when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    pub day: String,
    pub ends_at: Millis,
}

/// What pacing says about a send now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Send now; store this state.
    Take(PacingState),
    /// Not before this time.
    WaitUntil(Millis),
}

/// Decides whether the account may send to a recipient now. `last_to_recipient` is when it
/// last sent to this conversation.
pub fn decide(
    profile: &PacingProfile,
    state: &PacingState,
    last_to_recipient: Option<Millis>,
    today: &Today,
    now: Millis,
) -> Slot {
    let sent_today = if state.day == today.day {
        state.day_count
    } else {
        0
    };
    let mut earliest = state.next_send_at;
    if let Some(last) = last_to_recipient {
        earliest = earliest.max(last.saturating_add(gap_ms(profile.recipient_gap_ms)));
    }
    if let Some(cap) = profile.daily_cap {
        if sent_today >= i64::from(cap) {
            earliest = earliest.max(today.ends_at);
        }
    }
    if earliest > now {
        return Slot::WaitUntil(earliest);
    }
    Slot::Take(PacingState {
        next_send_at: now.saturating_add(profile.draw_gap()),
        day: today.day.clone(),
        day_count: sent_today + 1,
    })
}

fn gap_ms(ms: u64) -> Millis {
    Millis::try_from(Duration::from_millis(ms).as_millis()).unwrap_or(Millis::MAX)
}

#[cfg(test)]
mod tests;
