use reqwest::Method;
use serde_json::json;

use crate::process::{
    create_platform_admin, free_port, generate_key, run, Server, TempDir, PASSWORD,
};

/// `admin create-platform-admin` makes an admin who can sign in; `admin rotate-key` moves
/// every stored secret to the new key, after which the old key can be dropped.
#[tokio::test]
async fn create_platform_admin_and_rotate_key() {
    let dir = TempDir::new();
    let (k1, k2) = (generate_key(&dir.0, "k1"), generate_key(&dir.0, "k2"));
    let base_env = |keys: String, active: &str| {
        vec![
            ("FLEET_DATABASE_URL", dir.sqlite_url()),
            ("FLEET_DATA_DIR", dir.0.join("data").display().to_string()),
            ("FLEET_ENCRYPTION_KEYS", keys),
            ("FLEET_ENCRYPTION_ACTIVE_KEY", active.to_owned()),
        ]
    };
    let old = base_env(k1.clone(), "k1");

    let out = create_platform_admin(&dir.0, &old, "root@ops.test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = create_platform_admin(&dir.0, &old, "root@ops.test");
    assert!(
        !again.status.success(),
        "a second admin with the same email must be refused"
    );
    let weak = run(
        &dir.0,
        &old,
        &[
            "admin",
            "create-platform-admin",
            "--email",
            "x@ops.test",
            "--password",
            "short",
        ],
    );
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));

    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let server = Server::start(&dir.0, &old, &["serve", "--listen", &listen], port).await;
    let root = server.token("root@ops.test", PASSWORD).await;
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    assert_eq!(
        server
            .call(Method::POST, "/api/v1/tenants", Some(&root), Some(tenant))
            .await
            .0,
        201
    );
    let admin = server.token("admin@acme.test", PASSWORD).await;
    let user = json!({ "email": "p@acme.test", "password": PASSWORD, "role": "viewer", "phone": "+86 138 0013 8000" });
    let (status, created) = server
        .call(Method::POST, "/api/v1/users", Some(&admin), Some(user))
        .await;
    assert_eq!(status, 201, "{created}");
    let user_path = format!("/api/v1/users/{}", created["id"].as_str().unwrap());
    server.stop();

    let both = base_env(format!("{k1},{k2}"), "k2");
    let out = run(&dir.0, &both, &["admin", "rotate-key"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("re-encrypted 1"),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let only_new = base_env(k2, "k2");
    let server = Server::start(&dir.0, &only_new, &["serve", "--listen", &listen], port).await;
    let admin = server.token("admin@acme.test", PASSWORD).await;
    let (status, user) = server
        .call(Method::GET, &user_path, Some(&admin), None)
        .await;
    assert_eq!(
        (status, user["phone"].as_str()),
        (200, Some("+86 138 0013 8000")),
        "{user}"
    );
}
