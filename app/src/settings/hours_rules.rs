//! The rules side of the hours form, pure and testable without a browser:
//! the schedule the fields' text makes (the protocol's [`HoursText`], which
//! the server also sends each card's hours as), or which fields are at fault (decided by the protocol's own
//! `parse_spans` and `Schedule::validate`; no rule copied here). Dates are
//! typed one a line, a date and its hours (`2026-12-26 10:00-12:00`), or a
//! date alone for a day off.

use yorisoi_protocol::profile::HoursText;
use yorisoi_protocol::schedule::{DayException, Schedule, parse_spans};

/// The keys of the hours form's fields: 0–6 the weekdays (Monday first),
/// then these.
pub const DATES: u8 = 7;
/// The quiet hours' key.
pub const QUIET: u8 = 8;
/// The time zone's key.
pub const ZONE: u8 = 9;

/// The Fluent ids of the weekdays' labels, Monday first.
pub const DAY_LABELS: [&str; 7] = [
    "settings-mon",
    "settings-tue",
    "settings-wed",
    "settings-thu",
    "settings-fri",
    "settings-sat",
    "settings-sun",
];

/// The schedule the fields make, or the keys of the fields at fault with
/// the Fluent id of what to say about each.
pub fn read(text: &HoursText) -> Result<Schedule, Vec<(u8, &'static str)>> {
    let mut wrong = Vec::new();
    let mut schedule = Schedule {
        time_zone: text.time_zone.trim().to_owned(),
        ..Schedule::default()
    };
    for (key, (day, typed)) in (0u8..).zip(schedule.week.iter_mut().zip(&text.days)) {
        match parse_spans(typed) {
            Ok(spans) => *day = spans,
            Err(_) => wrong.push((key, "settings-problem-spans")),
        }
    }
    // In the keys' order, so the first at fault is the first on the page.
    match read_dates(&text.dates) {
        Some(exceptions) => schedule.exceptions = exceptions,
        None => wrong.push((DATES, "settings-problem-dates")),
    }
    match parse_spans(&text.quiet) {
        Ok(spans) => schedule.quiet = spans,
        Err(_) => wrong.push((QUIET, "settings-problem-spans")),
    }
    let zone_only = Schedule {
        time_zone: schedule.time_zone.clone(),
        ..Schedule::default()
    };
    if zone_only.validate().is_err() {
        wrong.push((ZONE, "settings-problem-zone"));
    }
    if wrong.is_empty() && schedule.validate().is_err() {
        // Only the dates can still be at fault (a date twice, or too many).
        wrong.push((DATES, "settings-problem-dates"));
    }
    if wrong.is_empty() {
        Ok(schedule)
    } else {
        Err(wrong)
    }
}

/// The dates typed one a line; `None` when a line is not a real date with
/// readable hours.
fn read_dates(text: &str) -> Option<Vec<DayException>> {
    let mut exceptions = Vec::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let (date, spans) = line
            .split_once(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or((line, ""));
        let exception = DayException {
            date: date.to_owned(),
            spans: parse_spans(spans.trim_start_matches(['=', ' ', '\u{3000}'])).ok()?,
        };
        let alone = Schedule {
            exceptions: vec![exception.clone()],
            ..Schedule::default()
        };
        alone.validate().ok()?;
        exceptions.push(exception);
    }
    // Kept in the order typed (a sort would cost the page's wasm its code).
    Some(exceptions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::schedule::Span;

    fn span(start: u16, end: u16) -> Span {
        Span {
            start: start * 60,
            end: end * 60,
        }
    }

    #[test]
    fn typed_hours_become_a_schedule_and_back() {
        let mut text = HoursText {
            time_zone: " Asia/Tokyo ".into(),
            days: vec![String::new(); 7],
            dates: "2026-12-26 = １０:００〜１２:００\n\n2026-12-31".into(),
            quiet: "22:00-24:00, 0-7".into(),
        };
        text.days[0] = "09:00-12:00、13:00-15:00".into();
        let schedule = read(&text).expect("a schedule");
        assert_eq!(schedule.time_zone, "Asia/Tokyo");
        assert_eq!(schedule.week[0], [span(9, 12), span(13, 15)]);
        assert!(schedule.week[1].is_empty());
        assert_eq!(schedule.quiet, [span(0, 7), span(22, 24)]);
        let dates: Vec<(&str, &[Span])> = schedule
            .exceptions
            .iter()
            .map(|e| (e.date.as_str(), e.spans.as_slice()))
            .collect();
        assert_eq!(
            dates,
            [("2026-12-26", &[span(10, 12)][..]), ("2026-12-31", &[][..])]
        );

        let again = HoursText::of(Some(&schedule));
        assert_eq!(again.days[0], "09:00-12:00, 13:00-15:00");
        assert_eq!(again.dates, "2026-12-26 10:00-12:00\n2026-12-31");
        assert_eq!(read(&again), Ok(schedule));
    }

    #[test]
    fn each_field_at_fault_is_named() {
        let mut text = HoursText::of(None);
        text.days[2] = "9時から".into();
        text.days[4] = "13:00-12:00".into();
        text.dates = "2026-02-30 09:00-10:00".into();
        text.time_zone = "../etc".into();
        assert_eq!(
            read(&text),
            Err(vec![
                (2, "settings-problem-spans"),
                (4, "settings-problem-spans"),
                (DATES, "settings-problem-dates"),
                (ZONE, "settings-problem-zone"),
            ])
        );
        let mut twice = HoursText::of(None);
        twice.dates = "2026-12-31\n2026-12-31 10-12".into();
        assert_eq!(read(&twice), Err(vec![(DATES, "settings-problem-dates")]));
    }
}
