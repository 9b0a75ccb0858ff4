//! The rows behind the team's weekly summary, the same for every backend:
//! the presence log (each change of a staff member's presence with its
//! time; a console closing logs `offline`) and each staff member's replies
//! in a span of time. The summary's arithmetic (hours online from the
//! changes) is the service's; this module only reads and writes rows,
//! through [`load_methods!`], each statement within one organisation.

use yorisoi_protocol::team::Presence;

/// A presence change as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceChange {
    /// Whose.
    pub staff: i64,
    /// To what.
    pub presence: Presence,
    /// When (ms since the Unix epoch).
    pub at_ms: i64,
}

/// One staff member's replies in a span of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffActivity {
    /// Whose.
    pub staff: i64,
    /// Conversations they replied in.
    pub conversations: i64,
    /// Messages they sent.
    pub messages: i64,
}

/// Logs a change (`$3` presence, `$4` time) of staff `$2` of organisation
/// `$1`; nothing for a staff member of another organisation.
pub(super) const INSERT_PRESENCE: &str = "INSERT INTO presence_log \
     (organisation_id, staff_id, presence, at_ms) SELECT $1, id, $3, $4 FROM staff \
     WHERE organisation_id = $1 AND id = $2";

/// The changes of organisation `$1` from `$2` until before `$3`, with each
/// staff member's last change before `$2` (what they were when the span
/// began), by staff and time.
pub(super) const SELECT_PRESENCE: &str = "SELECT l.staff_id, l.presence, l.at_ms \
     FROM presence_log l WHERE l.organisation_id = $1 AND l.at_ms < $3 AND (l.at_ms >= $2 \
     OR l.id = (SELECT p.id FROM presence_log p WHERE p.staff_id = l.staff_id \
     AND p.at_ms < $2 ORDER BY p.at_ms DESC, p.id DESC LIMIT 1)) \
     ORDER BY l.staff_id, l.at_ms, l.id";

/// Each staff member of organisation `$1` who sent messages from `$2`
/// until before `$3`: in how many conversations, how many messages.
pub(super) const SELECT_ACTIVITY: &str = "SELECT m.staff_id, \
     COUNT(DISTINCT m.conversation_id), COUNT(*) FROM messages m \
     JOIN staff s ON s.id = m.staff_id \
     WHERE s.organisation_id = $1 AND m.staff_id IS NOT NULL \
     AND m.sent_at_ms >= $2 AND m.sent_at_ms < $3 GROUP BY m.staff_id ORDER BY m.staff_id";

/// The load methods on a backend's store (`$store`, with a sqlx `pool`);
/// `$turn` as in `store::team`.
macro_rules! load_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            pub(super) async fn insert_presence(
                &self,
                organisation: OrganisationId,
                staff: i64,
                presence: Presence,
                at_ms: i64,
            ) -> Result<(), StoreError> {
                $(let _turn = self.$turn().await;)?
                sqlx::query(INSERT_PRESENCE)
                    .bind(organisation.0)
                    .bind(staff)
                    .bind(presence.as_str())
                    .bind(at_ms)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            pub(super) async fn select_presence(
                &self,
                organisation: OrganisationId,
                since_ms: i64,
                until_ms: i64,
            ) -> Result<Vec<PresenceChange>, StoreError> {
                let rows: Vec<(i64, String, i64)> = sqlx::query_as(SELECT_PRESENCE)
                    .bind(organisation.0)
                    .bind(since_ms)
                    .bind(until_ms)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(staff, presence, at_ms)| PresenceChange {
                        staff,
                        presence: Presence::parse(&presence).unwrap_or_default(),
                        at_ms,
                    })
                    .collect())
            }

            pub(super) async fn select_activity(
                &self,
                organisation: OrganisationId,
                since_ms: i64,
                until_ms: i64,
            ) -> Result<Vec<StaffActivity>, StoreError> {
                let rows: Vec<(i64, i64, i64)> = sqlx::query_as(SELECT_ACTIVITY)
                    .bind(organisation.0)
                    .bind(since_ms)
                    .bind(until_ms)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(staff, conversations, messages)| StaffActivity {
                        staff,
                        conversations,
                        messages,
                    })
                    .collect())
            }
        }
    };
}

pub(super) use load_methods;
