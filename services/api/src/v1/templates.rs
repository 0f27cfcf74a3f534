//! `/api/v1/templates`: message templates with variables and versions.

use std::sync::Arc;

use fleet_core::{message::VariableSpec, roles::Role};
use fleet_messaging::{Fallback, StoredTemplate, TemplateInput};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::Value;

use super::common::{page_request, time, variables_of, ApiTags, NoContent};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
};

/// A declared variable of a template.
#[derive(Debug, Clone, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TemplateVariable {
    /// Used in the content as `{{name}}`.
    pub name: String,
    /// `string`, `integer`, `number` or `boolean`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: Option<bool>,
    /// Used when the variable is not given; must have the declared type.
    pub default: Option<Value>,
}

/// Send `template_id` instead when the connector answers with one of `error_codes`.
#[derive(Debug, Clone, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TemplateFallback {
    pub template_id: String,
    /// Connector error codes, e.g. WeCom's `45047`.
    pub error_codes: Vec<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// Unique among the tenant's templates.
    pub name: String,
    /// `text`, `image`, `file`, `at_mention`, `mini_program` or `markdown`.
    pub message_type: String,
    /// The message content with `{{variable}}` placeholders in its strings.
    pub content: Value,
    #[serde(default)]
    pub variables: Option<Vec<TemplateVariable>>,
    pub fallback: Option<TemplateFallback>,
}

#[derive(Debug, Object)]
pub struct Template {
    pub template_id: String,
    pub name: String,
    pub message_type: String,
    /// The version this answer shows (the current one unless asked otherwise).
    pub version: i64,
    pub current_version: i64,
    pub content: Value,
    pub variables: Vec<TemplateVariable>,
    pub fallback: Option<TemplateFallback>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Object)]
pub struct TemplateList {
    pub templates: Vec<Template>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    /// Values of the template's variables (an object).
    pub variables: Option<Value>,
    /// A version other than the current one.
    pub version: Option<i64>,
}

#[derive(Debug, Object)]
pub struct Preview {
    pub template_id: String,
    pub version: i64,
    pub message_type: String,
    /// The content as it would be sent.
    pub content: Value,
}

#[derive(ApiResponse)]
pub enum TemplateCreated {
    #[oai(status = 201)]
    Created(Json<Template>),
}

fn to_input(body: TemplateBody) -> ApiResult<TemplateInput> {
    let variables = body
        .variables
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let spec = serde_json::json!({
                "name": v.name, "type": v.kind, "required": v.required.unwrap_or(false), "default": v.default,
            });
            serde_json::from_value::<VariableSpec>(spec).map_err(|_| {
                ApiError::validation(fleet_core::ValidationError::new(
                    "variables",
                    format!("variables[{i}].type must be string, integer, number or boolean"),
                ))
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(TemplateInput {
        name: body.name,
        message_type: body.message_type,
        content: body.content,
        variables,
        fallback: body.fallback.map(|f| Fallback {
            template_id: f.template_id,
            error_codes: f.error_codes,
        }),
    })
}

fn to_template(t: StoredTemplate) -> Template {
    let variables = t
        .compiled
        .variables()
        .iter()
        .map(|v| TemplateVariable {
            name: v.name.clone(),
            kind: serde_json::to_value(v.kind)
                .ok()
                .and_then(|k| k.as_str().map(str::to_owned))
                .unwrap_or_default(),
            required: Some(v.required),
            default: v.default.clone(),
        })
        .collect();
    Template {
        template_id: t.record.id,
        name: t.record.name,
        message_type: t.record.message_type,
        version: t.version.version,
        current_version: t.record.current_version,
        content: t.compiled.content().clone(),
        variables,
        fallback: t.fallback.map(|f| TemplateFallback {
            template_id: f.template_id,
            error_codes: f.error_codes,
        }),
        created_at: time(t.record.created_at),
        updated_at: time(t.record.updated_at),
    }
}

pub struct TemplatesApi;

#[OpenApi(prefix_path = "/api/v1/templates", tag = "ApiTags::Templates")]
impl TemplatesApi {
    /// Create a template (operators). 422 `template_invalid` when it cannot render, 409
    /// `name_taken` when the name is in use.
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<TemplateBody>,
    ) -> ApiResult<TemplateCreated> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let created = state
            .messaging
            .create_template(tenant, to_input(body.0)?)
            .await?;
        Ok(TemplateCreated::Created(Json(to_template(created))))
    }

    /// The tenant's templates, by name.
    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<TemplateList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state.messaging.list_templates(tenant, page).await?;
        Ok(Json(TemplateList {
            templates: found.items.into_iter().map(to_template).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// A template at its current version, or at `version`.
    #[oai(path = "/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
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
    #[oai(path = "/:id", method = "put")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<TemplateBody>,
    ) -> ApiResult<Json<Template>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let updated = state
            .messaging
            .update_template(tenant, &id.0, to_input(body.0)?)
            .await?;
        Ok(Json(to_template(updated)))
    }

    /// Delete a template (operators). 409 `template_in_use` while others fall back to it.
    #[oai(path = "/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        state.messaging.delete_template(tenant, &id.0).await?;
        Ok(NoContent::Done)
    }

    /// Render a template with variables, without sending. 422 `template_variables` names each
    /// missing, mistyped or unknown variable.
    #[oai(path = "/:id/preview", method = "post")]
    async fn preview(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<PreviewBody>,
    ) -> ApiResult<Json<Preview>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let values = variables_of(body.0.variables)?;
        let (template, content) = state
            .messaging
            .preview_template(tenant, &id.0, body.0.version, &values)
            .await?;
        Ok(Json(Preview {
            template_id: template.record.id,
            version: template.version.version,
            message_type: template.record.message_type,
            content,
        }))
    }
}
