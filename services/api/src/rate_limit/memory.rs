use std::{collections::HashMap, sync::Mutex};

use super::WindowCounter;

/// In-process counts: one entry per key, holding only the current window. Entries of past
/// windows are swept when the map grows, so memory follows the number of active callers.
#[derive(Default)]
pub struct MemoryCounter {
    counts: Mutex<HashMap<String, (u64, u64)>>,
}

const SWEEP_ABOVE: usize = 10_000;

#[async_trait::async_trait]
impl WindowCounter for MemoryCounter {
    async fn hit(&self, key: &str, window: u64, _ttl_secs: u64) -> Result<u64, String> {
        let mut counts = self
            .counts
            .lock()
            .map_err(|_| "rate limiter lock poisoned".to_owned())?;
        if counts.len() > SWEEP_ABOVE {
            counts.retain(|_, (w, _)| *w >= window);
        }
        let entry = counts.entry(key.to_owned()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 += 1;
        Ok(entry.1)
    }

    async fn peek(&self, key: &str, window: u64) -> Result<u64, String> {
        let counts = self
            .counts
            .lock()
            .map_err(|_| "rate limiter lock poisoned".to_owned())?;
        Ok(counts
            .get(key)
            .filter(|(w, _)| *w == window)
            .map_or(0, |(_, n)| *n))
    }
}
