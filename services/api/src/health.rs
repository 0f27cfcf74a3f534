use std::sync::Arc;

use poem::web::Data;
use poem_openapi::{payload::Json, ApiResponse, Object, OpenApi};

use crate::{state::AppState, v1::ApiTags};

#[derive(Debug, Object)]
pub struct Liveness {
    pub status: String,
}

#[derive(Debug, Object)]
pub struct DependencyState {
    pub name: String,
    /// `up` or `down`.
    pub status: String,
    #[oai(skip_serializing_if_is_none)]
    pub error: Option<String>,
}

#[derive(Debug, Object)]
pub struct Readiness {
    /// `ready` when every dependency answers.
    pub status: String,
    pub uptime_seconds: u64,
    pub dependencies: Vec<DependencyState>,
}

#[derive(ApiResponse)]
pub enum ReadinessResponse {
    #[oai(status = 200)]
    Ready(Json<Readiness>),
    #[oai(status = 503)]
    NotReady(Json<Readiness>),
}

pub struct HealthApi;

#[OpenApi(tag = "ApiTags::Health")]
impl HealthApi {
    /// Liveness: the process serves HTTP.
    #[oai(path = "/healthz", method = "get")]
    async fn healthz(&self) -> Json<Liveness> {
        Json(Liveness {
            status: "ok".into(),
        })
    }

    /// Readiness: the database (and Redis, when configured) answer.
    #[oai(path = "/readyz", method = "get")]
    async fn readyz(&self, state: Data<&Arc<AppState>>) -> ReadinessResponse {
        let dependencies = dependencies(&state).await;
        let ready = dependencies.iter().all(|d| d.status == "up");
        let body = Json(Readiness {
            status: if ready { "ready" } else { "not_ready" }.into(),
            uptime_seconds: state.started_at.elapsed().as_secs(),
            dependencies,
        });
        if ready {
            ReadinessResponse::Ready(body)
        } else {
            ReadinessResponse::NotReady(body)
        }
    }
}

/// The database, and Redis when configured, each `up` or `down`.
pub(crate) async fn dependencies(state: &AppState) -> Vec<DependencyState> {
    let mut dependencies = vec![dependency(
        "database",
        state.db.ping().await.map_err(|e| e.to_string()),
    )];
    if let Some(redis) = &state.redis {
        let mut conn = redis.clone();
        let pong: Result<String, String> = redis::cmd("PING")
            .query_async(&mut conn)
            .await
            .map_err(|e| e.to_string());
        dependencies.push(dependency("redis", pong.map(drop)));
    }
    dependencies
}

pub(crate) fn dependency(name: &str, outcome: Result<(), String>) -> DependencyState {
    DependencyState {
        name: name.into(),
        status: if outcome.is_ok() { "up" } else { "down" }.into(),
        error: outcome.err(),
    }
}
