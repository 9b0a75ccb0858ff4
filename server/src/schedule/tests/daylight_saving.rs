//! The nights the clocks change, in New York (and London): a span lasts
//! the hours its clock shows, a skipped time is reached when the clock
//! jumps, a repeated time counts the first time round.

use super::*;

#[test]
fn the_night_clocks_go_forward_a_span_lasts_the_hours_the_clock_shows() {
    // New York, Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    let schedule = sundays("America/New_York", "01:00-04:00");
    assert_eq!(
        next_working(&schedule, utc("2026-03-08T00:00:00Z")),
        Some(utc("2026-03-08T06:00:00Z")),
        "01:00 EST"
    );
    assert!(
        is_working(&schedule, utc("2026-03-08T07:30:00Z")),
        "03:30 EDT"
    );
    assert!(
        !is_working(&schedule, utc("2026-03-08T08:00:00Z")),
        "04:00 EDT"
    );
}

#[test]
fn a_span_starting_in_the_skipped_hour_starts_when_the_clock_jumps() {
    let schedule = sundays("America/New_York", "02:30-03:15");
    assert_eq!(
        next_working(&schedule, utc("2026-03-08T05:00:00Z")),
        Some(utc("2026-03-08T07:00:00Z")),
        "03:00 EDT"
    );
    assert!(is_working(&schedule, utc("2026-03-08T07:10:00Z")));
    assert!(
        !is_working(&schedule, utc("2026-03-08T07:15:00Z")),
        "03:15 EDT"
    );
    // A span wholly inside the skipped hour has no time that day.
    let schedule = sundays("America/New_York", "02:10-02:50");
    assert_eq!(
        next_working(&schedule, utc("2026-03-08T05:00:00Z")),
        Some(utc("2026-03-15T06:10:00Z")),
        "the next Sunday, 02:10 EDT"
    );
}

#[test]
fn the_night_clocks_go_back_a_repeated_time_counts_the_first_time() {
    // New York, Sunday 1 November 2026: 02:00 EDT becomes 01:00 EST (06:00 UTC).
    let schedule = sundays("America/New_York", "00:00-02:00");
    assert!(
        is_working(&schedule, utc("2026-11-01T04:00:00Z")),
        "00:00 EDT"
    );
    assert!(
        is_working(&schedule, utc("2026-11-01T06:30:00Z")),
        "01:30 EST"
    );
    assert!(
        !is_working(&schedule, utc("2026-11-01T07:00:00Z")),
        "02:00 EST"
    );
    let schedule = sundays("America/New_York", "00:00-01:30");
    assert!(
        is_working(&schedule, utc("2026-11-01T05:15:00Z")),
        "01:15 EDT"
    );
    assert!(
        !is_working(&schedule, utc("2026-11-01T06:15:00Z")),
        "01:15 EST"
    );
    // A span to 24:00 ends at the next midnight, 25 hours after the last.
    let schedule = sundays("Europe/London", "00:00-24:00");
    assert!(is_working(&schedule, utc("2026-10-25T23:59:00Z")));
    assert!(!is_working(&schedule, utc("2026-10-26T00:00:00Z")));
}
