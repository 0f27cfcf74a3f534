//! `serve`: wire the configured roles to their backends and run until SIGINT/SIGTERM.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use fleet_accounts::{AccountService, Connectors};

use fleet_api::{
    auth::TokenIssuer,
    build_app,
    rate_limit::{MemoryCounter, RateLimiter, RedisCounter, WindowCounter},
    ApiSettings, AppState,
};
use fleet_connectors::simulator::{Simulator, SimulatorSettings};
use fleet_store::{Db, DbSettings, Dialect};
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};

use crate::{config::Config, embedded_secrets, Role};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("database: {0}")]
    Store(#[from] fleet_store::StoreError),
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database (migrating it when configured to), filling embedded secrets first.
pub async fn open_database(config: &mut Config) -> Result<Db, RunError> {
    if config.dialect() == Dialect::Sqlite {
        std::fs::create_dir_all(&config.data_dir)?;
        embedded_secrets::fill_missing(config)?;
    }
    let url = config.database.url.expose();
    if config.database.auto_migrate {
        Db::migrate(url).await?;
    }
    let app_role = Some(config.database.app_role.clone())
        .filter(|r| !r.is_empty() && config.dialect() == Dialect::Postgres);
    Ok(Db::connect(&DbSettings {
        url: url.to_owned(),
        max_connections: config.database.max_connections,
        app_role,
    })
    .await?)
}

pub async fn app_state(config: &Config, db: Db) -> Result<Arc<AppState>, RunError> {
    let redis = match config.redis.url.expose() {
        "" => None,
        url => Some(redis::aio::ConnectionManager::new(redis::Client::open(url)?).await?),
    };
    let counter: Arc<dyn WindowCounter> = match &redis {
        Some(conn) => Arc::new(RedisCounter::new(conn.clone())),
        None => Arc::new(MemoryCounter::default()),
    };
    let limits = &config.rate_limit;
    let keyring = config.keyring()?;
    let simulator = config.simulator.enabled.then(|| {
        Arc::new(Simulator::new(SimulatorSettings {
            latency: Duration::from_millis(config.simulator.latency_ms),
            verification_code: config.simulator.verification_code.clone(),
            qr_ttl: Duration::from_secs(config.simulator.qr_ttl_secs),
            heartbeat_interval: Duration::from_secs(config.simulator.heartbeat_interval_secs),
            disconnect_rate: config.simulator.disconnect_rate,
        }))
    });
    Ok(Arc::new(AppState {
        accounts: AccountService::new(
            db.clone(),
            keyring.clone(),
            Connectors { simulator },
            fleet_core::events::EventBus::in_process(),
        ),
        db,
        tokens: TokenIssuer::new(
            config.auth.jwt_secret.expose().as_bytes(),
            config.auth.access_ttl_secs,
        ),
        limiter: RateLimiter::new(counter.clone(), limits.requests, limits.window_secs),
        login_limiter: RateLimiter::new(counter, limits.login_attempts, limits.window_secs),
        keyring,
        redis,
        settings: ApiSettings {
            max_body_bytes: config.server.max_body_bytes,
            refresh_ttl_secs: config.auth.refresh_ttl_secs,
        },
        started_at: Instant::now(),
    }))
}

/// Runs the given roles until a shutdown signal. Only the `api` role has work in this
/// version; the others are accepted so deployments can be laid out by role already.
pub async fn serve(
    mut config: Config,
    roles: &[Role],
    on_ready: impl FnOnce(&str),
) -> Result<(), RunError> {
    let started = Instant::now();
    let db = open_database(&mut config).await?;
    tracing::info!(?roles, database = %fleet_store::redact_url(config.database.url.expose()), "starting");
    if !roles.contains(&Role::Api) {
        tracing::info!("no api role: nothing to serve over HTTP; waiting for shutdown");
        shutdown_signal().await;
        db.close().await;
        return Ok(());
    }
    let state = app_state(&config, db.clone()).await?;
    let listener = TcpListener::bind(config.listen_addr()?);
    let acceptor = listener.into_acceptor().await?;
    let local = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .map_or_else(|| config.server.listen.clone(), |a| a.to_string());
    tracing::info!(listen = %local, startup_ms = started.elapsed().as_millis() as u64, "serving");
    on_ready(&local);
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(
            build_app(state),
            shutdown_signal(),
            Some(std::time::Duration::from_secs(10)),
        )
        .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
