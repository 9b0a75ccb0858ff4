//! Schedules against the clock as a team would notice: lunch breaks, a
//! day off, a special Saturday, the weekend in between, Tokyo and London,
//! quiet nights. The nights clocks change are in [`daylight_saving`], when
//! someone online, away or offline can be expected in [`availability`].

use jiff::Timestamp;
use yorisoi_protocol::schedule::{DayException, parse_spans};

use super::*;

mod availability;
mod daylight_saving;
mod properties;

/// Unix milliseconds of a local time (one that exists once) in `zone`.
fn local(zone: &str, date: &str, time: &str) -> i64 {
    let text = format!("{date}T{time}");
    let datetime: jiff::civil::DateTime = text.parse().expect("a test date-time");
    datetime
        .in_tz(zone)
        .expect("a test zone")
        .timestamp()
        .as_millisecond()
}

fn tokyo(date: &str, time: &str) -> i64 {
    local("Asia/Tokyo", date, time)
}

/// Unix milliseconds of a UTC instant, to pin down the daylight-saving days.
fn utc(text: &str) -> i64 {
    let instant: Timestamp = text.parse().expect("a test instant");
    instant.as_millisecond()
}

fn spans(text: &str) -> Vec<Span> {
    parse_spans(text).expect("test spans")
}

/// Weekdays 09:00-12:00 and 13:00-17:30 with a lunch break, weekends off,
/// New Year's Eve off, a special Saturday 12 December 10:00-14:00 and a
/// short Tuesday 8 December 14:00-16:00.
fn office(zone: &str) -> Schedule {
    let day = spans("09:00-12:00, 13:00-17:30");
    Schedule {
        time_zone: zone.to_owned(),
        week: [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            Vec::new(),
            Vec::new(),
        ],
        exceptions: vec![
            exception("2026-12-31", ""),
            exception("2026-12-12", "10:00-14:00"),
            exception("2026-12-08", "14:00-16:00"),
        ],
        quiet: spans("00:00-07:00, 22:00-24:00"),
    }
}

fn exception(date: &str, text: &str) -> DayException {
    DayException {
        date: date.to_owned(),
        spans: spans(text),
    }
}

/// Only the given spans on Sundays, in `zone`.
fn sundays(zone: &str, text: &str) -> Schedule {
    let mut schedule = Schedule {
        time_zone: zone.to_owned(),
        ..Schedule::default()
    };
    schedule.week[6] = spans(text);
    schedule
}

#[test]
fn several_spans_a_day_with_a_break_between() {
    let schedule = office("Asia/Tokyo");
    let monday = "2026-12-07";
    for (time, working) in [
        ("08:59", false),
        ("09:00", true),
        ("11:59", true),
        ("12:00", false),
        ("12:30", false),
        ("13:00", true),
        ("17:29", true),
        ("17:30", false),
    ] {
        assert_eq!(
            is_working(&schedule, tokyo(monday, time)),
            working,
            "{time}"
        );
    }
    assert!(
        !is_working(&schedule, tokyo("2026-12-06", "10:00")),
        "Sunday"
    );
}

#[test]
fn an_exception_replaces_the_weeks_day() {
    let schedule = office("Asia/Tokyo");
    assert!(
        !is_working(&schedule, tokyo("2026-12-31", "10:00")),
        "day off"
    );
    assert!(
        is_working(&schedule, tokyo("2026-12-12", "11:00")),
        "special Saturday"
    );
    assert!(
        !is_working(&schedule, tokyo("2026-12-08", "10:00")),
        "short Tuesday"
    );
    assert!(
        is_working(&schedule, tokyo("2026-12-08", "15:00")),
        "short Tuesday"
    );
    assert!(
        is_working(&schedule, tokyo("2026-12-15", "10:00")),
        "the Tuesday after"
    );
}

#[test]
fn next_working_is_now_inside_a_span_and_the_next_start_outside() {
    let schedule = office("Asia/Tokyo");
    let now = tokyo("2026-12-07", "10:15");
    assert_eq!(next_working(&schedule, now), Some(now));
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-07", "12:10")),
        Some(tokyo("2026-12-07", "13:00"))
    );
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-07", "06:00")),
        Some(tokyo("2026-12-07", "09:00"))
    );
}

#[test]
fn next_working_wraps_over_the_weekend_and_skips_days_off() {
    let schedule = office("Asia/Tokyo");
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-04", "18:00")),
        Some(tokyo("2026-12-07", "09:00")),
        "Friday evening to Monday"
    );
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-11", "18:00")),
        Some(tokyo("2026-12-12", "10:00")),
        "to the special Saturday"
    );
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-30", "18:00")),
        Some(tokyo("2027-01-01", "09:00")),
        "over New Year's Eve off"
    );
    // Sunday hours only, asked on Monday: six days on, past the week's end.
    let schedule = sundays("Asia/Tokyo", "10:00-11:00");
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-07", "12:00")),
        Some(tokyo("2026-12-13", "10:00"))
    );
}

#[test]
fn next_working_looks_four_weeks_ahead_and_no_further() {
    let mut schedule = Schedule::default();
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-07", "10:00")),
        None,
        "no hours"
    );
    schedule.exceptions = vec![exception("2027-01-04", "09:00-10:00")];
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-08", "10:00")),
        Some(tokyo("2027-01-04", "09:00")),
        "27 days ahead"
    );
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-06", "10:00")),
        None,
        "29 days ahead"
    );
}

#[test]
fn a_span_to_24_00_ends_at_the_next_midnight() {
    let mut schedule = Schedule::default();
    schedule.week[0] = spans("22:00-24:00");
    assert!(is_working(&schedule, tokyo("2026-12-07", "23:59")));
    assert!(!is_working(&schedule, tokyo("2026-12-08", "00:00")));
    assert_eq!(
        next_working(&schedule, tokyo("2026-12-07", "21:00")),
        Some(tokyo("2026-12-07", "22:00"))
    );
}

#[test]
fn hours_are_read_in_the_schedules_own_zone() {
    let schedule = office("Europe/London");
    // 09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer.
    assert!(!is_working(&schedule, utc("2026-01-05T08:30:00Z")));
    assert!(is_working(&schedule, utc("2026-01-05T09:00:00Z")));
    assert!(is_working(&schedule, utc("2026-07-06T08:30:00Z")));
    assert!(!is_working(&schedule, utc("2026-07-06T16:45:00Z")));
    // Tokyo has no daylight saving: 09:00 is 00:00 UTC all year.
    let schedule = office("Asia/Tokyo");
    assert!(is_working(&schedule, utc("2026-07-06T00:00:00Z")));
    assert!(is_working(&schedule, utc("2026-01-05T00:00:00Z")));
}

#[test]
fn an_unknown_zone_is_read_as_tokyo() {
    let schedule = office("Mars/Olympus_Mons");
    assert!(is_working(&schedule, tokyo("2026-12-07", "09:00")));
    assert!(!is_working(&schedule, tokyo("2026-12-07", "08:59")));
}

#[test]
fn quiet_hours_run_across_midnight_every_day() {
    let schedule = office("Asia/Tokyo");
    for (date, time, quiet) in [
        ("2026-12-07", "21:59", false),
        ("2026-12-07", "22:00", true),
        ("2026-12-07", "23:30", true),
        ("2026-12-08", "00:00", true),
        ("2026-12-08", "03:00", true),
        ("2026-12-08", "06:59", true),
        ("2026-12-08", "07:00", false),
        ("2026-12-31", "23:00", true),
        ("2026-12-12", "12:00", false),
    ] {
        assert_eq!(
            is_quiet(&schedule, tokyo(date, time)),
            quiet,
            "{date} {time}"
        );
    }
    assert!(!is_quiet(
        &Schedule::default(),
        tokyo("2026-12-07", "23:00")
    ));
}

#[test]
fn time_zones_are_those_of_the_bundled_database() {
    for name in ["Asia/Tokyo", "Europe/London", "America/New_York", "UTC"] {
        assert!(time_zone_exists(name), "{name}");
    }
    for name in ["", "Mars/Olympus_Mons", "Asia/Tokio", "../../etc/passwd"] {
        assert!(!time_zone_exists(name), "{name}");
    }
    assert_eq!(
        canonical_time_zone("asia/tokyo").as_deref(),
        Some("Asia/Tokyo")
    );
    assert_eq!(canonical_time_zone("Asia/Tokio"), None);
}

#[test]
fn instants_beyond_the_calendar_are_answered_without_panicking() {
    let schedule = office("Asia/Tokyo");
    for at in [i64::MIN, i64::MAX] {
        assert!(!is_working(&schedule, at));
        assert!(!is_quiet(&schedule, at));
        assert_eq!(next_working(&schedule, at), None);
        assert_eq!(next_available(&schedule, Presence::Away, at), None);
    }
}
