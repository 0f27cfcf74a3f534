use std::{sync::Arc, time::Duration};

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
    /// Required and not answering: the service cannot serve.
    Down,
    /// Optional (Redis) and not answering: the service serves, each replica on its own.
    Degraded,
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
    /// A dependency is down; look again after `Retry-After` seconds.
    #[oai(status = 503)]
    NotReady(Json<Readiness>, #[oai(header = "Retry-After")] u64),
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

    /// Readiness: the database answers (within a second). Redis, when configured, is shown
    /// `degraded` while away without making the service unready.
    #[oai(path = "/readyz", method = "get", operation_id = "health_ready")]
    async fn readyz(&self, state: Data<&Arc<AppState>>) -> ReadinessResponse {
        let dependencies = dependencies(&state).await;
        let ready = dependencies
            .iter()
            .all(|d| d.status != DependencyStatus::Down);
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
            ReadinessResponse::NotReady(body, NOT_READY_RETRY_SECS)
        }
    }
}

/// When to look again after "not ready": the same wait a refused request is told.
const NOT_READY_RETRY_SECS: u64 = 2;

/// How long readiness waits for any one dependency: Kubernetes expects an answer within a
/// second.
const CHECK_TIMEOUT: Duration = Duration::from_millis(800);

/// The database, and Redis when configured, checked at once, each within [`CHECK_TIMEOUT`].
/// Redis is an accelerator: when it is away it shows `degraded`, and the service stays ready.
pub(crate) async fn dependencies(state: &AppState) -> Vec<DependencyState> {
    let database = async {
        match tokio::time::timeout(CHECK_TIMEOUT, state.db.ping()).await {
            Ok(outcome) => outcome.map_err(|e| e.to_string()),
            Err(_) => Err(format!("no answer within {CHECK_TIMEOUT:?}")),
        }
    };
    let redis = async {
        match &state.redis {
            Some(link) => Some(
                tokio::time::timeout(CHECK_TIMEOUT, link.ping())
                    .await
                    .unwrap_or_else(|_| Err(format!("no answer within {CHECK_TIMEOUT:?}"))),
            ),
            None => None,
        }
    };
    let (database, redis) = tokio::join!(database, redis);
    let mut dependencies = vec![dependency("database", database)];
    if let Some(redis) = redis {
        let mut state = dependency("redis", redis);
        if state.status == DependencyStatus::Down {
            state.status = DependencyStatus::Degraded;
        }
        dependencies.push(state);
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
