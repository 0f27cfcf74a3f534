//! Endpoints: create, read, change, delete, and their signing secrets.

use fleet_core::{
    clock::{millis_of, now_ms},
    ids::TenantId,
    paging::{Page, PageRequest},
    webhook_signature::WebhookSecret,
    ValidationError,
};
use fleet_store::{
    encrypted_fields::context,
    webhooks::endpoints::{self, EndpointRecord},
    Scope,
};

use crate::{event_types, target_policy::check_url, WebhookError, WebhookService};

const MAX_DESCRIPTION: usize = 200;

#[derive(Debug, Clone, Default)]
pub struct NewEndpoint {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub enabled: Option<bool>,
    /// `whsec_…`; generated when absent.
    pub secret: Option<String>,
}

/// Fields to change; `None` keeps the field.
#[derive(Debug, Clone, Default)]
pub struct EndpointPatch {
    pub url: Option<String>,
    pub description: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// A new secret, and until when the previous one keeps signing.
#[derive(Debug, Clone)]
pub struct RotatedSecret {
    pub secret: String,
    pub previous_expires_at: i64,
}

fn seal_context(column: &str, id: &str) -> String {
    context("webhook_endpoints", column, id)
}

fn description(text: Option<String>) -> Result<String, ValidationError> {
    let text = text.unwrap_or_default();
    if text.chars().count() > MAX_DESCRIPTION || text.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "description",
            "must be at most 200 characters, without control characters",
        ));
    }
    Ok(text)
}

impl WebhookService {
    pub async fn create_endpoint(
        &self,
        tenant: TenantId,
        input: NewEndpoint,
    ) -> Result<EndpointRecord, WebhookError> {
        let url = check_url(&input.url, self.settings.allow_private_targets).await?;
        let types = event_types::parse(input.event_types)?;
        let description = description(input.description)?;
        let secret = match input.secret {
            Some(s) => {
                WebhookSecret::parse(&s)
                    .map_err(|e| ValidationError::new("secret", e.to_string()))?;
                s
            }
            None => WebhookSecret::generate(),
        };
        let id = format!("ep_{}", uuid::Uuid::now_v7().simple());
        let now = now_ms();
        let rec = EndpointRecord {
            secret_enc: self
                .keyring
                .encrypt(&secret, &seal_context("secret_enc", &id)),
            id,
            tenant_id: tenant.to_string(),
            url: url.to_string(),
            description,
            event_types: serde_json::to_string(&types).unwrap_or_else(|_| "[]".into()),
            enabled: i64::from(input.enabled.unwrap_or(true)),
            disabled_reason: None,
            previous_secret_enc: None,
            previous_secret_expires_at: None,
            deleted_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        endpoints::insert(&mut tx, &rec).await?;
        tx.commit().await?;
        self.subscriptions.forget(tenant);
        Ok(rec)
    }

    pub async fn endpoint(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<EndpointRecord, WebhookError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        endpoints::get(&mut tx, tenant, id, false)
            .await?
            .ok_or(WebhookError::NotFound("endpoint"))
    }

    pub async fn list_endpoints(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<EndpointRecord>, WebhookError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(endpoints::list(&mut tx, tenant, page).await?)
    }

    pub async fn update_endpoint(
        &self,
        tenant: TenantId,
        id: &str,
        patch: EndpointPatch,
    ) -> Result<EndpointRecord, WebhookError> {
        let url = match &patch.url {
            Some(url) => Some(check_url(url, self.settings.allow_private_targets).await?),
            None => None,
        };
        let types = patch.event_types.map(event_types::parse).transpose()?;
        let description = patch
            .description
            .map(|d| description(Some(d)))
            .transpose()?;
        self.change(tenant, id, |rec| {
            if let Some(url) = url {
                rec.url = url.to_string();
            }
            if let Some(types) = types {
                rec.event_types = serde_json::to_string(&types).unwrap_or_else(|_| "[]".into());
            }
            if let Some(description) = description {
                rec.description = description;
            }
            if let Some(enabled) = patch.enabled {
                rec.enabled = i64::from(enabled);
                rec.disabled_reason = None;
            }
        })
        .await
    }

    /// Deletes the endpoint; its pending deliveries fail when their turn comes.
    pub async fn delete_endpoint(&self, tenant: TenantId, id: &str) -> Result<(), WebhookError> {
        let now = now_ms();
        self.change(tenant, id, |rec| {
            rec.deleted_at = Some(now);
            rec.enabled = 0;
        })
        .await
        .map(|_| ())
    }

    /// The endpoint's current secret.
    pub async fn secret(&self, tenant: TenantId, id: &str) -> Result<String, WebhookError> {
        let rec = self.endpoint(tenant, id).await?;
        self.keyring
            .decrypt(&rec.secret_enc, &seal_context("secret_enc", &rec.id))
            .map_err(|e| WebhookError::Corrupt(e.to_string()))
    }

    /// A new secret; the current one becomes the previous one and keeps signing (both
    /// signatures go out) for the configured overlap.
    pub async fn rotate_secret(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<RotatedSecret, WebhookError> {
        let secret = WebhookSecret::generate();
        let expires_at = now_ms() + millis_of(self.settings.secret_overlap);
        let current = self.secret(tenant, id).await?;
        let keyring = self.keyring.clone();
        let sealed = secret.clone();
        self.change(tenant, id, move |rec| {
            rec.previous_secret_enc =
                Some(keyring.encrypt(&current, &seal_context("previous_secret_enc", &rec.id)));
            rec.previous_secret_expires_at = Some(expires_at);
            rec.secret_enc = keyring.encrypt(&sealed, &seal_context("secret_enc", &rec.id));
        })
        .await?;
        Ok(RotatedSecret {
            secret,
            previous_expires_at: expires_at,
        })
    }

    /// The secrets that sign a delivery now: the current one, and the previous one while its
    /// overlap lasts.
    pub(crate) fn signing_secrets(
        &self,
        rec: &EndpointRecord,
        now: i64,
    ) -> Result<Vec<WebhookSecret>, WebhookError> {
        let open = |sealed: &str, column: &str| {
            let text = self
                .keyring
                .decrypt(sealed, &seal_context(column, &rec.id))
                .map_err(|e| WebhookError::Corrupt(e.to_string()))?;
            WebhookSecret::parse(&text).map_err(|e| WebhookError::Corrupt(e.to_string()))
        };
        let mut secrets = vec![open(&rec.secret_enc, "secret_enc")?];
        if let (Some(previous), Some(until)) =
            (&rec.previous_secret_enc, rec.previous_secret_expires_at)
        {
            if until > now {
                secrets.push(open(previous, "previous_secret_enc")?);
            }
        }
        Ok(secrets)
    }

    async fn change(
        &self,
        tenant: TenantId,
        id: &str,
        edit: impl FnOnce(&mut EndpointRecord),
    ) -> Result<EndpointRecord, WebhookError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = endpoints::get(&mut tx, tenant, id, true)
            .await?
            .ok_or(WebhookError::NotFound("endpoint"))?;
        edit(&mut rec);
        rec.updated_at = now_ms();
        endpoints::update(&mut tx, &rec).await?;
        tx.commit().await?;
        self.subscriptions.forget(tenant);
        Ok(rec)
    }
}
