//! The settings page's staff calls (issue 12), over [`super::staff`]'s
//! requests: the cards a staff member may edit and their changes, the
//! organisation's canned replies (the console reads them too) and the
//! team's week. Paths from `yorisoi_protocol::http`.

use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::http::{STAFF_CANNED, STAFF_LOAD, STAFF_TEAM};
use yorisoi_protocol::profile::{ProfileEdit, StaffCard, WeekLoad};
use yorisoi_protocol::schedule::Schedule;

use super::json;
use super::staff::{StaffError, answer, call, decoded, post, send};

/// `GET` the cards the staff member may edit (their own; an admin's: everyone's).
pub async fn cards() -> Result<Vec<StaffCard>, StaffError> {
    decoded(call("GET", STAFF_TEAM, None).await)
}

/// `POST` a staff member's name and profile (the saved card is not read:
/// the form already shows it).
pub async fn save_profile(staff: i64, edit: &ProfileEdit) -> Result<(), StaffError> {
    let body = json::encode(edit).ok_or(StaffError::Network)?;
    let path = format!("{STAFF_TEAM}/{staff}/profile");
    call("POST", &path, Some(body)).await.map(drop)
}

/// `POST` a staff member's hours.
pub async fn save_hours(staff: i64, schedule: &Schedule) -> Result<(), StaffError> {
    let body = json::encode(schedule).ok_or(StaffError::Network)?;
    let path = format!("{STAFF_TEAM}/{staff}/hours");
    call("POST", &path, Some(body)).await.map(drop)
}

/// `POST` a staff member's photo, a picture `File` sent as it is; the card
/// as saved.
pub async fn save_photo(staff: i64, file: &web_sys::File) -> Result<StaffCard, StaffError> {
    let path = format!("{STAFF_TEAM}/{staff}/photo");
    let response = send("POST", &path, Some(file.as_ref()), false).await?;
    decoded(answer(&response).await)
}

/// `GET` the organisation's canned replies.
pub async fn canned() -> Result<Vec<CannedReply>, StaffError> {
    decoded(call("GET", STAFF_CANNED, None).await)
}

/// `POST` a canned reply: a new one (no `id`) or a change (the list is
/// read again after it).
pub async fn save_canned(id: Option<i64>, draft: &CannedDraft) -> Result<(), StaffError> {
    let body = json::encode(draft).ok_or(StaffError::Network)?;
    let path = match id {
        Some(id) => format!("{STAFF_CANNED}/{id}"),
        None => STAFF_CANNED.to_owned(),
    };
    call("POST", &path, Some(body)).await.map(drop)
}

/// `POST` the removal of a canned reply.
pub async fn delete_canned(id: i64) -> Result<(), StaffError> {
    post(&format!("{STAFF_CANNED}/{id}/delete"), None).await
}

/// `GET` the team's week so far.
pub async fn load() -> Result<WeekLoad, StaffError> {
    decoded(call("GET", STAFF_LOAD, None).await)
}
