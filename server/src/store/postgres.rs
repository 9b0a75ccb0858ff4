//! The PostgreSQL backend, for several Yorisoi nodes behind one address on
//! one database. The same schema and guarantees as SQLite (see
//! `crate::store`), kept by PostgreSQL's own means instead of a single
//! writer: an append locks its conversation's row (`UPDATE … RETURNING`
//! takes the next sequence), so writers on different nodes queue on that
//! row and never leave a gap; a repeated client id rolls its transaction
//! back; a commit returns only once durable (`synchronous_commit` as the
//! database is configured, on by default). Migrations:
//! `server/migrations/postgres/`.
//!
//! The SQL is split by concept: [`organisations`], [`staff`] (sessions and
//! devices too), [`conversations`] (reading conversations, messages and
//! the console's list), [`appends`] (writing messages), [`marks`] (read
//! marks, language), [`tokens`] (revocation and rotation), [`unread`] (the
//! launcher's badge) and [`notices`] (LISTEN/NOTIFY between nodes). This
//! file only opens the pool and answers [`Storage`] by calling them.

mod appends;
mod buckets;
mod cases;
mod conversations;
mod marks;
mod notices;
mod organisations;
// Issue 13: deletion by the parent, retention.
mod privacy;
mod staff;
mod team;
mod team_settings;
mod texts;
mod tokens;
mod unread;
mod work;

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use tokio::sync::mpsc;
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::model::{ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::organisation::OrganisationFace;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{ConversationId, Lang, Message, OrganisationId, Seq};

use self::marks::Reader;
use super::privacy::{ParentDeletion, RetentionStatistic};
use super::work::{Column, labels_json};
use super::{
    Appended, Bucket, Marked, NewMessage, NewNote, Notice, Organisation, Photo, Posted,
    SessionState, StaffRecord, Storage, TeamRecord, VisitorConversation, VisitorMessage,
};
use crate::config::Database;
use crate::error::StoreError;
use crate::store::cases::{CaseChange, CaseEventRecord, CaseRecord, NewCase, NewCaseEvent};
use crate::store::load::{PresenceChange, StaffActivity};
use crate::store::snapshot::{Snapshot, read_snapshot, write_snapshot};
use crate::store::texts::{OrganisationTexts, TextName};

/// Connections per node: requests and sockets wait for one rather than
/// opening more, so many nodes stay within the database's
/// `max_connections` (each node also holds one listening connection).
const POOL_SIZE: u32 = 16;

/// How long a request waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// A PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    /// Every query and transaction.
    pool: PgPool,
    /// This node's random name in its notices, so it skips its own (it
    /// announced those to its sockets when it made them).
    node: String,
}

impl PostgresStore {
    /// Connects to the database at `url` (which must exist) and migrates it.
    /// Nodes starting together migrate once: sqlx holds an advisory lock
    /// while it migrates.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let failed = |source| StoreError::Open {
            path: Database::Postgres(url.to_owned()).to_string(),
            source,
        };
        let options: PgConnectOptions = url.parse().map_err(failed)?;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.application_name("yorisoi"))
            .await
            .map_err(failed)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let node: [u8; 8] = rand::random();
        Ok(PostgresStore {
            pool,
            node: hex::encode(node),
        })
    }
}

#[async_trait::async_trait]
impl Storage for PostgresStore {
    async fn create_organisation(
        &self,
        slug: &str,
        face: &OrganisationFace,
        origins: &[String],
        now_ms: i64,
    ) -> Result<Organisation, StoreError> {
        self.insert_organisation(slug, face, origins, now_ms).await
    }

    async fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        self.select_organisations(None).await
    }

    async fn organisation(&self, id: OrganisationId) -> Result<Option<Organisation>, StoreError> {
        Ok(self.select_organisations(Some(id)).await?.pop())
    }

    async fn organisation_by_slug(&self, slug: &str) -> Result<Option<Organisation>, StoreError> {
        match self.organisation_id_by_slug(slug).await? {
            Some(id) => self.organisation(id).await,
            None => Ok(None),
        }
    }

    async fn organisation_id_by_origin(
        &self,
        origin: &str,
    ) -> Result<Option<OrganisationId>, StoreError> {
        self.select_organisation_id_by_origin(origin).await
    }

    async fn update_face(
        &self,
        id: OrganisationId,
        face: &OrganisationFace,
    ) -> Result<Organisation, StoreError> {
        self.write_face(id, face).await?;
        self.organisation(id)
            .await?
            .ok_or(StoreError::UnknownOrganisation(id.0))
    }

    async fn set_origins(
        &self,
        id: OrganisationId,
        origins: &[String],
    ) -> Result<Organisation, StoreError> {
        self.replace_origins(id, origins).await?;
        self.organisation(id)
            .await?
            .ok_or(StoreError::UnknownOrganisation(id.0))
    }

    async fn add_staff(
        &self,
        staff: StaffRecord<'_>,
        now_ms: i64,
    ) -> Result<StaffInfo, StoreError> {
        self.insert_staff(staff, now_ms).await
    }

    async fn list_staff(
        &self,
        organisation: Option<OrganisationId>,
    ) -> Result<Vec<StaffInfo>, StoreError> {
        self.select_staff(organisation).await
    }

    async fn staff_credentials(
        &self,
        email: &str,
    ) -> Result<Option<(StaffInfo, String)>, StoreError> {
        self.select_credentials(email).await
    }

    async fn create_session(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.insert_session(id_hash, staff_id, now_ms).await
    }

    async fn session_staff(
        &self,
        id_hash: &str,
        idle_ms: i64,
        absolute_ms: i64,
        touch: bool,
        now_ms: i64,
    ) -> Result<SessionState, StoreError> {
        self.check_session(id_hash, idle_ms, absolute_ms, touch, now_ms)
            .await
    }

    async fn remember_device(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.insert_device(id_hash, staff_id, now_ms).await
    }

    async fn device_staff(&self, id_hash: &str, since_ms: i64) -> Result<Option<i64>, StoreError> {
        self.select_device(id_hash, since_ms).await
    }

    async fn prune_devices(&self, before_ms: i64) -> Result<u64, StoreError> {
        self.delete_devices(before_ms).await
    }

    async fn delete_staff_sessions(&self, staff_id: i64) -> Result<(), StoreError> {
        self.remove_staff_sessions(staff_id).await
    }

    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        self.remove_session(id_hash).await
    }

    async fn create_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        lang: Lang,
        now_ms: i64,
    ) -> Result<ConversationId, StoreError> {
        self.insert_conversation(organisation, token_hash, lang, now_ms)
            .await
    }

    async fn conversation_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError> {
        self.select_by_token(organisation, token_hash).await
    }

    async fn conversation_exists(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<bool, StoreError> {
        self.exists(organisation, id).await
    }

    async fn set_lang(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        lang: Lang,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.write_lang(organisation, id, lang).await
    }

    async fn append_message(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<Appended, StoreError> {
        self.append(organisation, id, message, now_ms).await
    }

    async fn append_visitor_message(
        &self,
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> Result<Posted, StoreError> {
        self.append_visitor(organisation, message, now_ms).await
    }

    async fn messages_after(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError> {
        self.select_messages(organisation, id, last_seq).await
    }

    async fn mark_read(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError> {
        self.raise_mark(Reader::Staff, organisation, id, seq).await
    }

    async fn mark_visitor_read(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError> {
        self.raise_mark(Reader::Visitor, organisation, id, seq)
            .await
    }

    async fn summary(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.select_summary(organisation, id).await
    }

    async fn summaries(
        &self,
        organisation: OrganisationId,
        after: Option<PageCursor>,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        self.select_summaries(organisation, after, limit).await
    }

    async fn waiting_since_between(
        &self,
        organisation: OrganisationId,
        after_ms: i64,
        until_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        self.select_waiting_between(organisation, after_ms, until_ms, limit)
            .await
    }

    async fn is_revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.revoked(token_hash).await
    }

    async fn revoke_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        self.revoke(organisation, token_hash, now_ms).await
    }

    async fn prune_revoked_tokens(&self, before_ms: i64) -> Result<u64, StoreError> {
        self.prune_revoked(before_ms).await
    }

    async fn rotate_token(
        &self,
        organisation: OrganisationId,
        old_hash: &str,
        new_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        self.rotate(organisation, old_hash, new_hash, now_ms).await
    }

    async fn keep_code(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        code_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.store_code(organisation, token_hash, code_hash, now_ms)
            .await
    }

    async fn use_code(
        &self,
        organisation: OrganisationId,
        code_hash: &str,
        new_hash: &str,
        made_after_ms: i64,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError> {
        self.open_by_code(organisation, code_hash, new_hash, made_after_ms, now_ms)
            .await
    }

    async fn unseen_replies(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        at_most: u32,
    ) -> Result<u32, StoreError> {
        self.count_unseen_replies(organisation, token_hash, at_most)
            .await
    }

    async fn take_token(&self, bucket: Bucket<'_>, now_ms: i64) -> Result<f64, StoreError> {
        self.take_bucket_token(bucket, now_ms).await
    }

    async fn bucket_tokens(&self, bucket: Bucket<'_>, now_ms: i64) -> Result<f64, StoreError> {
        self.select_bucket_tokens(bucket, now_ms).await
    }

    async fn refund_token(&self, bucket: Bucket<'_>) -> Result<(), StoreError> {
        self.refund_bucket_token(bucket).await
    }

    async fn prune_buckets(&self, before_ms: i64) -> Result<u64, StoreError> {
        self.delete_buckets(before_ms).await
    }

    async fn set_nominee(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        staff: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.update_conversation(
            super::team::UPDATE_NOMINEE,
            organisation,
            id,
            Column::Id(staff),
        )
        .await
    }

    async fn set_assignee(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        staff: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.update_conversation(
            super::work::UPDATE_ASSIGNEE,
            organisation,
            id,
            Column::Id(staff),
        )
        .await
    }

    async fn set_resolved(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        resolved_at_ms: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.update_conversation(
            super::work::UPDATE_RESOLVED,
            organisation,
            id,
            Column::Id(resolved_at_ms),
        )
        .await
    }

    async fn set_labels(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        labels: &[String],
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.update_conversation(
            super::work::UPDATE_LABELS,
            organisation,
            id,
            labels_json(labels),
        )
        .await
    }

    async fn add_note(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        note: NewNote<'_>,
        now_ms: i64,
    ) -> Result<(Note, bool), StoreError> {
        self.insert_note(organisation, id, note, now_ms).await
    }

    async fn notes(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Vec<Note>, StoreError> {
        self.select_notes(organisation, id).await
    }

    async fn search(
        &self,
        organisation: OrganisationId,
        query: &str,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        self.select_found(organisation, query, limit).await
    }

    async fn team(&self, organisation: OrganisationId) -> Result<Vec<TeamRecord>, StoreError> {
        self.select_team(organisation).await
    }

    async fn set_profile(
        &self,
        organisation: OrganisationId,
        staff: i64,
        profile: &StaffProfile,
    ) -> Result<bool, StoreError> {
        self.update_profile(organisation, staff, profile).await
    }

    async fn set_schedule(
        &self,
        organisation: OrganisationId,
        staff: i64,
        schedule: Option<&Schedule>,
    ) -> Result<bool, StoreError> {
        self.update_schedule(organisation, staff, schedule).await
    }

    async fn set_presence(
        &self,
        organisation: OrganisationId,
        staff: i64,
        presence: Presence,
    ) -> Result<bool, StoreError> {
        self.update_presence(organisation, staff, presence).await
    }

    async fn set_photo(
        &self,
        organisation: OrganisationId,
        staff: i64,
        photo: Option<(&str, &[u8])>,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        self.update_photo(organisation, staff, photo, now_ms).await
    }

    async fn photo(
        &self,
        organisation: OrganisationId,
        staff: i64,
    ) -> Result<Option<Photo>, StoreError> {
        self.select_photo(organisation, staff).await
    }

    async fn set_staff_name(
        &self,
        organisation: OrganisationId,
        staff: i64,
        name: &str,
    ) -> Result<bool, StoreError> {
        self.update_name(organisation, staff, name).await
    }

    async fn canned_replies(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<CannedReply>, StoreError> {
        self.select_canned(organisation).await
    }

    async fn add_canned_reply(
        &self,
        organisation: OrganisationId,
        draft: &CannedDraft,
        now_ms: i64,
    ) -> Result<CannedReply, StoreError> {
        self.insert_canned(organisation, draft, now_ms).await
    }

    async fn update_canned_reply(
        &self,
        organisation: OrganisationId,
        id: i64,
        draft: &CannedDraft,
        now_ms: i64,
    ) -> Result<Option<CannedReply>, StoreError> {
        self.update_canned(organisation, id, draft, now_ms).await
    }

    async fn delete_canned_reply(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<bool, StoreError> {
        self.delete_canned(organisation, id).await
    }

    async fn organisation_texts(
        &self,
        organisation: OrganisationId,
    ) -> Result<OrganisationTexts, StoreError> {
        self.select_texts(organisation).await
    }

    async fn set_organisation_text(
        &self,
        organisation: OrganisationId,
        name: TextName,
        text: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.upsert_text(organisation, name, text, now_ms).await
    }

    async fn log_presence(
        &self,
        organisation: OrganisationId,
        staff: i64,
        presence: Presence,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        self.insert_presence(organisation, staff, presence, at_ms)
            .await
    }

    async fn presence_changes(
        &self,
        organisation: OrganisationId,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<PresenceChange>, StoreError> {
        self.select_presence(organisation, since_ms, until_ms).await
    }

    async fn staff_activity(
        &self,
        organisation: OrganisationId,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<StaffActivity>, StoreError> {
        self.select_activity(organisation, since_ms, until_ms).await
    }

    async fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let mut transaction = self.pool.begin().await?;
        // One moment for every table, however the nodes write meanwhile.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *transaction)
            .await?;
        let snapshot = read_snapshot!(&mut transaction).await?;
        transaction.commit().await?;
        Ok(snapshot)
    }

    async fn restore(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        write_snapshot!(sqlx::Postgres, &mut transaction, snapshot).await?;
        // Identity columns: new rows continue after the copied ids.
        for table in [
            "organisations",
            "staff",
            "conversations",
            "notes",
            "canned_replies",
            "presence_log",
            "cases",
            "case_events",
        ] {
            // Only our own table names are formatted in.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )))
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn notify(&self, notices: &[Notice]) -> Result<(), StoreError> {
        self.send_notices(notices).await
    }

    async fn listen(&self) -> Result<Option<mpsc::Receiver<Notice>>, StoreError> {
        self.start_listening().await.map(Some)
    }

    async fn create_case(
        &self,
        organisation: OrganisationId,
        case: NewCase<'_>,
        now_ms: i64,
    ) -> Result<Option<CaseRecord>, StoreError> {
        self.insert_case(organisation, case, now_ms).await
    }

    async fn case(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<Option<CaseRecord>, StoreError> {
        self.select_case(organisation, id).await
    }

    async fn cases(
        &self,
        organisation: OrganisationId,
        conversation: Option<ConversationId>,
        limit: usize,
    ) -> Result<Vec<CaseRecord>, StoreError> {
        self.select_cases(organisation, conversation, limit).await
    }

    async fn change_case(
        &self,
        organisation: OrganisationId,
        id: i64,
        version: i64,
        change: CaseChange<'_>,
        event: NewCaseEvent<'_>,
        now_ms: i64,
    ) -> Result<Option<CaseRecord>, StoreError> {
        self.update_case(organisation, id, version, change, event, now_ms)
            .await
    }

    async fn case_events(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<Vec<CaseEventRecord>, StoreError> {
        self.select_case_events(organisation, id).await
    }

    async fn delete_visitor_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ParentDeletion>, StoreError> {
        self.delete_by_token(organisation, token_hash, now_ms).await
    }

    async fn retention_days(
        &self,
        organisation: OrganisationId,
    ) -> Result<Option<u32>, StoreError> {
        self.select_retention(organisation).await
    }

    async fn set_retention_days(
        &self,
        organisation: OrganisationId,
        days: u32,
    ) -> Result<bool, StoreError> {
        self.update_retention(organisation, days).await
    }

    async fn expire_conversations(
        &self,
        organisation: OrganisationId,
        resolved_before_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationId>, StoreError> {
        self.delete_expired(organisation, resolved_before_ms, limit)
            .await
    }

    async fn retention_statistics(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<RetentionStatistic>, StoreError> {
        self.select_statistics(organisation).await
    }
}
