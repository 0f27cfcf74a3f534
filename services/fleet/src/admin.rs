//! `wecom-fleet admin ...`: operator tasks at the command line.

use fleet_core::field_cipher::Keyring;
use fleet_store::encrypted_fields;

use crate::{
    config::Config,
    serve::{open_database, RunError},
};

pub async fn create_platform_admin(
    mut config: Config,
    email: &str,
    password: &str,
) -> Result<String, RunError> {
    let db = open_database(&mut config).await?;
    let admin = fleet_identity::create_platform_admin(&db, email, password)
        .await
        // Worded as the API words it (status, code, message).
        .map_err(|e| {
            let e = fleet_api::error::ApiError::from(e);
            RunError::Config(crate::config::ConfigError(e.to_string()))
        })?;
    db.close().await;
    Ok(admin.id)
}

/// Re-seals every encrypted field under `encryption.active_key`. The old keys must still be
/// listed in `encryption.keys`; remove them from the configuration afterwards.
pub async fn rotate_key(mut config: Config) -> Result<encrypted_fields::RotationReport, RunError> {
    let db = open_database(&mut config).await?;
    let keyring = config.keyring()?;
    let report = encrypted_fields::rotate(&db, &keyring).await?;
    db.close().await;
    Ok(report)
}

/// A new random key in the `encryption.keys` format.
pub fn generate_key(id: &str) -> String {
    format!("{id}:{}", Keyring::generate_key())
}
