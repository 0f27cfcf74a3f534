//! A bounded window of the latest events, for event-stream clients: one that reconnects with
//! the id of the last event it saw gets what it missed (while that is still in the window) and
//! then the live events, with nothing lost or repeated in between. When the window no longer
//! holds that id, or a client falls too far behind, it is told so with a [`Followed::Gap`] and
//! re-reads the state it shows.
//!
//! One log per process, fed by the [`EventBus`] — which brings every node's events when Redis
//! carries the bus, so a client may reconnect to any node.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use tokio::sync::{
    broadcast::{self, error::RecvError},
    watch,
};

use crate::{
    clock::{now_ms, Millis},
    events::{DomainEvent, EventBus},
};

/// How far a client may reconnect back.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Events kept at most (over all tenants).
    pub events: usize,
    /// Events older than this are forgotten.
    pub max_age: Duration,
}

impl Default for Window {
    fn default() -> Self {
        Self {
            events: 10_000,
            max_age: Duration::from_secs(15 * 60),
        }
    }
}

/// Which events a follower asked for: one tenant's, of some types (all when empty), of one
/// account (the event's subject, or the account a message event names) or all.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub tenant_id: String,
    pub types: Vec<String>,
    pub account_id: Option<String>,
}

impl EventFilter {
    pub fn wants(&self, event: &DomainEvent) -> bool {
        event.tenant_id == self.tenant_id
            && (self.types.is_empty() || self.types.contains(&event.kind))
            && self.account_id.as_ref().is_none_or(|id| {
                let account = event.data.get("account_id").and_then(|v| v.as_str());
                account.unwrap_or(&event.subject_id) == id
            })
    }
}

/// What a follower receives next.
#[derive(Debug, Clone, PartialEq)]
pub enum Followed {
    Event(Arc<DomainEvent>),
    /// Events may have been missed here: the resume point left the window, or the follower
    /// fell behind the live events.
    Gap,
}

#[derive(Clone)]
pub struct EventLog {
    inner: Arc<Inner>,
}

struct Inner {
    window: Window,
    kept: Mutex<VecDeque<Kept>>,
    live: broadcast::Sender<Followed>,
    closed: watch::Sender<bool>,
}

struct Kept {
    arrived_at: Millis,
    event: Arc<DomainEvent>,
}

/// Live events a follower may fall behind by before it is told of a gap.
const FOLLOWER_BUFFER: usize = 1024;

impl EventLog {
    /// A log of what `bus` delivers to this process, kept until [`Self::close`].
    pub fn start(bus: &EventBus, window: Window) -> Self {
        let log = Self::new(window);
        let mut events = bus.subscribe();
        let feeding = log.clone();
        let mut closed = log.inner.closed.subscribe();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    received = events.recv() => match received {
                        Ok(event) => feeding.record(event),
                        // This node missed events: no resume may cross the hole, and those
                        // following live are told.
                        Err(RecvError::Lagged(_)) => feeding.lost(),
                        Err(RecvError::Closed) => return,
                    },
                    _ = closed.changed() => return,
                }
            }
        });
        log
    }

    /// A log fed by hand (tests).
    pub fn new(window: Window) -> Self {
        Self {
            inner: Arc::new(Inner {
                window,
                kept: Mutex::new(VecDeque::new()),
                live: broadcast::channel(FOLLOWER_BUFFER).0,
                closed: watch::channel(false).0,
            }),
        }
    }

    /// Adds an event to the window and hands it to the followers.
    pub fn record(&self, event: DomainEvent) {
        let event = Arc::new(event);
        let now = now_ms();
        let mut kept = self.kept();
        // Under the lock, so a follower joining now sees it either in its backlog or live.
        let _ = self.inner.live.send(Followed::Event(event.clone()));
        kept.push_back(Kept {
            arrived_at: now,
            event,
        });
        self.prune(&mut kept, now);
    }

    /// Follows the events `wanted` picks: those after `last_seen` still in the window, then
    /// the live ones. A `last_seen` the window does not hold starts with a gap.
    pub fn follow(&self, last_seen: Option<&str>, wanted: EventFilter) -> Follower {
        let mut kept = self.kept();
        self.prune(&mut kept, now_ms());
        let live = self.inner.live.subscribe();
        let mut backlog = VecDeque::new();
        if let Some(last_seen) = last_seen {
            match kept.iter().position(|k| k.event.id == last_seen) {
                Some(at) => backlog.extend(
                    kept.iter()
                        .skip(at + 1)
                        .filter(|k| wanted.wants(&k.event))
                        .map(|k| Followed::Event(k.event.clone())),
                ),
                None => backlog.push_back(Followed::Gap),
            }
        }
        Follower {
            backlog,
            live,
            closed: self.inner.closed.subscribe(),
            wanted,
        }
    }

    /// Ends every follower (the process is shutting down) and stops keeping events.
    pub fn close(&self) {
        let _ = self.inner.closed.send(true);
    }

    /// Events in the window now.
    pub fn len(&self) -> usize {
        self.kept().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lost(&self) {
        let mut kept = self.kept();
        kept.clear();
        let _ = self.inner.live.send(Followed::Gap);
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, VecDeque<Kept>> {
        self.inner
            .kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn prune(&self, kept: &mut VecDeque<Kept>, now: Millis) {
        let window = self.inner.window;
        let oldest = now - i64::try_from(window.max_age.as_millis()).unwrap_or(i64::MAX);
        while kept.len() > window.events || kept.front().is_some_and(|k| k.arrived_at < oldest) {
            kept.pop_front();
        }
    }
}

impl Follower {
    /// The events and gaps as a stream, ending when the log closes.
    pub fn into_stream(self) -> impl futures::Stream<Item = Followed> + Send + 'static {
        futures::stream::unfold(self, |mut follower| async move {
            let next = follower.next().await?;
            Some((next, follower))
        })
    }
}

/// One client's place in the log.
pub struct Follower {
    backlog: VecDeque<Followed>,
    live: broadcast::Receiver<Followed>,
    closed: watch::Receiver<bool>,
    wanted: EventFilter,
}

impl Follower {
    /// The next event or gap; `None` once the log is closed.
    pub async fn next(&mut self) -> Option<Followed> {
        if let Some(first) = self.backlog.pop_front() {
            return Some(first);
        }
        loop {
            if *self.closed.borrow() {
                return None;
            }
            tokio::select! {
                received = self.live.recv() => match received {
                    Ok(Followed::Event(event)) if self.wanted.wants(&event) => {
                        return Some(Followed::Event(event))
                    }
                    Ok(Followed::Event(_)) => {}
                    Ok(Followed::Gap) => return Some(Followed::Gap),
                    Err(RecvError::Lagged(_)) => return Some(Followed::Gap),
                    Err(RecvError::Closed) => return None,
                },
                changed = self.closed.changed() => if changed.is_err() { return None },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(tenant: &str) -> DomainEvent {
        DomainEvent::new("account.status_changed", tenant, "a1", json!({}))
    }

    fn tenant(id: &str) -> EventFilter {
        EventFilter {
            tenant_id: id.into(),
            ..EventFilter::default()
        }
    }

    #[test]
    fn a_filter_picks_by_tenant_type_and_account() {
        let message = DomainEvent::new(
            "message.status_changed",
            "t1",
            "m1",
            json!({ "account_id": "a1" }),
        );
        let account = DomainEvent::new("account.status_changed", "t1", "a1", json!({}));
        let of_a1 = EventFilter {
            account_id: Some("a1".into()),
            ..tenant("t1")
        };
        assert!(of_a1.wants(&message) && of_a1.wants(&account));
        let other_account = EventFilter {
            account_id: Some("a2".into()),
            ..tenant("t1")
        };
        assert!(!other_account.wants(&message) && !other_account.wants(&account));
        let accounts_only = EventFilter {
            types: vec!["account.status_changed".into()],
            ..tenant("t1")
        };
        assert!(accounts_only.wants(&account) && !accounts_only.wants(&message));
        assert!(!tenant("t2").wants(&account));
    }

    fn id(followed: Option<Followed>) -> String {
        match followed {
            Some(Followed::Event(e)) => e.id.clone(),
            other => panic!("expected an event, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_resume_gets_what_followed_the_last_seen_event_then_live_ones() {
        let log = EventLog::new(Window::default());
        let (first, second, other, third) = (event("t1"), event("t1"), event("t2"), event("t1"));
        for e in [&first, &second, &other] {
            log.record(e.clone());
        }
        let mut follower = log.follow(Some(&first.id), tenant("t1"));
        log.record(third.clone());
        assert_eq!(id(follower.next().await), second.id);
        assert_eq!(id(follower.next().await), third.id);
    }

    #[tokio::test]
    async fn an_id_the_window_no_longer_holds_starts_with_a_gap() {
        let log = EventLog::new(Window {
            events: 2,
            max_age: Duration::from_secs(60),
        });
        let gone = event("t1");
        log.record(gone.clone());
        log.record(event("t1"));
        log.record(event("t1"));
        assert_eq!(log.len(), 2);
        let mut follower = log.follow(Some(&gone.id), tenant("t1"));
        assert_eq!(follower.next().await, Some(Followed::Gap));
    }

    #[tokio::test]
    async fn a_follower_that_falls_behind_is_told_of_the_gap() {
        let log = EventLog::new(Window::default());
        let mut follower = log.follow(None, tenant("t1"));
        for _ in 0..FOLLOWER_BUFFER + 1 {
            log.record(event("t1"));
        }
        assert_eq!(follower.next().await, Some(Followed::Gap));
    }

    #[tokio::test]
    async fn closing_ends_every_follower() {
        let log = EventLog::new(Window::default());
        let mut follower = log.follow(None, tenant("t1"));
        log.close();
        assert_eq!(follower.next().await, None);
    }

    #[tokio::test]
    async fn the_log_keeps_what_the_bus_delivers() {
        let bus = EventBus::in_process();
        let log = EventLog::start(&bus, Window::default());
        let mut follower = log.follow(None, tenant("t1"));
        let sent = event("t1");
        bus.publish(sent.clone());
        assert_eq!(id(follower.next().await), sent.id);
        assert_eq!(log.len(), 1);
    }
}
