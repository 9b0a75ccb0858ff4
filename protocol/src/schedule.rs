//! A staff member's schedule as it travels: the weekly working spans in
//! their own time zone, the dates that differ (holidays, leave, a special
//! day) and the quiet hours when nothing should sound for them. This module
//! owns the shape, its validation and the text form staff type spans in
//! (`09:00-12:00, 13:30-17:00`); turning a schedule into instants (time
//! zones, daylight saving) is the server's, which has a time-zone database.
//!
//! Spans are minutes from local midnight, `start < end ≤ 1440`, so a span
//! never crosses midnight: a night is two spans, `22:00-24:00` on one day
//! and `00:00-07:00` on the next. That keeps every day's check local to the
//! day and makes a date exception replace exactly one day.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Minutes in a day: the end of a span that runs to midnight (`24:00`).
pub const DAY_MINUTES: u16 = 24 * 60;

/// Most spans in one day (or in the quiet hours): more is a typing slip.
pub const MAX_SPANS_A_DAY: usize = 8;

/// Most date exceptions a schedule keeps: a year's worth.
pub const MAX_EXCEPTIONS: usize = 366;

/// Longest time-zone name accepted (the longest IANA names are ~30).
const MAX_TIME_ZONE_LEN: usize = 64;

/// A span of local time within one day, in minutes from midnight:
/// start < end ≤ 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First minute inside the span.
    pub start: u16,
    /// First minute after the span (1440: until midnight).
    pub end: u16,
}

/// When a staff member usually answers, and when not to disturb them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// IANA time zone the spans are in, e.g. "Asia/Tokyo".
    pub time_zone: String,
    /// Working spans per weekday, Monday first (7 entries; several spans a
    /// day allowed).
    pub week: [Vec<Span>; 7],
    /// Dates that differ from the week (holidays, leave, a special day).
    #[serde(default)]
    pub exceptions: Vec<DayException>,
    /// Quiet hours, every day: no sound or alert for this person then.
    #[serde(default)]
    pub quiet: Vec<Span>,
}

/// One date's own spans (empty: not working that day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayException {
    /// The local date, `YYYY-MM-DD`.
    pub date: String,
    /// That date's working spans, replacing the week's day.
    pub spans: Vec<Span>,
}

/// Why a schedule or a typed list of spans was refused. The text of
/// [`fmt::Display`] is English, for the command line and logs; the console
/// matches on the variant to say it in its user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// Typed text that is not a list of spans; holds the text, trimmed.
    Unreadable(String),
    /// A span whose end is not after its start, or past midnight.
    EmptySpan(Span),
    /// Two spans of one day overlap or are not in order of time.
    Overlap(Span, Span),
    /// More than [`MAX_SPANS_A_DAY`] spans in one day.
    TooManySpans,
    /// More than [`MAX_EXCEPTIONS`] date exceptions.
    TooManyExceptions,
    /// An exception's date that is not a real `YYYY-MM-DD` date.
    BadDate(String),
    /// Two exceptions for the same date.
    DuplicateDate(String),
    /// A time-zone name that cannot be an IANA name.
    BadTimeZone(String),
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(text) => write!(f, "not a time span: {text:?} (write 09:00-12:00)"),
            Self::EmptySpan(span) if span.end > DAY_MINUTES => {
                write!(f, "a span ends after 24:00: {}", span_text(*span))
            }
            Self::EmptySpan(span) => write!(
                f,
                "a span must end after it starts: {} (write a night as 22:00-24:00 and 00:00-07:00)",
                span_text(*span)
            ),
            Self::Overlap(a, b) => write!(
                f,
                "spans overlap or are out of order: {} and {}",
                span_text(*a),
                span_text(*b)
            ),
            Self::TooManySpans => write!(f, "more than {MAX_SPANS_A_DAY} spans in one day"),
            Self::TooManyExceptions => write!(f, "more than {MAX_EXCEPTIONS} dated exceptions"),
            Self::BadDate(date) => write!(f, "not a date (YYYY-MM-DD): {date:?}"),
            Self::DuplicateDate(date) => write!(f, "the date {date} is listed twice"),
            Self::BadTimeZone(name) => write!(f, "not a time zone name: {name:?}"),
        }
    }
}

impl std::error::Error for ScheduleError {}

impl Default for Schedule {
    /// Tokyo time, no working hours, no exceptions, no quiet hours.
    fn default() -> Self {
        Schedule {
            time_zone: "Asia/Tokyo".to_owned(),
            week: Default::default(),
            exceptions: Vec::new(),
            quiet: Vec::new(),
        }
    }
}

impl Schedule {
    /// Checks everything that can be checked without a time-zone database:
    /// each day's spans (and the quiet hours) in order and not overlapping,
    /// at most [`MAX_SPANS_A_DAY`] a day; at most [`MAX_EXCEPTIONS`]
    /// exceptions on real, distinct dates; a time-zone name shaped like an
    /// IANA name (whether it exists is the server's to check).
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if !looks_like_time_zone(&self.time_zone) {
            return Err(ScheduleError::BadTimeZone(self.time_zone.clone()));
        }
        for day in &self.week {
            check_day(day)?;
        }
        check_day(&self.quiet)?;
        if self.exceptions.len() > MAX_EXCEPTIONS {
            return Err(ScheduleError::TooManyExceptions);
        }
        for (index, exception) in self.exceptions.iter().enumerate() {
            if !is_date(&exception.date) {
                return Err(ScheduleError::BadDate(exception.date.clone()));
            }
            if self.exceptions[..index]
                .iter()
                .any(|e| e.date == exception.date)
            {
                return Err(ScheduleError::DuplicateDate(exception.date.clone()));
            }
            check_day(&exception.spans)?;
        }
        Ok(())
    }
}

/// One day's spans: each non-empty and within the day, in order, not
/// overlapping (touching is fine: 09:00-12:00, 12:00-13:00), not too many.
fn check_day(spans: &[Span]) -> Result<(), ScheduleError> {
    if spans.len() > MAX_SPANS_A_DAY {
        return Err(ScheduleError::TooManySpans);
    }
    for span in spans {
        if span.start >= span.end || span.end > DAY_MINUTES {
            return Err(ScheduleError::EmptySpan(*span));
        }
    }
    for pair in spans.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(ScheduleError::Overlap(pair[0], pair[1]));
        }
    }
    Ok(())
}

/// True for a name shaped like an IANA zone: `UTC`, `Asia/Tokyo`,
/// `America/Argentina/Buenos_Aires`, `Etc/GMT-9`. Each part starts with a
/// letter and holds only ASCII letters, digits, `_`, `-` and `+`, which
/// also keeps out paths (`../`) and anything odd in a log line.
fn looks_like_time_zone(name: &str) -> bool {
    name.len() <= MAX_TIME_ZONE_LEN
        && name.split('/').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// True for a real calendar date written `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> u32 {
        bytes[range]
            .iter()
            .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// Reads spans as staff type them: `09:00-12:00, 13:30-17:00`; blank text
/// is no spans. Forgiving of how a Japanese IME or a hurried hand writes:
/// full-width digits, colon and dash, `〜` or `~` as the dash, `、` between
/// spans (or only spaces), `9:00` or a bare hour `9`. `24:00` may end a
/// span. The spans come back sorted by start; overlapping ones, an end not
/// after its start or more than [`MAX_SPANS_A_DAY`] are refused, so the
/// result is always a valid day.
pub fn parse_spans(text: &str) -> Result<Vec<Span>, ScheduleError> {
    let mut spans = Vec::new();
    let mut tokens = tokens(text)?.into_iter().peekable();
    loop {
        while tokens.next_if_eq(&Token::Separator).is_some() {}
        let Some(first) = tokens.next() else { break };
        let (Token::Time(start), Some(Token::Dash), Some(Token::Time(end))) =
            (first, tokens.next(), tokens.next())
        else {
            return Err(ScheduleError::Unreadable(text.trim().to_owned()));
        };
        spans.push(Span { start, end });
    }
    // At most a few spans (more is refused first): an insertion sort, far
    // less code in the wasm apps than the standard sorts.
    if spans.len() > MAX_SPANS_A_DAY {
        return Err(ScheduleError::TooManySpans);
    }
    for sorted in 1..spans.len() {
        let mut at = sorted;
        while at > 0 && (spans[at].start, spans[at].end) < (spans[at - 1].start, spans[at - 1].end)
        {
            spans.swap(at, at - 1);
            at -= 1;
        }
    }
    check_day(&spans)?;
    Ok(spans)
}

/// Writes spans the way [`parse_spans`] reads them: `09:00-12:00, 13:30-17:00`.
pub fn format_spans(spans: &[Span]) -> String {
    let mut out = String::with_capacity(spans.len() * 13);
    for (index, span) in spans.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        push_time(&mut out, span.start);
        out.push('-');
        push_time(&mut out, span.end);
    }
    out
}

/// One span as text, for error messages.
fn span_text(span: Span) -> String {
    format_spans(&[span])
}

/// `HH:MM` of minutes from midnight (`24:00` for the day's end).
fn push_time(out: &mut String, minutes: u16) {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let digits = [hours / 10, hours % 10, minutes / 10, minutes % 10];
    for (index, digit) in digits.into_iter().enumerate() {
        if index == 2 {
            out.push(':');
        }
        out.extend(char::from_digit(u32::from(digit), 10));
    }
}

/// A piece of typed span text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A time of day, minutes from midnight (1440 for `24:00`).
    Time(u16),
    /// What joins a span's start and end.
    Dash,
    /// What stands between spans.
    Separator,
}

/// Splits typed text into times, dashes and separators, after folding the
/// full-width and IME forms to ASCII. Spaces only end a time.
fn tokens(text: &str) -> Result<Vec<Token>, ScheduleError> {
    let unreadable = || ScheduleError::Unreadable(text.trim().to_owned());
    let mut out = Vec::new();
    let mut time = String::new();
    for c in text.chars().map(fold_char) {
        if c.is_ascii_digit() || c == ':' {
            time.push(c);
            continue;
        }
        if !time.is_empty() {
            out.push(Token::Time(read_time(&time).ok_or_else(unreadable)?));
            time.clear();
        }
        match c {
            '-' => out.push(Token::Dash),
            ',' => out.push(Token::Separator),
            c if c.is_whitespace() => {}
            _ => return Err(unreadable()),
        }
    }
    if !time.is_empty() {
        out.push(Token::Time(read_time(&time).ok_or_else(unreadable)?));
    }
    Ok(out)
}

/// Full-width digits and colon to ASCII; every dash, wave dash, tilde and
/// the long-vowel mark an IME types for `-` to `-`; list marks to `,`.
fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '：' => ':',
        '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ' | '〜' | '～' | '~' => {
            '-'
        }
        '、' | '，' | '､' | ';' | '；' | '/' | '／' => ',',
        other => other,
    }
}

/// `H`, `HH`, `H:MM` or `HH:MM` as minutes from midnight; `24:00` is the
/// day's end. `None` for anything else (`25:00`, `9:5`, `9:`).
fn read_time(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':').unwrap_or((text, "00"));
    if hours.is_empty() || hours.len() > 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= DAY_MINUTES).then_some(total)
}

#[cfg(test)]
mod tests;
