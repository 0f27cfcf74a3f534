use proptest::prelude::*;

use super::*;
use AccountEvent as E;

/// The declared edges, written out independently of `transition` as
/// `(status[stage], event, status[stage])`: the property test checks that every transition the
/// function makes is one of these, so no sequence of events reaches an undeclared state.
const DECLARED: &[(&str, &str, &str)] = &[
    ("created", "start_login", "qr_wait[waiting_scan]"),
    ("offline", "start_login", "qr_wait[waiting_scan]"),
    (
        "qr_wait[waiting_scan]",
        "start_login",
        "qr_wait[waiting_scan]",
    ),
    (
        "qr_wait[waiting_confirm]",
        "start_login",
        "qr_wait[waiting_scan]",
    ),
    (
        "qr_wait[needs_verification]",
        "start_login",
        "qr_wait[waiting_scan]",
    ),
    (
        "qr_wait[waiting_scan]",
        "qr_scanned",
        "qr_wait[waiting_confirm]",
    ),
    ("qr_wait[waiting_confirm]", "qr_confirmed", "online"),
    (
        "qr_wait[waiting_confirm]",
        "verification_required",
        "qr_wait[needs_verification]",
    ),
    ("qr_wait[needs_verification]", "verified", "online"),
    ("qr_wait[waiting_scan]", "qr_expired", "created|offline"),
    ("qr_wait[waiting_confirm]", "qr_expired", "created|offline"),
    (
        "qr_wait[needs_verification]",
        "qr_expired",
        "created|offline",
    ),
    ("created", "credentials_verified", "online"),
    ("offline", "credentials_verified", "online"),
    ("online", "heartbeat", "online"),
    ("online", "heartbeat_lost", "recovering"),
    ("online", "disconnected", "recovering"),
    ("recovering", "recovered", "online"),
    ("recovering", "heartbeat", "online"),
    ("recovering", "recovery_failed", "recovering"),
    ("recovering", "recovery_exhausted", "offline"),
    ("online", "logout", "offline"),
    ("recovering", "logout", "offline"),
    ("qr_wait[*]", "logout", "offline"),
    ("online", "logged_out", "offline"),
    ("recovering", "logged_out", "offline"),
    ("qr_wait[*]", "logged_out", "offline"),
    ("*live", "delete", "deleted"),
];

fn label(state: AccountState) -> String {
    match state.login_stage() {
        Some(stage) => format!("qr_wait[{}]", stage.as_str()),
        None => state.status().to_owned(),
    }
}

fn declared(from: AccountState, event: AccountEvent, to: AccountState) -> bool {
    let (from, to) = (label(from), label(to));
    DECLARED.iter().any(|(f, e, t)| {
        let from_ok = *f == from
            || (*f == "qr_wait[*]" && from.starts_with("qr_wait"))
            || (*f == "*live" && from != "deleted");
        let to_ok = *t == to || t.split('|').any(|alt| alt == to);
        from_ok && *e == event.as_str() && to_ok
    })
}

fn walk(events: &[AccountEvent]) -> Result<AccountState, InvalidTransition> {
    events
        .iter()
        .try_fold(AccountState::Created, |s, e| transition(s, *e))
}

#[test]
fn scan_confirm_online() {
    assert_eq!(
        walk(&[E::StartLogin, E::QrScanned, E::QrConfirmed]),
        Ok(AccountState::Online)
    );
}

#[test]
fn new_device_verification() {
    let s = walk(&[E::StartLogin, E::QrScanned, E::VerificationRequired]).unwrap();
    assert_eq!(s.login_stage(), Some(LoginStage::NeedsVerification));
    assert_eq!(transition(s, E::Verified), Ok(AccountState::Online));
    assert!(
        transition(s, E::QrConfirmed).is_err(),
        "confirmation does not skip verification"
    );
}

#[test]
fn qr_expiry_returns_to_where_the_login_started() {
    assert_eq!(
        walk(&[E::StartLogin, E::QrExpired]),
        Ok(AccountState::Created)
    );
    let offline = walk(&[E::CredentialsVerified, E::Logout]).unwrap();
    let waiting = transition(offline, E::StartLogin).unwrap();
    let scanned = transition(waiting, E::QrScanned).unwrap();
    assert_eq!(transition(scanned, E::QrExpired), Ok(AccountState::Offline));
}

#[test]
fn disconnect_recovery_and_exhaustion() {
    let online = walk(&[E::CredentialsVerified]).unwrap();
    assert_eq!(transition(online, E::Heartbeat), Ok(online));
    let recovering = transition(online, E::Disconnected).unwrap();
    assert_eq!(recovering, AccountState::Recovering);
    assert_eq!(
        transition(recovering, E::Recovered),
        Ok(AccountState::Online)
    );
    assert_eq!(
        transition(recovering, E::Heartbeat),
        Ok(AccountState::Online)
    );
    assert_eq!(
        transition(recovering, E::RecoveryExhausted),
        Ok(AccountState::Offline)
    );
}

#[test]
fn logout_relogin_delete() {
    let offline = walk(&[E::CredentialsVerified, E::Logout]).unwrap();
    assert_eq!(offline, AccountState::Offline);
    assert_eq!(
        transition(offline, E::StartLogin).map(|s| s.status()),
        Ok("qr_wait")
    );
    assert_eq!(transition(offline, E::Delete), Ok(AccountState::Deleted));
    assert_eq!(
        transition(AccountState::Created, E::Logout),
        Err(InvalidTransition {
            from: AccountState::Created,
            event: E::Logout
        })
    );
}

fn any_state() -> impl Strategy<Value = AccountState> {
    let stage = prop_oneof![
        Just(LoginStage::WaitingScan),
        Just(LoginStage::WaitingConfirm),
        Just(LoginStage::NeedsVerification)
    ];
    let origin = prop_oneof![Just(LoginOrigin::Created), Just(LoginOrigin::Offline)];
    prop_oneof![
        Just(AccountState::Created),
        (stage, origin).prop_map(|(stage, origin)| AccountState::QrWait { stage, origin }),
        Just(AccountState::Online),
        Just(AccountState::Recovering),
        Just(AccountState::Offline),
        Just(AccountState::Deleted),
    ]
}

fn any_event() -> impl Strategy<Value = AccountEvent> {
    (0..AccountEvent::ALL.len()).prop_map(|i| AccountEvent::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn random_event_sequences_never_leave_the_declared_machine(
        start in any_state(),
        events in proptest::collection::vec(any_event(), 0..60),
    ) {
        let mut state = start;
        for event in events {
            match transition(state, event) {
                Ok(next) => {
                    prop_assert!(declared(state, event, next), "undeclared: {} --{}--> {}", label(state), event.as_str(), label(next));
                    // What is stored can be read back as the same state.
                    let stage = next.login_stage().map(LoginStage::as_str);
                    let origin = next.login_origin().map(LoginOrigin::as_str);
                    prop_assert_eq!(AccountState::from_columns(next.status(), stage, origin), Some(next));
                    state = next;
                }
                Err(err) => {
                    prop_assert_eq!(err, InvalidTransition { from: state, event });
                    // Refusals are only for edges the table does not declare from here.
                    prop_assert!(!DECLARED.iter().any(|(f, e, _)| *f == label(state) && *e == event.as_str()));
                }
            }
            if state == AccountState::Deleted {
                prop_assert!(AccountEvent::ALL.iter().all(|e| transition(state, *e).is_err()), "deleted is terminal");
            }
        }
    }
}

#[test]
fn live_statuses_are_the_statuses_of_every_state_but_deleted() {
    let qr = AccountState::QrWait {
        stage: LoginStage::WaitingScan,
        origin: LoginOrigin::Created,
    };
    let states = [
        AccountState::Created,
        qr,
        AccountState::Online,
        AccountState::Recovering,
        AccountState::Offline,
        AccountState::Deleted,
    ];
    let mut seen: Vec<&str> = states
        .into_iter()
        .map(AccountState::status)
        .filter(|s| *s != "deleted")
        .collect();
    seen.sort_unstable();
    seen.dedup();
    let mut live = AccountState::LIVE_STATUSES.to_vec();
    live.sort_unstable();
    assert_eq!(seen, live);
}
