//! The one `Error` schema every error response carries.

use poem_openapi::{Enum, Object};

use super::ErrorCode;
use crate::types::Timestamp;

/// An error. `code` is for programs, `message` for people, `details` adds what the code names.
#[derive(Debug, Clone, Object)]
#[oai(rename = "ApiError", skip_serializing_if_is_none)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// A sentence for people; its wording may change.
    pub message: String,
    pub details: Option<Box<ErrorDetails>>,
    /// The request's `X-Request-Id`, also in the service's logs: quote it when reporting a
    /// problem.
    pub request_id: Option<String>,
}

/// What an error's code refers to; which fields appear depends on the code.
#[derive(Debug, Clone, Default, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ErrorDetails {
    /// The request field at fault, as a path such as `messages[3].content` or a parameter name.
    pub field: Option<String>,
    /// Why the field was refused.
    pub reason: Option<String>,
    /// The limit that was reached (quota, rate limit, account limit).
    pub limit: Option<i64>,
    /// How much of the limit is used.
    pub used: Option<i64>,
    /// Whose quota: `tenant` or `account`.
    pub scope: Option<String>,
    /// When the quota starts afresh.
    pub resets_at: Option<Timestamp>,
    /// The same wait as the `Retry-After` header.
    pub retry_after_seconds: Option<u64>,
    /// The largest body accepted.
    pub limit_bytes: Option<u64>,
    /// The object's current status (`invalid_state`).
    pub status: Option<String>,
    /// The account's login stage (`invalid_state` on accounts).
    pub login_stage: Option<String>,
    /// The lifecycle event that did not apply (`invalid_state` on accounts).
    pub event: Option<String>,
    /// The action that did not apply (`invalid_state` on messages).
    pub action: Option<String>,
    /// The connector kind (`connector_unavailable`).
    pub connector: Option<String>,
    /// The connector's own error code, e.g. WeCom's `45009`.
    pub connector_code: Option<String>,
    /// The name already taken (`name_taken`).
    pub name: Option<String>,
    /// Templates that fall back to this one (`template_in_use`).
    pub templates: Option<Vec<String>>,
    /// Why a template does not compile (`template_invalid`).
    pub problems: Option<Vec<TemplateProblem>>,
    /// Why variables do not fit a template (`template_variables`).
    pub variables: Option<Vec<VariableProblem>>,
}

/// One reason a template does not compile.
#[derive(Debug, Clone, Object)]
pub struct TemplateProblem {
    /// Where: `content.text`, `variables[2].name`, …
    pub path: String,
    pub message: String,
}

/// Why one variable (or the rendered content, under the name `content`) does not fit.
#[derive(Debug, Clone, Object)]
pub struct VariableProblem {
    pub name: String,
    pub code: VariableProblemCode,
    pub message: String,
}

impl From<&fleet_core::message::TemplateProblem> for TemplateProblem {
    fn from(p: &fleet_core::message::TemplateProblem) -> Self {
        Self {
            path: p.path.clone(),
            message: p.message.clone(),
        }
    }
}

impl From<&fleet_core::message::VariableProblem> for VariableProblem {
    fn from(p: &fleet_core::message::VariableProblem) -> Self {
        Self {
            name: p.name.clone(),
            code: match p.code {
                "missing" => VariableProblemCode::Missing,
                "wrong_type" => VariableProblemCode::WrongType,
                "unknown" => VariableProblemCode::Unknown,
                _ => VariableProblemCode::InvalidContent,
            },
            message: p.message.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum VariableProblemCode {
    /// A required variable without a default was not given.
    Missing,
    /// The value does not have the declared type.
    WrongType,
    /// The template declares no such variable.
    Unknown,
    /// The content, once filled in, is not valid for its message type.
    InvalidContent,
}
