use super::*;

fn today() -> Today {
    Today {
        day: "2026-11-23".into(),
        ends_at: 10_000_000,
    }
}

fn fresh() -> PacingState {
    PacingState {
        next_send_at: 0,
        day: String::new(),
        day_count: 0,
    }
}

#[test]
fn a_fresh_account_sends_and_its_next_slot_is_within_the_gap() {
    let now = 1_000_000;
    for _ in 0..200 {
        let Slot::Take(state) = decide(&PacingProfile::STANDARD, &fresh(), None, &today(), now)
        else {
            panic!("a fresh account must be allowed to send");
        };
        let gap = state.next_send_at - now;
        assert!((3_000..=8_000).contains(&gap), "gap {gap} outside 3-8 s");
        assert_eq!(state.day_count, 1);
        assert_eq!(state.day, "2026-11-23");
    }
}

#[test]
fn an_account_waits_for_its_next_slot() {
    let state = PacingState {
        next_send_at: 1_005_000,
        ..fresh()
    };
    assert_eq!(
        decide(&PacingProfile::STANDARD, &state, None, &today(), 1_000_000),
        Slot::WaitUntil(1_005_000)
    );
}

#[test]
fn the_same_recipient_waits_for_its_gap() {
    let now = 1_000_000;
    let last = now - 10_000;
    assert_eq!(
        decide(
            &PacingProfile::STANDARD,
            &fresh(),
            Some(last),
            &today(),
            now
        ),
        Slot::WaitUntil(last + 60_000)
    );
    assert!(matches!(
        decide(
            &PacingProfile::STANDARD,
            &fresh(),
            Some(now - 60_000),
            &today(),
            now
        ),
        Slot::Take(_)
    ));
}

#[test]
fn the_daily_cap_defers_to_the_next_day_and_a_new_day_starts_over() {
    let capped = PacingState {
        next_send_at: 0,
        day: "2026-11-23".into(),
        day_count: 200,
    };
    assert_eq!(
        decide(&PacingProfile::STANDARD, &capped, None, &today(), 1_000_000),
        Slot::WaitUntil(10_000_000)
    );
    let yesterday = PacingState {
        day: "2026-11-22".into(),
        ..capped
    };
    let Slot::Take(state) = decide(
        &PacingProfile::STANDARD,
        &yesterday,
        None,
        &today(),
        1_000_000,
    ) else {
        panic!("a new day must reset the count");
    };
    assert_eq!(state.day_count, 1);
}

#[test]
fn off_holds_nothing_back_and_the_others_do() {
    assert!(PacingProfile::OFF.is_off());
    for (name, profile) in builtin_profiles() {
        assert_eq!(profile.check(), Ok(()), "{name}");
        assert_eq!(profile.is_off(), name == "off", "{name}");
    }
}
