//! The team's rows, the same for every backend: the SQL that reads and
//! writes staff profiles, schedules, presence, photos and nominations
//! (placeholders `$1`, `$2`… which both drivers accept), and the conversion
//! of a team row into a [`TeamRecord`]. Each backend binds and runs these
//! with its own pool; a schedule is stored as the JSON of the protocol's
//! [`Schedule`].

use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{Presence, StaffProfile};

use crate::error::StoreError;

/// A staff member with what parents and colleagues see of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRecord {
    /// Their id.
    pub id: i64,
    /// Their display name.
    pub name: String,
    /// Role and introduction.
    pub profile: StaffProfile,
    /// Their hours; none when they set none.
    pub schedule: Option<Schedule>,
    /// Whether they answer now.
    pub presence: Presence,
    /// Their photo's version (changes with each new photo); none without one.
    pub photo_version: Option<i64>,
}

/// A photo as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// Its media type (`image/png`, `image/jpeg`, `image/webp`).
    pub content_type: String,
    /// The image.
    pub bytes: Vec<u8>,
    /// Changes with each new photo.
    pub version: i64,
}

/// Every staff member of organisation `$1`, in id order.
pub(super) const SELECT_TEAM: &str = "SELECT s.id, s.name, s.role_ja, s.role_en, s.intro_ja, \
     s.intro_en, s.schedule, s.presence, p.version FROM staff s \
     LEFT JOIN staff_photos p ON p.staff_id = s.id WHERE s.organisation_id = $1 ORDER BY s.id";

/// A row of [`SELECT_TEAM`].
pub(super) type TeamRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
);

/// Sets the profile (`$3`–`$6`: role ja, en, intro ja, en) of staff `$2` in organisation `$1`.
pub(super) const UPDATE_PROFILE: &str = "UPDATE staff SET role_ja = $3, role_en = $4, \
     intro_ja = $5, intro_en = $6 WHERE organisation_id = $1 AND id = $2";

/// Sets the display name (`$3`) of staff `$2` in organisation `$1`.
pub(super) const UPDATE_NAME: &str =
    "UPDATE staff SET name = $3 WHERE organisation_id = $1 AND id = $2";

/// Sets the schedule (`$3`, JSON or NULL) of staff `$2` in organisation `$1`.
pub(super) const UPDATE_SCHEDULE: &str =
    "UPDATE staff SET schedule = $3 WHERE organisation_id = $1 AND id = $2";

/// Sets the presence (`$3`) of staff `$2` in organisation `$1`.
pub(super) const UPDATE_PRESENCE: &str =
    "UPDATE staff SET presence = $3 WHERE organisation_id = $1 AND id = $2";

/// Whether staff `$2` belongs to organisation `$1`.
pub(super) const STAFF_IN_ORGANISATION: &str =
    "SELECT id FROM staff WHERE organisation_id = $1 AND id = $2";

/// Keeps a photo (`$2` type, `$3` bytes, `$4` version) for staff `$1`.
pub(super) const UPSERT_PHOTO: &str = "INSERT INTO staff_photos \
     (staff_id, content_type, bytes, version) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (staff_id) DO UPDATE SET content_type = excluded.content_type, \
     bytes = excluded.bytes, version = excluded.version";

/// Removes staff `$1`'s photo.
pub(super) const DELETE_PHOTO: &str = "DELETE FROM staff_photos WHERE staff_id = $1";

/// The photo of staff `$2` of organisation `$1`.
pub(super) const SELECT_PHOTO: &str = "SELECT p.content_type, p.bytes, p.version \
     FROM staff_photos p JOIN staff s ON s.id = p.staff_id \
     WHERE s.organisation_id = $1 AND p.staff_id = $2";

/// Sets the nominee (`$3`, a staff id of the same organisation or NULL) of
/// conversation `$2` in organisation `$1`.
pub(super) const UPDATE_NOMINEE: &str = "UPDATE conversations SET nominee_id = $3 \
     WHERE organisation_id = $1 AND id = $2 AND ($3 IS NULL OR EXISTS \
     (SELECT 1 FROM staff WHERE staff.id = $3 AND staff.organisation_id = $1))";

/// A team member from their row.
pub(super) fn team_from_row(row: TeamRow) -> Result<TeamRecord, StoreError> {
    let (id, name, role_ja, role_en, intro_ja, intro_en, schedule, presence, version) = row;
    let schedule = match schedule {
        Some(json) => Some(
            serde_json::from_str(&json)
                .map_err(|error| StoreError::Corrupt(format!("schedule of staff {id}: {error}")))?,
        ),
        None => None,
    };
    Ok(TeamRecord {
        id,
        name,
        profile: StaffProfile {
            role_ja,
            role_en,
            intro_ja,
            intro_en,
        },
        schedule,
        presence: Presence::parse(&presence).unwrap_or_default(),
        photo_version: version,
    })
}

/// A schedule as stored (none: no hours).
pub(super) fn schedule_json(schedule: Option<&Schedule>) -> Option<String> {
    // Serialising plain data cannot fail; an empty string would only read as
    // corrupt later, so fall back to "no hours" rather than store it.
    schedule.and_then(|schedule| serde_json::to_string(schedule).ok())
}

/// The team's methods on a backend's store (`$store`, with a sqlx `pool`
/// and `select_summary`), from the shared SQL above; `$turn` names the
/// method that serialises writes, for a backend that needs one (SQLite's
/// writes on its pool take a turn beside the message writer).
macro_rules! team_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            pub(super) async fn select_team(
                &self,
                organisation: OrganisationId,
            ) -> Result<Vec<TeamRecord>, StoreError> {
                let rows: Vec<TeamRow> = sqlx::query_as(SELECT_TEAM)
                    .bind(organisation.0)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(team_from_row).collect()
            }

            pub(super) async fn update_profile(
                &self,
                organisation: OrganisationId,
                staff: i64,
                profile: &StaffProfile,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(UPDATE_PROFILE)
                    .bind(organisation.0)
                    .bind(staff)
                    .bind(&profile.role_ja)
                    .bind(&profile.role_en)
                    .bind(&profile.intro_ja)
                    .bind(&profile.intro_en)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            pub(super) async fn update_name(
                &self,
                organisation: OrganisationId,
                staff: i64,
                name: &str,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(UPDATE_NAME)
                    .bind(organisation.0)
                    .bind(staff)
                    .bind(name)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            pub(super) async fn update_schedule(
                &self,
                organisation: OrganisationId,
                staff: i64,
                schedule: Option<&Schedule>,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(UPDATE_SCHEDULE)
                    .bind(organisation.0)
                    .bind(staff)
                    .bind(schedule_json(schedule))
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            pub(super) async fn update_presence(
                &self,
                organisation: OrganisationId,
                staff: i64,
                presence: Presence,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(UPDATE_PRESENCE)
                    .bind(organisation.0)
                    .bind(staff)
                    .bind(presence.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            pub(super) async fn update_photo(
                &self,
                organisation: OrganisationId,
                staff: i64,
                photo: Option<(&str, &[u8])>,
                now_ms: i64,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let mut transaction = self.pool.begin().await?;
                let member: Option<(i64,)> = sqlx::query_as(STAFF_IN_ORGANISATION)
                    .bind(organisation.0)
                    .bind(staff)
                    .fetch_optional(&mut *transaction)
                    .await?;
                if member.is_none() {
                    return Ok(false);
                }
                match photo {
                    Some((content_type, bytes)) => {
                        sqlx::query(UPSERT_PHOTO)
                            .bind(staff)
                            .bind(content_type)
                            .bind(bytes)
                            .bind(now_ms)
                            .execute(&mut *transaction)
                            .await?
                    }
                    None => {
                        sqlx::query(DELETE_PHOTO)
                            .bind(staff)
                            .execute(&mut *transaction)
                            .await?
                    }
                };
                transaction.commit().await?;
                Ok(true)
            }

            pub(super) async fn select_photo(
                &self,
                organisation: OrganisationId,
                staff: i64,
            ) -> Result<Option<Photo>, StoreError> {
                let row: Option<(String, Vec<u8>, i64)> = sqlx::query_as(SELECT_PHOTO)
                    .bind(organisation.0)
                    .bind(staff)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(content_type, bytes, version)| Photo {
                    content_type,
                    bytes,
                    version,
                }))
            }
        }
    };
}

pub(super) use team_methods;
