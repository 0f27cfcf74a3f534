//! Alertmanager's dispatch, in small: alerts are grouped by the values of `group_by` labels;
//! a new group waits `group_wait` to collect its first alerts; later changes (a new alert)
//! go out at most every `group_interval`; an unchanged firing group is repeated every
//! `repeat_interval` (5 min by default: the same alert is not sent twice within it); a
//! resolution goes out at the next evaluation. Silenced alerts are left out; during a
//! tenant's quiet hours a group waits (critical ones do not, unless configured) and goes out
//! when they end.

use std::collections::{BTreeMap, BTreeSet};

use fleet_core::clock::Millis;
use serde::{Deserialize, Serialize};

use super::{channels_for, ChannelKind, QuietHours, Silence};
use crate::rules::{Alert, AlertChange, Severity};

#[derive(Debug, Clone, PartialEq)]
pub struct GroupPolicy {
    pub group_by: Vec<String>,
    pub group_wait: Millis,
    pub group_interval: Millis,
    pub repeat_interval: Millis,
}

impl Default for GroupPolicy {
    fn default() -> Self {
        Self {
            group_by: vec!["alertname".into()],
            group_wait: 30_000,
            group_interval: 60_000,
            repeat_interval: 300_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum NotificationStatus {
    Firing,
    Resolved,
}

/// One message to the group's channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub group_key: String,
    pub group_labels: BTreeMap<String, String>,
    /// Firing while any alert in it fires.
    pub status: NotificationStatus,
    /// Firing alerts first, then the ones resolved since the last notification.
    pub alerts: Vec<Alert>,
    /// The kinds of channel it goes to (decided when it was made; not stored).
    #[serde(skip)]
    pub channels: &'static [ChannelKind],
}

#[derive(Debug)]
struct Group {
    labels: BTreeMap<String, String>,
    /// Firing alerts, and resolved ones not yet told.
    alerts: BTreeMap<String, Alert>,
    created_at: Millis,
    last_sent: Option<Millis>,
    /// Something was added or resolved since the last notification.
    changed: bool,
    /// Firing alerts the last notification told about (a resolution is told only for them).
    told: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct Dispatcher {
    policy: GroupPolicy,
    groups: BTreeMap<String, Group>,
}

impl Dispatcher {
    pub fn new(policy: GroupPolicy) -> Self {
        Self {
            policy,
            groups: BTreeMap::new(),
        }
    }

    /// Whether no group is waiting to tell anything.
    pub fn is_idle(&self) -> bool {
        self.groups.is_empty()
    }

    /// Takes over a firing alert that a previous leader already told about: it is repeated
    /// after the repeat interval from `now`, and its resolution is told.
    pub fn restore(&mut self, alert: Alert, now: Millis) {
        let group = self.group_of(&alert, now);
        group.last_sent = Some(now);
        group.told.insert(alert.fingerprint.clone());
        group.alerts.insert(alert.fingerprint.clone(), alert);
    }

    fn group_of(&mut self, alert: &Alert, now: Millis) -> &mut Group {
        let labels: BTreeMap<String, String> = self
            .policy
            .group_by
            .iter()
            .filter_map(|k| alert.labels.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        let key = labels
            .iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect::<Vec<_>>()
            .join(",");
        self.groups.entry(key).or_insert_with(|| Group {
            labels,
            alerts: BTreeMap::new(),
            created_at: now,
            last_sent: None,
            changed: false,
            told: BTreeSet::new(),
        })
    }

    pub fn ingest(&mut self, change: AlertChange, now: Millis) {
        let alert = match &change {
            AlertChange::Firing(a) | AlertChange::Resolved(a) => a,
        };
        let group = self.group_of(alert, now);
        let fingerprint = alert.fingerprint.clone();
        match change {
            AlertChange::Firing(a) => {
                group.alerts.insert(fingerprint, a);
                group.changed = true;
            }
            AlertChange::Resolved(a) => {
                // Only an alert this group knows firing has a resolution to tell.
                if let Some(known) = group.alerts.get_mut(&fingerprint) {
                    *known = a;
                    group.changed = true;
                }
            }
        }
    }

    /// The notifications due at `now`.
    pub fn due(
        &mut self,
        now: Millis,
        silences: &[Silence],
        quiet: Option<&QuietHours>,
    ) -> Vec<Notification> {
        let policy = &self.policy;
        let mut out = Vec::new();
        for (key, group) in &mut self.groups {
            let resolved_pending = group
                .alerts
                .values()
                .any(|a| a.resolved_at.is_some() && group.told.contains(&a.fingerprint));
            let any_firing = group.alerts.values().any(|a| a.resolved_at.is_none());
            let ready = match group.last_sent {
                None => now - group.created_at >= policy.group_wait,
                Some(sent) => {
                    resolved_pending
                        || (group.changed && now - sent >= policy.group_interval)
                        || (any_firing && now - sent >= policy.repeat_interval)
                }
            };
            if !ready {
                continue;
            }
            let visible: Vec<&Alert> = group
                .alerts
                .values()
                .filter(|a| !silences.iter().any(|s| s.mutes(&a.labels, now)))
                .filter(|a| a.resolved_at.is_none() || group.told.contains(&a.fingerprint))
                .collect();
            let severity = visible
                .iter()
                .filter_map(|a| a.labels.get("severity").and_then(|s| Severity::parse(s)))
                .max()
                .unwrap_or(Severity::Info);
            if let Some(quiet) = quiet {
                let urgent = severity == Severity::Critical && !quiet.mute_critical;
                if quiet.is_quiet(now) && !urgent {
                    continue;
                }
            }
            let (firing, resolved): (Vec<&Alert>, Vec<&Alert>) =
                visible.into_iter().partition(|a| a.resolved_at.is_none());
            if !firing.is_empty() || !resolved.is_empty() {
                out.push(Notification {
                    group_key: key.clone(),
                    group_labels: group.labels.clone(),
                    status: if firing.is_empty() {
                        NotificationStatus::Resolved
                    } else {
                        NotificationStatus::Firing
                    },
                    channels: channels_for(severity),
                    alerts: firing
                        .iter()
                        .chain(&resolved)
                        .map(|a| (*a).clone())
                        .collect(),
                });
            }
            group.told = firing.iter().map(|a| a.fingerprint.clone()).collect();
            group.last_sent = Some(now);
            group.changed = false;
            group.alerts.retain(|_, a| a.resolved_at.is_none());
        }
        self.groups.retain(|_, g| !g.alerts.is_empty());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::AlertState;

    fn alert(name: &str, account: &str, severity: &str) -> Alert {
        let labels = BTreeMap::from([
            ("alertname".to_owned(), name.to_owned()),
            ("account_id".to_owned(), account.to_owned()),
            ("severity".to_owned(), severity.to_owned()),
        ]);
        Alert {
            rule: name.into(),
            fingerprint: format!("{name}/{account}"),
            labels,
            annotations: BTreeMap::new(),
            state: AlertState::Firing {
                active_at: 0,
                fired_at: 0,
            },
            value: Some(1.0),
            resolved_at: None,
        }
    }

    fn firing(name: &str, account: &str, severity: &str) -> AlertChange {
        AlertChange::Firing(alert(name, account, severity))
    }

    fn resolved(name: &str, account: &str, severity: &str, at: Millis) -> AlertChange {
        let mut a = alert(name, account, severity);
        a.state = AlertState::Inactive;
        a.resolved_at = Some(at);
        AlertChange::Resolved(a)
    }

    /// (status, accounts) of each notification due at `now`.
    fn sent(d: &mut Dispatcher, now: Millis) -> Vec<(NotificationStatus, Vec<String>)> {
        d.due(now, &[], None)
            .into_iter()
            .map(|n| {
                (
                    n.status,
                    n.alerts
                        .iter()
                        .map(|a| a.labels["account_id"].clone())
                        .collect(),
                )
            })
            .collect()
    }

    use NotificationStatus::{Firing, Resolved};

    #[test]
    fn a_group_waits_collects_then_repeats_only_after_the_repeat_interval() {
        let mut d = Dispatcher::new(GroupPolicy::default());
        d.ingest(firing("offline", "a1", "critical"), 0);
        d.ingest(firing("offline", "a2", "critical"), 10_000);
        assert!(sent(&mut d, 20_000).is_empty(), "group wait");
        assert_eq!(
            sent(&mut d, 30_000),
            [(Firing, vec!["a1".into(), "a2".into()])]
        );
        assert!(
            sent(&mut d, 200_000).is_empty(),
            "unchanged: not repeated within 5 min"
        );
        assert_eq!(
            sent(&mut d, 330_000).len(),
            1,
            "repeated after the repeat interval"
        );
    }

    #[test]
    fn a_new_leader_neither_resends_what_was_told_nor_forgets_its_resolution() {
        let mut d = Dispatcher::new(GroupPolicy::default());
        d.restore(alert("offline", "a1", "critical"), 1_000_000);
        assert!(sent(&mut d, 1_030_000).is_empty(), "already told");
        assert_eq!(sent(&mut d, 1_300_000).len(), 1, "repeated on schedule");
        d.ingest(resolved("offline", "a1", "critical", 1_310_000), 1_310_000);
        assert_eq!(sent(&mut d, 1_310_000), [(Resolved, vec!["a1".into()])]);
        assert!(d.is_idle());
    }

    #[test]
    fn changes_wait_for_the_group_interval_and_resolutions_go_out_at_once() {
        let mut d = Dispatcher::new(GroupPolicy::default());
        d.ingest(firing("offline", "a1", "warning"), 0);
        assert_eq!(sent(&mut d, 30_000).len(), 1);
        d.ingest(firing("offline", "a2", "warning"), 40_000);
        assert!(sent(&mut d, 60_000).is_empty(), "group interval");
        assert_eq!(
            sent(&mut d, 90_000),
            [(Firing, vec!["a1".into(), "a2".into()])]
        );
        d.ingest(resolved("offline", "a1", "warning", 100_000), 100_000);
        assert_eq!(
            sent(&mut d, 100_000),
            [(Firing, vec!["a2".into(), "a1".into()])]
        );
        d.ingest(resolved("offline", "a2", "warning", 110_000), 110_000);
        assert_eq!(sent(&mut d, 110_000), [(Resolved, vec!["a2".into()])]);
        assert!(sent(&mut d, 900_000).is_empty(), "the group is gone");
    }

    #[test]
    fn groups_are_by_label_and_routed_by_their_worst_severity() {
        let mut d = Dispatcher::new(GroupPolicy {
            group_wait: 0,
            ..GroupPolicy::default()
        });
        d.ingest(firing("offline", "a1", "info"), 0);
        d.ingest(firing("backlog", "q", "critical"), 0);
        let notes = d.due(0, &[], None);
        assert_eq!(notes.len(), 2);
        let channels: BTreeMap<String, usize> = notes
            .iter()
            .map(|n| (n.group_labels["alertname"].clone(), n.channels.len()))
            .collect();
        assert_eq!(
            channels,
            BTreeMap::from([("backlog".into(), 3), ("offline".into(), 1)])
        );
    }

    #[test]
    fn silenced_alerts_are_left_out_and_an_all_silent_group_sends_nothing() {
        let mut d = Dispatcher::new(GroupPolicy {
            group_wait: 0,
            ..GroupPolicy::default()
        });
        d.ingest(firing("offline", "a1", "warning"), 0);
        d.ingest(firing("offline", "a2", "warning"), 0);
        let silence = |account: &str| Silence {
            id: "s".into(),
            matchers: BTreeMap::from([("account_id".to_owned(), account.to_owned())]),
            starts_at: 0,
            ends_at: 1_000_000,
        };
        let notes = d.due(0, &[silence("a1")], None);
        assert_eq!(notes[0].alerts.len(), 1);
        assert_eq!(notes[0].alerts[0].labels["account_id"], "a2");
        let mut quiet = Dispatcher::new(GroupPolicy {
            group_wait: 0,
            ..GroupPolicy::default()
        });
        quiet.ingest(firing("offline", "a1", "warning"), 0);
        assert!(quiet.due(0, &[silence("a1")], None).is_empty());
    }

    #[test]
    fn quiet_hours_hold_a_group_until_they_end_but_not_a_critical_one() {
        // 22:00-07:00 in Shanghai; 2026-12-01T15:00Z is 23:00 there, 23:30Z is 07:30.
        let night = QuietHours {
            start_minute: 22 * 60,
            end_minute: 7 * 60,
            timezone: chrono_tz::Asia::Shanghai,
            mute_critical: false,
        };
        let at_23 = 1_796_137_200_000;
        let at_0730 = at_23 + 8 * 3_600_000 + 1_800_000;
        let mut d = Dispatcher::new(GroupPolicy {
            group_wait: 0,
            ..GroupPolicy::default()
        });
        d.ingest(firing("latency", "api", "warning"), at_23);
        d.ingest(firing("offline", "a1", "critical"), at_23);
        let night_notes = d.due(at_23, &[], Some(&night));
        assert_eq!(night_notes.len(), 1);
        assert_eq!(night_notes[0].group_labels["alertname"], "offline");
        let morning = d.due(at_0730, &[], Some(&night));
        assert!(
            morning
                .iter()
                .any(|n| n.group_labels["alertname"] == "latency"),
            "{morning:?}"
        );
    }
}
