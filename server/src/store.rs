//! Storage: the only module that knows SQL. A [`Store`] is a cheap clonable
//! handle over a SQLite pool (WAL, `synchronous=FULL` so an acknowledged
//! message survives a power cut, foreign keys on, a busy timeout so
//! concurrent writers wait instead of failing). Queries are plain runtime SQL
//! that PostgreSQL also accepts (except `?` placeholders, which become `$n`).
//! Staff and sessions live here; conversations and messages in
//! [`conversations`].

mod conversations;
mod tokens;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use yorisoi_protocol::Seq;
use yorisoi_protocol::model::StaffInfo;

pub use conversations::{Appended, Posted, VisitorConversation};

use crate::clock::Clock;
use crate::error::StoreError;

/// How long a writer waits for another writer's transaction to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A handle on the database.
#[derive(Clone)]
pub struct Store {
    /// The connection pool; SQLite serialises writers itself.
    pool: SqlitePool,
    /// Where "now" comes from, so tests control stored times.
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if missing) and migrates the database at `path`.
    pub async fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        // Durability: WAL with `synchronous=FULL` syncs the log on every
        // commit, so once `append_*` returns (and only then) the socket sends
        // `Ack`, and the message survives `kill -9` and a power cut alike.
        // `synchronous=NORMAL` would be faster but could lose the last
        // acknowledged messages on power loss: never lower it.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store { pool, clock })
    }

    /// Now, from the store's clock: the one time seam of the server (rate
    /// limits and session timeouts use it too).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Adds a staff member; the email is stored trimmed and lower-cased.
    pub async fn add_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<StaffInfo, StoreError> {
        let email = normalise_email(email);
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO staff (email, name, password_hash, created_at_ms) VALUES (?, ?, ?, ?) \
             RETURNING id",
        )
        .bind(&email)
        .bind(name)
        .bind(password_hash)
        .bind(self.now_ms())
        .fetch_one(&self.pool)
        .await;
        match inserted {
            Ok((id,)) => Ok(StaffInfo {
                id,
                name: name.to_owned(),
                email,
            }),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                Err(StoreError::DuplicateEmail(email))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Every staff member, by id.
    pub async fn list_staff(&self) -> Result<Vec<StaffInfo>, StoreError> {
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, name, email FROM staff ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email)| StaffInfo { id, name, email })
            .collect())
    }

    /// A staff member and their password hash, by email (case-insensitive).
    pub async fn staff_credentials(
        &self,
        email: &str,
    ) -> Result<Option<(StaffInfo, String)>, StoreError> {
        let row: Option<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, name, email, password_hash FROM staff WHERE email = ?")
                .bind(normalise_email(email))
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id, name, email, hash)| (StaffInfo { id, name, email }, hash)))
    }

    /// Records a new session under the digest of its id.
    pub async fn create_session(&self, id_hash: &str, staff_id: i64) -> Result<(), StoreError> {
        let now = self.now_ms();
        sqlx::query(
            "INSERT INTO staff_sessions (id_hash, staff_id, created_at_ms, last_seen_ms) \
             VALUES (?, ?, ?, ?)",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The staff member of a session, if it is neither idle for more than
    /// `idle_ms` nor older than `absolute_ms`; an expired session is
    /// deleted. `touch` marks it as used now (any real use; not heartbeats).
    pub async fn session_staff(
        &self,
        id_hash: &str,
        idle_ms: i64,
        absolute_ms: i64,
        touch: bool,
    ) -> Result<SessionState, StoreError> {
        let now = self.now_ms();
        let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT s.id, s.name, s.email, ss.created_at_ms, ss.last_seen_ms \
             FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE ss.id_hash = ?",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, name, email, created, last_seen)) = row else {
            return Ok(SessionState::Unknown);
        };
        if last_seen < now.saturating_sub(idle_ms) || created < now.saturating_sub(absolute_ms) {
            self.delete_session(id_hash).await?;
            return Ok(SessionState::Expired);
        }
        if touch {
            sqlx::query("UPDATE staff_sessions SET last_seen_ms = ? WHERE id_hash = ?")
                .bind(now)
                .bind(id_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(SessionState::Valid(StaffInfo { id, name, email }))
    }

    /// Ends every session of a staff member ("log out everywhere").
    pub async fn delete_staff_sessions(&self, staff_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE staff_id = ?")
            .bind(staff_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session (logout). Unknown ids are ignored.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE id_hash = ?")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// What a session id's digest stands for now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// A live session of this staff member.
    Valid(StaffInfo),
    /// It timed out (and is now deleted).
    Expired,
    /// No such session (never was, logged out, or ended everywhere).
    Unknown,
}

/// Emails compare case-insensitively: store and look up the same form.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Database integers to protocol sequence numbers.
fn to_seq(value: i64) -> Result<Seq, StoreError> {
    Seq::try_from(value).map_err(|_| StoreError::Corrupt(format!("negative sequence {value}")))
}

/// Protocol sequence numbers to database integers; absurdly large values
/// (from a client) saturate, which compares correctly.
fn from_seq(seq: Seq) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::clock::ManualClock;

    /// A fresh store in a temporary directory, with a clock tests move.
    pub(crate) async fn temp_store() -> (Store, Arc<ManualClock>, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = Arc::new(ManualClock::new(1_700_000_000_000));
        let store = Store::open(&dir.path().join("test.db"), clock.clone())
            .await
            .expect("open");
        (store, clock, dir)
    }

    #[tokio::test]
    async fn staff_emails_are_unique_ignoring_case() {
        let (store, _clock, _dir) = temp_store().await;
        let staff = store
            .add_staff(" Aiko@Example.org ", "Aiko", "hash")
            .await
            .expect("add");
        assert_eq!(staff.email, "aiko@example.org");
        let again = store.add_staff("AIKO@example.org", "Other", "hash").await;
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
    async fn sessions_expire_when_idle_or_old_and_end_on_logout() {
        let (store, clock, _dir) = temp_store().await;
        let staff = store
            .add_staff("a@example.org", "A", "hash")
            .await
            .expect("add");
        store
            .create_session("digest", staff.id)
            .await
            .expect("session");
        let check = |hash: &'static str, touch| store.session_staff(hash, 1000, 5000, touch);
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Valid(staff.clone())
        );
        clock.advance(1001);
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Expired
        );
        assert_eq!(
            check("digest", true).await.expect("q"),
            SessionState::Unknown
        );

        // Used often, a session still ends at the absolute timeout.
        store
            .create_session("busy", staff.id)
            .await
            .expect("session");
        for _ in 0..5 {
            clock.advance(900);
            assert!(matches!(
                check("busy", true).await.expect("q"),
                SessionState::Valid(_)
            ));
        }
        clock.advance(600);
        assert_eq!(check("busy", true).await.expect("q"), SessionState::Expired);

        // Heartbeat checks (no touch) do not keep a session alive.
        store
            .create_session("idle", staff.id)
            .await
            .expect("session");
        clock.advance(600);
        assert!(matches!(
            check("idle", false).await.expect("q"),
            SessionState::Valid(_)
        ));
        clock.advance(600);
        assert_eq!(
            check("idle", false).await.expect("q"),
            SessionState::Expired
        );

        store
            .create_session("other", staff.id)
            .await
            .expect("session");
        store
            .create_session("another", staff.id)
            .await
            .expect("session");
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
