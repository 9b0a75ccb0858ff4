//! The settings page's use cases (issue 12): a staff member reads and edits
//! their own card (name, profile, hours, photo; an admin everyone's, by the
//! rules of [`super::team`]), the organisation's canned replies (any staff
//! member: see [`Service::add_canned_reply`]), the presence log that the
//! console's presence changes and closings write, and the team's week so
//! far ([`WeekLoad`], its arithmetic in [`crate::workload`]).

use yorisoi_protocol::canned::{CannedDraft, CannedReply, MAX_CANNED_REPLIES};
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::profile::{HoursText, ProfileEdit, StaffCard, StaffLoad, WeekLoad, name_ok};
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::Presence;

use super::Service;
use super::team::photo_path;
use crate::error::ServiceError;
use crate::store::TeamRecord;
use crate::workload::{online_ms, organisation_time_zone, week_start_ms};

const MINUTE_MS: i64 = 60_000;

/// A count as shown (the wire has no 64-bit counts; a week never needs one).
fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

impl Service {
    /// The cards `editor` may edit: their own, or, for an admin, everyone's
    /// in their organisation (read afresh: the page shows what was saved).
    pub async fn staff_cards(&self, editor: &StaffInfo) -> Result<Vec<StaffCard>, ServiceError> {
        let organisation = editor.organisation;
        let records = self.store().team(organisation).await?;
        let admins: Vec<i64> = if editor.admin {
            let staff = self.store().list_staff(Some(organisation)).await?;
            staff.iter().filter(|s| s.admin).map(|s| s.id).collect()
        } else {
            Vec::new()
        };
        Ok(records
            .into_iter()
            .filter(|record| editor.admin || record.id == editor.id)
            .map(|record| StaffCard {
                admin: admins.contains(&record.id) || (record.id == editor.id && editor.admin),
                photo: record
                    .photo_version
                    .map(|version| photo_path(organisation, record.id, version)),
                id: record.id,
                name: record.name,
                profile: record.profile,
                hours: HoursText::of(record.schedule.as_ref()),
            })
            .collect())
    }

    /// `staff`'s card as `editor` may see it.
    async fn staff_card(&self, editor: &StaffInfo, staff: i64) -> Result<StaffCard, ServiceError> {
        Self::may_edit(editor, staff)?;
        self.staff_cards(editor)
            .await?
            .into_iter()
            .find(|card| card.id == staff)
            .ok_or_else(|| ServiceError::Invalid("no such staff member".into()))
    }

    /// `editor` changes `staff`'s display name and profile; nothing is
    /// stored when either breaks a rule.
    pub async fn edit_profile(
        &self,
        editor: &StaffInfo,
        staff: i64,
        edit: &ProfileEdit,
    ) -> Result<StaffCard, ServiceError> {
        Self::may_edit(editor, staff)?;
        if !name_ok(&edit.name) {
            return Err(ServiceError::Invalid("bad display name".into()));
        }
        self.set_profile(editor, staff, &edit.profile).await?;
        let organisation = editor.organisation;
        self.store()
            .set_staff_name(organisation, staff, edit.name.trim())
            .await?;
        self.inner.team.forget(organisation);
        self.staff_card(editor, staff).await
    }

    /// `editor` changes `staff`'s hours.
    pub async fn edit_hours(
        &self,
        editor: &StaffInfo,
        staff: i64,
        schedule: &Schedule,
    ) -> Result<StaffCard, ServiceError> {
        self.set_schedule(editor, staff, Some(schedule)).await?;
        self.staff_card(editor, staff).await
    }

    /// `editor` changes `staff`'s photo; no bytes remove it.
    pub async fn edit_photo(
        &self,
        editor: &StaffInfo,
        staff: i64,
        bytes: &[u8],
    ) -> Result<StaffCard, ServiceError> {
        let photo = (!bytes.is_empty()).then_some(bytes);
        self.set_photo(editor, staff, photo).await?;
        self.staff_card(editor, staff).await
    }

    /// The organisation's canned replies.
    pub async fn canned_replies(
        &self,
        staff: &StaffInfo,
    ) -> Result<Vec<CannedReply>, ServiceError> {
        Ok(self.store().canned_replies(staff.organisation).await?)
    }

    /// Adds a canned reply. Any staff member may: in a team of two the one
    /// who answers is the one who knows which words they reach for, and a
    /// canned reply reaches no parent until a staff member has read, edited
    /// and sent it.
    pub async fn add_canned_reply(
        &self,
        staff: &StaffInfo,
        draft: &CannedDraft,
    ) -> Result<CannedReply, ServiceError> {
        let draft = checked(draft)?;
        let kept = self.store().canned_replies(staff.organisation).await?;
        if kept.len() >= MAX_CANNED_REPLIES {
            return Err(ServiceError::Invalid("too many canned replies".into()));
        }
        Ok(self
            .store()
            .add_canned_reply(staff.organisation, &draft, self.now_ms())
            .await?)
    }

    /// Changes a canned reply of the staff member's organisation.
    pub async fn update_canned_reply(
        &self,
        staff: &StaffInfo,
        id: i64,
        draft: &CannedDraft,
    ) -> Result<CannedReply, ServiceError> {
        let draft = checked(draft)?;
        self.store()
            .update_canned_reply(staff.organisation, id, &draft, self.now_ms())
            .await?
            .ok_or_else(|| ServiceError::Invalid("no such canned reply".into()))
    }

    /// Removes a canned reply of the staff member's organisation.
    pub async fn delete_canned_reply(
        &self,
        staff: &StaffInfo,
        id: i64,
    ) -> Result<(), ServiceError> {
        if self
            .store()
            .delete_canned_reply(staff.organisation, id)
            .await?
        {
            Ok(())
        } else {
            Err(ServiceError::Invalid("no such canned reply".into()))
        }
    }

    /// Logs a staff member's presence now, for the weekly summary. A
    /// failure is only logged: the summary is a courtesy, the presence
    /// itself is already stored.
    pub async fn log_presence(&self, staff: &StaffInfo, presence: Presence) {
        let logged = self
            .store()
            .log_presence(staff.organisation, staff.id, presence, self.now_ms())
            .await;
        if let Err(failure) = logged {
            tracing::error!(error = %failure, "cannot log a presence change");
        }
    }

    /// The team's week so far, for any staff member of the organisation.
    pub async fn week_load(&self, staff: &StaffInfo) -> Result<WeekLoad, ServiceError> {
        let organisation = staff.organisation;
        let now_ms = self.now_ms();
        let records = self.store().team(organisation).await?;
        let time_zone = organisation_time_zone(records.iter().filter_map(|r| r.schedule.as_ref()));
        let since_ms = week_start_ms(&time_zone, now_ms);
        // `until` is exclusive: a change or message at this very moment counts.
        let until_ms = now_ms.saturating_add(1);
        let changes = self
            .store()
            .presence_changes(organisation, since_ms, until_ms)
            .await?;
        let activity = self
            .store()
            .staff_activity(organisation, since_ms, until_ms)
            .await?;
        let load = |record: &TeamRecord| {
            let own: Vec<_> = changes
                .iter()
                .filter(|change| change.staff == record.id)
                .map(|change| (change.presence, change.at_ms))
                .collect();
            let done = activity.iter().find(|row| row.staff == record.id);
            StaffLoad {
                id: record.id,
                name: record.name.clone(),
                conversations: count(done.map_or(0, |row| row.conversations)),
                messages: count(done.map_or(0, |row| row.messages)),
                online_minutes: count(online_ms(&own, since_ms, now_ms) / MINUTE_MS),
            }
        };
        Ok(WeekLoad {
            since_ms,
            time_zone,
            staff: records.iter().map(load).collect(),
        })
    }
}

/// The draft trimmed, or the rule it breaks.
fn checked(draft: &CannedDraft) -> Result<CannedDraft, ServiceError> {
    draft
        .check()
        .map_err(|problem| ServiceError::Invalid(format!("{problem:?}")))?;
    Ok(draft.normalised())
}
