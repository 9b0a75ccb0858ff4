//! A staff member's schedule read against the clock: are they working now,
//! is it their quiet hours, and when can a parent next expect them. A leaf:
//! it knows the protocol's [`Schedule`] and the time-zone database (bundled
//! into the binary by `jiff`, so every host answers alike), nothing of the
//! server.
//!
//! Each span is read on its own local date, in the schedule's time zone (an
//! unknown zone is read as Asia/Tokyo, the default schedule's). A span
//! starts at the first instant the local clock shows its start and ends at
//! the first instant it shows its end; `24:00` is the next local midnight.
//! That settles the days daylight saving changes: a span starting inside
//! the hour the clock skips starts when the clock jumps (a span of
//! 02:30-03:15 on such a day is 03:00-03:15), and in the hour the clock
//! repeats a time is met the first time round (00:00-02:00 is three real
//! hours long on that day).

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use yorisoi_protocol::schedule::{DAY_MINUTES, Schedule, Span};
use yorisoi_protocol::team::Presence;

/// The zone a schedule with an unknown zone name is read in.
pub const FALLBACK_TIME_ZONE: &str = "Asia/Tokyo";

/// How many days after today [`next_working`] looks for a working span.
pub const LOOK_AHEAD_DAYS: usize = 28;

/// True when `name` is a time zone of the bundled database (the server's
/// check after [`Schedule::validate`] has checked the name's shape).
pub fn time_zone_exists(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// The database's own spelling of a zone name (`asia/tokyo` →
/// `Asia/Tokyo`), to store; `None` for an unknown zone.
pub fn canonical_time_zone(name: &str) -> Option<String> {
    Some(TimeZone::get(name).ok()?.iana_name()?.to_owned())
}

/// True when `at_ms` falls inside a working span of its local date (a
/// date exception's spans replace the week's day).
pub fn is_working(schedule: &Schedule, at_ms: i64) -> bool {
    let zone = zone(schedule);
    within(&zone, at_ms, |date| working_spans(schedule, date))
}

/// True when `at_ms` falls inside the quiet hours of its local date.
pub fn is_quiet(schedule: &Schedule, at_ms: i64) -> bool {
    let zone = zone(schedule);
    within(&zone, at_ms, |_| schedule.quiet.as_slice())
}

/// The first moment at or after `now_ms` inside a working span, looking
/// at most [`LOOK_AHEAD_DAYS`] (28) days ahead; `None` when there is none
/// (no hours set).
pub fn next_working(schedule: &Schedule, now_ms: i64) -> Option<i64> {
    working_intervals(schedule, now_ms)
        .find(|interval| interval.end > now_ms)
        .map(|interval| interval.start.max(now_ms))
}

/// When this person can next be expected to answer: Online → now;
/// Offline → [`next_working`] (the schedule says when they are usually
/// there); Away → the start of the next working span that begins after now
/// (not the current one).
///
/// Spans that touch (09:00-12:00 and 12:00-13:00, or 22:00-24:00 and the
/// next day's 00:00-07:00) are one stretch of work for someone away: they
/// are expected back after the next break, not at the seam.
pub fn next_available(schedule: &Schedule, presence: Presence, now_ms: i64) -> Option<i64> {
    match presence {
        Presence::Online => Some(now_ms),
        Presence::Offline => next_working(schedule, now_ms),
        Presence::Away => {
            let mut stretch_end = None;
            working_intervals(schedule, now_ms).find_map(|interval| {
                let continues = stretch_end == Some(interval.start);
                stretch_end = Some(interval.end);
                (!continues && interval.start > now_ms).then_some(interval.start)
            })
        }
    }
}

/// A stretch of time, as Unix milliseconds: `start` inside, `end` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Interval {
    start: i64,
    end: i64,
}

/// The schedule's zone, or the fallback's when its name is unknown.
fn zone(schedule: &Schedule) -> TimeZone {
    TimeZone::get(&schedule.time_zone)
        .or_else(|_| TimeZone::get(FALLBACK_TIME_ZONE))
        // The bundled database always has Tokyo; its fixed offset is the
        // last resort, never reached in practice.
        .unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(9)))
}

/// True when `at_ms` lies in one of the spans `spans_of` gives for its
/// local date or the next. A date's spans lie between the first instants
/// its clock shows 00:00 and the next date's 00:00, so these two suffice:
/// the next date matters only where the clock goes back across midnight
/// (in some zones' history): the time repeated before midnight already
/// belongs to the next date.
fn within<'a>(zone: &TimeZone, at_ms: i64, spans_of: impl Fn(Date) -> &'a [Span]) -> bool {
    let Ok(at) = Timestamp::from_millisecond(at_ms) else {
        return false;
    };
    let date = zone.to_datetime(at).date();
    [Some(date), date.tomorrow().ok()]
        .into_iter()
        .flatten()
        .flat_map(|date| intervals(zone, date, spans_of(date)))
        .any(|interval| (interval.start..interval.end).contains(&at_ms))
}

/// The working spans of a date: its exception's, else its weekday's.
fn working_spans(schedule: &Schedule, date: Date) -> &[Span] {
    let key = date.to_string();
    match schedule.exceptions.iter().find(|day| day.date == key) {
        Some(exception) => &exception.spans,
        None => {
            let weekday = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
            schedule.week.get(weekday).map_or(&[], Vec::as_slice)
        }
    }
}

/// Every working interval from the day before `now_ms`'s local date (so a
/// stretch running over midnight is seen whole) to [`LOOK_AHEAD_DAYS`]
/// after it, in order of time.
fn working_intervals(schedule: &Schedule, now_ms: i64) -> impl Iterator<Item = Interval> + '_ {
    let zone = zone(schedule);
    let today = Timestamp::from_millisecond(now_ms)
        .ok()
        .map(|now| zone.to_datetime(now).date());
    let first = today.and_then(|today| today.yesterday().ok());
    std::iter::successors(first, |date| date.tomorrow().ok())
        .take(LOOK_AHEAD_DAYS + 2)
        .flat_map(move |date| intervals(&zone, date, working_spans(schedule, date)))
}

/// A date's spans as intervals, in order; a span that comes to nothing on
/// that date (inside a skipped hour, on a skipped day) is left out.
fn intervals(zone: &TimeZone, date: Date, spans: &[Span]) -> Vec<Interval> {
    let mut out: Vec<Interval> = spans
        .iter()
        .filter_map(|span| {
            Some(Interval {
                start: reached(zone, date, span.start)?,
                end: reached(zone, date, span.end)?,
            })
        })
        .filter(|interval| interval.start < interval.end)
        .collect();
    // Stored schedules are validated, hence in order; sorting keeps the
    // searches right for one that is not.
    out.sort_by_key(|interval| interval.start);
    out
}

/// The first instant the local clock of `date` shows `minute` (from
/// midnight; [`DAY_MINUTES`] is the next midnight), or `None` past the
/// calendar's range.
fn reached(zone: &TimeZone, date: Date, minute: u16) -> Option<i64> {
    if minute >= DAY_MINUTES {
        return reached(zone, date.tomorrow().ok()?, 0);
    }
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    let local = date.to_datetime(Time::new(hour, minute, 0, 0).ok()?);
    let ambiguous = zone.to_ambiguous_timestamp(local);
    let instant = match ambiguous.offset() {
        // The clock jumps over this time: it is reached when it jumps.
        // `earlier` reads the time with the offset after the gap, which
        // lands before the jump.
        AmbiguousOffset::Gap { .. } => {
            let before_jump = ambiguous.earlier().ok()?;
            zone.following(before_jump).next()?.timestamp()
        }
        // Shown twice when the clock goes back: the first time counts.
        AmbiguousOffset::Fold { .. } => ambiguous.earlier().ok()?,
        AmbiguousOffset::Unambiguous { .. } => ambiguous.compatible().ok()?,
    };
    Some(instant.as_millisecond())
}

#[cfg(test)]
mod tests;
