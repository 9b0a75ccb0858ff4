//! Routing as a team would notice it: whose console sounds, whether the
//! parent is asked about someone else, what reply time they are shown.

use super::*;

const NOW: i64 = 1_800_000_000_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// The parent is asked about someone else when the nominee is further off.
const FALLBACK: i64 = 2 * HOUR;

/// Aoki is online, Baba back in an hour, Chiba online but in quiet hours,
/// Doi has no hours set.
fn team() -> Vec<Candidate> {
    vec![
        Candidate {
            staff: 1,
            available_at_ms: Some(NOW),
            quiet: false,
        },
        Candidate {
            staff: 2,
            available_at_ms: Some(NOW + HOUR),
            quiet: false,
        },
        Candidate {
            staff: 3,
            available_at_ms: Some(NOW),
            quiet: true,
        },
        Candidate {
            staff: 4,
            available_at_ms: None,
            quiet: false,
        },
    ]
}

#[test]
fn without_a_nominee_everyone_not_quiet_is_told() {
    let routing = route(None, &team(), NOW, FALLBACK);
    assert_eq!(routing.notify, vec![1, 2, 4]);
    assert!(!routing.ask_for_anyone);
    assert_eq!(routing.reply_by_ms, Some(NOW));
}

#[test]
fn without_a_nominee_the_reply_is_expected_from_the_earliest_available() {
    let later: Vec<Candidate> = team()
        .into_iter()
        .filter(|c| c.staff == 2 || c.staff == 4)
        .collect();
    assert_eq!(
        route(None, &later, NOW, FALLBACK).reply_by_ms,
        Some(NOW + HOUR)
    );
}

#[test]
fn nobody_with_hours_means_no_reply_time() {
    let nobody = [Candidate {
        staff: 4,
        available_at_ms: None,
        quiet: false,
    }];
    let routing = route(None, &nobody, NOW, FALLBACK);
    assert_eq!(routing.notify, vec![4]);
    assert_eq!(routing.reply_by_ms, None);
    assert!(!routing.ask_for_anyone);
    assert_eq!(route(None, &[], NOW, FALLBACK).notify, Vec::<i64>::new());
}

#[test]
fn a_nominee_online_is_the_only_one_told() {
    let routing = route(Some(1), &team(), NOW, FALLBACK);
    assert_eq!(routing.notify, vec![1]);
    assert!(!routing.ask_for_anyone);
    assert_eq!(routing.reply_by_ms, Some(NOW));
}

#[test]
fn a_nominee_back_within_the_fallback_time_is_waited_for() {
    let routing = route(Some(2), &team(), NOW, FALLBACK);
    assert_eq!(routing.notify, vec![2]);
    assert!(!routing.ask_for_anyone);
    assert_eq!(routing.reply_by_ms, Some(NOW + HOUR));
    // Exactly at the fallback time is still within it.
    assert!(!route(Some(2), &team(), NOW, HOUR).ask_for_anyone);
}

#[test]
fn a_nominee_back_later_than_the_fallback_time_means_asking_the_parent() {
    let routing = route(Some(2), &team(), NOW, 30 * MINUTE);
    assert_eq!(routing.notify, vec![2]);
    assert!(routing.ask_for_anyone);
    assert_eq!(routing.reply_by_ms, Some(NOW + HOUR));
}

#[test]
fn a_nominee_without_hours_means_asking_the_parent() {
    let routing = route(Some(4), &team(), NOW, FALLBACK);
    assert_eq!(routing.notify, vec![4]);
    assert!(routing.ask_for_anyone);
    assert_eq!(routing.reply_by_ms, None);
}

#[test]
fn a_nominee_in_quiet_hours_is_not_disturbed_and_nobody_else_is_told() {
    let routing = route(Some(3), &team(), NOW, FALLBACK);
    assert_eq!(routing.notify, Vec::<i64>::new());
    assert_eq!(routing.reply_by_ms, Some(NOW));
}

#[test]
fn a_nominee_no_longer_on_the_team_counts_as_no_nominee() {
    assert_eq!(
        route(Some(99), &team(), NOW, FALLBACK),
        route(None, &team(), NOW, FALLBACK)
    );
}

#[test]
fn nobody_is_alerted_before_the_wait_is_overdue() {
    let team = team();
    assert_eq!(
        overdue_alerts(None, None, &team, NOW, HOUR),
        Vec::<i64>::new()
    );
    assert_eq!(
        overdue_alerts(Some(NOW - HOUR), None, &team, NOW, HOUR),
        Vec::<i64>::new(),
        "exactly the overdue time is not longer than it"
    );
    assert_eq!(
        overdue_alerts(Some(NOW - 10 * MINUTE), Some(1), &team, NOW, HOUR),
        Vec::<i64>::new()
    );
}

#[test]
fn an_overdue_wait_alerts_the_others_but_not_the_one_already_told() {
    let alerts = overdue_alerts(Some(NOW - HOUR - 1), Some(2), &team(), NOW, HOUR);
    assert_eq!(alerts, vec![1, 4], "not the nominee 2, not quiet 3");
}

#[test]
fn an_overdue_wait_with_nobody_assigned_alerts_everyone_not_quiet() {
    let alerts = overdue_alerts(Some(NOW - 3 * HOUR), None, &team(), NOW, HOUR);
    assert_eq!(alerts, vec![1, 2, 4]);
    // An assignee no longer on the team changes nothing.
    assert_eq!(
        overdue_alerts(Some(NOW - 3 * HOUR), Some(99), &team(), NOW, HOUR),
        vec![1, 2, 4]
    );
}

#[test]
fn an_overdue_wait_reminds_the_holder_when_everyone_else_is_quiet() {
    let mut team = team();
    for candidate in &mut team {
        candidate.quiet = candidate.staff != 2;
    }
    let alerts = overdue_alerts(Some(NOW - 3 * HOUR), Some(2), &team, NOW, HOUR);
    assert_eq!(alerts, vec![2], "the nominee is the only one awake");
    for candidate in &mut team {
        candidate.quiet = true;
    }
    let alerts = overdue_alerts(Some(NOW - 3 * HOUR), Some(2), &team, NOW, HOUR);
    assert_eq!(alerts, Vec::<i64>::new(), "quiet hours always win");
}
