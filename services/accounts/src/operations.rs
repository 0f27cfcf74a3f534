//! What a tenant can do with its accounts.

use std::str::FromStr;

use fleet_connectors::{
    Connector, ConnectorError, ConnectorKind, Conversation, Instance, LoginStart,
};
use fleet_core::{
    account::AccountEvent,
    clock::now_ms,
    credentials::random_token,
    ids::TenantId,
    paging::{Page, PageRequest},
    phone::parse_phone,
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    accounts::{self, field_context, AccountRecord, HistoryRecord},
    tenants, Scope,
};
use serde_json::{json, Value};

use crate::{
    lifecycle::{check, state_of},
    AccountError, AccountService,
};

/// The most a free-form JSON field (config, connector settings) may hold.
const MAX_JSON_BYTES: usize = 16 * 1024;

/// A new account as it arrives from outside.
#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub account_name: String,
    pub phone: Option<String>,
    /// `simulator`, `http_instance` or `wecom_api`.
    pub connector: String,
    /// Connector settings (credentials included); stored encrypted.
    pub connector_settings: Option<Value>,
    pub config: Option<Value>,
}

/// Changes to an account's description. `phone: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct AccountPatch {
    pub account_name: Option<String>,
    pub phone: Option<Option<String>>,
    pub config: Option<Value>,
}

fn json_object(
    field: &'static str,
    value: Option<Value>,
) -> Result<Option<Value>, ValidationError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) if v.to_string().len() <= MAX_JSON_BYTES => Ok(Some(v)),
        Some(Value::Object(_)) => Err(ValidationError::new(
            field,
            format!("must be at most {MAX_JSON_BYTES} bytes"),
        )),
        Some(_) => Err(ValidationError::new(field, "must be a JSON object")),
    }
}

impl AccountService {
    pub(crate) fn connector_of(
        &self,
        rec: &AccountRecord,
    ) -> Result<std::sync::Arc<dyn Connector>, AccountError> {
        let kind = ConnectorKind::from_str(&rec.connector).map_err(AccountError::Corrupt)?;
        self.connector(kind)
    }

    /// The account's connector settings, decrypted (`Null` when it has none).
    pub(crate) fn settings_of(&self, rec: &AccountRecord) -> Result<Value, AccountError> {
        fleet_store::accounts::connector_settings(&self.keyring, rec).map_err(AccountError::Corrupt)
    }

    /// Calls the account's connector about its instance.
    pub(crate) async fn with_instance<T, F>(
        &self,
        rec: &AccountRecord,
        call: F,
    ) -> Result<T, AccountError>
    where
        F: for<'a> FnOnce(
            &'a dyn Connector,
            Instance<'a>,
        ) -> futures::future::BoxFuture<'a, Result<T, ConnectorError>>,
    {
        let connector = self.connector_of(rec)?;
        let settings = self.settings_of(rec)?;
        let instance = Instance {
            account_id: &rec.id,
            instance_id: rec.instance_id.as_deref().ok_or_else(|| {
                AccountError::Corrupt(format!("account {} has no instance", rec.id))
            })?,
            settings: &settings,
        };
        Ok(call(connector.as_ref(), instance).await?)
    }

    pub fn phone_of(&self, rec: &AccountRecord) -> Result<Option<String>, AccountError> {
        rec.phone_enc
            .as_deref()
            .map(|sealed| {
                self.keyring
                    .decrypt(sealed, &field_context("phone_enc", &rec.id))
            })
            .transpose()
            .map_err(|e| AccountError::Corrupt(e.to_string()))
    }

    /// Registers an account with its connector and stores it, refusing past `max_accounts`.
    pub async fn create(
        &self,
        tenant: TenantId,
        input: NewAccount,
    ) -> Result<AccountRecord, AccountError> {
        let name = bounded_text("account_name", &input.account_name, 1, 100)?;
        let phone = input.phone.as_deref().map(parse_phone).transpose()?;
        let kind = ConnectorKind::from_str(&input.connector)
            .map_err(|m| ValidationError::new("connector", m))?;
        let settings = json_object("connector_settings", input.connector_settings)?;
        let config = json_object("config", input.config)?.unwrap_or_else(|| json!({}));
        let connector = self.connector(kind)?;
        connector.check_settings(settings.as_ref().unwrap_or(&Value::Null))?;
        self.check_limit(tenant, false).await?;

        let id = uuid::Uuid::new_v4().to_string();
        let instance_id = connector
            .create_instance(&id, settings.as_ref().unwrap_or(&Value::Null))
            .await?;
        let now = now_ms();
        let rec = AccountRecord {
            phone_enc: phone.map(|p| self.keyring.encrypt(&p, &field_context("phone_enc", &id))),
            connector_settings_enc: settings.map(|s| {
                self.keyring.encrypt(
                    &s.to_string(),
                    &field_context("connector_settings_enc", &id),
                )
            }),
            id,
            tenant_id: tenant.to_string(),
            account_name: name,
            connector: kind.as_str().into(),
            config: config.to_string(),
            instance_id: Some(instance_id),
            status: "created".into(),
            login_stage: None,
            login_origin: None,
            version: 0,
            login_token: None,
            qr_payload: None,
            qr_expires_at: None,
            last_heartbeat_at: None,
            online_since: None,
            recovery_attempts: 0,
            next_recovery_at: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        // Locking the tenant row serialises creations, so the count below is exact.
        let limit = tenants::get(&mut tx, tenant, true)
            .await?
            .map_or(0, |t| t.max_accounts);
        if accounts::count_live(&mut tx, tenant).await? >= limit {
            return Err(AccountError::LimitReached { limit });
        }
        accounts::insert(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// A cheap early refusal before a connector instance is made; `create` re-checks exactly.
    async fn check_limit(&self, tenant: TenantId, lock: bool) -> Result<(), AccountError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let limit = tenants::get(&mut tx, tenant, lock)
            .await?
            .map_or(0, |t| t.max_accounts);
        if accounts::count_live(&mut tx, tenant).await? >= limit {
            return Err(AccountError::LimitReached { limit });
        }
        Ok(())
    }

    /// The account, with an expired QR login already rolled back.
    pub async fn get(&self, tenant: TenantId, id: &str) -> Result<AccountRecord, AccountError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let rec = accounts::get(&mut tx, tenant, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        drop(tx);
        if rec.status == "qr_wait" && rec.qr_expires_at.is_some_and(|at| at <= now_ms()) {
            return match self
                .change(tenant, id, AccountEvent::QrExpired, json!({}), |_| {})
                .await
            {
                // Someone else moved it on (or expired it) first: show what is there now.
                Err(AccountError::InvalidState { .. }) => Box::pin(self.get(tenant, id)).await,
                other => other,
            };
        }
        Ok(rec)
    }

    pub async fn list(
        &self,
        tenant: TenantId,
        filter: accounts::AccountFilter<'_>,
        page: PageRequest,
    ) -> Result<Page<AccountRecord>, AccountError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(accounts::list(&mut tx, tenant, filter, page).await?)
    }

    /// How many of the tenant's accounts are in each status, in one query.
    pub async fn count_by_status(
        &self,
        tenant: TenantId,
    ) -> Result<Vec<(String, i64)>, AccountError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(accounts::count_by_status(&mut tx, tenant).await?)
    }

    pub async fn update(
        &self,
        tenant: TenantId,
        id: &str,
        patch: AccountPatch,
    ) -> Result<AccountRecord, AccountError> {
        let name = patch
            .account_name
            .as_deref()
            .map(|n| bounded_text("account_name", n, 1, 100))
            .transpose()?;
        let phone = patch
            .phone
            .map(|p| p.as_deref().map(parse_phone).transpose())
            .transpose()?;
        let config = json_object("config", patch.config)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut rec = accounts::get(&mut tx, tenant, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        if let Some(name) = name {
            rec.account_name = name;
        }
        if let Some(phone) = phone {
            rec.phone_enc = phone.map(|p| {
                self.keyring
                    .encrypt(&p, &field_context("phone_enc", &rec.id))
            });
        }
        if let Some(config) = config {
            rec.config = config.to_string();
        }
        rec.updated_at = now_ms();
        accounts::update_details(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Starts a QR login (or issues a fresh QR code for one in progress). An account whose
    /// credentials alone sign it in goes straight online.
    pub async fn login(&self, tenant: TenantId, id: &str) -> Result<AccountRecord, AccountError> {
        let rec = self.get(tenant, id).await?;
        check(&rec, AccountEvent::StartLogin)?;
        let started = self.with_instance(&rec, |c, i| c.start_login(i)).await?;
        let ticket = match started {
            LoginStart::Qr(ticket) => ticket,
            LoginStart::SignedIn => {
                return self
                    .change(
                        tenant,
                        id,
                        AccountEvent::CredentialsVerified,
                        json!({}),
                        |_| {},
                    )
                    .await;
            }
        };
        let token = random_token(24);
        self.change(
            tenant,
            id,
            AccountEvent::StartLogin,
            json!({ "qr_expires_at": ticket.expires_at }),
            |r| {
                r.login_token = Some(token.clone());
                r.qr_payload = Some(ticket.qr_payload.clone());
                r.qr_expires_at = Some(ticket.expires_at);
            },
        )
        .await
    }

    /// Submits a new-device verification code.
    pub async fn verify(
        &self,
        tenant: TenantId,
        id: &str,
        code: &str,
    ) -> Result<AccountRecord, AccountError> {
        let code = code.trim();
        if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ValidationError::new("code", "must be 1-32 letters or digits").into());
        }
        let rec = self.get(tenant, id).await?;
        check(&rec, AccountEvent::Verified)?;
        let code = code.to_owned();
        self.with_instance(&rec, move |c, i| {
            Box::pin(async move { c.submit_verification(i, &code).await })
        })
        .await?;
        self.change(tenant, id, AccountEvent::Verified, json!({}), |_| {})
            .await
    }

    /// Logs the account out. When the connector no longer has the account's instance (the
    /// provider restarted and lost it), the session is gone already: the account goes
    /// `offline` at once, the history saying why, rather than waiting for the sweeper.
    pub async fn logout(&self, tenant: TenantId, id: &str) -> Result<AccountRecord, AccountError> {
        let rec = self.get(tenant, id).await?;
        check(&rec, AccountEvent::Logout)?;
        let detail = match self.with_instance(&rec, |c, i| c.logout(i)).await {
            Ok(()) => json!({ "by": "user" }),
            Err(AccountError::Connector(ConnectorError::UnknownInstance(instance))) => {
                json!({ "by": "user", "instance_lost": instance })
            }
            Err(other) => return Err(other),
        };
        self.change(tenant, id, AccountEvent::Logout, detail, |_| {})
            .await
    }

    /// Deletes the account from any state. Its session is ended at the connector on a best-effort
    /// basis: a connector that is down must not keep an account from being deleted.
    pub async fn delete(&self, tenant: TenantId, id: &str) -> Result<AccountRecord, AccountError> {
        let rec = self.get(tenant, id).await?;
        let connector_logout = self
            .with_instance(&rec, |c, i| c.logout(i))
            .await
            .err()
            .map(|e| e.to_string());
        let detail = json!({ "connector_logout_error": connector_logout });
        self.change(tenant, id, AccountEvent::Delete, detail, |_| {})
            .await
    }

    /// Applies an event a connector reported for this account (a scan, a drop, a heartbeat).
    pub async fn apply_connector_event(
        &self,
        tenant: TenantId,
        id: &str,
        event: AccountEvent,
        detail: Value,
    ) -> Result<AccountRecord, AccountError> {
        self.change(tenant, id, event, detail, |_| {}).await
    }

    pub async fn history(
        &self,
        tenant: TenantId,
        id: &str,
        page: PageRequest,
    ) -> Result<Page<HistoryRecord>, AccountError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        accounts::get(&mut tx, tenant, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        Ok(accounts::history(&mut tx, tenant, id, page).await?)
    }

    /// The account's conversations, live from its connector (the account must be online).
    pub async fn conversations(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<Vec<Conversation>, AccountError> {
        let rec = self.get(tenant, id).await?;
        if state_of(&rec)? != fleet_core::account::AccountState::Online {
            return Err(AccountError::InvalidState {
                status: rec.status,
                login_stage: rec.login_stage,
                event: "list_conversations",
            });
        }
        self.with_instance(&rec, |c, i| c.list_conversations(i))
            .await
    }
}
