//! `serve`: wire the configured roles to their backends and run until SIGINT/SIGTERM.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use fleet_accounts::AccountService;
use fleet_alerting::{run_engine, EventMetrics};
use fleet_messaging::MessagingService;
use fleet_monitor::{
    channels::{ChannelSettings, Channels, SmtpSecurity, SmtpSettings},
    metrics::MetricWriter,
    store::{run_retention, MetricStore, StoreConfig},
};

use fleet_api::{
    assemble::{assemble, Limits, Parts},
    build_app_with,
    rate_limit::{MemoryCounter, RedisCounter, WindowCounter},
    redis_link::RedisLink,
    ApiSettings, AppState,
};
use fleet_connectors::simulator::Simulator;
use fleet_identity::{IdentitySettings, TokenIssuer};
use fleet_store::{Db, DbSettings, Dialect};
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};

use fleet_core::{clock::now_ms, event_log::Window, events::EventBus};
use tokio::sync::watch;

use crate::{config::Config, connectors, embedded_secrets, redis_events, scheduler, Role};

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
    #[error(transparent)]
    Simulate(#[from] crate::simulate::SimulateError),
    #[error("metric store: {0}")]
    Metrics(String),
    #[error("alerting: {0}")]
    Alerting(String),
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
    let settings = DbSettings::new(url, config.database.max_connections)
        .app_role(app_role)
        .acquire_timeout(Duration::from_millis(config.database.acquire_timeout_ms));
    Ok(Db::connect(&settings).await?)
}

/// The metric store the configuration names.
async fn metric_store(config: &Config) -> Result<Arc<dyn MetricStore>, RunError> {
    let store = config.monitor.store_config(&config.data_dir);
    if matches!(store, StoreConfig::Embedded { .. }) {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    fleet_monitor::store::open(&store)
        .await
        .map_err(|e| RunError::Metrics(e.to_string()))
}

/// The alert channels' sender: SMTP from the configuration, HTTP through the same guard
/// against private targets as tenant webhooks.
fn alert_channels(config: &Config) -> Result<Channels, RunError> {
    let m = &config.monitor;
    let smtp = (!m.smtp.host.is_empty()).then(|| SmtpSettings {
        host: m.smtp.host.clone(),
        port: m.smtp.port,
        security: match m.smtp.security.as_str() {
            "none" => SmtpSecurity::None,
            "tls" => SmtpSecurity::Tls,
            _ => SmtpSecurity::StartTls,
        },
        username: Some(m.smtp.username.clone()).filter(|u| !u.is_empty()),
        password: Some(m.smtp.password.expose().to_owned()).filter(|p| !p.is_empty()),
        from: m.smtp.from.clone(),
        timeout: Duration::from_secs(m.send_timeout_secs),
    });
    let http = fleet_webhooks::target_policy::guarded_client(
        Duration::from_secs(m.send_timeout_secs),
        m.allow_private_targets,
        concat!("wecom-fleet-alerts/", env!("CARGO_PKG_VERSION")),
    );
    Channels::new(
        ChannelSettings {
            smtp,
            templates_dir: Some(PathBuf::from(&m.templates_dir))
                .filter(|_| !m.templates_dir.is_empty()),
            external_url: config.public_url(),
        },
        http,
    )
    .map_err(|e| RunError::Alerting(e.to_string()))
}

/// What the roles of one process share. Metrics are written until `shutdown`.
pub async fn app_state(
    config: &Config,
    db: Db,
    shutdown: &watch::Receiver<bool>,
) -> Result<(Arc<AppState>, tokio::task::JoinHandle<()>), RunError> {
    // Redis accelerates (shared limits, events to every node); while it is away each process
    // carries on alone, so its absence — at start too — holds nothing up.
    let redis = match config.redis.url.expose() {
        "" => None,
        url => Some(RedisLink::start(
            redis::Client::open(url)?,
            Duration::from_millis(config.redis.timeout_ms),
        )),
    };
    let counter: Arc<dyn WindowCounter> = match &redis {
        Some(link) => Arc::new(RedisCounter::new(link.clone())),
        None => Arc::new(MemoryCounter::default()),
    };
    let events = match &redis {
        Some(link) => redis_events::connect(link.clone(), &EventBus::in_process()).0,
        None => EventBus::in_process(),
    };
    let metrics = metric_store(config).await?;
    let (metric_writer, writer_task) = MetricWriter::start(
        metrics.clone(),
        config.monitor.writer_settings(),
        shutdown.clone(),
    );
    // Metrics of events are taken where the events are published: once in the fleet.
    let events = events.with_observer(Arc::new(EventMetrics::new(metric_writer.clone())));
    let limits = &config.rate_limit;
    let state = Arc::new(assemble(Parts {
        db,
        keyring: config.keyring()?,
        connectors: connectors::build(config)?,
        events,
        metric_writer: Some(metric_writer),
        metrics,
        channels: alert_channels(config)?,
        redis,
        counter,
        limits: Limits {
            requests: limits.requests,
            login_attempts: limits.login_attempts,
            window_secs: limits.window_secs,
            login_failures_per_account: limits.login_failures_per_account,
            login_failure_window_secs: limits.login_failure_window_secs,
        },
        identity: IdentitySettings {
            tokens: TokenIssuer::new(
                config.auth.jwt_secret.expose().as_bytes(),
                config.auth.access_ttl_secs,
            ),
            refresh_ttl_secs: config.auth.refresh_ttl_secs,
        },
        api: ApiSettings {
            max_body_bytes: config.server.max_body_bytes,
        },
        messaging: config.messaging.settings(),
        callbacks: config.callbacks.settings(),
        webhooks: config.webhooks.settings(),
        alerting: config.monitor.alerting_settings(),
        provider_callback_secrets: connectors::provider_callback_secrets(config)?,
        extra_handlers: Vec::new(),
        event_window: Window::default(),
    }));
    Ok((state, writer_task))
}

/// Starts the background work of `roles`; it stops when `shutdown` turns `true`.
fn spawn_background(
    config: &Config,
    roles: &[Role],
    state: &Arc<AppState>,
    shutdown: &watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    if roles.contains(&Role::Scheduler) {
        tasks.push(tokio::spawn(scheduler::run(
            state.db.clone(),
            state.accounts.clone(),
            config.accounts.sweep_settings(),
            config.accounts.sweep_interval(),
            config.retention(),
            shutdown.clone(),
        )));
    }
    if roles.contains(&Role::Monitor) {
        tasks.push(tokio::spawn(run_engine(
            state.alerting.clone(),
            state.metric_writer.clone(),
            shutdown.clone(),
        )));
        if let Some(retention) = config.monitor.store_config(&config.data_dir).retention() {
            tasks.push(tokio::spawn(run_retention(
                state.alerting.metric_store().clone(),
                retention,
                shutdown.clone(),
            )));
        }
    }
    if roles.contains(&Role::Worker) {
        for _ in 0..config.messaging.workers {
            tasks.push(tokio::spawn(
                state.messaging.clone().run_worker(shutdown.clone()),
            ));
        }
        tasks.push(tokio::spawn(
            state.callbacks.clone().run_dispatcher(shutdown.clone()),
        ));
        tasks.push(tokio::spawn(
            state.webhooks.clone().run_worker(shutdown.clone()),
        ));
    }
    // Events are published wherever they happen; every process queues the webhooks of what
    // it sees (each (endpoint, event) once, however many processes see it).
    tasks.push(tokio::spawn(
        state
            .webhooks
            .clone()
            .run_fanout(state.events.clone(), shutdown.clone()),
    ));
    // Simulated sessions live in this process, whatever its roles: it beats for them and
    // reports their deliveries.
    if let Some(simulator) = state.accounts.simulator().cloned() {
        tasks.push(tokio::spawn(simulator_heartbeats(
            simulator.clone(),
            state.accounts.clone(),
            shutdown.clone(),
        )));
        tasks.push(tokio::spawn(simulator_deliveries(
            simulator,
            state.messaging.clone(),
            shutdown.clone(),
        )));
    }
    tasks
}

/// How often the simulator's delivery reports are collected.
const DELIVERY_POLL: Duration = Duration::from_millis(500);

async fn simulator_deliveries(
    simulator: Arc<Simulator>,
    messaging: MessagingService,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(DELIVERY_POLL);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        for report in simulator.delivery_round() {
            if let Err(err) = messaging.apply_delivery(&report).await {
                tracing::warn!(%err, "recording a simulator delivery failed");
            }
        }
    }
}

async fn simulator_heartbeats(
    simulator: Arc<Simulator>,
    accounts: AccountService,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(simulator.heartbeat_interval());
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        let beating = simulator.heartbeat_round();
        if let Err(err) = accounts.record_heartbeats(&beating, now_ms()).await {
            tracing::warn!(%err, "recording simulator heartbeats failed");
        }
    }
}

/// Runs the given roles until a shutdown signal.
pub async fn serve(
    mut config: Config,
    roles: &[Role],
    on_ready: impl FnOnce(&str),
) -> Result<(), RunError> {
    let started = Instant::now();
    // Installed before any background job records a metric.
    fleet_api::http_metrics::prometheus();
    let db = open_database(&mut config).await?;
    tracing::info!(?roles, database = %fleet_store::redact_url(config.database.url.expose()), "starting");
    let (stop, shutdown) = watch::channel(false);
    let (state, writer_task) = app_state(&config, db.clone(), &shutdown).await?;
    let mut tasks = spawn_background(&config, roles, &state, &shutdown);
    tasks.push(writer_task);
    let signal = shutdown_signal();
    let event_log = state.event_log.clone();
    // Event streams never end by themselves: they are closed so the server can drain.
    let signalled = async move {
        signal.await;
        event_log.close();
    };
    if roles.contains(&Role::Api) {
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
                build_app_with(
                    state.clone(),
                    Some(crate::portal::pages(&state, &config.public_url())),
                ),
                signalled,
                Some(Duration::from_secs(10)),
            )
            .await?;
    } else {
        tracing::info!("no api role: running background roles until shutdown");
        signalled.await;
    }
    let _ = stop.send(true);
    for task in tasks {
        let _ = task.await;
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves at the first SIGINT (Ctrl-C) or SIGTERM.
/// Resolves at SIGINT or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled: call it before announcing readiness, or a signal sent right
/// after the announcement would find no handler and kill the process uncleanly.
pub(crate) fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).ok();
        let mut interrupt = signal(SignalKind::interrupt()).ok();
        async move {
            let term = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let interrupt = async {
                match interrupt.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! { () = term => {}, () = interrupt => {} }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
