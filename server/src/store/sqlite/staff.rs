//! Staff members and their sessions. Emails are unique server-wide, so a
//! login names one staff member and, through them, one organisation.
//! Sessions are stored under the SHA-256 digest of their id.

use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::model::StaffInfo;

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::rows::{StaffRow, staff_from_row, touch_granularity_ms};
use crate::store::{SessionState, StaffRecord, normalise_email};

impl SqliteStore {
    pub(super) async fn insert_staff(
        &self,
        staff: StaffRecord<'_>,
        now_ms: i64,
    ) -> Result<StaffInfo, StoreError> {
        let _turn = self.write_turn().await;
        let email = normalise_email(staff.email);
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO staff (organisation_id, email, name, password_hash, is_admin, \
             created_at_ms) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
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
            Err(error) => Err(error.into()),
        }
    }

    pub(super) async fn select_staff(
        &self,
        organisation: Option<OrganisationId>,
    ) -> Result<Vec<StaffInfo>, StoreError> {
        let only = organisation.map(|id| id.0);
        let rows: Vec<StaffRow> = sqlx::query_as(
            "SELECT id, name, email, is_admin, organisation_id FROM staff \
             WHERE ? IS NULL OR organisation_id = ? ORDER BY id",
        )
        .bind(only)
        .bind(only)
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
             WHERE email = ?",
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
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO staff_sessions (id_hash, staff_id, created_at_ms, last_seen_ms) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(now_ms)
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
             WHERE ss.id_hash = ?",
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
            let _turn = self.write_turn().await;
            sqlx::query("UPDATE staff_sessions SET last_seen_ms = ? WHERE id_hash = ?")
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
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = ?")
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(super) async fn remove_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query("DELETE FROM staff_sessions WHERE id_hash = ?")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
