use std::time::{Duration, Instant};

use reqwest::Method;

use crate::process::{free_port, generate_key, Server, TempDir};

/// `fleet_leader{job="scheduler"}` and whether the process has swept at all.
async fn leadership(server: &Server) -> (bool, bool) {
    let (status, body) = server.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(status, 200);
    let text = body.as_str().unwrap_or("").to_owned();
    let leading = text
        .lines()
        .any(|l| l.starts_with("fleet_leader{job=\"scheduler\"}") && l.ends_with(" 1"));
    (leading, text.contains("fleet_account_sweeps_total"))
}

/// Polls until `check` holds for the pair, or fails after 20 s.
async fn until(
    a: &Server,
    b: &Server,
    what: &str,
    check: impl Fn((bool, bool), (bool, bool)) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (sa, sb) = (leadership(a).await, leadership(b).await);
        if check(sa, sb) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: a={sa:?} b={sb:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Two schedulers on one PostgreSQL: exactly one sweeps; killing it hands the job over.
#[tokio::test]
async fn one_of_two_processes_sweeps_and_the_other_takes_over_when_it_dies() {
    let database = fleet_store::testing::TestDatabase::postgres()
        .await
        .unwrap();
    let dir = TempDir::new();
    let env = vec![
        ("FLEET_DATABASE_URL", database.url.clone()),
        (
            "FLEET_AUTH_JWT_SECRET",
            "shared-secret-shared-secret-shared-secret".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key(&dir.0, "k1")),
        ("FLEET_ACCOUNTS_SWEEP_INTERVAL_SECS", "1".to_owned()),
    ];
    let start = |port: u16| {
        let env = env.clone();
        let dir = dir.0.clone();
        async move {
            let listen = format!("127.0.0.1:{port}");
            Server::start(
                &dir,
                &env,
                &["serve", "--roles", "api,scheduler", "--listen", &listen],
                port,
            )
            .await
        }
    };
    let a = start(free_port()).await;
    let b = start(free_port()).await;

    until(
        &a,
        &b,
        "exactly one leader, and only it sweeps",
        |(la, sa), (lb, sb)| la != lb && sa == la && sb == lb,
    )
    .await;
    // It stays that way: the follower never sweeps.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (first, second) = (leadership(&a).await, leadership(&b).await);
    assert!(
        first.0 != second.0,
        "still one leader: {first:?} {second:?}"
    );
    assert!(
        !(if first.0 { second } else { first }).1,
        "the follower never swept"
    );

    let (leader, follower) = if first.0 { (a, b) } else { (b, a) };
    leader.stop();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if leadership(&follower).await == (true, true) {
            break;
        }
        assert!(Instant::now() < deadline, "the follower did not take over");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
