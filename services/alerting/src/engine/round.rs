//! One evaluation round on the leader: reload the rule files if they changed, evaluate every
//! rule against the metric store, keep the alerts in the database, hand changes to each
//! tenant's dispatcher, and queue the notifications that are due (the loop sends them).

use std::collections::{BTreeMap, HashMap, HashSet};

use fleet_core::clock::Millis;
use fleet_monitor::{
    notify::{Dispatcher, QuietHours, Silence},
    rules::{fingerprint, Alert, AlertChange, AlertState, Evaluator, Rule, RuleSpec},
    store::SeriesQuery,
};
use fleet_store::{
    alerting::{alerts, channels, rules as rule_rows, settings, silences},
    Scope,
};

use super::persist::{self, tenant_of};
use crate::{
    quiet_hours::quiet_hours_of, rules::FILE_RULE_PREFIX, silences::silence_of, AlertingError,
    AlertingService,
};

/// An evaluator's active alerts by fingerprint, before it evaluates again.
fn snapshot(evaluator: &Evaluator) -> HashMap<String, Alert> {
    evaluator
        .active()
        .into_iter()
        .map(|a| (a.fingerprint.clone(), a.clone()))
        .collect()
}

/// The key a rule's alerts are kept under: its id and a digest of its definition, so that a
/// changed rule starts over (its old alerts resolve) and an unchanged one carries on.
fn rule_key(id: &str, rule: &Rule) -> String {
    let definition = serde_json::to_string(&RuleSpec::from_rule(rule)).unwrap_or_default();
    let digest = fingerprint(&BTreeMap::from([(id.to_owned(), definition)]));
    format!("{id}#{digest}")
}

/// A rule to evaluate, with the key its alerts are kept under.
struct Keyed {
    key: String,
    rule: Rule,
    /// File rules apply to every tenant: only series with a `tenant` label count.
    per_tenant_series: bool,
}

pub(crate) struct Engine {
    /// By rule key.
    evaluators: HashMap<String, Evaluator>,
    /// By tenant.
    dispatchers: HashMap<String, Dispatcher>,
}

impl Engine {
    /// Starts leading: takes over the open alerts the previous leader kept.
    pub(crate) async fn take_over(
        service: &AlertingService,
        now: Millis,
    ) -> Result<Self, AlertingError> {
        let mut engine = Engine {
            evaluators: HashMap::new(),
            dispatchers: HashMap::new(),
        };
        let mut tx = service.db.read(Scope::Platform).await?;
        for rec in alerts::all_open(&mut tx).await? {
            let parse = |text: &str| {
                serde_json::from_str::<BTreeMap<String, String>>(text).unwrap_or_default()
            };
            let state = match (rec.state.as_str(), rec.fired_at) {
                ("firing", Some(fired_at)) => AlertState::Firing {
                    active_at: rec.active_at,
                    fired_at,
                },
                _ => AlertState::Pending {
                    active_at: rec.active_at,
                },
            };
            let alert = Alert {
                rule: rec.rule_name.clone(),
                fingerprint: rec.fingerprint.clone(),
                labels: parse(&rec.labels),
                annotations: parse(&rec.annotations),
                state,
                value: rec.value,
                resolved_at: None,
            };
            if matches!(state, AlertState::Firing { .. }) {
                engine
                    .dispatcher(service, &rec.tenant_id)
                    .restore(alert.clone(), now);
            }
            engine
                .evaluators
                .entry(rec.rule_key)
                .or_default()
                .restore(alert);
        }
        Ok(engine)
    }

    fn dispatcher(&mut self, service: &AlertingService, tenant: &str) -> &mut Dispatcher {
        self.dispatchers
            .entry(tenant.to_owned())
            .or_insert_with(|| Dispatcher::new(service.settings.group.clone()))
    }

    pub(crate) async fn round(
        &mut self,
        service: &AlertingService,
        now: Millis,
    ) -> Result<(), AlertingError> {
        let rules = self.rules(service).await?;
        self.resolve_removed(service, &rules, now).await?;
        for keyed in &rules {
            self.evaluate(service, keyed, now).await?;
        }
        self.queue_due(service, now).await?;
        Ok(())
    }

    /// The rules for every tenant and each tenant's enabled rules.
    async fn rules(&mut self, service: &AlertingService) -> Result<Vec<Keyed>, AlertingError> {
        let mut all: Vec<Keyed> = service
            .file_rules()
            .into_iter()
            .map(|rule| Keyed {
                key: rule_key(&format!("{FILE_RULE_PREFIX}{}", rule.name), &rule),
                rule,
                per_tenant_series: true,
            })
            .collect();
        let mut tx = service.db.read(Scope::Platform).await?;
        for rec in rule_rows::all_enabled(&mut tx).await? {
            let rule = serde_json::from_str::<RuleSpec>(&rec.spec)
                .ok()
                .and_then(|spec| crate::rules::tenant_rule(&rec.tenant_id, &spec).ok());
            match rule {
                Some(rule) => all.push(Keyed {
                    key: rule_key(&rec.id, &rule),
                    rule,
                    per_tenant_series: false,
                }),
                None => tracing::warn!(rule = %rec.id, "stored alert rule is invalid; skipped"),
            }
        }
        Ok(all)
    }

    /// Alerts of rules that were deleted, disabled or changed away resolve now.
    async fn resolve_removed(
        &mut self,
        service: &AlertingService,
        rules: &[Keyed],
        now: Millis,
    ) -> Result<(), AlertingError> {
        let live: HashSet<&str> = rules.iter().map(|k| k.key.as_str()).collect();
        let removed: Vec<String> = self
            .evaluators
            .keys()
            .filter(|k| !live.contains(k.as_str()))
            .cloned()
            .collect();
        for key in removed {
            let Some(evaluator) = self.evaluators.remove(&key) else {
                continue;
            };
            let before = snapshot(&evaluator);
            let changes: Vec<AlertChange> = before
                .values()
                .filter(|a| matches!(a.state, AlertState::Firing { .. }))
                .map(|a| {
                    AlertChange::Resolved(Alert {
                        resolved_at: Some(now),
                        ..a.clone()
                    })
                })
                .collect();
            self.record(service, &key, &before, &[], changes, now)
                .await?;
        }
        Ok(())
    }

    /// Keeps what an evaluation changed and hands the firings and resolutions to the
    /// tenants' dispatchers.
    async fn record(
        &mut self,
        service: &AlertingService,
        key: &str,
        before: &HashMap<String, Alert>,
        active: &[Alert],
        changes: Vec<AlertChange>,
        now: Millis,
    ) -> Result<(), AlertingError> {
        let mut tx = service.db.begin(Scope::Platform).await?;
        persist::save(&mut tx, key, before, active, &changes, now).await?;
        tx.commit().await?;
        for change in changes {
            let alert = match &change {
                AlertChange::Firing(a) | AlertChange::Resolved(a) => a,
            };
            if let Some(tenant) = tenant_of(alert).map(str::to_owned) {
                self.dispatcher(service, &tenant).ingest(change, now);
            }
        }
        Ok(())
    }

    async fn evaluate(
        &mut self,
        service: &AlertingService,
        keyed: &Keyed,
        now: Millis,
    ) -> Result<(), AlertingError> {
        let rule = &keyed.rule;
        let query = SeriesQuery {
            metric: rule.metric.clone(),
            matchers: rule.matchers.clone(),
            start: now - rule.window + 1,
            end: now,
        };
        let mut values = match service.metrics.aggregate(&query, rule.aggregate).await {
            Ok(values) => values,
            Err(err) => {
                // Nothing is known: every alert of the rule stays as it is.
                tracing::warn!(rule = %rule.name, %err, "metric store unavailable; rule not evaluated");
                return Ok(());
            }
        };
        if keyed.per_tenant_series {
            values.retain(|v| v.labels.get("tenant").is_some_and(|t| !t.is_empty()));
        }
        let evaluator = self.evaluators.entry(keyed.key.clone()).or_default();
        let before = snapshot(evaluator);
        let changes = evaluator.evaluate(rule, &values, now);
        let active: Vec<Alert> = evaluator.active().into_iter().cloned().collect();
        self.record(service, &keyed.key, &before, &active, changes, now)
            .await?;
        Ok(())
    }

    /// Each tenant's due notifications, one outbox row per channel of a kind it goes to.
    async fn queue_due(
        &mut self,
        service: &AlertingService,
        now: Millis,
    ) -> Result<(), AlertingError> {
        if self.dispatchers.is_empty() {
            return Ok(());
        }
        let (silenced, quiet) = {
            let mut tx = service.db.read(Scope::Platform).await?;
            let mut silenced: HashMap<String, Vec<Silence>> = HashMap::new();
            for rec in silences::all_current(&mut tx, now).await? {
                if let Some(s) = silence_of(&rec) {
                    silenced.entry(rec.tenant_id.clone()).or_default().push(s);
                }
            }
            let quiet: HashMap<String, QuietHours> = settings::all_quiet_hours(&mut tx)
                .await?
                .into_iter()
                .filter_map(|t| {
                    Some((
                        t.hours.tenant_id.clone(),
                        quiet_hours_of(&t.hours, &t.timezone)?,
                    ))
                })
                .collect();
            (silenced, quiet)
        };
        for (tenant, dispatcher) in &mut self.dispatchers {
            let due = dispatcher.due(
                now,
                silenced.get(tenant).map_or(&[][..], Vec::as_slice),
                quiet.get(tenant),
            );
            if due.is_empty() {
                continue;
            }
            let targets = {
                let mut tx = service.db.read(Scope::Platform).await?;
                channels::enabled(&mut tx, tenant).await?
            };
            for notification in due {
                for channel in targets
                    .iter()
                    .filter(|c| notification.channels.iter().any(|k| k.as_str() == c.kind))
                {
                    service
                        .queue_notification(tenant, &channel.id, &notification, false)
                        .await?;
                }
            }
        }
        self.dispatchers.retain(|_, d| !d.is_idle());
        Ok(())
    }
}
