//! Notification channels of a tenant: email, webhook (Alertmanager v4 payload, Standard
//! Webhooks signature) and WeCom group robot. Their config is sealed in the database (it
//! holds addresses, robot keys and signing secrets) and shown back with secrets masked.

use fleet_core::{
    clock::now_ms,
    ids::TenantId,
    paging::{Page, PageRequest},
    ValidationError,
};
use fleet_monitor::{channels::ChannelConfig, notify::ChannelKind};
use fleet_store::{
    alerting::{
        channels::{self, ChannelRecord},
        notifications::NotificationRecord,
    },
    encrypted_fields::context,
    Scope,
};
use fleet_webhooks::target_policy::check_url;
use serde_json::{json, Value};

use crate::{AlertingError, AlertingService};

const MAX_NAME: usize = 100;

#[derive(Debug, Clone)]
pub struct ChannelInput {
    pub name: String,
    pub config: ChannelConfig,
    pub enabled: bool,
}

/// A channel as the API shows it: the config with its secrets masked.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelView {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub enabled: bool,
    pub config: Value,
    pub created_at: i64,
    pub updated_at: i64,
    /// The sealed config does not decrypt with the configured keys: `config` shows only the
    /// shape of its kind (the channel cannot send until it is saved again).
    pub unreadable: bool,
}

fn seal_context(id: &str) -> String {
    context("alert_channels", "config_enc", id)
}

/// Keeps the scheme, host and path of a URL and hides its query (a robot's key lives there).
fn mask_url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_owned(),
    }
}

/// The shape of a kind's config with nothing in it, for a config that cannot be read.
fn unreadable_config(kind: ChannelKind) -> Value {
    match kind {
        ChannelKind::Email => json!({ "kind": "email", "to": [] }),
        ChannelKind::Webhook => json!({ "kind": "webhook", "url": "", "secret": "" }),
        ChannelKind::WecomRobot => json!({ "kind": "wecom_robot", "url": "" }),
    }
}

fn masked(config: &ChannelConfig) -> Value {
    match config {
        ChannelConfig::Email { to } => json!({ "kind": "email", "to": to }),
        ChannelConfig::Webhook { url, .. } => {
            json!({ "kind": "webhook", "url": mask_url(url), "secret": "whsec_…" })
        }
        ChannelConfig::WecomRobot { url } => json!({ "kind": "wecom_robot", "url": mask_url(url) }),
    }
}

impl AlertingService {
    /// Validates a channel's input; URLs must not point into private networks.
    async fn checked(&self, input: &ChannelInput) -> Result<(), AlertingError> {
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control)
        {
            return Err(ValidationError::new("name", "must be 1-100 characters").into());
        }
        input.config.validate()?;
        let allow = self.settings.allow_private_targets;
        match &input.config {
            ChannelConfig::Webhook { url, .. } | ChannelConfig::WecomRobot { url } => {
                check_url(url, allow).await?;
            }
            ChannelConfig::Email { .. } => {}
        }
        Ok(())
    }

    pub(crate) fn open_config(&self, rec: &ChannelRecord) -> Result<ChannelConfig, AlertingError> {
        let text = self
            .keyring
            .decrypt(&rec.config_enc, &seal_context(&rec.id))
            .map_err(|e| AlertingError::Corrupt(format!("channel {}: {e}", rec.id)))?;
        serde_json::from_str(&text)
            .map_err(|e| AlertingError::Corrupt(format!("channel {}: {e}", rec.id)))
    }

    /// The channel as shown. One whose config does not decrypt is shown too, marked, so one
    /// damaged row does not fail a whole list.
    fn view(&self, rec: &ChannelRecord) -> Result<ChannelView, AlertingError> {
        let (kind, config, unreadable) = match self.open_config(rec) {
            Ok(config) => (config.kind(), masked(&config), false),
            Err(err) => {
                tracing::error!(channel = %rec.id, error = %err, "a channel's config does not decrypt");
                let kind = ChannelKind::ALL
                    .into_iter()
                    .find(|k| k.as_str() == rec.kind)
                    .ok_or(err)?;
                (kind, unreadable_config(kind), true)
            }
        };
        Ok(ChannelView {
            id: rec.id.clone(),
            name: rec.name.clone(),
            kind: kind.as_str(),
            enabled: rec.enabled == 1,
            config,
            created_at: rec.created_at,
            updated_at: rec.updated_at,
            unreadable,
        })
    }

    fn seal(&self, id: &str, config: &ChannelConfig) -> Result<String, AlertingError> {
        let text =
            serde_json::to_string(config).map_err(|e| AlertingError::Corrupt(e.to_string()))?;
        Ok(self.keyring.encrypt(&text, &seal_context(id)))
    }

    pub async fn create_channel(
        &self,
        tenant: TenantId,
        input: ChannelInput,
    ) -> Result<ChannelView, AlertingError> {
        self.checked(&input).await?;
        let id = format!("ch_{}", uuid::Uuid::now_v7().simple());
        let now = now_ms();
        let rec = ChannelRecord {
            config_enc: self.seal(&id, &input.config)?,
            id,
            tenant_id: tenant.to_string(),
            name: input.name.trim().to_owned(),
            kind: input.config.kind().as_str().to_owned(),
            enabled: i64::from(input.enabled),
            deleted_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        channels::insert(&mut tx, &rec).await?;
        tx.commit().await?;
        self.view(&rec)
    }

    async fn channel_record(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<ChannelRecord, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        channels::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("channel"))
    }

    pub async fn channel(&self, tenant: TenantId, id: &str) -> Result<ChannelView, AlertingError> {
        self.view(&self.channel_record(tenant, id).await?)
    }

    pub async fn list_channels(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<ChannelView>, AlertingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let page = channels::list(&mut tx, tenant, page).await?;
        let items = page
            .items
            .iter()
            .map(|rec| self.view(rec))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page {
            items,
            total: page.total,
            request: page.request,
        })
    }

    /// A webhook channel's current signing secret (kept when an update gives none).
    pub async fn channel_secret(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<Option<String>, AlertingError> {
        let rec = self.channel_record(tenant, id).await?;
        Ok(match self.open_config(&rec)? {
            ChannelConfig::Webhook { secret, .. } => Some(secret),
            _ => None,
        })
    }

    /// Replaces a channel's name, config and switch.
    pub async fn update_channel(
        &self,
        tenant: TenantId,
        id: &str,
        input: ChannelInput,
    ) -> Result<ChannelView, AlertingError> {
        self.checked(&input).await?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = channels::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("channel"))?;
        rec.name = input.name.trim().to_owned();
        rec.kind = input.config.kind().as_str().to_owned();
        rec.config_enc = self.seal(id, &input.config)?;
        rec.enabled = i64::from(input.enabled);
        rec.updated_at = now_ms();
        channels::update(&mut tx, &rec).await?;
        tx.commit().await?;
        self.view(&rec)
    }

    /// Deletes a channel (its notification log stays).
    pub async fn delete_channel(&self, tenant: TenantId, id: &str) -> Result<(), AlertingError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = channels::get(&mut tx, tenant, id)
            .await?
            .ok_or(AlertingError::NotFound("channel"))?;
        let now = now_ms();
        rec.deleted_at = Some(now);
        rec.updated_at = now;
        channels::update(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a test notification through the channel now and returns its log entry.
    pub async fn test_channel(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<NotificationRecord, AlertingError> {
        let rec = self.channel_record(tenant, id).await?;
        let notification =
            fleet_monitor::channels::test_notification(now_ms(), &tenant.to_string());
        let queued = self
            .queue_notification(&tenant.to_string(), &rec.id, &notification, true)
            .await?;
        self.send_one(queued).await
    }
}
