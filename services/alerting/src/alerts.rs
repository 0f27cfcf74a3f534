//! Alerts as tenants see them: the active ones (pending and firing, marked when a silence
//! covers them) and the history of every incident.

use std::collections::BTreeMap;

use fleet_core::{
    clock::{now_ms, Millis},
    ids::TenantId,
    paging::{Page, PageRequest},
};
use fleet_store::{
    alerting::{
        alerts::{self, AlertRecord, HistoryFilter},
        silences,
    },
    Scope,
};

use crate::{silences::silence_of, AlertingError, AlertingService};

#[derive(Debug, Clone, PartialEq)]
pub struct ActiveAlert {
    pub id: String,
    pub rule: String,
    pub fingerprint: String,
    pub severity: String,
    pub state: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub value: Option<f64>,
    pub active_at: Millis,
    pub fired_at: Option<Millis>,
    pub resolved_at: Option<Millis>,
    /// Ids of the silences that keep it out of notifications now.
    pub silenced_by: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    pub state: Option<String>,
    pub rule: Option<String>,
    pub severity: Option<String>,
    pub since: Option<Millis>,
    pub until: Option<Millis>,
}

fn active(rec: AlertRecord) -> Result<ActiveAlert, AlertingError> {
    let map = |text: &str| -> Result<BTreeMap<String, String>, AlertingError> {
        serde_json::from_str(text)
            .map_err(|e| AlertingError::Corrupt(format!("alert {}: {e}", rec.id)))
    };
    Ok(ActiveAlert {
        labels: map(&rec.labels)?,
        annotations: map(&rec.annotations)?,
        id: rec.id,
        rule: rec.rule_name,
        fingerprint: rec.fingerprint,
        severity: rec.severity,
        state: rec.state,
        value: rec.value,
        active_at: rec.active_at,
        fired_at: rec.fired_at,
        resolved_at: rec.resolved_at,
        silenced_by: Vec::new(),
    })
}

impl AlertingService {
    pub async fn active_alerts(&self, tenant: TenantId) -> Result<Vec<ActiveAlert>, AlertingError> {
        let now = now_ms();
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let open = alerts::open_of(&mut tx, tenant).await?;
        let current: Vec<_> = silences::current_of(&mut tx, tenant, now)
            .await?
            .iter()
            .filter_map(silence_of)
            .collect();
        open.into_iter()
            .map(|rec| {
                let mut alert = active(rec)?;
                alert.silenced_by = current
                    .iter()
                    .filter(|s| s.mutes(&alert.labels, now))
                    .map(|s| s.id.clone())
                    .collect();
                Ok(alert)
            })
            .collect()
    }

    pub async fn alert_history(
        &self,
        tenant: TenantId,
        query: HistoryQuery,
        page: PageRequest,
    ) -> Result<Page<ActiveAlert>, AlertingError> {
        let filter = HistoryFilter {
            state: query.state,
            rule_name: query.rule,
            severity: query.severity,
            since: query.since,
            until: query.until,
        };
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let page = alerts::history(&mut tx, tenant, &filter, page).await?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(active)
                .collect::<Result<_, _>>()?,
            total: page.total,
            request: page.request,
        })
    }

    pub async fn notification_log(
        &self,
        tenant: TenantId,
        channel_id: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<fleet_store::alerting::notifications::NotificationRecord>, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(fleet_store::alerting::notifications::list(&mut tx, tenant, channel_id, page).await?)
    }
}
