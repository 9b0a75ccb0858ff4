//! `yorisoi staff show|profile|hours`: a staff member's profile, photo and
//! hours from the command line, through the same checks as the console
//! (the team use cases in [`crate::service::team`]).

use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::schedule::{DayException, format_spans, parse_spans};
use yorisoi_protocol::team::StaffProfile;

use super::{now_ms, open};
use crate::cli::HoursArgs;
use crate::config::Config;
use crate::error::ServerError;
use crate::service::team::{store_photo, store_profile, store_schedule};
use crate::store::{Store, TeamRecord};

/// The weekday flags' names, Monday first, as `show` prints them.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The staff member with this login email, with their team row.
async fn find(store: &Store, email: &str) -> Result<(StaffInfo, TeamRecord), ServerError> {
    let missing = || ServerError::Invalid(format!("there is no staff member <{email}>"));
    let (staff, _) = store.staff_credentials(email).await?.ok_or_else(missing)?;
    let record = store
        .team(staff.organisation)
        .await?
        .into_iter()
        .find(|record| record.id == staff.id)
        .ok_or_else(missing)?;
    Ok((staff, record))
}

/// `yorisoi staff show`: the profile, presence and hours as lines.
pub async fn show(config: &Config, email: &str) -> Result<Vec<String>, ServerError> {
    let store = open(config).await?;
    let (_, record) = find(&store, email).await?;
    let profile = &record.profile;
    let mut lines = vec![
        format!("name\t{}", record.name),
        format!("role\t{} / {}", profile.role_ja, profile.role_en),
        format!("intro-ja\t{}", profile.intro_ja),
        format!("intro-en\t{}", profile.intro_en),
        format!(
            "photo\t{}",
            if record.photo_version.is_some() {
                "yes"
            } else {
                "no"
            }
        ),
        format!("presence\t{}", record.presence.as_str()),
    ];
    match &record.schedule {
        None => lines.push("hours\tnone".into()),
        Some(schedule) => {
            lines.push(format!("time-zone\t{}", schedule.time_zone));
            for (day, spans) in DAYS.iter().zip(&schedule.week) {
                lines.push(format!("{day}\t{}", format_spans(spans)));
            }
            for exception in &schedule.exceptions {
                lines.push(format!(
                    "date\t{}={}",
                    exception.date,
                    format_spans(&exception.spans)
                ));
            }
            lines.push(format!("quiet\t{}", format_spans(&schedule.quiet)));
        }
    }
    Ok(lines)
}

/// The fields `yorisoi staff profile` may change.
#[derive(Debug, Default)]
pub struct ProfileChange {
    pub role_ja: Option<String>,
    pub role_en: Option<String>,
    pub intro_ja: Option<String>,
    pub intro_en: Option<String>,
    /// Some(Some(bytes)): a new photo; Some(None): remove it.
    pub photo: Option<Option<Vec<u8>>>,
}

/// `yorisoi staff profile`: changes only the fields given.
pub async fn profile(
    config: &Config,
    email: &str,
    change: ProfileChange,
) -> Result<Vec<String>, ServerError> {
    let store = open(config).await?;
    let (staff, record) = find(&store, email).await?;
    let old = record.profile;
    let profile = StaffProfile {
        role_ja: change.role_ja.unwrap_or(old.role_ja),
        role_en: change.role_en.unwrap_or(old.role_en),
        intro_ja: change.intro_ja.unwrap_or(old.intro_ja),
        intro_en: change.intro_en.unwrap_or(old.intro_en),
    };
    store_profile(&store, staff.organisation, staff.id, &profile).await?;
    if let Some(photo) = change.photo {
        store_photo(
            &store,
            staff.organisation,
            staff.id,
            photo.as_deref(),
            now_ms(),
        )
        .await?;
    }
    Ok(vec![format!("updated the profile of {}", staff.name)])
}

/// `yorisoi staff hours`: changes only the days, dates and quiet hours given.
pub async fn hours(config: &Config, args: HoursArgs) -> Result<Vec<String>, ServerError> {
    let store = open(config).await?;
    let (staff, record) = find(&store, &args.email).await?;
    if args.clear {
        store_schedule(&store, staff.organisation, staff.id, None).await?;
        return Ok(vec![format!("removed the hours of {}", staff.name)]);
    }
    let mut schedule = record.schedule.unwrap_or_default();
    let spans =
        |text: &str| parse_spans(text).map_err(|error| ServerError::Invalid(error.to_string()));
    if let Some(zone) = args.time_zone {
        schedule.time_zone = zone;
    }
    let days = [
        args.mon, args.tue, args.wed, args.thu, args.fri, args.sat, args.sun,
    ];
    for (day, text) in schedule.week.iter_mut().zip(days) {
        if let Some(text) = text {
            *day = spans(&text)?;
        }
    }
    for date in &args.clear_dates {
        schedule
            .exceptions
            .retain(|exception| exception.date != date.trim());
    }
    for entry in &args.dates {
        let (date, text) = entry.split_once('=').ok_or_else(|| {
            ServerError::Invalid(format!("`{entry}`: write a date as DATE=SPANS"))
        })?;
        let date = date.trim().to_owned();
        let spans = spans(text)?;
        schedule
            .exceptions
            .retain(|exception| exception.date != date);
        schedule.exceptions.push(DayException { date, spans });
    }
    schedule.exceptions.sort_by(|a, b| a.date.cmp(&b.date));
    if let Some(text) = args.quiet {
        schedule.quiet = spans(&text)?;
    }
    store_schedule(&store, staff.organisation, staff.id, Some(&schedule)).await?;
    Ok(vec![format!("updated the hours of {}", staff.name)])
}
