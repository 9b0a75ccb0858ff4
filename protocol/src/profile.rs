//! A staff member's own page in the settings: what they read of themselves
//! (or, for an admin, of each colleague) and what they change, through
//! `GET /api/staff/team` and `POST /api/staff/team/{id}/…`; and the team's
//! weekly summary (`GET /api/staff/load`), so the team sees and shares the
//! load. The profile's rules are [`StaffProfile::check`]'s, the hours'
//! [`Schedule::validate`]'s; this module adds the display name's.

use serde::{Deserialize, Serialize};

use crate::limits::MAX_STAFF_NAME_CHARS;
use crate::schedule::{Schedule, format_spans};
use crate::team::StaffProfile;

/// A staff member as their settings page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCard {
    /// Their id.
    pub id: i64,
    /// Their display name.
    pub name: String,
    /// An organisation admin.
    pub admin: bool,
    /// Role and introduction in both languages.
    pub profile: StaffProfile,
    /// Their hours as the settings page's fields show them (Tokyo and no
    /// hours when they set none): text, so the page need not decode a
    /// [`Schedule`].
    pub hours: HoursText,
    /// The path of their photo, or none.
    #[serde(default)]
    pub photo: Option<String>,
}

/// A schedule as the hours form's fields hold it: the forgiving span
/// syntax (`09:00-12:00, 13:30-15:00`) a field a weekday, the dates that
/// differ one a line (`2026-12-26 10:00-12:00`, or a date alone for a day
/// off), quiet hours and the time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursText {
    /// The time zone's name.
    pub time_zone: String,
    /// Each weekday's spans, Monday first (7).
    pub days: Vec<String>,
    /// The dates that differ, one a line.
    pub dates: String,
    /// The quiet hours.
    pub quiet: String,
}

impl HoursText {
    /// The fields' text for a schedule (none: Tokyo, no hours).
    pub fn of(schedule: Option<&Schedule>) -> HoursText {
        let fallback = Schedule::default();
        let schedule = schedule.unwrap_or(&fallback);
        let dates: Vec<String> = schedule
            .exceptions
            .iter()
            .map(|exception| {
                let spans = format_spans(&exception.spans);
                format!("{} {spans}", exception.date).trim_end().to_owned()
            })
            .collect();
        HoursText {
            time_zone: schedule.time_zone.clone(),
            days: schedule
                .week
                .iter()
                .map(|spans| format_spans(spans))
                .collect(),
            dates: dates.join("\n"),
            quiet: format_spans(&schedule.quiet),
        }
    }
}

/// What `POST /api/staff/team/{id}/profile` carries: the display name with
/// the profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEdit {
    /// The display name (1 to [`MAX_STAFF_NAME_CHARS`] characters, one line).
    pub name: String,
    /// Role and introduction.
    pub profile: StaffProfile,
}

/// True for a display name the server keeps (after trimming).
pub fn name_ok(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().count() <= MAX_STAFF_NAME_CHARS
        && !name.chars().any(char::is_control)
}

/// One staff member's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLoad {
    /// Their id.
    pub id: i64,
    /// Their display name.
    pub name: String,
    /// Conversations with at least one reply from them this week.
    pub conversations: u32,
    /// Messages they sent this week.
    pub messages: u32,
    /// Minutes they were online this week (presence `Online`).
    pub online_minutes: u32,
}

/// The team's week so far: Monday 00:00 in the organisation's time zone
/// until now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekLoad {
    /// When the week began (ms since the Unix epoch).
    pub since_ms: i64,
    /// The time zone the week is counted in (IANA name).
    pub time_zone: String,
    /// Everyone in the organisation, in the team's order.
    pub staff: Vec<StaffLoad>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_is_one_short_line() {
        assert!(name_ok(" 保育士のあき "));
        assert!(!name_ok(" \u{3000} "));
        assert!(!name_ok("あき\nさん"));
        assert!(!name_ok(&"あ".repeat(MAX_STAFF_NAME_CHARS + 1)));
    }
}
