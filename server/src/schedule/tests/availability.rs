//! When someone online, away or offline can next be expected to answer.

use super::*;

#[test]
fn someone_online_is_available_now_even_outside_their_hours() {
    let schedule = office("Asia/Tokyo");
    let sunday = tokyo("2026-12-06", "20:00");
    assert_eq!(
        next_available(&schedule, Presence::Online, sunday),
        Some(sunday)
    );
    assert_eq!(
        next_available(&Schedule::default(), Presence::Online, sunday),
        Some(sunday)
    );
}

#[test]
fn someone_offline_is_expected_when_their_hours_say() {
    let schedule = office("Asia/Tokyo");
    let monday = tokyo("2026-12-07", "10:00");
    assert_eq!(
        next_available(&schedule, Presence::Offline, monday),
        Some(monday)
    );
    assert_eq!(
        next_available(&schedule, Presence::Offline, tokyo("2026-12-06", "20:00")),
        Some(tokyo("2026-12-07", "09:00"))
    );
    assert_eq!(
        next_available(&Schedule::default(), Presence::Offline, monday),
        None
    );
}

#[test]
fn someone_away_is_expected_after_the_next_break() {
    let schedule = office("Asia/Tokyo");
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "10:00")),
        Some(tokyo("2026-12-07", "13:00")),
        "after lunch"
    );
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "09:00")),
        Some(tokyo("2026-12-07", "13:00")),
        "away from the first minute"
    );
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "14:00")),
        Some(tokyo("2026-12-08", "14:00")),
        "the short Tuesday starts at 14:00"
    );
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "20:00")),
        Some(tokyo("2026-12-08", "14:00")),
        "away outside hours: the next start"
    );
    assert_eq!(
        next_available(
            &Schedule::default(),
            Presence::Away,
            tokyo("2026-12-07", "10:00")
        ),
        None
    );
}

#[test]
fn someone_away_in_touching_spans_is_expected_after_the_stretch() {
    let mut schedule = Schedule::default();
    schedule.week[0] = spans("09:00-12:00, 12:00-13:00, 15:00-16:00");
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "10:00")),
        Some(tokyo("2026-12-07", "15:00"))
    );
    // A night shift written as two spans over midnight is one stretch.
    let mut schedule = Schedule::default();
    schedule.week[0] = spans("22:00-24:00");
    schedule.week[1] = spans("00:00-06:00, 08:00-09:00");
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-07", "23:00")),
        Some(tokyo("2026-12-08", "08:00"))
    );
    assert_eq!(
        next_available(&schedule, Presence::Away, tokyo("2026-12-08", "01:00")),
        Some(tokyo("2026-12-08", "08:00")),
        "the stretch began yesterday"
    );
}
