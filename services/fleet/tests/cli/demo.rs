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
    server.stop();

    let again = Server::start(&dir.0, &[], &["demo", "--listen", &listen], port).await;
    assert_eq!(
        credentials(&again.stdout.join("\n"), "Tenant admin"),
        (email.clone(), password.clone())
    );
    again.token(&email, &password).await;
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
