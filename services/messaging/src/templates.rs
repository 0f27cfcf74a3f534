//! Template management: create, change (each content change is a new version), delete,
//! preview. Templates are compiled when saved, so one that cannot render is refused then
//! rather than at send time.

use fleet_core::{
    clock::now_ms,
    ids::TenantId,
    message::{MessageType, Template, VariableSpec},
    paging::{Page, PageRequest},
    validation::bounded_text,
    ValidationError,
};
use fleet_store::{
    messaging::templates::{self as repo, TemplateRecord, VersionRecord},
    Scope, Tx,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{MessagingError, MessagingService};

/// What a client sends to create or replace a template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateInput {
    pub name: String,
    pub message_type: String,
    pub content: Value,
    #[serde(default)]
    pub variables: Vec<VariableSpec>,
    pub fallback: Option<Fallback>,
}

/// The alternate template to send when the connector answers with one of `error_codes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fallback {
    pub template_id: String,
    pub error_codes: Vec<String>,
}

/// A template at one of its versions, compiled.
#[derive(Debug, Clone)]
pub struct StoredTemplate {
    pub record: TemplateRecord,
    pub version: VersionRecord,
    pub compiled: Template,
    pub fallback: Option<Fallback>,
}

/// The most codes a fallback may list.
const MAX_FALLBACK_CODES: usize = 20;

impl StoredTemplate {
    fn from_rows(record: TemplateRecord, version: VersionRecord) -> Result<Self, MessagingError> {
        let message_type: MessageType = version
            .message_type
            .as_deref()
            .unwrap_or(&record.message_type)
            .parse()
            .map_err(MessagingError::corrupt)?;
        let content: Value =
            serde_json::from_str(&version.content).map_err(MessagingError::corrupt)?;
        let variables: Vec<VariableSpec> =
            serde_json::from_str(&version.variables).map_err(MessagingError::corrupt)?;
        let compiled =
            Template::compile(message_type, content, variables).map_err(MessagingError::corrupt)?;
        let codes: Vec<String> =
            serde_json::from_str(&record.fallback_codes).map_err(MessagingError::corrupt)?;
        let fallback = record
            .fallback_template_id
            .clone()
            .map(|template_id| Fallback {
                template_id,
                error_codes: codes,
            });
        Ok(Self {
            record,
            version,
            compiled,
            fallback,
        })
    }

    /// The fallback to use when the connector failed with `code`.
    pub fn fallback_for(&self, code: &str) -> Option<&str> {
        self.fallback
            .as_ref()
            .filter(|f| f.error_codes.iter().any(|c| c == code))
            .map(|f| f.template_id.as_str())
    }
}

/// A live template read inside `tx`: the current version unless `version` names another.
/// (A deleted template's versions stay stored for its messages, but are not loaded here.)
pub(crate) async fn load(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    version: Option<i64>,
) -> Result<StoredTemplate, MessagingError> {
    let record = repo::get(tx, tenant, id)
        .await?
        .ok_or(MessagingError::NotFound("template"))?;
    let number = version.unwrap_or(record.current_version);
    let version = repo::get_version(tx, tenant, id, number)
        .await?
        .ok_or(MessagingError::NotFound("template version"))?;
    StoredTemplate::from_rows(record, version)
}

/// Checked input, ready to store.
struct Checked {
    name: String,
    message_type: MessageType,
    template: Template,
    fallback: Option<Fallback>,
}

fn check_input(input: TemplateInput) -> Result<Checked, MessagingError> {
    let name = bounded_text("name", &input.name, 1, 100)?;
    let message_type: MessageType = input.message_type.parse()?;
    let template = Template::compile(message_type, input.content, input.variables)?;
    if let Some(fallback) = &input.fallback {
        let codes = &fallback.error_codes;
        if codes.is_empty() || codes.len() > MAX_FALLBACK_CODES {
            return Err(ValidationError::new(
                "fallback.error_codes",
                format!("must list 1 to {MAX_FALLBACK_CODES} error codes"),
            )
            .into());
        }
        if codes.iter().any(|c| c.trim().is_empty() || c.len() > 64) {
            return Err(ValidationError::new(
                "fallback.error_codes",
                "each code must be 1-64 characters",
            )
            .into());
        }
    }
    Ok(Checked {
        name,
        message_type,
        template,
        fallback: input.fallback,
    })
}

impl MessagingService {
    pub async fn create_template(
        &self,
        tenant: TenantId,
        input: TemplateInput,
    ) -> Result<StoredTemplate, MessagingError> {
        let checked = check_input(input)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if repo::name_taken(&mut tx, tenant, &checked.name, None).await? {
            return Err(MessagingError::NameTaken(checked.name));
        }
        let id = uuid::Uuid::now_v7().to_string();
        check_fallback(&mut tx, tenant, &id, checked.fallback.as_ref()).await?;
        let now = now_ms();
        let record = TemplateRecord {
            id: id.clone(),
            tenant_id: tenant.to_string(),
            name: checked.name,
            message_type: checked.message_type.as_str().to_owned(),
            current_version: 1,
            fallback_template_id: checked.fallback.as_ref().map(|f| f.template_id.clone()),
            fallback_codes: codes_json(checked.fallback.as_ref()),
            deleted_at: None,
            created_at: now,
            updated_at: now,
        };
        repo::insert(&mut tx, &record).await?;
        let version = version_row(&record, &checked.template, now);
        repo::insert_version(&mut tx, &version).await?;
        tx.commit().await?;
        StoredTemplate::from_rows(record, version)
    }

    /// Replaces a template. A change of type, content or variables makes a new version;
    /// messages already accepted keep the version they were rendered from.
    pub async fn update_template(
        &self,
        tenant: TenantId,
        id: &str,
        input: TemplateInput,
    ) -> Result<StoredTemplate, MessagingError> {
        let checked = check_input(input)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let current = load(&mut tx, tenant, id, None).await?;
        if repo::name_taken(&mut tx, tenant, &checked.name, Some(id)).await? {
            return Err(MessagingError::NameTaken(checked.name));
        }
        check_fallback(&mut tx, tenant, id, checked.fallback.as_ref()).await?;
        let now = now_ms();
        let changed = current.compiled != checked.template;
        let mut record = current.record;
        record.name = checked.name;
        record.message_type = checked.message_type.as_str().to_owned();
        record.fallback_template_id = checked.fallback.as_ref().map(|f| f.template_id.clone());
        record.fallback_codes = codes_json(checked.fallback.as_ref());
        record.updated_at = now;
        let version = if changed {
            record.current_version += 1;
            let version = version_row(&record, &checked.template, now);
            repo::insert_version(&mut tx, &version).await?;
            version
        } else {
            current.version
        };
        repo::update(&mut tx, &record).await?;
        tx.commit().await?;
        StoredTemplate::from_rows(record, version)
    }

    /// Deletes a template no other template falls back to. Its versions stay for the
    /// messages rendered from them.
    pub async fn delete_template(&self, tenant: TenantId, id: &str) -> Result<(), MessagingError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut record = repo::get(&mut tx, tenant, id)
            .await?
            .ok_or(MessagingError::NotFound("template"))?;
        let users = repo::fallback_users(&mut tx, tenant, id).await?;
        if !users.is_empty() {
            return Err(MessagingError::InUse(users));
        }
        let now = now_ms();
        record.deleted_at = Some(now);
        record.updated_at = now;
        repo::update(&mut tx, &record).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn get_template(
        &self,
        tenant: TenantId,
        id: &str,
        version: Option<i64>,
    ) -> Result<StoredTemplate, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        load(&mut tx, tenant, id, version).await
    }

    pub async fn list_templates(
        &self,
        tenant: TenantId,
        page: PageRequest,
    ) -> Result<Page<StoredTemplate>, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let rows = repo::list(&mut tx, tenant, page).await?;
        let mut items = Vec::with_capacity(rows.items.len());
        for record in rows.items {
            let version = repo::get_version(&mut tx, tenant, &record.id, record.current_version)
                .await?
                .ok_or_else(|| {
                    MessagingError::Corrupt(format!("template {} lost its version", record.id))
                })?;
            items.push(StoredTemplate::from_rows(record, version)?);
        }
        Ok(Page {
            items,
            total: rows.total,
            request: rows.request,
        })
    }

    /// Renders a template (the current version unless `version` names one) with `values`.
    pub async fn preview_template(
        &self,
        tenant: TenantId,
        id: &str,
        version: Option<i64>,
        values: &Map<String, Value>,
    ) -> Result<(StoredTemplate, Value), MessagingError> {
        let template = self.get_template(tenant, id, version).await?;
        let content = template
            .compiled
            .render(values)
            .map_err(MessagingError::TemplateVariables)?;
        Ok((template, content))
    }
}

/// A fallback must be another live template of the tenant, and following fallbacks from it
/// must not lead back to `id`.
async fn check_fallback(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    fallback: Option<&Fallback>,
) -> Result<(), MessagingError> {
    let Some(fallback) = fallback else {
        return Ok(());
    };
    let field = "fallback.template_id";
    let mut next = Some(fallback.template_id.clone());
    let mut hops = 0;
    while let Some(current) = next {
        if current == id {
            return Err(ValidationError::new(
                field,
                "the fallback chain leads back to this template",
            )
            .into());
        }
        let record = repo::get(tx, tenant, &current).await?.ok_or_else(|| {
            ValidationError::new(field, format!("no template `{current}` in this tenant"))
        })?;
        hops += 1;
        if hops > 10 {
            return Err(ValidationError::new(field, "the fallback chain is longer than 10").into());
        }
        next = record.fallback_template_id;
    }
    Ok(())
}

fn codes_json(fallback: Option<&Fallback>) -> String {
    let codes: &[String] = fallback.map(|f| f.error_codes.as_slice()).unwrap_or(&[]);
    serde_json::to_string(codes).unwrap_or_else(|_| "[]".into())
}

fn version_row(record: &TemplateRecord, template: &Template, now: i64) -> VersionRecord {
    VersionRecord {
        template_id: record.id.clone(),
        version: record.current_version,
        tenant_id: record.tenant_id.clone(),
        content: template.content().to_string(),
        variables: serde_json::to_string(template.variables()).unwrap_or_else(|_| "[]".into()),
        created_at: now,
        message_type: Some(template.message_type().as_str().to_owned()),
    }
}
