//! Spawning `wecom-fleet` and talking to it.

use std::{
    io::{BufRead, BufReader},
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_wecom-fleet");
pub const PASSWORD: &str = "correct horse battery staple";

/// A scratch directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("fleet-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn sqlite_url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.0.join("fleet.db").display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The binary with a clean `FLEET_*` environment plus `env`, run in `dir`.
pub fn command(dir: &Path, env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("FLEET_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("FLEET_LOG_LEVEL", "warn");
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd
}

pub fn run(dir: &Path, env: &[(&str, String)], args: &[&str]) -> Output {
    command(dir, env).args(args).output().unwrap()
}

/// Runs `admin create-platform-admin` for `email` with [`PASSWORD`].
pub fn create_platform_admin(dir: &Path, env: &[(&str, String)], email: &str) -> Output {
    run(
        dir,
        env,
        &[
            "admin",
            "create-platform-admin",
            "--email",
            email,
            "--password",
            PASSWORD,
        ],
    )
}

/// A new `encryption.keys` entry from `admin generate-key`.
pub fn generate_key(dir: &Path, id: &str) -> String {
    let out = run(dir, &[], &["admin", "generate-key", "--id", id]);
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Spawns `cmd` with its stdout read line by line into the returned channel (stderr is
/// passed through, so a failing test shows the process's log).
fn spawn_reading_stdout(cmd: &mut Command) -> (Child, mpsc::Receiver<String>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// A running server, killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
    /// Lines the process printed to stdout before it was ready.
    pub stdout: Vec<String>,
}

impl Server {
    /// Starts `args` (which must make it listen on `port`) and waits for `/healthz`.
    pub async fn start(dir: &Path, env: &[(&str, String)], args: &[&str], port: u16) -> Self {
        let (mut child, rx) = spawn_reading_stdout(command(dir, env).args(args));
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("wecom-fleet exited early with {status}");
            }
            if let Ok(resp) = client.get(format!("{base}/healthz")).send().await {
                if resp.status().is_success() {
                    break;
                }
            }
            assert!(
                Instant::now() < deadline,
                "server on {port} did not become healthy"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Give the banner (printed right before serving) a moment to arrive.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let stdout = rx.try_iter().collect();
        Self {
            child,
            base,
            stdout,
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let limit = Duration::from_secs(120);
        let (status, body, _) = self
            .call_within(method, path, token, body, limit)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        (status, body)
    }

    /// [`Server::call`], also timed: an error when no answer came within `limit` (a hang) or
    /// the connection failed.
    pub async fn call_within(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        limit: Duration,
    ) -> Result<(u16, Value, Duration), String> {
        let started = Instant::now();
        let mut req = reqwest::Client::new()
            .request(method.clone(), format!("{}{path}", self.base))
            .timeout(limit);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let took = started.elapsed();
        // Every answer of the real binary is checked against `openapi/openapi.json`.
        fleet_contract::assert_conforms(&fleet_contract::Answer {
            method: method.as_str(),
            path_and_query: path,
            status,
            headers: &headers,
            body: &bytes,
        });
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok((status, body, took))
    }

    pub async fn login(&self, email: &str, password: &str) -> (u16, Value) {
        self.call(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": email, "password": password })),
        )
        .await
    }

    /// Signs in and returns the access token, failing the test otherwise.
    pub async fn token(&self, email: &str, password: &str) -> String {
        let (status, body) = self.login(email, password).await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// SIGKILL: the process gets no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bearer token [`Provider`] is started with.
pub const PROVIDER_TOKEN: &str = "simulate-cli-token";

/// A running `wecom-fleet simulate` (the simulated account-hosting provider), killed on drop.
pub struct Provider {
    pub child: Child,
    pub base: String,
}

impl Provider {
    /// Starts it on a free port, beating every `heartbeat_secs`, and waits for its `simulate listening on` line.
    pub fn start(dir: &TempDir, secret: &str, heartbeat_secs: u64) -> Self {
        let env = [
            ("FLEET_SIMULATE_API_TOKEN", PROVIDER_TOKEN.to_owned()),
            ("FLEET_SIMULATE_CALLBACK_SECRET", secret.to_owned()),
        ];
        let (child, rx) = spawn_reading_stdout(command(&dir.0, &env).args([
            "simulate",
            "--listen",
            "127.0.0.1:0",
            "--heartbeat-interval-secs",
            &heartbeat_secs.to_string(),
        ]));
        let banner = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("simulate printed nothing");
        let base = banner
            .strip_prefix("simulate listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {banner}"))
            .to_owned();
        Self { child, base }
    }

    pub async fn post(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .bearer_auth(PROVIDER_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }
}

impl Provider {
    /// The configuration that makes a `serve` listening on `fleet_port` drive accounts
    /// through this provider and accept its callbacks signed with `secret`.
    pub fn connector_env(&self, secret: &str, fleet_port: u16) -> Vec<(&'static str, String)> {
        vec![
            (
                "FLEET_SERVER_PUBLIC_URL",
                format!("http://127.0.0.1:{fleet_port}"),
            ),
            ("FLEET_CONNECTORS_HTTP_INSTANCE_URL", self.base.clone()),
            (
                "FLEET_CONNECTORS_HTTP_INSTANCE_TOKEN",
                PROVIDER_TOKEN.to_owned(),
            ),
            (
                "FLEET_CONNECTORS_HTTP_INSTANCE_CALLBACK_SECRET",
                secret.to_owned(),
            ),
        ]
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let answer = reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth(PROVIDER_TOKEN)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Environment shared by every process of one test: one PostgreSQL database, one key.
pub fn shared_env(dir: &TempDir, database_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("FLEET_DATABASE_URL", database_url.to_owned()),
        (
            "FLEET_AUTH_JWT_SECRET",
            "shared-secret-shared-secret-shared-secret".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key(&dir.0, "k1")),
        ("FLEET_RATE_LIMIT_REQUESTS", "1000000".to_owned()),
        ("FLEET_RATE_LIMIT_LOGIN_ATTEMPTS", "1000000".to_owned()),
    ]
}

pub async fn serve(dir: &TempDir, env: &[(&str, String)], roles: &str, port: u16) -> Server {
    let listen = format!("127.0.0.1:{port}");
    Server::start(
        &dir.0,
        env,
        &["serve", "--roles", roles, "--listen", &listen],
        port,
    )
    .await
}

/// Creates tenant `acme` with a daily quota and returns its admin's token.
pub async fn tenant(server: &Server, quota: i64) -> String {
    let root = server.token("root@ops.test", PASSWORD).await;
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    let (status, body) = server
        .call(
            reqwest::Method::POST,
            "/api/v1/tenants",
            Some(&root),
            Some(tenant),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["tenant"]["id"].as_str().unwrap().to_owned();
    let (status, body) = server
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/tenants/{id}"),
            Some(&root),
            Some(json!({ "max_daily_messages": quota })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    server.token("admin@acme.test", PASSWORD).await
}
