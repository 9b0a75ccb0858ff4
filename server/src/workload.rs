//! The arithmetic of the team's weekly summary, pure: when this week began
//! (Monday 00:00 in the organisation's time zone), which time zone that is
//! (the organisation has none of its own: the one most of its staff's hours
//! are in, else Tokyo), and how long someone was online from their logged
//! presence changes. A leaf: it knows the protocol and the time-zone
//! database, nothing of the server.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::Presence;

use crate::schedule::FALLBACK_TIME_ZONE;

/// The organisation's time zone: the one most staff schedules name (ties:
/// the first staff member's), else [`FALLBACK_TIME_ZONE`].
pub fn organisation_time_zone<'a>(schedules: impl Iterator<Item = &'a Schedule>) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for schedule in schedules {
        match counted
            .iter_mut()
            .find(|(zone, _)| *zone == schedule.time_zone)
        {
            Some((_, count)) => *count += 1,
            None => counted.push((&schedule.time_zone, 1)),
        }
    }
    // `max_by_key` keeps the last of equals: look from the end to keep the first.
    counted
        .iter()
        .rev()
        .max_by_key(|(_, count)| *count)
        .map_or(FALLBACK_TIME_ZONE, |(zone, _)| zone)
        .to_owned()
}

/// Monday 00:00 of the week holding `now_ms`, in `time_zone` (Tokyo's when
/// the name is unknown), as ms since the Unix epoch.
pub fn week_start_ms(time_zone: &str, now_ms: i64) -> i64 {
    let zone = TimeZone::get(time_zone)
        .or_else(|_| TimeZone::get(FALLBACK_TIME_ZONE))
        .unwrap_or(TimeZone::UTC);
    let Ok(now) = Timestamp::from_millisecond(now_ms) else {
        return now_ms;
    };
    let local = now.to_zoned_datetime(zone.clone());
    let back = i64::from(local.weekday().to_monday_zero_offset());
    local
        .date()
        .checked_sub(jiff::Span::new().days(back))
        .and_then(|monday| monday.to_zoned_datetime(zone))
        .map_or(now_ms, |monday| monday.timestamp().as_millisecond())
}

/// How long, from `since_ms` until `until_ms`, one person was online, from
/// their presence `changes` in order of time (a change before `since_ms`
/// says what they were when the span began; before any change: offline).
pub fn online_ms(changes: &[(Presence, i64)], since_ms: i64, until_ms: i64) -> i64 {
    let mut total = 0;
    let mut online_from: Option<i64> = None;
    for &(presence, at_ms) in changes {
        let at_ms = at_ms.clamp(since_ms, until_ms);
        match (presence, online_from) {
            (Presence::Online, None) => online_from = Some(at_ms),
            (Presence::Online, Some(_)) => {}
            (_, Some(from)) => {
                total += at_ms - from;
                online_from = None;
            }
            (_, None) => {}
        }
    }
    if let Some(from) = online_from {
        total += until_ms.max(from) - from;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    /// 2026-12-02 (a Wednesday) 12:00 in Tokyo (03:00 UTC).
    const WEDNESDAY_NOON_TOKYO: i64 = 1_796_180_400_000;
    /// 2026-11-30 (Monday) 00:00 in Tokyo.
    const MONDAY_TOKYO: i64 = WEDNESDAY_NOON_TOKYO - 2 * 24 * HOUR - 12 * HOUR;

    #[test]
    fn the_week_starts_on_monday_midnight_in_the_organisations_zone() {
        assert_eq!(
            week_start_ms("Asia/Tokyo", WEDNESDAY_NOON_TOKYO),
            MONDAY_TOKYO
        );
        assert_eq!(week_start_ms("Asia/Tokyo", MONDAY_TOKYO), MONDAY_TOKYO);
        assert_eq!(
            week_start_ms("Asia/Tokyo", MONDAY_TOKYO - 1),
            MONDAY_TOKYO - 7 * 24 * HOUR
        );
        // Monday 00:00 in London is 09:00 in Tokyo: Wednesday is the same
        // week, but early Monday in Tokyo is still last week in London.
        assert_eq!(
            week_start_ms("Europe/London", WEDNESDAY_NOON_TOKYO),
            MONDAY_TOKYO + 9 * HOUR
        );
        assert_eq!(
            week_start_ms("Europe/London", MONDAY_TOKYO + 8 * HOUR),
            MONDAY_TOKYO + 9 * HOUR - 7 * 24 * HOUR
        );
        assert_eq!(
            week_start_ms("Nowhere/Else", WEDNESDAY_NOON_TOKYO),
            MONDAY_TOKYO
        );
    }

    #[test]
    fn online_time_counts_only_online_within_the_span() {
        let since = 100 * HOUR;
        let until = 200 * HOUR;
        // Online since before the week: counted from its start; away and
        // offline stop the count; online twice in a row counts once.
        let changes = [
            (Presence::Online, 90 * HOUR),
            (Presence::Away, 102 * HOUR),
            (Presence::Online, 110 * HOUR),
            (Presence::Online, 111 * HOUR),
            (Presence::Offline, 113 * HOUR),
            (Presence::Online, 199 * HOUR),
        ];
        assert_eq!(online_ms(&changes, since, until), (2 + 3 + 1) * HOUR);
        assert_eq!(online_ms(&[], since, until), 0);
        assert_eq!(online_ms(&[(Presence::Away, 150 * HOUR)], since, until), 0);
    }

    #[test]
    fn the_organisation_keeps_the_zone_most_of_its_staff_work_in() {
        let zone = |name: &str| Schedule {
            time_zone: name.into(),
            ..Schedule::default()
        };
        let team = [
            zone("Europe/London"),
            zone("Asia/Tokyo"),
            zone("Asia/Tokyo"),
        ];
        assert_eq!(organisation_time_zone(team.iter()), "Asia/Tokyo");
        let tie = [zone("Europe/London"), zone("Asia/Tokyo")];
        assert_eq!(organisation_time_zone(tie.iter()), "Europe/London");
        assert_eq!(organisation_time_zone([].iter()), FALLBACK_TIME_ZONE);
    }
}
