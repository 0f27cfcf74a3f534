//! The queue over the `messages` table. A worker claims due pending rows by writing a lease
//! (a random token and an expiry) on them; on PostgreSQL the claim skips rows other workers
//! are claiming (`FOR UPDATE SKIP LOCKED`), on SQLite the write lock serialises claims. Every
//! later write by the worker names its lease token, so a worker whose lease expired (and whose
//! row another worker took over) changes nothing.

use fleet_core::clock::Millis;

use super::messages::{MessageRecord, COLUMNS};
use crate::{StoreError, Tx};

/// Leases up to `limit` due pending messages (oldest due first) whose account is not being
/// held back by pacing, and returns them. (The CTE is `MATERIALIZED` so that PostgreSQL picks
/// the rows once; see `webhooks::deliveries::claim`.)
pub async fn claim(
    tx: &mut Tx,
    lease_token: &str,
    lease_expires_at: Millis,
    now: Millis,
    limit: i64,
) -> Result<Vec<MessageRecord>, StoreError> {
    let skip_locked = tx.dialect().skip_locked();
    let sql = format!(
        "WITH due AS MATERIALIZED ( \
           SELECT m.id FROM messages m WHERE m.status = 'pending' AND m.due_at <= $3 \
           AND (m.lease_expires_at IS NULL OR m.lease_expires_at <= $3) \
           AND NOT EXISTS (SELECT 1 FROM account_pacing p WHERE p.account_id = m.account_id AND p.next_send_at > $3) \
           ORDER BY m.due_at LIMIT $4{skip_locked}) \
         UPDATE messages SET lease_token = $1, lease_expires_at = $2 WHERE id IN (SELECT id FROM due) \
         RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(lease_token)
        .bind(lease_expires_at)
        .bind(now)
        .bind(limit)
        .fetch_all(tx.conn())
        .await?)
}

/// Returns messages whose worker vanished mid-send (lease expired while `sending`) to the
/// queue, due at once. The resend carries the same client message id.
pub async fn release_expired(tx: &mut Tx, now: Millis) -> Result<Vec<MessageRecord>, StoreError> {
    let sql = format!(
        "UPDATE messages SET status = 'pending', due_at = $1, lease_token = NULL, lease_expires_at = NULL, \
         updated_at = $1 WHERE status = 'sending' AND lease_expires_at <= $1 RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql).bind(now).fetch_all(tx.conn()).await?)
}

/// A leased pending message becomes `sending` (one more attempt). False when the lease was lost.
pub async fn start_sending(
    tx: &mut Tx,
    id: &str,
    lease_token: &str,
    lease_expires_at: Millis,
    now: Millis,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE messages SET status = 'sending', attempts = attempts + 1, lease_expires_at = $3, updated_at = $4 \
         WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
    )
    .bind(id)
    .bind(lease_token)
    .bind(lease_expires_at)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a leased pending message back to the queue, due at `due_at` (pacing held it back).
pub async fn defer(
    tx: &mut Tx,
    id: &str,
    lease_token: &str,
    due_at: Millis,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE messages SET due_at = $3, lease_token = NULL, lease_expires_at = NULL \
         WHERE id = $1 AND lease_token = $2 AND status = 'pending'",
    )
    .bind(id)
    .bind(lease_token)
    .bind(due_at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a send attempt ended, as written to the row.
#[derive(Debug, Clone)]
pub enum Outcome<'a> {
    Sent {
        provider_message_id: &'a str,
    },
    /// Back to the queue at `due_at` (a retry).
    Retry {
        due_at: Millis,
        code: &'a str,
        error: &'a str,
    },
    /// `failed`; `dead_lettered` when retries ran out.
    Failed {
        code: &'a str,
        error: &'a str,
        dead_lettered: bool,
    },
    /// The content was replaced by a fallback; due at once with a fresh attempt count.
    Fallback {
        message_type: &'a str,
        content: &'a str,
        template_id: &'a str,
        template_version: i64,
        client_message_id: &'a str,
        code: &'a str,
        error: &'a str,
    },
}

impl Outcome<'_> {
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Sent { .. } => "sent",
            Outcome::Retry { .. } | Outcome::Fallback { .. } => "pending",
            Outcome::Failed { .. } => "failed",
        }
    }
}

/// Records the end of an attempt on a `sending` message the caller still holds. False when
/// the lease was lost (another worker took the message over): nothing is written.
pub async fn finish(
    tx: &mut Tx,
    id: &str,
    lease_token: &str,
    outcome: &Outcome<'_>,
    now: Millis,
) -> Result<bool, StoreError> {
    const FENCE: &str = "WHERE id = $1 AND lease_token = $2 AND status = 'sending'";
    const RELEASE: &str = "lease_token = NULL, lease_expires_at = NULL";
    let done = match *outcome {
        Outcome::Sent {
            provider_message_id,
        } => {
            sqlx::query(&format!(
                "UPDATE messages SET status = 'sent', provider_message_id = $3, sent_at = $4, updated_at = $4, \
                 last_error_code = NULL, last_error = NULL, {RELEASE} {FENCE}"
            ))
            .bind(id)
            .bind(lease_token)
            .bind(provider_message_id)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
        Outcome::Retry {
            due_at,
            code,
            error,
        } => {
            sqlx::query(&format!(
                "UPDATE messages SET status = 'pending', due_at = $3, last_error_code = $4, last_error = $5, \
                 updated_at = $6, {RELEASE} {FENCE}"
            ))
            .bind(id)
            .bind(lease_token)
            .bind(due_at)
            .bind(code)
            .bind(error)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
        Outcome::Failed {
            code,
            error,
            dead_lettered,
        } => {
            sqlx::query(&format!(
                "UPDATE messages SET status = 'failed', last_error_code = $3, last_error = $4, dead_lettered = $5, \
                 updated_at = $6, {RELEASE} {FENCE}"
            ))
            .bind(id)
            .bind(lease_token)
            .bind(code)
            .bind(error)
            .bind(i64::from(dead_lettered))
            .bind(now)
            .execute(tx.conn())
            .await?
        }
        Outcome::Fallback {
            message_type,
            content,
            template_id,
            template_version,
            client_message_id,
            code,
            error,
        } => {
            sqlx::query(&format!(
                "UPDATE messages SET status = 'pending', message_type = $3, content = $4, template_id = $5, \
                 template_version = $6, client_message_id = $7, last_error_code = $8, last_error = $9, \
                 attempts = 0, fallback_depth = fallback_depth + 1, due_at = $10, updated_at = $10, {RELEASE} {FENCE}"
            ))
            .bind(id)
            .bind(lease_token)
            .bind(message_type)
            .bind(content)
            .bind(template_id)
            .bind(template_version)
            .bind(client_message_id)
            .bind(code)
            .bind(error)
            .bind(now)
            .execute(tx.conn())
            .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// A sent message was lost after all, as its connector reports later (the recipient left, the
/// provider gave up). Returns the message when this report changed it.
pub async fn mark_failed_after_send(
    tx: &mut Tx,
    account_id: &str,
    client_message_id: &str,
    error_code: &str,
    error: &str,
    now: Millis,
) -> Result<Option<MessageRecord>, StoreError> {
    let sql = format!(
        "UPDATE messages SET status = 'failed', last_error_code = $3, last_error = $4, updated_at = $5 \
         WHERE account_id = $1 AND client_message_id = $2 AND status = 'sent' RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(account_id)
        .bind(client_message_id)
        .bind(error_code)
        .bind(error)
        .bind(now)
        .fetch_optional(tx.conn())
        .await?)
}

/// The status of the message a connector knows by `client_message_id`, if there is one.
pub async fn status_by_client_id(
    tx: &mut Tx,
    account_id: &str,
    client_message_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT status FROM messages WHERE account_id = $1 AND client_message_id = $2 \
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(client_message_id)
    .fetch_optional(tx.conn())
    .await?)
}

/// A sent message reached its recipient, as its connector reports by client message id.
/// Returns the message when this report changed it (a repeated report changes nothing).
pub async fn mark_delivered(
    tx: &mut Tx,
    account_id: &str,
    client_message_id: &str,
    now: Millis,
) -> Result<Option<MessageRecord>, StoreError> {
    let sql = format!(
        "UPDATE messages SET status = 'delivered', delivered_at = $3, updated_at = $3 \
         WHERE account_id = $1 AND client_message_id = $2 AND status = 'sent' RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(account_id)
        .bind(client_message_id)
        .bind(now)
        .fetch_optional(tx.conn())
        .await?)
}
