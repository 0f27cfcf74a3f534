//! Silences: label matchers over a time range that keep matching alerts out of
//! notifications (they still show as active).

use std::collections::BTreeMap;

use fleet_core::{
    clock::{now_ms, Millis},
    ids::TenantId,
    paging::{Page, PageRequest},
    ValidationError,
};
use fleet_monitor::notify::Silence;
use fleet_store::{
    alerting::silences::{self, SilenceRecord},
    Scope,
};

use crate::{AlertingError, AlertingService};

/// A silence lasts at most this long.
const MAX_SILENCE_MS: Millis = 90 * 24 * 3600 * 1000;
const MAX_COMMENT: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct SilenceInput {
    pub matchers: BTreeMap<String, String>,
    pub comment: Option<String>,
    /// Default: now.
    pub starts_at: Option<Millis>,
    pub ends_at: Millis,
}

fn check(input: &SilenceInput, now: Millis) -> Result<Millis, ValidationError> {
    if input.matchers.is_empty() || input.matchers.len() > 20 {
        return Err(ValidationError::new(
            "matchers",
            "must name between 1 and 20 labels (a silence of everything is a channel switched off)",
        ));
    }
    if input
        .matchers
        .iter()
        .any(|(k, v)| k.is_empty() || k.len() > 128 || v.len() > 1024)
    {
        return Err(ValidationError::new(
            "matchers",
            "label names must be 1-128 characters and values at most 1024",
        ));
    }
    let starts_at = input.starts_at.unwrap_or(now);
    if input.ends_at <= starts_at || input.ends_at <= now {
        return Err(ValidationError::new(
            "ends_at",
            "must be after starts_at and in the future",
        ));
    }
    if input.ends_at - starts_at > MAX_SILENCE_MS {
        return Err(ValidationError::new(
            "ends_at",
            "a silence lasts at most 90 days",
        ));
    }
    if input.comment.as_deref().unwrap_or("").chars().count() > MAX_COMMENT {
        return Err(ValidationError::new(
            "comment",
            "must be at most 500 characters",
        ));
    }
    Ok(starts_at)
}

/// A stored silence as the dispatcher uses it.
pub(crate) fn silence_of(rec: &SilenceRecord) -> Option<Silence> {
    Some(Silence {
        id: rec.id.clone(),
        matchers: serde_json::from_str(&rec.matchers).ok()?,
        starts_at: rec.starts_at,
        ends_at: rec.ends_at,
    })
}

impl AlertingService {
    pub async fn create_silence(
        &self,
        tenant: TenantId,
        created_by: &str,
        input: SilenceInput,
    ) -> Result<SilenceRecord, AlertingError> {
        let now = now_ms();
        let starts_at = check(&input, now)?;
        let rec = SilenceRecord {
            id: format!("sil_{}", uuid::Uuid::now_v7().simple()),
            tenant_id: tenant.to_string(),
            matchers: serde_json::to_string(&input.matchers)
                .map_err(|e| AlertingError::Corrupt(e.to_string()))?,
            comment: input.comment.unwrap_or_default(),
            created_by: created_by.to_owned(),
            starts_at,
            ends_at: input.ends_at,
            created_at: now,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        silences::insert(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(rec)
    }

    pub async fn silence(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<SilenceRecord, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        silences::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("silence"))
    }

    pub async fn list_silences(
        &self,
        tenant: TenantId,
        active_only: bool,
        page: PageRequest,
    ) -> Result<Page<SilenceRecord>, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let at = active_only.then(now_ms);
        Ok(silences::list(&mut tx, tenant, at, page).await?)
    }

    /// Ends a silence now; ending one that has ended already changes nothing.
    pub async fn expire_silence(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<SilenceRecord, AlertingError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if silences::get(&mut tx, tenant, id).await?.is_none() {
            return Err(AlertingError::NotFound("silence"));
        }
        silences::expire(&mut tx, tenant, id, now_ms()).await?;
        let rec = silences::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("silence"))?;
        tx.commit().await?;
        Ok(rec)
    }
}
