use std::sync::Arc;

use poem::{get, middleware::CatchPanic, Endpoint, EndpointExt, Route};
use poem_openapi::OpenApiService;

use crate::{
    error_catcher::{normalise_errors, panic_response},
    health::HealthApi,
    http_metrics::{metrics_endpoint, prometheus, record_http_metrics},
    json_body::BodyLimit,
    provider_callbacks,
    state::AppState,
    v1, wecom_callbacks,
};

type Apis = (
    HealthApi,
    v1::auth::AuthApi,
    v1::tenants::TenantsApi,
    v1::users::UsersApi,
    v1::api_keys::ApiKeysApi,
    v1::audit::AuditApi,
    v1::accounts::AccountsApi,
    v1::simulator::SimulatorApi,
    v1::templates::TemplatesApi,
    v1::messages::MessagesApi,
    v1::pacing::PacingApi,
    v1::callbacks::CallbacksApi,
    v1::webhooks::WebhooksApi,
    AlertingApis,
);

/// The alerting and monitor operations (a nested tuple: poem-openapi takes at most 16).
type AlertingApis = (
    v1::alerts::AlertsApi,
    v1::alert_rules::AlertRulesApi,
    v1::alert_silences::AlertSilencesApi,
    v1::alert_channels::AlertChannelsApi,
    v1::monitor::MonitorApi,
);

fn api_service() -> OpenApiService<Apis, ()> {
    OpenApiService::new(
        (
            HealthApi,
            v1::auth::AuthApi,
            v1::tenants::TenantsApi,
            v1::users::UsersApi,
            v1::api_keys::ApiKeysApi,
            v1::audit::AuditApi,
            v1::accounts::AccountsApi,
            v1::simulator::SimulatorApi,
            v1::templates::TemplatesApi,
            v1::messages::MessagesApi,
            v1::pacing::PacingApi,
            v1::callbacks::CallbacksApi,
            v1::webhooks::WebhooksApi,
            (
                v1::alerts::AlertsApi,
                v1::alert_rules::AlertRulesApi,
                v1::alert_silences::AlertSilencesApi,
                v1::alert_channels::AlertChannelsApi,
                v1::monitor::MonitorApi,
            ),
        ),
        "WeCom Fleet API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "Multi-tenant management of WeCom (enterprise WeChat) accounts. Authenticate with \
         `Authorization: Bearer <access token or API key>`. Errors are `{code, message, details}`.",
    )
}

/// The OpenAPI document, as checked in at `openapi/openapi.json`.
pub fn openapi_json() -> String {
    api_service().spec()
}

/// The whole HTTP application: API, Swagger UI at `/docs`, the document at `/openapi.json`,
/// Prometheus text at `/metrics`.
pub fn build_app(state: Arc<AppState>) -> impl Endpoint<Output = poem::Response> {
    prometheus();
    let api = api_service();
    let docs = api.swagger_ui();
    let spec = api.spec_endpoint();
    let body_limit = BodyLimit(state.settings.max_body_bytes);
    let sink = state
        .metric_writer
        .clone()
        .map(|w| Arc::new(w) as Arc<dyn fleet_core::metric_sink::MetricSink>);
    Route::new()
        .nest("/", api)
        .nest("/docs", docs)
        .at("/openapi.json", spec)
        .at("/metrics", get(metrics_endpoint))
        .at(
            "/callbacks/provider/:account_id",
            poem::post(provider_callbacks::receive),
        )
        .at(
            "/callbacks/wecom/:account_id",
            get(wecom_callbacks::verify_url).post(wecom_callbacks::receive),
        )
        .data(state)
        .data(body_limit)
        .with(CatchPanic::new().with_handler(panic_response))
        .around(normalise_errors)
        .around(move |ep, req| record_http_metrics(ep, req, sink.clone()))
}
