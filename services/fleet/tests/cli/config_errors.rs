use crate::process::{generate_key, run, TempDir};

fn stderr_of(env: &[(&str, String)], args: &[&str], dir: &TempDir) -> (Option<i32>, String) {
    let out = run(&dir.0, env, args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn configuration_errors_name_the_bad_key_and_stop_the_start() {
    let dir = TempDir::new();
    let cases: [(Vec<(&str, String)>, &str); 5] = [
        (
            vec![("FLEET_DATABASE_MAX_CONNECTIONS", "many".into())],
            "database.max_connections",
        ),
        (
            vec![("FLEET_SERVER_LISTEN", "nowhere".into())],
            "server.listen",
        ),
        (
            vec![("FLEET_DATABASE_URL", "postgres://x@127.0.0.1:1/x".into())],
            "auth.jwt_secret",
        ),
        (
            vec![("FLEET_AUTH_JWT_SECRET", "short".into())],
            "auth.jwt_secret",
        ),
        (
            vec![("FLEET_ENCRYPTION_KEYS", "k1:notbase64".into())],
            "encryption.keys",
        ),
    ];
    for (env, key) in cases {
        let (code, stderr) = stderr_of(&env, &["serve"], &dir);
        assert_eq!(code, Some(2), "{env:?}: {stderr}");
        assert!(
            stderr.contains(key),
            "{env:?}: expected `{key}` in: {stderr}"
        );
    }
    let file = dir.0.join("fleet.toml");
    std::fs::write(&file, "[server]\nlissten = \"127.0.0.1:1\"\n").unwrap();
    let (code, stderr) = stderr_of(&[], &["serve", "--config", file.to_str().unwrap()], &dir);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("lissten"), "{stderr}");
}

#[test]
fn secrets_never_reach_the_logs() {
    let dir = TempDir::new();
    let secret = "a-very-secret-jwt-signing-key-of-enough-length";
    let env = [
        ("FLEET_AUTH_JWT_SECRET", secret.to_owned()),
        (
            "FLEET_DATABASE_URL",
            "postgres://fleet:hunter2@127.0.0.1:1/fleet".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key(&dir.0, "k1")),
        ("FLEET_LOG_LEVEL", "debug".to_owned()),
    ];
    // PostgreSQL on port 1 is unreachable: the start fails after logging what it tried.
    let (code, stderr) = stderr_of(&env, &["serve"], &dir);
    assert_ne!(code, Some(0));
    assert!(
        !stderr.contains(secret) && !stderr.contains("hunter2"),
        "{stderr}"
    );
}

/// Logs written to a pipe or a file carry no colour codes (only a terminal gets them).
#[test]
fn logs_to_a_pipe_are_plain_text() {
    let dir = TempDir::new();
    // A port already taken: the service logs its start, then stops.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = taken.local_addr().unwrap().to_string();
    let env = [("FLEET_LOG_LEVEL", "info".to_owned())];
    let (code, stderr) = stderr_of(&env, &["serve", "--listen", &listen], &dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("starting"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in piped logs: {stderr:?}"
    );
}
