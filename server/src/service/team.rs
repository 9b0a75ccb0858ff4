//! The team: each staff member's profile, hours, presence and photo (edited
//! by themselves, by an organisation admin, or on the command line), and
//! what a parent is told about who answers and when ([`Team`]).
//!
//! Parents' widgets ask for the team on every greeting, nomination and
//! heartbeat, so the organisation's team rows are kept for a short while
//! ([`TEAM_FRESH_MS`]) instead of read each time: a change made on this node
//! is seen at once, one made on another node (or by `yorisoi staff`) within
//! that while. The times themselves are computed afresh each time from the
//! clock, the hours ([`crate::schedule`]) and the routing rules
//! ([`crate::routing`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use yorisoi_protocol::http::STAFF_PHOTOS;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{MAX_PHOTO_BYTES, NOW, Presence, StaffProfile, Team, TeamMember};
use yorisoi_protocol::{ErrorCode, OrganisationId};

use super::Service;
use crate::error::{ServiceError, StoreError};
use crate::routing::{Candidate, route};
use crate::schedule::{canonical_time_zone, is_quiet, next_available};
use crate::store::{Photo, Store, TeamRecord};

/// How long the team's rows are reused before being read again.
pub const TEAM_FRESH_MS: i64 = 30_000;

/// One organisation's team rows, with when they were read.
type Read = (i64, Arc<Vec<TeamRecord>>);

/// The organisations' team rows, each with when it was read.
#[derive(Debug, Default)]
pub(super) struct TeamCache(Mutex<HashMap<OrganisationId, Read>>);

impl TeamCache {
    fn get(&self, organisation: OrganisationId, now_ms: i64) -> Option<Arc<Vec<TeamRecord>>> {
        let cache = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .get(&organisation)
            .filter(|(read_at, _)| now_ms.saturating_sub(*read_at) < TEAM_FRESH_MS)
            .map(|(_, records)| records.clone())
    }

    fn put(&self, organisation: OrganisationId, now_ms: i64, records: Arc<Vec<TeamRecord>>) {
        let mut cache = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.insert(organisation, (now_ms, records));
    }

    pub(super) fn forget(&self, organisation: OrganisationId) {
        let mut cache = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache.remove(&organisation);
    }
}

/// Where a staff member's photo is served; the version makes each new
/// photo a new address, so browsers may keep one for long.
pub fn photo_path(organisation: OrganisationId, staff: i64, version: i64) -> String {
    format!("{STAFF_PHOTOS}/{}/{staff}/{version}", organisation.0)
}

/// When this staff member can next be expected to answer: their hours and
/// presence decide; without hours, only being online counts.
pub fn available_at(record: &TeamRecord, now_ms: i64) -> Option<i64> {
    match &record.schedule {
        Some(schedule) => next_available(schedule, record.presence, now_ms),
        None => (record.presence == Presence::Online).then_some(now_ms),
    }
}

/// Whether this staff member is in their quiet hours.
pub fn in_quiet_hours(record: &TeamRecord, now_ms: i64) -> bool {
    record
        .schedule
        .as_ref()
        .is_some_and(|schedule| is_quiet(schedule, now_ms))
}

/// What a parent who asked for `nominee` (or anyone) is told.
pub fn parent_view(
    organisation: OrganisationId,
    records: &[TeamRecord],
    nominee: Option<i64>,
    now_ms: i64,
    wait_ms: i64,
) -> Team {
    let members: Vec<TeamMember> = records
        .iter()
        .map(|record| TeamMember {
            id: record.id,
            name: record.name.clone(),
            profile: record.profile.clone(),
            photo: record
                .photo_version
                .map(|version| photo_path(organisation, record.id, version)),
            available_at_ms: available_at(record, now_ms).map(|at| as_sent(at, now_ms)),
        })
        .collect();
    let candidates: Vec<Candidate> = records
        .iter()
        .zip(&members)
        .map(|(record, member)| Candidate {
            staff: record.id,
            available_at_ms: member.available_at_ms,
            quiet: in_quiet_hours(record, now_ms),
        })
        .collect();
    let routing = route(nominee, &candidates, now_ms, wait_ms);
    let away = !members
        .iter()
        .any(|member| member.available_at_ms == Some(NOW));
    Team {
        nominee: nominee.filter(|id| records.iter().any(|record| record.id == *id)),
        reply_by_ms: routing.reply_by_ms.map(|at| as_sent(at, now_ms)),
        away,
        ask_for_anyone: routing.ask_for_anyone,
        members,
    }
}

/// A time as parents are told it: [`NOW`] for anything not in the future.
fn as_sent(at_ms: i64, now_ms: i64) -> i64 {
    if at_ms <= now_ms { NOW } else { at_ms }
}

/// Checks and stores a profile (trimmed).
pub async fn store_profile(
    store: &Store,
    organisation: OrganisationId,
    staff: i64,
    profile: &StaffProfile,
) -> Result<(), ServiceError> {
    let profile = profile.normalised();
    if let Err(problem) = profile.check() {
        return Err(ServiceError::Invalid(format!("{problem:?}")));
    }
    found(store.set_profile(organisation, staff, &profile).await?)
}

/// Checks and stores hours (none: no hours), with the time zone's own
/// spelling (`asia/tokyo` is kept as `Asia/Tokyo`).
pub async fn store_schedule(
    store: &Store,
    organisation: OrganisationId,
    staff: i64,
    schedule: Option<&Schedule>,
) -> Result<(), ServiceError> {
    let checked = match schedule {
        Some(schedule) => {
            schedule
                .validate()
                .map_err(|problem| ServiceError::Invalid(problem.to_string()))?;
            let time_zone = canonical_time_zone(&schedule.time_zone).ok_or_else(|| {
                ServiceError::Invalid(format!("unknown time zone `{}`", schedule.time_zone))
            })?;
            Some(Schedule {
                time_zone,
                ..schedule.clone()
            })
        }
        None => None,
    };
    found(
        store
            .set_schedule(organisation, staff, checked.as_ref())
            .await?,
    )
}

/// Checks and stores a photo (none: remove it). Only small PNG, JPEG and
/// WebP pictures, recognised by their first bytes (never by a name).
pub async fn store_photo(
    store: &Store,
    organisation: OrganisationId,
    staff: i64,
    bytes: Option<&[u8]>,
    now_ms: i64,
) -> Result<(), ServiceError> {
    let photo = match bytes {
        Some(bytes) => {
            if bytes.len() > MAX_PHOTO_BYTES {
                return Err(ServiceError::Invalid(format!(
                    "a photo may have at most {} KB",
                    MAX_PHOTO_BYTES / 1024
                )));
            }
            let content_type = image_type(bytes).ok_or_else(|| {
                ServiceError::Invalid("a photo must be a PNG, JPEG or WebP picture".into())
            })?;
            Some((content_type, bytes))
        }
        None => None,
    };
    found(store.set_photo(organisation, staff, photo, now_ms).await?)
}

/// The media type of a picture, from its signature.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A change that found nobody names an unknown staff member.
fn found(changed: bool) -> Result<(), ServiceError> {
    if changed {
        Ok(())
    } else {
        Err(ServiceError::Invalid(
            "no such staff member in this organisation".into(),
        ))
    }
}

impl Service {
    /// The organisation's team rows, at most [`TEAM_FRESH_MS`] old.
    pub async fn team_records(
        &self,
        organisation: OrganisationId,
    ) -> Result<Arc<Vec<TeamRecord>>, StoreError> {
        let now_ms = self.now_ms();
        if let Some(records) = self.inner.team.get(organisation, now_ms) {
            return Ok(records);
        }
        let records = Arc::new(self.store().team(organisation).await?);
        self.inner.team.put(organisation, now_ms, records.clone());
        Ok(records)
    }

    /// What a parent who asked for `nominee` (or anyone) is told now.
    pub async fn team_for_parent(
        &self,
        organisation: OrganisationId,
        nominee: Option<i64>,
    ) -> Result<Team, StoreError> {
        let records = self.team_records(organisation).await?;
        Ok(parent_view(
            organisation,
            &records,
            nominee,
            self.now_ms(),
            self.config().nomination_wait_ms(),
        ))
    }

    /// `editor` may change `staff`'s profile, hours or photo: their own,
    /// or, for an admin, anyone's in their organisation.
    pub(super) fn may_edit(editor: &StaffInfo, staff: i64) -> Result<(), ServiceError> {
        if editor.id == staff || editor.admin {
            Ok(())
        } else {
            Err(ServiceError::refused(ErrorCode::Forbidden))
        }
    }

    /// `editor` changes `staff`'s profile.
    pub async fn set_profile(
        &self,
        editor: &StaffInfo,
        staff: i64,
        profile: &StaffProfile,
    ) -> Result<(), ServiceError> {
        Self::may_edit(editor, staff)?;
        store_profile(self.store(), editor.organisation, staff, profile).await?;
        self.inner.team.forget(editor.organisation);
        Ok(())
    }

    /// `editor` changes `staff`'s hours.
    pub async fn set_schedule(
        &self,
        editor: &StaffInfo,
        staff: i64,
        schedule: Option<&Schedule>,
    ) -> Result<(), ServiceError> {
        Self::may_edit(editor, staff)?;
        store_schedule(self.store(), editor.organisation, staff, schedule).await?;
        self.inner.team.forget(editor.organisation);
        Ok(())
    }

    /// `editor` changes `staff`'s photo (none: removes it).
    pub async fn set_photo(
        &self,
        editor: &StaffInfo,
        staff: i64,
        bytes: Option<&[u8]>,
    ) -> Result<(), ServiceError> {
        Self::may_edit(editor, staff)?;
        store_photo(
            self.store(),
            editor.organisation,
            staff,
            bytes,
            self.now_ms(),
        )
        .await?;
        self.inner.team.forget(editor.organisation);
        Ok(())
    }

    /// A staff member says whether they answer now.
    pub async fn set_presence(
        &self,
        staff: &StaffInfo,
        presence: Presence,
    ) -> Result<(), ServiceError> {
        found(
            self.store()
                .set_presence(staff.organisation, staff.id, presence)
                .await?,
        )?;
        self.inner.team.forget(staff.organisation);
        Ok(())
    }

    /// A staff member's photo, for parents' widgets.
    pub async fn photo(
        &self,
        organisation: OrganisationId,
        staff: i64,
    ) -> Result<Option<Photo>, ServiceError> {
        Ok(self.store().photo(organisation, staff).await?)
    }
}
