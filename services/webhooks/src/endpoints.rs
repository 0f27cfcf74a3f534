//! Endpoints: create, read, change, delete, and their signing secrets.

use fleet_core::{
    clock::{millis_of, now_ms, Millis},
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

/// An endpoint's current secret, and, while a rotated-out one still signs beside it, until
/// when.
#[derive(Debug, Clone)]
pub struct EndpointSecret {
    pub secret: String,
    pub previous_expires_at: Option<Millis>,
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
            Ok(())
        })
        .await
    }

    /// Deletes the endpoint; its pending deliveries fail when their turn comes.
    pub async fn delete_endpoint(&self, tenant: TenantId, id: &str) -> Result<(), WebhookError> {
        let now = now_ms();
        self.change(tenant, id, |rec| {
            rec.deleted_at = Some(now);
            rec.enabled = 0;
            Ok(())
        })
        .await
        .map(|_| ())
    }

    /// The endpoint's current secret.
    pub async fn secret(&self, tenant: TenantId, id: &str) -> Result<EndpointSecret, WebhookError> {
        let rec = self.endpoint(tenant, id).await?;
        Ok(EndpointSecret {
            secret: self.open(&rec, "secret_enc", &rec.secret_enc)?,
            previous_expires_at: rec.previous_secret_expires_at.filter(|at| *at > now_ms()),
        })
    }

    /// A new secret; the current one becomes the previous one and keeps signing (both
    /// signatures go out) for the configured overlap. Read and replaced under the row lock,
    /// so two rotations at once cannot lose a secret.
    pub async fn rotate_secret(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<EndpointSecret, WebhookError> {
        let secret = WebhookSecret::generate();
        let expires_at = now_ms() + millis_of(self.settings.secret_overlap);
        self.change(tenant, id, |rec| {
            let current = self.open(rec, "secret_enc", &rec.secret_enc)?;
            let seal = |text: &str, column: &str| {
                self.keyring.encrypt(text, &seal_context(column, &rec.id))
            };
            rec.previous_secret_enc = Some(seal(&current, "previous_secret_enc"));
            rec.previous_secret_expires_at = Some(expires_at);
            rec.secret_enc = seal(&secret, "secret_enc");
            Ok(())
        })
        .await?;
        Ok(EndpointSecret {
            secret,
            previous_expires_at: Some(expires_at),
        })
    }

    /// A sealed secret of `rec`'s, in the clear.
    fn open(
        &self,
        rec: &EndpointRecord,
        column: &str,
        sealed: &str,
    ) -> Result<String, WebhookError> {
        self.keyring
            .decrypt(sealed, &seal_context(column, &rec.id))
            .map_err(|e| WebhookError::Corrupt(e.to_string()))
    }

    /// The secrets that sign a delivery now: the current one, and the previous one while its
    /// overlap lasts.
    pub(crate) fn signing_secrets(
        &self,
        rec: &EndpointRecord,
        now: i64,
    ) -> Result<Vec<WebhookSecret>, WebhookError> {
        let open = |sealed: &str, column: &str| {
            let text = self.open(rec, column, sealed)?;
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
        edit: impl FnOnce(&mut EndpointRecord) -> Result<(), WebhookError>,
    ) -> Result<EndpointRecord, WebhookError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = endpoints::get(&mut tx, tenant, id, true)
            .await?
            .ok_or(WebhookError::NotFound("endpoint"))?;
        edit(&mut rec)?;
        rec.updated_at = now_ms();
        endpoints::update(&mut tx, &rec).await?;
        tx.commit().await?;
        self.subscriptions.forget(tenant);
        Ok(rec)
    }
}
