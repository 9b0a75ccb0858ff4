//! The settings page's staff API (issue 12): the cards a staff member may
//! edit and their changes (name and profile, hours, photo), the
//! organisation's canned replies, and the team's week. Paths and bodies:
//! `yorisoi_protocol::http` ([`STAFF_TEAM`], [`STAFF_CANNED`],
//! [`STAFF_LOAD`]); every rule is the service's.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::http::{STAFF_CANNED, STAFF_LOAD, STAFF_TEAM};
use yorisoi_protocol::profile::{ProfileEdit, StaffCard, WeekLoad};
use yorisoi_protocol::schedule::Schedule;

use super::AppError;
use super::extractors::{Json, StaffSession};
use crate::service::Service;

/// `GET` the cards the staff member may edit.
pub async fn cards(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<axum::Json<Vec<StaffCard>>, AppError> {
    Ok(axum::Json(service.staff_cards(&session.staff).await?))
}

/// `POST` a staff member's name and profile.
pub async fn profile(
    State(service): State<Service>,
    session: StaffSession,
    Path(staff): Path<i64>,
    Json(edit): Json<ProfileEdit>,
) -> Result<axum::Json<StaffCard>, AppError> {
    Ok(axum::Json(
        service.edit_profile(&session.staff, staff, &edit).await?,
    ))
}

/// `POST` a staff member's hours.
pub async fn hours(
    State(service): State<Service>,
    session: StaffSession,
    Path(staff): Path<i64>,
    Json(schedule): Json<Schedule>,
) -> Result<axum::Json<StaffCard>, AppError> {
    Ok(axum::Json(
        service.edit_hours(&session.staff, staff, &schedule).await?,
    ))
}

/// `POST` a staff member's photo, the picture's bytes as the body (an
/// empty body removes it).
pub async fn photo(
    State(service): State<Service>,
    session: StaffSession,
    Path(staff): Path<i64>,
    bytes: Bytes,
) -> Result<axum::Json<StaffCard>, AppError> {
    Ok(axum::Json(
        service.edit_photo(&session.staff, staff, &bytes).await?,
    ))
}

/// `GET` the organisation's canned replies.
pub async fn canned(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<axum::Json<Vec<CannedReply>>, AppError> {
    Ok(axum::Json(service.canned_replies(&session.staff).await?))
}

/// `POST` a new canned reply.
pub async fn add_canned(
    State(service): State<Service>,
    session: StaffSession,
    Json(draft): Json<CannedDraft>,
) -> Result<axum::Json<CannedReply>, AppError> {
    Ok(axum::Json(
        service.add_canned_reply(&session.staff, &draft).await?,
    ))
}

/// `POST` a changed canned reply.
pub async fn update_canned(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
    Json(draft): Json<CannedDraft>,
) -> Result<axum::Json<CannedReply>, AppError> {
    Ok(axum::Json(
        service
            .update_canned_reply(&session.staff, id, &draft)
            .await?,
    ))
}

/// `POST` the removal of a canned reply: 204.
pub async fn delete_canned(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    service.delete_canned_reply(&session.staff, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET` the team's week so far.
pub async fn load(
    State(service): State<Service>,
    session: StaffSession,
) -> Result<axum::Json<WeekLoad>, AppError> {
    Ok(axum::Json(service.week_load(&session.staff).await?))
}

/// These routes, for the router.
pub fn routes() -> axum::Router<Service> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(STAFF_TEAM, get(cards))
        .route(&format!("{STAFF_TEAM}/{{staff}}/profile"), post(profile))
        .route(&format!("{STAFF_TEAM}/{{staff}}/hours"), post(hours))
        .route(&format!("{STAFF_TEAM}/{{staff}}/photo"), post(photo))
        .route(STAFF_CANNED, get(canned).post(add_canned))
        .route(&format!("{STAFF_CANNED}/{{id}}"), post(update_canned))
        .route(
            &format!("{STAFF_CANNED}/{{id}}/delete"),
            post(delete_canned),
        )
        .route(STAFF_LOAD, get(load))
}
