//! The arithmetic agrees with itself for any schedule, in zones with odd
//! clocks (half-hour daylight saving, a skipped day, two-hour shifts,
//! changes at midnight), at any instant of twenty years: what
//! `next_working` and `next_available` promise, `is_working` confirms.

use proptest::prelude::*;

use super::*;

/// Zones whose clocks do unusual things, and two plain ones.
const ZONES: [&str; 10] = [
    "Asia/Tokyo",
    "America/New_York",
    "Europe/London",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Apia",
    "Asia/Kathmandu",
    "America/Havana",
    "Africa/Casablanca",
    "Antarctica/Troll",
];

/// 2015-01-01 to 2035-01-01, in Unix milliseconds.
const FROM_MS: i64 = 1_420_070_400_000;
const TO_MS: i64 = 2_051_222_400_000;

/// A valid day: sorted distinct minutes paired into spans.
fn day() -> impl Strategy<Value = Vec<Span>> {
    proptest::collection::btree_set(0..=DAY_MINUTES, 0..=6).prop_map(|minutes| {
        let minutes: Vec<u16> = minutes.into_iter().collect();
        minutes
            .chunks_exact(2)
            .map(|pair| Span {
                start: pair[0],
                end: pair[1],
            })
            .collect()
    })
}

fn schedule() -> impl Strategy<Value = Schedule> {
    (
        proptest::sample::select(ZONES.as_slice()),
        proptest::array::uniform7(day()),
        day(),
    )
        .prop_map(|(zone, week, quiet)| Schedule {
            time_zone: zone.to_owned(),
            week,
            exceptions: Vec::new(),
            quiet,
        })
}

proptest! {
    #[test]
    fn next_working_is_a_working_moment_and_now_when_working(
        schedule in schedule(),
        now in FROM_MS..TO_MS,
    ) {
        let next = next_working(&schedule, now);
        prop_assert_eq!(next == Some(now), is_working(&schedule, now));
        if let Some(next) = next {
            prop_assert!(next >= now);
            prop_assert!(is_working(&schedule, next), "{} at {next}", schedule.time_zone);
            // Nothing in between was working (checked minute by minute
            // for the first hours).
            let mut at = now;
            while at < next.min(now + 6 * 3_600_000) {
                prop_assert!(!is_working(&schedule, at), "{} at {at}", schedule.time_zone);
                at += 60_000;
            }
        }
    }

    #[test]
    fn someone_away_is_expected_at_a_later_working_moment(
        schedule in schedule(),
        now in FROM_MS..TO_MS,
    ) {
        let back = next_available(&schedule, Presence::Away, now);
        if let Some(back) = back {
            prop_assert!(back > now);
            prop_assert!(is_working(&schedule, back));
            // The moment before is a break: they come back after one.
            prop_assert!(!is_working(&schedule, back - 1));
        }
    }

    #[test]
    fn unchecked_schedules_never_panic(
        spans in proptest::collection::vec((0u16..=2000, 0u16..=2000), 0..12),
        zone in "\\PC{0,12}",
        now in any::<i64>(),
    ) {
        let spans: Vec<Span> = spans.into_iter().map(|(start, end)| Span { start, end }).collect();
        let mut schedule = Schedule { time_zone: zone, quiet: spans.clone(), ..Schedule::default() };
        schedule.week[0] = spans;
        let _ = is_working(&schedule, now);
        let _ = is_quiet(&schedule, now);
        let _ = next_available(&schedule, Presence::Away, now);
        let _ = next_available(&schedule, Presence::Offline, now);
    }
}
