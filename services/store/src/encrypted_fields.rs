//! The registry of columns that hold `field_cipher` ciphertext, and key rotation over them.
//! A feature that stores a new secret column adds it to [`ENCRYPTED_COLUMNS`] and seals its
//! values with [`context`], and `wecom-fleet admin rotate-key` covers it from then on.

use fleet_core::field_cipher::{key_id_of, Keyring};

use crate::{Db, Scope, StoreError};

/// A column of sealed values, keyed by a text id column.
#[derive(Debug, Clone, Copy)]
pub struct EncryptedColumn {
    pub table: &'static str,
    pub id_column: &'static str,
    pub column: &'static str,
}

pub const ENCRYPTED_COLUMNS: &[EncryptedColumn] = &[
    EncryptedColumn {
        table: "users",
        id_column: "id",
        column: "phone_enc",
    },
    EncryptedColumn {
        table: "accounts",
        id_column: "id",
        column: "phone_enc",
    },
    EncryptedColumn {
        table: "accounts",
        id_column: "id",
        column: "connector_settings_enc",
    },
    EncryptedColumn {
        table: "accounts",
        id_column: "id",
        column: "callback_settings_enc",
    },
    EncryptedColumn {
        table: "webhook_endpoints",
        id_column: "id",
        column: "secret_enc",
    },
    EncryptedColumn {
        table: "webhook_endpoints",
        id_column: "id",
        column: "previous_secret_enc",
    },
    EncryptedColumn {
        table: "alert_channels",
        id_column: "id",
        column: "config_enc",
    },
];

/// The associated data for a sealed value: binds it to its table, column and row.
pub fn context(table: &str, column: &str, row_id: &str) -> String {
    format!("{table}.{column}:{row_id}")
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationReport {
    pub examined: u64,
    pub resealed: u64,
}

const BATCH: i64 = 500;

/// Re-seals every stored value that is not under the keyring's active key. Each batch commits
/// on its own, and each row is updated only if it still holds the value that was read, so the
/// rotation can run beside live traffic and be re-run after an interruption.
pub async fn rotate(db: &Db, keyring: &Keyring) -> Result<RotationReport, StoreError> {
    let mut report = RotationReport::default();
    let active_prefix = format!("enc:v1:{}:%", keyring.active_key_id());
    for col in ENCRYPTED_COLUMNS {
        let select = format!(
            "SELECT {id}, {col} FROM {table} WHERE {col} IS NOT NULL AND {col} NOT LIKE $1 AND {id} > $2 ORDER BY {id} LIMIT {BATCH}",
            id = col.id_column,
            col = col.column,
            table = col.table,
        );
        let update = format!(
            "UPDATE {table} SET {col} = $1 WHERE {id} = $2 AND {col} = $3",
            id = col.id_column,
            col = col.column,
            table = col.table,
        );
        let mut after = String::new();
        loop {
            let mut tx = db.begin(Scope::Platform).await?;
            let rows: Vec<(String, String)> = sqlx::query_as(&select)
                .bind(&active_prefix)
                .bind(&after)
                .fetch_all(tx.conn())
                .await?;
            let Some((last_id, _)) = rows.last() else {
                break;
            };
            after = last_id.clone();
            for (id, sealed) in &rows {
                report.examined += 1;
                let ctx = context(col.table, col.column, id);
                let resealed = keyring.reencrypt(sealed, &ctx).map_err(|err| {
                    StoreError::Corrupt(format!(
                        "{}.{} of {id} (key {:?}): {err}",
                        col.table,
                        col.column,
                        key_id_of(sealed)
                    ))
                })?;
                if let Some(resealed) = resealed {
                    sqlx::query(&update)
                        .bind(resealed)
                        .bind(id)
                        .bind(sealed)
                        .execute(tx.conn())
                        .await?;
                    report.resealed += 1;
                }
            }
            tx.commit().await?;
        }
    }
    Ok(report)
}
