//! Each operation's error responses: the codes it can answer with, grouped by status, each
//! response naming its codes (in the description and in `x-error-codes`, which the test
//! harness holds every error answer to). Most codes follow from the operation's shape —
//! authentication, parameters, a body, an id in the path; the rest are listed per operation.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::error::ErrorCode::{self, *};

/// What authentication can answer, on every operation that needs it.
const AUTHENTICATED: &[ErrorCode] = &[
    Unauthorized,
    InvalidToken,
    TokenExpired,
    SessionRevoked,
    ApiKeyRevoked,
    ApiKeyExpired,
    Forbidden,
    TenantSuspended,
    TenantDeleted,
    TenantRequired,
    UserDisabled,
    RateLimited,
];

/// What reading a JSON body can answer.
const WITH_BODY: &[ErrorCode] = &[
    InvalidJson,
    InvalidBody,
    InvalidField,
    UnknownField,
    ValidationFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
];

/// What query and header parameters can answer.
const WITH_PARAMETERS: &[ErrorCode] = &[InvalidParameter, ValidationFailed];

/// What an id in the path can answer: not found (also for other tenants' ids), or a path that
/// cannot be an id at all (a NUL character).
const WITH_PATH_ID: &[ErrorCode] = &[NotFound, InvalidParameter];

/// Calls to an account's connector.
const CONNECTOR: &[ErrorCode] = &[
    InvalidState,
    ConnectorBusy,
    ConnectorRefused,
    ConnectorUnavailable,
    ConnectorError,
];

/// The codes an operation answers beyond those of its shape, by `operationId`.
pub(super) const SPECIFIC: &[(&str, &[ErrorCode])] = &[
    (
        "auth_login",
        &[
            InvalidCredentials,
            RateLimited,
            UserDisabled,
            TenantSuspended,
            TenantDeleted,
        ],
    ),
    (
        "auth_refresh",
        &[
            InvalidRefreshToken,
            RefreshTokenExpired,
            RefreshTokenReused,
            SessionRevoked,
            UserDisabled,
            TenantSuspended,
            TenantDeleted,
        ],
    ),
    ("auth_logout", &[NotASession]),
    ("tenants_create", &[AlreadyExists]),
    ("tenants_update", &[InvalidState]),
    ("tenants_suspend", &[InvalidState]),
    ("tenants_activate", &[InvalidState]),
    ("tenants_delete", &[InvalidState]),
    ("users_create", &[AlreadyExists]),
    ("users_update", &[LastTenantAdmin]),
    ("users_delete", &[LastTenantAdmin]),
    (
        "accounts_create",
        &[AccountLimitReached, ConnectorUnavailable, AlreadyExists],
    ),
    ("accounts_update", &[AlreadyExists]),
    ("accounts_delete", CONNECTOR),
    ("accounts_start_login", CONNECTOR),
    ("accounts_verify", CONNECTOR),
    ("accounts_logout", CONNECTOR),
    ("accounts_conversations", CONNECTOR),
    ("accounts_qrcode", &[InvalidState]),
    ("accounts_configure_wecom_callback", &[InvalidState]),
    ("simulator_scan", CONNECTOR),
    ("simulator_confirm", CONNECTOR),
    ("simulator_require_verification", CONNECTOR),
    ("simulator_disconnect", CONNECTOR),
    ("templates_create", &[TemplateInvalid, NameTaken, NotFound]),
    ("templates_update", &[TemplateInvalid, NameTaken]),
    ("templates_delete", &[TemplateInUse]),
    ("templates_preview", &[TemplateVariables, TemplateInvalid]),
    (
        "messages_send",
        &[
            NotFound,
            QuotaExceeded,
            TemplateVariables,
            TemplateInvalid,
            IdempotencyKeyReused,
            InvalidState,
            ConnectorUnavailable,
        ],
    ),
    (
        "messages_batch_send",
        &[
            NotFound,
            IdempotencyKeyReused,
            InvalidState,
            ConnectorUnavailable,
        ],
    ),
    ("messages_cancel", &[InvalidState]),
    ("messages_retry", &[InvalidState]),
    ("webhooks_create_endpoint", &[WebhookUrlForbidden]),
    ("webhooks_update_endpoint", &[WebhookUrlForbidden]),
    ("webhooks_resend_delivery", &[EndpointDisabled]),
    ("alert_rules_create", &[AlertRuleExists]),
    ("alert_rules_update", &[AlertRuleExists, AlertRuleReadOnly]),
    ("alert_rules_delete", &[AlertRuleReadOnly]),
    ("alert_channels_create", &[ChannelUrlForbidden]),
    ("alert_channels_update", &[ChannelUrlForbidden]),
    ("monitor_account_metrics", &[MetricsUnavailable]),
    ("monitor_message_stats", &[MetricsUnavailable]),
    ("monitor_health", &[MetricsUnavailable]),
];

fn specific(operation_id: &str) -> &'static [ErrorCode] {
    SPECIFIC
        .iter()
        .find(|(id, _)| *id == operation_id)
        .map_or(&[], |(_, codes)| codes)
}

/// Every code `operation` (at `path`) can answer with.
pub(super) fn codes_of(path: &str, operation: &Value) -> BTreeSet<ErrorCode> {
    let mut codes = BTreeSet::new();
    let authenticated = operation["security"]
        .as_array()
        .is_some_and(|s| !s.is_empty());
    if authenticated {
        codes.extend(AUTHENTICATED);
    }
    if operation.get("requestBody").is_some() {
        codes.extend(WITH_BODY);
    }
    let parameters = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if parameters.iter().any(|p| p["in"] != "path") {
        codes.extend(WITH_PARAMETERS);
    }
    if path.contains('{') {
        codes.extend(WITH_PATH_ID);
    }
    if path.starts_with("/api/") {
        // Every operation of the API reads or writes the database.
        codes.insert(DatabaseUnavailable);
    }
    codes.extend(specific(
        operation["operationId"].as_str().unwrap_or_default(),
    ));
    codes
}

pub(super) fn add_error_responses(path: &str, operation: &mut Value) {
    let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
    for code in codes_of(path, operation) {
        by_status
            .entry(code.status().as_u16())
            .or_default()
            .push(code);
    }
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    responses.remove("default");
    for (status, codes) in by_status {
        let names: Vec<String> = codes.iter().map(ToString::to_string).collect();
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        responses.insert(
            status.to_string(),
            json!({
                "description": format!("{}: {}.", title(status), listed.join(", ")),
                "content": {
                    "application/json; charset=utf-8": {
                        "schema": { "$ref": "#/components/schemas/ApiError" }
                    }
                },
                "x-error-codes": names,
            }),
        );
    }
}

fn title(status: u16) -> &'static str {
    match status {
        400 => "The request is malformed",
        401 => "Not authenticated",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflicts with the object's current state",
        413 => "The body is too large",
        415 => "The body is not JSON",
        422 => "Refused by a rule",
        429 => "Too many requests; wait `Retry-After` seconds",
        502 => "The connector failed",
        503 => "Briefly unavailable; wait `Retry-After` seconds",
        _ => "Error",
    }
}
