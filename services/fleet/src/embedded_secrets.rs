//! On the embedded (SQLite, single node) setup nobody should have to invent a JWT secret or an
//! encryption key to try the product: the first start generates them into
//! `<data_dir>/secrets.toml` (mode 0600) and later starts reuse them. PostgreSQL deployments
//! must configure both explicitly (config validation enforces it).

use std::{fs, path::Path};

use fleet_core::{credentials::random_token, field_cipher::Keyring};
use serde::{Deserialize, Serialize};

use crate::config::{Config, ConfigError, Secret};

#[derive(Serialize, Deserialize)]
struct Generated {
    jwt_secret: String,
    encryption_keys: String,
}

const FILE: &str = "secrets.toml";

/// Fills `auth.jwt_secret` and `encryption.keys` from the data directory when they are unset.
pub fn fill_missing(config: &mut Config) -> Result<(), ConfigError> {
    if !config.auth.jwt_secret.is_empty() && !config.encryption.keys.is_empty() {
        return Ok(());
    }
    let generated = load_or_create(&config.data_dir)?;
    if config.auth.jwt_secret.is_empty() {
        config.auth.jwt_secret = Secret(generated.jwt_secret);
    }
    if config.encryption.keys.is_empty() {
        config.encryption.keys = Secret(generated.encryption_keys);
        config.encryption.active_key = "k1".into();
    }
    Ok(())
}

fn load_or_create(dir: &Path) -> Result<Generated, ConfigError> {
    let path = dir.join(FILE);
    let io = |e: std::io::Error| ConfigError(format!("`data_dir` {}: {e}", path.display()));
    if path.exists() {
        let text = fs::read_to_string(&path).map_err(io)?;
        return toml::from_str(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())));
    }
    fs::create_dir_all(dir).map_err(io)?;
    let generated = Generated {
        jwt_secret: random_token(48),
        encryption_keys: format!("k1:{}", Keyring::generate_key()),
    };
    let text = toml::to_string(&generated).map_err(|e| ConfigError(e.to_string()))?;
    write_private(&path, &text).map_err(io)?;
    Ok(generated)
}

/// Writes a new file only its owner may read (secrets, generated credentials).
#[cfg(unix)]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    fs::write(path, text)
}

/// Makes an existing file private (one written by an older version, or by hand).
#[cfg(unix)]
pub(crate) fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
pub(crate) fn make_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
