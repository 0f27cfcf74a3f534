//! Keeps the database's alerts in step with an evaluator: open incidents are written when
//! their state or value changed, resolved ones closed, and pending ones that reset deleted.

use std::collections::{BTreeMap, HashMap, HashSet};

use fleet_core::clock::Millis;
use fleet_monitor::rules::{Alert, AlertChange, AlertState};
use fleet_store::{
    alerting::alerts::{self, AlertRecord},
    Tx,
};

use crate::AlertingError;

pub(crate) fn tenant_of(alert: &Alert) -> Option<&str> {
    alert
        .labels
        .get("tenant")
        .map(String::as_str)
        .filter(|t| !t.is_empty())
}

fn record(rule_key: &str, alert: &Alert, now: Millis) -> Option<AlertRecord> {
    let (state, active_at, fired_at) = match alert.state {
        AlertState::Pending { active_at } => ("pending", active_at, None),
        AlertState::Firing {
            active_at,
            fired_at,
        } => ("firing", active_at, Some(fired_at)),
        AlertState::Inactive => return None,
    };
    let json =
        |m: &BTreeMap<String, String>| serde_json::to_string(m).unwrap_or_else(|_| "{}".into());
    Some(AlertRecord {
        id: format!("alrt_{}", uuid::Uuid::now_v7().simple()),
        tenant_id: tenant_of(alert)?.to_owned(),
        rule_key: rule_key.to_owned(),
        rule_name: alert.rule.clone(),
        fingerprint: alert.fingerprint.clone(),
        severity: alert.labels.get("severity").cloned().unwrap_or_default(),
        labels: json(&alert.labels),
        annotations: json(&alert.annotations),
        state: state.into(),
        value: alert.value,
        active_at,
        fired_at,
        resolved_at: None,
        updated_at: now,
    })
}

/// Writes what one evaluation of a rule changed. `before` holds the alerts that were active
/// before it (by fingerprint), `active` the alerts active after it.
pub(crate) async fn save(
    tx: &mut Tx,
    rule_key: &str,
    before: &HashMap<String, Alert>,
    active: &[Alert],
    changes: &[AlertChange],
    now: Millis,
) -> Result<(), AlertingError> {
    for alert in active
        .iter()
        .filter(|a| before.get(&a.fingerprint) != Some(*a))
    {
        match record(rule_key, alert, now) {
            Some(rec) => alerts::save_open(tx, &rec).await?,
            None => tracing::debug!(rule = %alert.rule, "alert without a tenant label is not kept"),
        }
    }
    let still: HashSet<&str> = active.iter().map(|a| a.fingerprint.as_str()).collect();
    for fingerprint in before.keys().filter(|f| !still.contains(f.as_str())) {
        let resolved = changes
            .iter()
            .any(|c| matches!(c, AlertChange::Resolved(a) if &a.fingerprint == fingerprint));
        if resolved {
            alerts::resolve(tx, rule_key, fingerprint, now).await?;
        } else {
            alerts::drop_pending(tx, rule_key, fingerprint).await?;
        }
    }
    Ok(())
}
