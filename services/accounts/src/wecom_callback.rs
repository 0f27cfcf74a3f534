//! The WeCom callback of a `wecom_api` account: the token and EncodingAESKey the tenant set in
//! the WeCom admin console, stored encrypted, and what a callback needs to be verified (the
//! crypto and the corp id the decrypted message must name).

use fleet_callbacks::wecom::WecomCrypto;
use fleet_connectors::{wecom_api::AppCredentials, ConnectorKind};
use fleet_core::{clock::now_ms, ids::TenantId, ValidationError};
use fleet_store::{
    accounts::{self, connector_settings, field_context},
    Scope,
};
use serde_json::json;

use crate::{AccountError, AccountService};

const COLUMN: &str = "callback_settings_enc";

/// What a WeCom callback for one account is checked against.
#[derive(Debug, Clone)]
pub struct WecomCallbackTarget {
    pub tenant: TenantId,
    pub crypto: WecomCrypto,
    /// The receive id the decrypted message must carry.
    pub corp_id: String,
}

impl AccountService {
    /// Sets the account's callback token and EncodingAESKey (refused unless they make a
    /// working key, and unless the account is a `wecom_api` one).
    pub async fn set_wecom_callback(
        &self,
        tenant: TenantId,
        id: &str,
        token: &str,
        encoding_aes_key: &str,
    ) -> Result<(), AccountError> {
        WecomCrypto::new(token, encoding_aes_key)
            .map_err(|e| ValidationError::new("wecom_callback", e.to_string()))?;
        let rec = self.get(tenant, id).await?;
        if rec.connector != ConnectorKind::WecomApi.as_str() {
            return Err(ValidationError::new(
                "connector",
                "only wecom_api accounts receive WeCom callbacks",
            )
            .into());
        }
        let plain = json!({"token": token, "encoding_aes_key": encoding_aes_key}).to_string();
        let sealed = self.keyring.encrypt(&plain, &field_context(COLUMN, id));
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if !accounts::set_callback_settings(&mut tx, tenant, id, Some(&sealed), now_ms()).await? {
            return Err(AccountError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// What a WeCom callback for `account_id` is checked against; `NotFound` unless the
    /// account exists and has a callback set.
    pub async fn wecom_callback_target(
        &self,
        account_id: &str,
    ) -> Result<WecomCallbackTarget, AccountError> {
        let rec = self.find(account_id).await?;
        let mut tx = self.db.read(Scope::Platform).await?;
        let sealed = accounts::callback_settings(&mut tx, account_id)
            .await?
            .ok_or(AccountError::NotFound)?;
        drop(tx);
        let corrupt = |e: String| AccountError::Corrupt(e);
        let plain = self
            .keyring
            .decrypt(&sealed, &field_context(COLUMN, account_id))
            .map_err(|e| corrupt(e.to_string()))?;
        let settings: serde_json::Value =
            serde_json::from_str(&plain).map_err(|e| corrupt(e.to_string()))?;
        let field = |name: &str| settings[name].as_str().unwrap_or_default().to_owned();
        let crypto = WecomCrypto::new(&field("token"), &field("encoding_aes_key"))
            .map_err(|e| corrupt(e.to_string()))?;
        let app = AppCredentials::from_settings(
            &connector_settings(&self.keyring, &rec).map_err(corrupt)?,
        )
        .map_err(|e| corrupt(e.to_string()))?;
        Ok(WecomCallbackTarget {
            tenant: rec
                .tenant_id
                .parse()
                .map_err(|_| corrupt("tenant id".into()))?,
            crypto,
            corp_id: app.corp_id().to_owned(),
        })
    }
}
