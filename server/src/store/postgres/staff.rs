//! Staff members, their sessions and the devices they logged in from.
//! Emails are unique server-wide, so a login names one staff member and,
//! through them, one organisation. Sessions and devices are stored under
//! the SHA-256 digest of their ids, so a session works on every node.

use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::model::StaffInfo;

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::rows::{StaffRow, staff_from_row, touch_granularity_ms};
use crate::store::{SessionState, StaffRecord, normalise_email};

impl PostgresStore {
    pub(super) async fn insert_staff(
        &self,
        staff: StaffRecord<'_>,
        now_ms: i64,
    ) -> Result<StaffInfo, StoreError> {
        let email = normalise_email(staff.email);
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO staff (organisation_id, email, name, password_hash, is_admin, \
             created_at_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(staff.organisation.0)
        .bind(&email)
        .bind(staff.name)
        .bind(staff.password_hash)
        .bind(staff.admin)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await;
        match inserted {
            Ok((id,)) => Ok(StaffInfo {
                id,
                name: staff.name.to_owned(),
                email,
                admin: staff.admin,
                organisation: staff.organisation,
            }),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                Err(StoreError::DuplicateEmail(email))
            }
            Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
                Err(StoreError::UnknownOrganisation(staff.organisation.0))
            }
            Err(error) => Err(error.into()),
        }
    }

    pub(super) async fn select_staff(
        &self,
        organisation: Option<OrganisationId>,
    ) -> Result<Vec<StaffInfo>, StoreError> {
        let rows: Vec<StaffRow> = sqlx::query_as(
            "SELECT id, name, email, is_admin, organisation_id FROM staff \
             WHERE $1::BIGINT IS NULL OR organisation_id = $1 ORDER BY id",
        )
        .bind(organisation.map(|id| id.0))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(staff_from_row).collect())
    }

    pub(super) async fn select_credentials(
        &self,
        email: &str,
    ) -> Result<Option<(StaffInfo, String)>, StoreError> {
        let row: Option<(i64, String, String, bool, i64, String)> = sqlx::query_as(
            "SELECT id, name, email, is_admin, organisation_id, password_hash FROM staff \
             WHERE email = $1",
        )
        .bind(normalise_email(email))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, name, email, admin, organisation, hash)| {
            (staff_from_row((id, name, email, admin, organisation)), hash)
        }))
    }

    pub(super) async fn insert_session(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_sessions (id_hash, staff_id, created_at_ms, last_seen_ms) \
             VALUES ($1, $2, $3, $3)",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn check_session(
        &self,
        id_hash: &str,
        idle_ms: i64,
        absolute_ms: i64,
        touch: bool,
        now_ms: i64,
    ) -> Result<SessionState, StoreError> {
        let row: Option<(i64, String, String, bool, i64, i64, i64)> = sqlx::query_as(
            "SELECT s.id, s.name, s.email, s.is_admin, s.organisation_id, ss.created_at_ms, \
             ss.last_seen_ms FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id \
             WHERE ss.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, name, email, admin, organisation, created, last_seen)) = row else {
            return Ok(SessionState::Unknown);
        };
        if last_seen < now_ms.saturating_sub(idle_ms)
            || created < now_ms.saturating_sub(absolute_ms)
        {
            self.remove_session(id_hash).await?;
            return Ok(SessionState::Expired);
        }
        if touch && now_ms - last_seen >= touch_granularity_ms(idle_ms) {
            // Never backwards: another node's clock may be a little ahead.
            sqlx::query(
                "UPDATE staff_sessions SET last_seen_ms = GREATEST(last_seen_ms, $1) \
                 WHERE id_hash = $2",
            )
            .bind(now_ms)
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        }
        Ok(SessionState::Valid(staff_from_row((
            id,
            name,
            email,
            admin,
            organisation,
        ))))
    }

    pub(super) async fn remove_staff_sessions(&self, staff_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn remove_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn insert_device(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_devices (id_hash, staff_id, created_at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (id_hash) DO NOTHING",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn select_device(
        &self,
        id_hash: &str,
        since_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT staff_id FROM staff_devices WHERE id_hash = $1 AND created_at_ms >= $2",
        )
        .bind(id_hash)
        .bind(since_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(staff_id,)| staff_id))
    }

    pub(super) async fn delete_devices(&self, before_ms: i64) -> Result<u64, StoreError> {
        let deleted = sqlx::query("DELETE FROM staff_devices WHERE created_at_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}
