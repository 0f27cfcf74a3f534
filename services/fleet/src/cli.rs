use std::{path::PathBuf, process::ExitCode, str::FromStr};

use clap::{Parser, Subcommand};

use crate::{admin, config::Config, demo, rules_cli, serve, simulate, telemetry};

#[derive(Parser)]
#[command(
    name = "wecom-fleet",
    version,
    about = "Multi-tenant management of WeCom accounts"
)]
struct Cli {
    /// A TOML configuration file; `FLEET_*` environment variables override it.
    #[arg(long, global = true, env = "FLEET_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the given roles (default: all).
    Serve {
        /// Comma-separated: api, worker, scheduler, monitor.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "api,worker,scheduler,monitor"
        )]
        roles: Vec<Role>,
        /// Overrides `server.listen`.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Serve the embedded product with a seeded demo tenant, and print how to sign in.
    Demo {
        /// Overrides `server.listen`.
        #[arg(long)]
        listen: Option<String>,
    },
    /// Operator tasks.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Serve simulated WeCom accounts as an account-hosting provider speaking the HTTP
    /// instance protocol (for the `http_instance` connector), with the official WeCom API
    /// simulated at `/cgi-bin/...` beside it.
    Simulate(simulate::SimulateArgs),
    /// Check alert rule files and run their unit tests (like `promtool check|test rules`).
    #[command(subcommand)]
    Rules(rules_cli::RulesCommand),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin (manages tenants).
    CreatePlatformAdmin {
        #[arg(long)]
        email: String,
        /// At least 10 characters.
        #[arg(long, env = "FLEET_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Re-encrypt every stored secret under `encryption.active_key`.
    RotateKey,
    /// Print a new encryption key entry (`id:base64`) for `encryption.keys`.
    GenerateKey {
        #[arg(long, default_value = "k2")]
        id: String,
    },
}

/// A part of the service that `serve` can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The HTTP API, portal and health endpoints.
    Api,
    /// Queue workers (messages, callbacks, webhooks) — none yet in this version.
    Worker,
    /// Singleton jobs on the elected leader: the heartbeat sweep and account recovery.
    Scheduler,
    /// Metric writer and alert rules — none yet in this version.
    Monitor,
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "api" => Ok(Role::Api),
            "worker" => Ok(Role::Worker),
            "scheduler" => Ok(Role::Scheduler),
            "monitor" => Ok(Role::Monitor),
            other => Err(format!(
                "unknown role `{other}` (api, worker, scheduler, monitor)"
            )),
        }
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        println!("{}", fleet_api::openapi_json());
        return ExitCode::SUCCESS;
    }
    if let Command::Rules(command) = &cli.command {
        return rules_cli::run(command);
    }
    if let Command::Admin(AdminCommand::GenerateKey { id }) = &cli.command {
        println!("{}", admin::generate_key(id));
        return ExitCode::SUCCESS;
    }
    let mut config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&config.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async move {
        match cli.command {
            Command::Serve { roles, listen } => {
                if let Some(listen) = listen {
                    config.server.listen = listen;
                }
                config.listen_addr()?;
                serve::serve(config, &roles, |_| {}).await
            }
            Command::Demo { listen } => {
                if let Some(listen) = listen {
                    config.server.listen = listen;
                }
                config.listen_addr()?;
                demo::run(config).await
            }
            Command::Simulate(args) => Ok(simulate::run(args).await?),
            Command::Migrate => {
                fleet_store::Db::migrate(config.database.url.expose()).await?;
                println!("migrations applied");
                Ok(())
            }
            Command::Admin(AdminCommand::CreatePlatformAdmin { email, password }) => {
                let id = admin::create_platform_admin(config, &email, &password).await?;
                println!("platform admin created: {id}");
                Ok(())
            }
            Command::Admin(AdminCommand::RotateKey) => {
                let report = admin::rotate_key(config).await?;
                println!(
                    "examined {} encrypted values, re-encrypted {}",
                    report.examined, report.resealed
                );
                Ok(())
            }
            Command::Openapi
            | Command::Rules(_)
            | Command::Admin(AdminCommand::GenerateKey { .. }) => Ok(()),
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
