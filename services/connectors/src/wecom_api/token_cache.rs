//! Access tokens, cached per app.
//!
//! WeCom limits how often `gettoken` may be called and a token lives about two hours, so a
//! token is fetched once and shared by every call for that app until `refresh_margin` before
//! it expires. When it has to be fetched, exactly one caller per app fetches it while the
//! others wait for that result: a cold cache hit by fifty calls makes one `gettoken` request.
//!
//! An app is keyed by corp id, agent id and a hash of the secret, so a changed secret never
//! reuses a token issued for the old one. The hash is keyed randomly per process (SipHash via
//! `RandomState`): it only has to tell secrets apart inside this process, and no secret
//! (or anything stable derived from one) is kept.

use std::{
    collections::HashMap,
    future::Future,
    hash::{BuildHasher, RandomState},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use super::AppCredentials;
use crate::ConnectorError;

/// A token as `gettoken` handed it out.
pub(super) struct FreshToken {
    pub value: String,
    pub expires_in: Duration,
}

pub(super) struct TokenCache {
    refresh_margin: Duration,
    secret_hasher: RandomState,
    slots: Mutex<HashMap<AppKey, Arc<Slot>>>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct AppKey {
    corp_id: String,
    agent_id: i64,
    secret_hash: u64,
}

#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    /// Held while a token is fetched, so that one fetch is in flight per app.
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct SlotState {
    token: Option<CachedToken>,
    /// Counts changes to `token`, so a caller that waited for the refresh lock can tell
    /// whether someone else refreshed in the meantime.
    generation: u64,
}

struct CachedToken {
    value: String,
    /// From here on the token is replaced before use.
    refresh_at: Instant,
    /// From here on WeCom refuses it.
    expires_at: Instant,
}

impl Slot {
    // The state is replaced in single assignments, so a panic elsewhere cannot leave it
    // half-written; a poisoned lock is safe to keep using.
    fn state(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn holds_live_token(&self, now: Instant) -> bool {
        self.state()
            .token
            .as_ref()
            .is_some_and(|t| now < t.expires_at)
    }
}

impl TokenCache {
    pub(super) fn new(refresh_margin: Duration) -> Self {
        Self {
            refresh_margin,
            secret_hasher: RandomState::new(),
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// The app's token: the cached one while it is fresh, otherwise one from `fetch`, called
    /// by at most one caller per app at a time. Failed fetches are not cached.
    pub(super) async fn token<F, Fut>(
        &self,
        app: &AppCredentials,
        fetch: F,
    ) -> Result<String, ConnectorError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<FreshToken, ConnectorError>>,
    {
        let slot = self.slot(app);
        let seen_generation = {
            let state = slot.state();
            match &state.token {
                Some(token) if Instant::now() < token.refresh_at => return Ok(token.value.clone()),
                _ => state.generation,
            }
        };
        let _refreshing = slot.refresh.lock().await;
        {
            let state = slot.state();
            if let Some(token) = &state.token {
                let now = Instant::now();
                // A token someone fetched while we waited is taken as long as WeCom still
                // accepts it, even inside the margin: a margin as long as the token's
                // lifetime must not make every waiter fetch again.
                let refreshed_meanwhile = state.generation != seen_generation;
                if now < token.refresh_at || (refreshed_meanwhile && now < token.expires_at) {
                    return Ok(token.value.clone());
                }
            }
        }
        // The token's lifetime is counted from before the request, erring early.
        let requested_at = Instant::now();
        let fresh = fetch().await?;
        let expires_at = requested_at + fresh.expires_in;
        let refresh_at = expires_at
            .checked_sub(self.refresh_margin)
            .unwrap_or(requested_at)
            .max(requested_at);
        let mut state = slot.state();
        state.token = Some(CachedToken {
            value: fresh.value.clone(),
            refresh_at,
            expires_at,
        });
        state.generation += 1;
        Ok(fresh.value)
    }

    /// Drops the app's token if it is still `stale` (WeCom refused it). A token someone has
    /// already refreshed is left alone, so many calls refused together cause one refresh.
    pub(super) fn invalidate(&self, app: &AppCredentials, stale: &str) {
        self.clear_if(app, |token| token.value == stale);
    }

    /// Drops the app's token whatever it is (logout, reconnect).
    pub(super) fn forget(&self, app: &AppCredentials) {
        self.clear_if(app, |_| true);
    }

    fn clear_if(&self, app: &AppCredentials, matches: impl Fn(&CachedToken) -> bool) {
        let Some(slot) = self.slots().get(&self.key(app)).cloned() else {
            return;
        };
        let mut state = slot.state();
        if state.token.as_ref().is_some_and(matches) {
            state.token = None;
            state.generation += 1;
        }
    }

    fn slot(&self, app: &AppCredentials) -> Arc<Slot> {
        let key = self.key(app);
        let mut slots = self.slots();
        if let Some(slot) = slots.get(&key) {
            return Arc::clone(slot);
        }
        // A new app (or a changed secret) is rare; it is the moment to drop slots nobody
        // uses whose token is dead, such as those of replaced secrets or deleted accounts.
        // A slot someone holds is kept, so one refresh per app stays the rule.
        let now = Instant::now();
        slots.retain(|_, slot| Arc::strong_count(slot) > 1 || slot.holds_live_token(now));
        Arc::clone(slots.entry(key).or_default())
    }

    fn key(&self, app: &AppCredentials) -> AppKey {
        AppKey {
            corp_id: app.corp_id().to_owned(),
            agent_id: app.agent_id(),
            secret_hash: self.secret_hasher.hash_one(app.secret()),
        }
    }

    // The map is only ever inserted into or pruned whole; a poisoned lock is safe to reuse.
    fn slots(&self) -> MutexGuard<'_, HashMap<AppKey, Arc<Slot>>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn app(secret: &str) -> AppCredentials {
        AppCredentials::new("ww1", 1000002, secret).unwrap()
    }

    /// A fetch that counts itself and hands out `t1`, `t2`, ... living `ttl`.
    async fn counting_fetch(
        fetches: &AtomicU32,
        ttl: Duration,
    ) -> Result<FreshToken, ConnectorError> {
        let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok(FreshToken {
            value: format!("t{n}"),
            expires_in: ttl,
        })
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[tokio::test]
    async fn concurrent_callers_on_a_cold_cache_share_one_fetch() {
        let cache = TokenCache::new(Duration::from_secs(300));
        let fetches = AtomicU32::new(0);
        let app = app("s");
        let tokens = futures::future::join_all(
            (0..50).map(|_| cache.token(&app, || counting_fetch(&fetches, HOUR))),
        )
        .await;
        assert!(tokens.iter().all(|t| t.as_deref() == Ok("t1")));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn invalidation_only_drops_the_token_it_names() {
        let cache = TokenCache::new(Duration::from_secs(300));
        let fetches = AtomicU32::new(0);
        let app = app("s");
        let get = || cache.token(&app, || counting_fetch(&fetches, HOUR));
        assert_eq!(get().await.unwrap(), "t1");
        cache.invalidate(&app, "t1");
        assert_eq!(get().await.unwrap(), "t2");
        cache.invalidate(&app, "t1");
        assert_eq!(get().await.unwrap(), "t2", "t1 was already replaced");
        cache.forget(&app);
        assert_eq!(get().await.unwrap(), "t3");
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_changed_secret_never_reuses_the_old_token() {
        let cache = TokenCache::new(Duration::from_secs(300));
        let fetches = AtomicU32::new(0);
        let (old, new) = (app("old"), app("new"));
        let token = cache.token(&old, || counting_fetch(&fetches, HOUR)).await;
        assert_eq!(token.unwrap(), "t1");
        let token = cache.token(&new, || counting_fetch(&fetches, HOUR)).await;
        assert_eq!(token.unwrap(), "t2");
    }

    #[tokio::test]
    async fn a_token_inside_the_margin_is_refreshed_and_failures_are_not_cached() {
        let cache = TokenCache::new(Duration::from_secs(300));
        let fetches = AtomicU32::new(0);
        let app = app("s");
        let short = Duration::from_secs(300);
        for expected in ["t1", "t2"] {
            let token = cache.token(&app, || counting_fetch(&fetches, short));
            assert_eq!(token.await.unwrap(), expected);
        }
        let failed = cache
            .token(&app, || async {
                Err(ConnectorError::permanent("40001", "invalid secret"))
            })
            .await;
        assert!(failed.is_err());
        let token = cache.token(&app, || counting_fetch(&fetches, HOUR));
        assert_eq!(token.await.unwrap(), "t3");
    }
}
