//! API keys for SDK clients: a key acts in its tenant with its own role until it expires or is
//! revoked. Only a digest is stored; the key itself is handed out once, at creation.

use fleet_core::{
    audit::AuditAction,
    clock::{now_ms, Millis},
    credentials::{api_key_display_prefix, new_api_key, secret_digest},
    ids::{ApiKeyId, TenantId},
    paging::{Page, PageRequest},
    roles::Role,
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    api_keys::{self, ApiKeyRecord},
    Scope,
};
use serde_json::json;

use crate::{caller::Caller, IdentityError, IdentityService};

#[derive(Debug, Clone)]
pub struct NewApiKey {
    /// 1–100 characters.
    pub name: String,
    pub role: Role,
    /// In the future; `None` for a key that does not expire.
    pub expires_at: Option<Millis>,
}

/// The stored key and the key itself, which nothing can show again.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    pub record: ApiKeyRecord,
    pub key: String,
}

impl IdentityService {
    /// A new key for `tenant`, created by `caller`.
    pub async fn create_api_key(
        &self,
        caller: &Caller,
        tenant: TenantId,
        input: NewApiKey,
    ) -> Result<CreatedApiKey, IdentityError> {
        let now = now_ms();
        let name = bounded_text("name", &input.name, 1, 100)?;
        if input.expires_at.is_some_and(|at| at <= now) {
            return Err(ValidationError::new("expires_at", "must be in the future").into());
        }
        let key = new_api_key();
        let record = ApiKeyRecord {
            id: ApiKeyId::new().to_string(),
            tenant_id: tenant.to_string(),
            name,
            role: input.role.as_str().into(),
            key_prefix: api_key_display_prefix(&key),
            created_by: caller.actor.id(),
            created_at: now,
            expires_at: input.expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        api_keys::insert(&mut tx, &record, &secret_digest(&key)).await?;
        let detail =
            json!({ "name": record.name, "role": record.role, "prefix": record.key_prefix });
        let event = caller.audit(
            AuditAction::ApiKeyCreated,
            ("api_key", record.id.clone()),
            detail,
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(CreatedApiKey { record, key })
    }

    /// `tenant`'s keys, newest first, revoked ones included.
    pub async fn list_api_keys(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<ApiKeyRecord>, IdentityError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(api_keys::list(&mut tx, tenant, page).await?)
    }

    pub async fn api_key(
        &self,
        tenant: TenantId,
        id: ApiKeyId,
    ) -> Result<ApiKeyRecord, IdentityError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        api_keys::get(&mut tx, tenant, id)
            .await?
            .ok_or(IdentityError::NotFound("api key"))
    }

    /// Revokes a key; it stops working at once.
    pub async fn revoke_api_key(
        &self,
        caller: &Caller,
        tenant: TenantId,
        id: ApiKeyId,
    ) -> Result<(), IdentityError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if !api_keys::revoke(&mut tx, tenant, id, now_ms()).await? {
            return Err(IdentityError::NotFound("api key"));
        }
        let event = caller.audit(
            AuditAction::ApiKeyRevoked,
            ("api_key", id.to_string()),
            json!({}),
        );
        fleet_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        Ok(())
    }
}
