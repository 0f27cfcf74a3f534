//! `demo`: the embedded product with a seeded demo tenant, for trying it in one command.
//! Credentials are generated on the first start, kept in `<data_dir>/demo-credentials.toml`,
//! and printed on every start.

use std::{fs, path::Path};

use fleet_core::credentials::random_token;
use fleet_identity::{create_platform_admin, create_tenant, Caller, IdentityError, NewTenant};
use fleet_store::{users, Db, Scope};
use serde::{Deserialize, Serialize};

use crate::{
    config::{Config, ConfigError, MessagingConfig},
    embedded_secrets,
    serve::{open_database, serve, RunError},
    Role,
};

#[derive(Serialize, Deserialize)]
struct DemoCredentials {
    platform_admin_email: String,
    platform_admin_password: String,
    tenant_code: String,
    tenant_admin_email: String,
    tenant_admin_password: String,
}

pub async fn run(mut config: Config) -> Result<(), RunError> {
    config.simulator.enabled = true;
    // Everything runs on one machine: a webhook receiver on localhost is what a demo wants.
    config.webhooks.allow_private_targets = true;
    config.monitor.allow_private_targets = true;
    // The demo shows messages going out within seconds, not seed 000's 3-8 s per account.
    if config.messaging.default_pacing_profile == MessagingConfig::default().default_pacing_profile
    {
        config.messaging.default_pacing_profile = "fast".into();
    }
    let db = open_database(&mut config).await?;
    let creds = load_or_create(&config.data_dir)?;
    seed(&db, &creds).await?;
    db.close().await;
    let roles = [Role::Api, Role::Worker, Role::Scheduler, Role::Monitor];
    serve(config, &roles, |addr| print_banner(addr, &creds)).await
}

async fn seed(db: &Db, creds: &DemoCredentials) -> Result<(), RunError> {
    let mut tx = db.read(Scope::Platform).await?;
    let platform_exists = users::find_by_email(&mut tx, &creds.platform_admin_email)
        .await?
        .is_some();
    let tenant_exists = users::find_by_email(&mut tx, &creds.tenant_admin_email)
        .await?
        .is_some();
    drop(tx);
    // Worded as the API words it (status, code, message).
    let as_error = |e: IdentityError| {
        let e = fleet_api::error::ApiError::from(e);
        RunError::Config(ConfigError(format!("demo seeding: {e}")))
    };
    if !platform_exists {
        create_platform_admin(
            db,
            &creds.platform_admin_email,
            &creds.platform_admin_password,
        )
        .await
        .map_err(as_error)?;
    }
    if !tenant_exists {
        let input = NewTenant {
            name: "Demo Tenant".into(),
            code: creds.tenant_code.clone(),
            max_accounts: Some(50),
            max_daily_messages: Some(10_000),
            timezone: None,
            admin_email: creds.tenant_admin_email.clone(),
            admin_password: creds.tenant_admin_password.clone(),
            admin_display_name: Some("Demo Admin".into()),
        };
        create_tenant(db, input, &Caller::system())
            .await
            .map_err(as_error)?;
    }
    Ok(())
}

fn load_or_create(dir: &Path) -> Result<DemoCredentials, RunError> {
    let path = dir.join("demo-credentials.toml");
    if let Ok(text) = fs::read_to_string(&path) {
        embedded_secrets::make_private(&path)?;
        return toml::from_str(&text)
            .map_err(|e| RunError::Config(ConfigError(format!("{}: {e}", path.display()))));
    }
    let creds = DemoCredentials {
        platform_admin_email: "platform@demo.local".into(),
        platform_admin_password: random_token(12),
        tenant_code: "demo".into(),
        tenant_admin_email: "admin@demo.local".into(),
        tenant_admin_password: random_token(12),
    };
    let text = toml::to_string(&creds).map_err(|e| RunError::Config(ConfigError(e.to_string())))?;
    embedded_secrets::write_private(&path, &text)?;
    Ok(creds)
}

fn print_banner(addr: &str, creds: &DemoCredentials) {
    let base = format!("http://{addr}");
    println!(
        "\nWeCom Fleet demo is running (embedded SQLite; stop with Ctrl-C).\n\
         \n  Portal       {base}/portal/\
         \n  API          {base}/api/v1\
         \n  Swagger UI   {base}/docs\
         \n  Health       {base}/healthz\
         \n\n  Tenant admin    {} / {}   (tenant `{}`)\
         \n  Platform admin  {} / {}\
         \n\n  Sign in:\
         \n  curl -s {base}/api/v1/auth/login -H 'content-type: application/json' \\\
         \n       -d '{{\"email\":\"{}\",\"password\":\"{}\"}}'\n",
        creds.tenant_admin_email,
        creds.tenant_admin_password,
        creds.tenant_code,
        creds.platform_admin_email,
        creds.platform_admin_password,
        creds.tenant_admin_email,
        creds.tenant_admin_password,
    );
}
