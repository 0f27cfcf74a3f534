use crate::process::{free_port, Server, TempDir};

/// The README's first command, as a new user meets it: the printed credentials sign in, the
/// Swagger UI is served, and a restart keeps the same credentials and data.
#[tokio::test]
async fn demo_prints_credentials_that_sign_in() {
    let dir = TempDir::new();
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = Server::start(&dir.0, &[], &["demo", "--listen", &listen], port).await;
    let banner = server.stdout.join("\n");
    let (email, password) = credentials(&banner, "Tenant admin");
    assert_eq!(email, "admin@demo.local");
    let token = server.token(&email, &password).await;
    let (status, tenant) = server
        .call(reqwest::Method::GET, "/api/v1/tenant", Some(&token), None)
        .await;
    assert_eq!((status, tenant["code"].as_str()), (200, Some("demo")));
    let (platform_email, platform_password) = credentials(&banner, "Platform admin");
    server.token(&platform_email, &platform_password).await;
    let docs = reqwest::get(format!("{}/docs", server.base)).await.unwrap();
    assert_eq!(docs.status().as_u16(), 200);
    assert!(
        docs.text().await.unwrap().contains("swagger"),
        "Swagger UI not served"
    );
    assert!(
        dir.0.join("data/fleet.db").exists(),
        "the embedded database lives under ./data"
    );
    // The generated credentials and secrets are readable by their owner only.
    for private in ["data/demo-credentials.toml", "data/secrets.toml"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.0.join(private))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{private}");
    }
    // The README's webhook walk: a receiver on localhost is allowed on the demo.
    let endpoint = serde_json::json!({ "url": "http://127.0.0.1:9999/hooks" });
    let (status, body) = server
        .call(
            reqwest::Method::POST,
            "/api/v1/webhooks/endpoints",
            Some(&token),
            Some(endpoint),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    log_an_account_in(&server, &token).await;
    server.stop();

    let again = Server::start(&dir.0, &[], &["demo", "--listen", &listen], port).await;
    assert_eq!(
        credentials(&again.stdout.join("\n"), "Tenant admin"),
        (email.clone(), password.clone())
    );
    again.token(&email, &password).await;
}

/// The README's step-by-step account login on the demo's simulator.
async fn log_an_account_in(server: &Server, token: &str) {
    use reqwest::Method;
    let body = serde_json::json!({ "account_name": "sales-01", "connector": "simulator" });
    let (status, created) = server
        .call(Method::POST, "/api/v1/accounts", Some(token), Some(body))
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["account_id"].as_str().unwrap();
    let (status, login) = server
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{id}/login"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(
        (status, login["login_stage"].as_str()),
        (200, Some("waiting_scan"))
    );
    let qr = reqwest::Client::new()
        .get(format!(
            "{}{}",
            server.base,
            login["qrcode_url"].as_str().unwrap()
        ))
        .bearer_auth(token)
        .header("accept", "image/svg+xml")
        .send()
        .await
        .unwrap();
    assert!(qr.text().await.unwrap().contains("<svg"));
    for step in ["scan", "confirm"] {
        let path = format!("/api/v1/simulator/accounts/{id}/{step}");
        assert_eq!(
            server.call(Method::POST, &path, Some(token), None).await.0,
            200
        );
    }
    let (_, status) = server
        .call(
            Method::GET,
            &format!("/api/v1/accounts/{id}/status"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status["status"], "online", "{status}");
}

/// `Tenant admin    admin@demo.local / secret   (tenant `demo`)` → (email, password).
fn credentials(banner: &str, label: &str) -> (String, String) {
    let line = banner
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no {label} in:\n{banner}"));
    let mut words = line.trim_start()[label.len()..].split_whitespace();
    let email = words.next().unwrap().to_owned();
    assert_eq!(words.next(), Some("/"));
    (email, words.next().unwrap().to_owned())
}
