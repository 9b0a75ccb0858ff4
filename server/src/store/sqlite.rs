//! The embedded SQLite backend, the default: one file, nothing to install.
//! WAL mode with `synchronous=FULL` (an acknowledged message survives a
//! power cut), foreign keys on and a busy timeout so the rare writers
//! outside the writer wait instead of failing. Messages, read marks and
//! languages, the hot path, go through one [`writer`] connection with group
//! commit; reads and the rare administrative writes use a pool.
//! Migrations: `server/migrations/sqlite/`.
//!
//! The SQL is split by concept: [`organisations`], [`staff`] (and
//! sessions), [`devices`] (devices staff logged in from), [`conversations`]
//! (reading conversations and messages), [`appends`] (writing messages),
//! [`marks`] (read marks, language), [`summaries`] (the console's list),
//! [`tokens`] (revocation and rotation), [`unread`] (the launcher's badge),
//! [`rows`] (database values to protocol values), with the [`writer`] and
//! the [`checkpointer`] threads. This file only opens the connections and
//! answers [`Storage`] by calling them.

mod appends;
mod buckets;
mod cases;
mod checkpointer;
mod conversations;
mod devices;
mod marks;
mod organisations;
// Issue 13: deletion by the parent, retention.
mod privacy;
mod rows;
mod staff;
mod summaries;
mod team;
mod team_settings;
mod texts;
mod tokens;
mod unread;
mod work;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::model::{ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::organisation::OrganisationFace;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{ConversationId, Lang, Message, OrganisationId, Seq};

use self::appends::{Append, AppendVisitor};
use self::checkpointer::Checkpointer;
use self::marks::{RaiseMark, Reader, SetLang};
use self::writer::{WriteTurns, Writer};
use tokio::sync::mpsc;

use super::privacy::{ParentDeletion, RetentionStatistic};
use super::work::{Column, labels_json};
use super::{
    Appended, Bucket, Marked, NewMessage, NewNote, Notice, Organisation, Photo, Posted,
    SessionState, StaffRecord, Storage, TeamRecord, VisitorConversation, VisitorMessage,
};
use crate::error::StoreError;
use crate::store::cases::{CaseChange, CaseEventRecord, CaseRecord, NewCase, NewCaseEvent};
use crate::store::load::{PresenceChange, StaffActivity};
use crate::store::snapshot::{Snapshot, read_snapshot, write_snapshot};
use crate::store::texts::{OrganisationTexts, TextName};

/// How long a writer waits for another writer's transaction to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Readers, and the rare writes outside the writer (SQLite serialises
    /// them with the writer's transactions).
    pool: SqlitePool,
    /// The one connection messages, read marks and languages are written
    /// on, many to a commit.
    writer: Writer,
    /// Turns at writing, shared by the writer (one turn per batch) and the
    /// rare writes on the pool (one turn each; see [`SqliteStore::write_turn`]).
    turns: WriteTurns,
    /// Checkpoints the log off the writer's path while the store lives.
    _checkpointer: Arc<Checkpointer>,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `path`.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        // Durability: WAL with `synchronous=FULL` syncs the log on every
        // commit, so once an append returns (and only then) the socket sends
        // `Ack`, and the message survives `kill -9` and a power cut alike.
        // `synchronous=NORMAL` would be faster but could lose the last
        // acknowledged messages on power loss: never lower it.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // Only the checkpointer moves the log into the file (see it).
            .pragma("wal_autocheckpoint", "0");
        let failed = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.clone())
            .await
            .map_err(failed)?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let turns = WriteTurns::default();
        let writer = Writer::start(path, BUSY_TIMEOUT, turns.clone())?;
        let checkpointer = Arc::new(Checkpointer::start(path, BUSY_TIMEOUT)?);
        Ok(SqliteStore {
            pool,
            writer,
            turns,
            _checkpointer: checkpointer,
        })
    }
}

impl SqliteStore {
    /// Waits for this process's turn to write on the pool. The writer
    /// holds the write lock batch after batch under load; a pooled writer
    /// left to SQLite's busy handler (which sleeps and retries) could
    /// starve for the whole busy timeout, whereas turns are taken in order,
    /// so it waits for at most the batch being written.
    async fn write_turn(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.turns.lock().await
    }

    async fn raise_mark(
        &self,
        reader: Reader,
        organisation: OrganisationId,
        conversation: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError> {
        self.writer
            .write(RaiseMark {
                reader,
                organisation,
                conversation,
                seq,
            })
            .await
    }
}

#[async_trait::async_trait]
impl Storage for SqliteStore {
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
        self.writer
            .write(SetLang {
                organisation,
                conversation: id,
                lang,
            })
            .await
    }

    async fn append_message(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<Appended, StoreError> {
        self.writer
            .write(Append::new(organisation, id, message, now_ms))
            .await
    }

    async fn append_visitor_message(
        &self,
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> Result<Posted, StoreError> {
        self.writer
            .write(AppendVisitor::new(organisation, message, now_ms))
            .await
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
        let snapshot = read_snapshot!(&mut transaction).await?;
        transaction.commit().await?;
        Ok(snapshot)
    }

    async fn restore(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        write_snapshot!(sqlx::Sqlite, &mut transaction, snapshot).await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// One node per SQLite file: nobody else to tell.
    async fn notify(&self, _notices: &[Notice]) -> Result<(), StoreError> {
        Ok(())
    }

    async fn listen(&self) -> Result<Option<mpsc::Receiver<Notice>>, StoreError> {
        Ok(None)
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

#[cfg(test)]
pub(crate) mod tests;
