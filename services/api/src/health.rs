use std::sync::Arc;

use poem::web::Data;
use poem_openapi::{payload::Json, ApiResponse, Enum, Object, OpenApi};

use crate::{state::AppState, v1::ApiTags};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum LiveStatus {
    Ok,
}

#[derive(Debug, Object)]
pub struct Liveness {
    pub status: LiveStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum DependencyStatus {
    Up,
    Down,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DependencyState {
    /// `database`, `redis`, or `metric_store:<kind>`.
    pub name: String,
    pub status: DependencyStatus,
    /// Why it is down.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ReadinessStatus {
    /// Every dependency answers.
    Ready,
    NotReady,
}

#[derive(Debug, Object)]
pub struct Readiness {
    pub status: ReadinessStatus,
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

#[derive(Default)]
pub struct HealthApi;

#[OpenApi(tag = "ApiTags::Health")]
impl HealthApi {
    /// Liveness: the process serves HTTP.
    #[oai(path = "/healthz", method = "get", operation_id = "health_live")]
    async fn healthz(&self) -> Json<Liveness> {
        Json(Liveness {
            status: LiveStatus::Ok,
        })
    }

    /// Readiness: the database (and Redis, when configured) answer.
    #[oai(path = "/readyz", method = "get", operation_id = "health_ready")]
    async fn readyz(&self, state: Data<&Arc<AppState>>) -> ReadinessResponse {
        let dependencies = dependencies(&state).await;
        let ready = dependencies
            .iter()
            .all(|d| d.status == DependencyStatus::Up);
        let body = Json(Readiness {
            status: if ready {
                ReadinessStatus::Ready
            } else {
                ReadinessStatus::NotReady
            },
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
        status: if outcome.is_ok() {
            DependencyStatus::Up
        } else {
            DependencyStatus::Down
        },
        error: outcome.err(),
    }
}
