//! Staff members and their sessions. Emails are unique server-wide, so a
//! login names one staff member and, through them, one organisation.
//! Sessions are stored under the SHA-256 digest of their id.

use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::model::StaffInfo;

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::{SessionState, StaffRecord, normalise_email};

/// Columns of a staff row: id, name, email, admin, organisation.
type StaffRow = (i64, String, String, bool, i64);

fn staff_from_row((id, name, email, admin, organisation): StaffRow) -> StaffInfo {
    StaffInfo {
        id,
        name,
        email,
        admin,
        organisation: OrganisationId(organisation),
    }
}

/// The longest a used session goes without its use being recorded.
const TOUCH_AT_MOST_EVERY_MS: i64 = 30_000;

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
        // A use is recorded only once the last record is a sixteenth of the
        // idle timeout old (at most 30 s): a console's every frame is a use
        // and each record a write. The session may so end up to that much
        // before the full idle time.
        let granularity = (idle_ms / 16).min(TOUCH_AT_MOST_EVERY_MS);
        if touch && now_ms - last_seen >= granularity {
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

#[cfg(test)]
mod tests {
    use super::super::tests::temp_db;
    use crate::error::StoreError;
    use crate::store::{SessionState, StaffRecord};

    fn record<'a>(db: &super::super::tests::TestDb, email: &'a str) -> StaffRecord<'a> {
        StaffRecord {
            organisation: db.org,
            email,
            name: "Aiko",
            password_hash: "hash",
            admin: false,
        }
    }

    #[tokio::test]
    async fn staff_emails_are_unique_ignoring_case() {
        let db = temp_db().await;
        let store = &db.store;
        let staff = store
            .add_staff(record(&db, " Aiko@Example.org "), db.now())
            .await
            .expect("add");
        assert_eq!(staff.email, "aiko@example.org");
        assert_eq!(staff.organisation, db.org);
        let again = store
            .add_staff(record(&db, "AIKO@example.org"), db.now())
            .await;
        assert!(
            matches!(again, Err(StoreError::DuplicateEmail(_))),
            "{again:?}"
        );
        let (found, hash) = store
            .staff_credentials("aiko@EXAMPLE.org")
            .await
            .expect("q")
            .expect("found");
        assert_eq!((found.id, hash.as_str()), (staff.id, "hash"));
    }

    #[tokio::test]
    async fn staff_of_an_unknown_organisation_are_refused() {
        let db = temp_db().await;
        let mut stray = record(&db, "stray@example.org");
        stray.organisation = yorisoi_protocol::OrganisationId(999);
        assert!(db.store.add_staff(stray, db.now()).await.is_err());
    }

    #[tokio::test]
    async fn sessions_expire_when_idle_or_old_and_end_on_logout() {
        let db = temp_db().await;
        let store = &db.store;
        let staff = store
            .add_staff(record(&db, "a@example.org"), db.now())
            .await
            .expect("add");
        let session = |hash: &'static str| store.create_session(hash, staff.id, db.now());
        let check =
            |hash: &'static str, touch| store.session_staff(hash, 1000, 5000, touch, db.now());
        session("digest").await.expect("session");
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Valid(staff.clone())
        );
        db.clock.advance(1001);
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Expired
        );
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Unknown
        );

        // Used often, a session still ends at the absolute timeout.
        session("busy").await.expect("session");
        for _ in 0..5 {
            db.clock.advance(900);
            assert!(matches!(
                check("busy", true).await.expect("q"),
                SessionState::Valid(_)
            ));
        }
        db.clock.advance(600);
        assert_eq!(check("busy", true).await.expect("q"), SessionState::Expired);

        // Heartbeat checks (no touch) do not keep a session alive.
        session("idle").await.expect("session");
        db.clock.advance(600);
        assert!(matches!(
            check("idle", false).await.expect("q"),
            SessionState::Valid(_)
        ));
        db.clock.advance(600);
        assert_eq!(
            check("idle", false).await.expect("q"),
            SessionState::Expired
        );

        session("other").await.expect("session");
        session("another").await.expect("session");
        store.delete_session("other").await.expect("delete");
        assert_eq!(
            check("other", true).await.expect("q"),
            SessionState::Unknown
        );
        store
            .delete_staff_sessions(staff.id)
            .await
            .expect("delete all");
        assert_eq!(
            check("another", true).await.expect("q"),
            SessionState::Unknown
        );
    }
}
