use reqwest::Method;
use serde_json::json;

use crate::process::{create_platform_admin, free_port, generate_key, Server, TempDir, PASSWORD};

/// Two `serve` processes on one PostgreSQL and Redis are one service: a token issued by one
/// works on the other, a refresh token rotates across them, and the rate limit is shared.
#[tokio::test]
async fn two_processes_on_postgres_and_redis_behave_as_one() {
    let database = fleet_store::testing::TestDatabase::postgres()
        .await
        .unwrap();
    let dir = TempDir::new();
    let redis =
        std::env::var("FLEET_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let keys = generate_key(&dir.0, "k1");
    let env = vec![
        ("FLEET_DATABASE_URL", database.url.clone()),
        ("FLEET_REDIS_URL", redis),
        (
            "FLEET_AUTH_JWT_SECRET",
            "shared-secret-shared-secret-shared-secret".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", keys),
        ("FLEET_RATE_LIMIT_REQUESTS", "8".to_owned()),
        ("FLEET_RATE_LIMIT_WINDOW_SECS", "3600".to_owned()),
        // Sign-ins are counted per address in the same Redis across runs; this test is about
        // the request limit, so reruns within the hour must not trip the sign-in one.
        ("FLEET_RATE_LIMIT_LOGIN_ATTEMPTS", "1000000".to_owned()),
    ];
    let out = create_platform_admin(&dir.0, &env, "root@ops.test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (port_a, port_b) = (free_port(), free_port());
    let a = Server::start(
        &dir.0,
        &env,
        &[
            "serve",
            "--roles",
            "api",
            "--listen",
            &format!("127.0.0.1:{port_a}"),
        ],
        port_a,
    )
    .await;
    let b = Server::start(
        &dir.0,
        &env,
        &[
            "serve",
            "--roles",
            "api",
            "--listen",
            &format!("127.0.0.1:{port_b}"),
        ],
        port_b,
    )
    .await;

    let (status, login) = a.login("root@ops.test", PASSWORD).await;
    assert_eq!(status, 200, "{login}");
    let token = login["access_token"].as_str().unwrap().to_owned();
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    assert_eq!(
        b.call(Method::POST, "/api/v1/tenants", Some(&token), Some(tenant))
            .await
            .0,
        201
    ); // 1
    assert_eq!(
        a.call(Method::GET, "/api/v1/tenants", Some(&token), None)
            .await
            .0,
        200
    ); // 2

    // A refresh token issued by A rotates on B; the spent one is then refused on A.
    let refresh = login["refresh_token"].as_str().unwrap();
    let (status, rotated) = b
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": refresh })),
        )
        .await;
    assert_eq!(status, 200, "{rotated}");
    let (status, reused) = a
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": refresh })),
        )
        .await;
    assert_eq!(
        (status, reused["code"].as_str()),
        (401, Some("refresh_token_reused"))
    );

    // The limit (8 per window) is counted in Redis across both processes.
    let admin = b.token("admin@acme.test", PASSWORD).await;
    for (i, server) in [&a, &b, &a, &b, &a, &b, &a, &b].into_iter().enumerate() {
        let (status, body) = server
            .call(Method::GET, "/api/v1/tenant", Some(&admin), None)
            .await;
        assert_eq!(status, 200, "request {i}: {body}");
    }
    let (status, body) = a
        .call(Method::GET, "/api/v1/tenant", Some(&admin), None)
        .await;
    assert_eq!((status, body["code"].as_str()), (429, Some("rate_limited")));
    let (status, _) = b
        .call(Method::GET, "/api/v1/tenant", Some(&admin), None)
        .await;
    assert_eq!(status, 429);

    let (status, ready) = b.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(status, 200);
    assert_eq!(ready["dependencies"][1]["name"], "redis");
}
