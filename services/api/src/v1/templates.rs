//! `/api/v1/templates`: message templates with variables and versions.

use std::sync::Arc;

use fleet_core::{
    audit::AuditAction,
    message::{MessageType, VariableSpec, VariableType},
    roles::Role,
};
use fleet_messaging::{Fallback, StoredTemplate, TemplateInput};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;

use super::{
    audited::{audited, shown},
    common::{ApiTags, NoContent},
    content::ContentKinds,
    values::{VariableValue, Variables},
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, OneOf, Page, PageNumber, PageSize, Timestamp, Variant},
};

/// A declared variable of a template.
#[derive(Debug, Clone, Object, Deserialize)]
#[oai(deny_unknown_fields, skip_serializing_if_is_none)]
#[serde(deny_unknown_fields)]
pub struct TemplateVariable {
    /// Used in the content as `{{name}}`: a letter or `_`, then letters, digits or `_`.
    #[oai(validator(min_length = 1, max_length = 64))]
    pub name: String,
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: VariableType,
    /// A required variable without a default must be given at render time (default false).
    #[serde(default)]
    pub required: Option<bool>,
    /// Used when the variable is not given; must have the declared type.
    pub default: Option<VariableValue>,
}

/// Send `template_id` instead when the connector answers with one of `error_codes`.
#[derive(Debug, Clone, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TemplateFallback {
    pub template_id: String,
    /// Connector error codes, e.g. WeCom's `45047`; 1–20 of them.
    #[oai(validator(min_items = 1, max_items = 20))]
    pub error_codes: Vec<String>,
}

/// The fields of a template as written, beside its `message_type` and `content`.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TemplateBodyFields {
    /// Unique among the tenant's templates; 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
    /// At most 50.
    #[serde(default)]
    #[oai(validator(max_items = 50))]
    pub variables: Option<Vec<TemplateVariable>>,
    pub fallback: Option<TemplateFallback>,
}

impl Variant for TemplateBodyFields {
    type Kinds = ContentKinds;
    const UNION: &'static str = "TemplateBody";
    const DESCRIPTION: &'static str = "A template to create or replace: `content` with \
        `{{variable}}` placeholders in its strings, shaped by `message_type`.";
}

pub type TemplateBody = OneOf<TemplateBodyFields>;

/// The fields of a stored template, beside its `message_type` and `content`.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct TemplateFields {
    pub template_id: String,
    pub name: String,
    /// The version this answer shows (the current one unless asked otherwise).
    pub version: i64,
    pub current_version: i64,
    pub variables: Vec<TemplateVariable>,
    pub fallback: Option<TemplateFallback>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Variant for TemplateFields {
    type Kinds = ContentKinds;
    const UNION: &'static str = "Template";
    const DESCRIPTION: &'static str = "A template at one of its versions.";
}

pub type Template = OneOf<TemplateFields>;

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    /// Values of the template's variables.
    pub variables: Option<Variables>,
    /// A version other than the current one.
    #[oai(validator(minimum(value = "1")))]
    pub version: Option<i64>,
}

/// The rendered template's `content`, as it would be sent.
#[derive(Debug, Object)]
pub struct PreviewFields {
    pub template_id: String,
    pub version: i64,
}

impl Variant for PreviewFields {
    type Kinds = ContentKinds;
    const UNION: &'static str = "Preview";
    const DESCRIPTION: &'static str = "A template rendered with variables, as it would be sent.";
}

pub type Preview = OneOf<PreviewFields>;

#[derive(ApiResponse)]
pub enum TemplateCreated {
    #[oai(status = 201)]
    Created(Json<Template>),
}

fn to_input(body: TemplateBody) -> TemplateInput {
    let fields = body.fields;
    TemplateInput {
        name: fields.name,
        message_type: body.kind,
        content: body.payload.unwrap_or_default(),
        variables: fields
            .variables
            .unwrap_or_default()
            .into_iter()
            .map(|v| VariableSpec {
                name: v.name,
                kind: v.kind,
                required: v.required.unwrap_or(false),
                default: v.default.map(VariableValue::into_inner),
            })
            .collect(),
        fallback: fields.fallback.map(|f| Fallback {
            template_id: f.template_id,
            error_codes: f.error_codes,
        }),
    }
}

fn to_template(t: StoredTemplate) -> Template {
    let variables = t
        .compiled
        .variables()
        .iter()
        .map(|v| TemplateVariable {
            name: v.name.clone(),
            kind: v.kind,
            required: Some(v.required),
            default: v.default.clone().map(VariableValue),
        })
        .collect();
    let fields = TemplateFields {
        template_id: t.record.id,
        name: t.record.name,
        version: t.version.version,
        current_version: t.record.current_version,
        variables,
        fallback: t.fallback.map(|f| TemplateFallback {
            template_id: f.template_id,
            error_codes: f.error_codes,
        }),
        created_at: Timestamp(t.record.created_at),
        updated_at: Timestamp(t.record.updated_at),
    };
    OneOf::new(
        fields,
        t.compiled.message_type().as_str(),
        Some(t.compiled.content().clone()),
    )
}

#[derive(Default)]
pub struct TemplatesApi;

#[OpenApi(prefix_path = "/api/v1/templates", tag = "ApiTags::Templates")]
impl TemplatesApi {
    /// Create a template (operators). 422 `template_invalid` when it cannot render, 409
    /// `name_taken` when the name is in use.
    #[oai(path = "/", method = "post", operation_id = "templates_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<TemplateBody>,
    ) -> ApiResult<TemplateCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let created = state
            .messaging
            .create_template(tenant, to_input(body.0))
            .await?;
        let template = to_template(created);
        let target = ("template", template.fields.template_id.clone());
        let after = shown(&template);
        audited(
            &state,
            &principal,
            AuditAction::TemplateCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(TemplateCreated::Created(Json(template)))
    }

    /// The tenant's templates, by name.
    #[oai(path = "/", method = "get", operation_id = "templates_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Template>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .messaging
            .list_templates(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |t| Ok(to_template(t)))?))
    }

    /// A template at its current version, or at `version`.
    #[oai(path = "/:id", method = "get", operation_id = "templates_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        /// A version other than the current one.
        #[oai(validator(minimum(value = "1")))]
        version: Query<Option<i64>>,
    ) -> ApiResult<Json<Template>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .messaging
            .get_template(tenant, &id.0, version.0)
            .await?;
        Ok(Json(to_template(found)))
    }

    /// Replace a template (operators). A change of type, content or variables makes a new
    /// version; accepted messages keep theirs.
    #[oai(path = "/:id", method = "put", operation_id = "templates_update")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<TemplateBody>,
    ) -> ApiResult<Json<Template>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let before = shown(&to_template(
            state.messaging.get_template(tenant, &id.0, None).await?,
        ));
        let updated = state
            .messaging
            .update_template(tenant, &id.0, to_input(body.0))
            .await?;
        let template = to_template(updated);
        let target = ("template", id.0.clone());
        let after = shown(&template);
        audited(
            &state,
            &principal,
            AuditAction::TemplateUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(template))
    }

    /// Delete a template (operators). 409 `template_in_use` while others fall back to it.
    #[oai(path = "/:id", method = "delete", operation_id = "templates_delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::Operator)?;
        let before = shown(&to_template(
            state.messaging.get_template(tenant, &id.0, None).await?,
        ));
        state.messaging.delete_template(tenant, &id.0).await?;
        let target = ("template", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::TemplateDeleted,
            target,
            before,
            None,
        )
        .await;
        Ok(NoContent::Done)
    }

    /// Render a template with variables, without sending. 422 `template_variables` names each
    /// missing, mistyped or unknown variable.
    #[oai(
        path = "/:id/preview",
        method = "post",
        operation_id = "templates_preview"
    )]
    async fn preview(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<PreviewBody>,
    ) -> ApiResult<Json<Preview>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let values = super::values::variables_map(body.0.variables);
        let (template, content) = state
            .messaging
            .preview_template(tenant, &id.0, body.0.version, &values)
            .await?;
        let message_type: MessageType = template.compiled.message_type();
        Ok(Json(OneOf::new(
            PreviewFields {
                template_id: template.record.id,
                version: template.version.version,
            },
            message_type.as_str(),
            Some(content),
        )))
    }
}
