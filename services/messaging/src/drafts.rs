//! A message as a client asks for it, checked and rendered into what will be stored.

use std::collections::HashMap;

use fleet_core::{
    clock::{Millis, DAY_MS},
    ids::TenantId,
    message::{check_content, MessageType},
    ValidationError,
};
use fleet_store::Tx;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{templates::load, templates::StoredTemplate, MessagingError};

/// One message to send: either `content` with its `message_type`, or a template with variables.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub conversation_id: String,
    pub message_type: Option<String>,
    pub content: Option<Value>,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    pub variables: Option<Map<String, Value>>,
    /// Send no earlier than this (milliseconds since the epoch).
    pub send_time: Option<Millis>,
}

/// A draft ready to store.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub conversation_id: String,
    pub message_type: MessageType,
    pub content: Value,
    pub template: Option<(String, i64)>,
    pub variables: Option<Map<String, Value>>,
    pub send_time: Option<Millis>,
}

/// How far ahead a send may be scheduled.
const MAX_SCHEDULE_AHEAD: Millis = 30 * DAY_MS;
/// A send time this far in the past is taken as a mistake rather than "now".
const PAST_TOLERANCE: Millis = 60_000;

/// Templates read while rendering one request, so a batch reads each once.
#[derive(Default)]
pub(crate) struct TemplateCache(HashMap<(String, Option<i64>), StoredTemplate>);

impl TemplateCache {
    async fn get(
        &mut self,
        tx: &mut Tx,
        tenant: TenantId,
        id: &str,
        version: Option<i64>,
    ) -> Result<&StoredTemplate, MessagingError> {
        let key = (id.to_owned(), version);
        if !self.0.contains_key(&key) {
            let template = load(tx, tenant, id, version).await?;
            self.0.insert(key.clone(), template);
        }
        self.0
            .get(&key)
            .ok_or_else(|| MessagingError::Corrupt("template cache lost an entry".into()))
    }
}

/// Checks a draft and renders its template.
pub(crate) async fn render(
    tx: &mut Tx,
    tenant: TenantId,
    draft: &Draft,
    templates: &mut TemplateCache,
    now: Millis,
) -> Result<Rendered, MessagingError> {
    let conversation_id = draft.conversation_id.trim();
    if conversation_id.is_empty() || conversation_id.len() > 256 {
        return Err(ValidationError::new("conversation_id", "must be 1-256 characters").into());
    }
    if let Some(at) = draft.send_time {
        if at < now - PAST_TOLERANCE || at > now + MAX_SCHEDULE_AHEAD {
            return Err(
                ValidationError::new("send_time", "must be between now and 30 days ahead").into(),
            );
        }
    }
    let (message_type, content, template) = match (&draft.template_id, &draft.content) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(ValidationError::new(
                "content",
                "give either content or template_id, not both or neither",
            )
            .into())
        }
        (None, Some(content)) => {
            if draft.variables.is_some() || draft.template_version.is_some() {
                return Err(ValidationError::new(
                    "variables",
                    "variables and template_version need a template_id",
                )
                .into());
            }
            let kind: MessageType = draft
                .message_type
                .as_deref()
                .ok_or_else(|| ValidationError::new("message_type", "is required with content"))?
                .parse()?;
            check_content(kind, content)?;
            (kind, content.clone(), None)
        }
        (Some(id), None) => {
            let stored = templates
                .get(tx, tenant, id, draft.template_version)
                .await?;
            let kind = stored.compiled.message_type();
            if let Some(asked) = &draft.message_type {
                if asked != kind.as_str() {
                    return Err(ValidationError::new(
                        "message_type",
                        format!("the template sends {kind} messages"),
                    )
                    .into());
                }
            }
            let content = stored
                .compiled
                .render(draft.variables.as_ref().unwrap_or(&Map::new()))
                .map_err(MessagingError::TemplateVariables)?;
            (kind, content, Some((id.clone(), stored.version.version)))
        }
    };
    Ok(Rendered {
        conversation_id: conversation_id.to_owned(),
        message_type,
        content,
        template,
        variables: draft.variables.clone(),
        send_time: draft.send_time.filter(|at| *at > now),
    })
}
