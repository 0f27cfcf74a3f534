use std::sync::Arc;

use poem::{
    endpoint::{make_sync, BoxEndpoint},
    get,
    middleware::CatchPanic,
    web::Html,
    Endpoint, EndpointExt, Route,
};

use crate::{
    allow_header::{with_allow, AllowedMethods},
    contract,
    error_catcher::{normalise_errors, panic_response},
    http_metrics::{metrics_endpoint, prometheus, record_http_metrics},
    json_body::BodyLimit,
    nul_guard::refuse_nul,
    provider_callbacks,
    request_id::with_request_id,
    state::AppState,
    wecom_callbacks,
};

/// The OpenAPI document, as checked in at `openapi/openapi.json`.
pub fn openapi_json() -> String {
    contract::document()
}

/// The whole HTTP application: API, Swagger UI at `/docs`, the document at `/openapi.json`,
/// Prometheus text at `/metrics`.
pub fn build_app(state: Arc<AppState>) -> impl Endpoint<Output = poem::Response> {
    build_app_with(state, None)
}

/// The same, with the portal's pages under `/portal` (and `/` leading there). The portal is
/// its own crate beside this one; the binary hands it in.
pub fn build_app_with(
    state: Arc<AppState>,
    portal: Option<BoxEndpoint<'static>>,
) -> impl Endpoint<Output = poem::Response> {
    prometheus();
    let api = contract::service();
    let document = contract::document();
    let docs = contract::swagger_ui_html();
    let allowed = Arc::new(AllowedMethods::from_document(&document));
    let body_limit = BodyLimit(state.settings.max_body_bytes);
    let sink = state
        .metric_writer
        .clone()
        .map(|w| Arc::new(w) as Arc<dyn fleet_core::metric_sink::MetricSink>);
    let mut routes = Route::new().nest("/", api);
    if let Some(portal) = portal {
        routes = routes.nest("/portal", portal).at(
            "/",
            get(make_sync(|_| {
                poem::Response::builder()
                    .status(poem::http::StatusCode::SEE_OTHER)
                    .header("location", "/portal/")
                    .finish()
            })),
        );
    }
    routes
        .at("/docs", get(make_sync(move |_| Html(docs.clone()))))
        .at(
            "/openapi.json",
            get(make_sync(move |_| {
                poem::Response::builder()
                    .content_type("application/json")
                    .body(document.clone())
            })),
        )
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
        .around(move |ep, req| with_allow(ep, req, allowed.clone()))
        .around(refuse_nul)
        .around(move |ep, req| record_http_metrics(ep, req, sink.clone()))
        .around(with_request_id)
}
