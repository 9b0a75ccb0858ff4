//! Storage: the only part of the server that knows SQL, behind one
//! interface, [`Storage`]. Each backend lives in its own module with its own
//! migrations (`server/migrations/<backend>/`): [`sqlite`], the embedded
//! default, and [`postgres`], for several nodes on one database; the
//! `database` setting chooses ([`Store::open`]). [`rows`] turns rows into
//! protocol values the same way for both.
//!
//! Several nodes: a change committed on one node reaches the sockets of the
//! others as a [`Notice`] through the database itself ([`Storage::notify`],
//! [`Storage::listen`]; LISTEN/NOTIFY on PostgreSQL, nothing on SQLite,
//! which serves one node). A notice names what changed, never the change:
//! the receiver reads it from the store, so a lost notice loses nothing.
//!
//! Every method that touches an organisation's data takes that
//! organisation's id and never reaches past it: a conversation id of another
//! organisation reads as unknown. Nothing here reads the clock: writers are
//! given `now_ms` by the service layer, so tests control stored times.
//!
//! Guarantees every backend keeps: an append returns only once committed
//! (acknowledged means durable; a backend may commit many appends together); `(conversation, client_id)` is unique, and a
//! repeated client id stores nothing and returns the original sequence and
//! time; sequences of a conversation are 1, 2, 3… without gaps under
//! concurrent writers; a visitor's first message creates its conversation in
//! the same transaction, once, however many tabs race.

mod notice;
pub mod postgres;
mod rows;
mod team;
mod work;
// Issue 12's settings page: canned replies and the weekly load.
mod canned;
mod load;
pub use self::load::{PresenceChange, StaffActivity};
// Issue 13: an organisation's own texts for parents.
mod texts;
pub use self::texts::{OrganisationTexts, TextName};
// Issue 13: cases shared with the parent's consent.
pub mod cases;

pub use self::team::{Photo, TeamRecord};
// Issue 13: deletion by the parent, retention and its statistics.
mod privacy;
pub use self::privacy::{ParentDeletion, RetentionStatistic};
pub mod snapshot;
pub mod sqlite;
#[cfg(test)]
pub(crate) mod tests;
mod visitor_tokens;

use std::ops::Deref;
use std::sync::Arc;

use tokio::sync::mpsc;

use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::model::{ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::organisation::OrganisationFace;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{Presence, StaffProfile};
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Message, OrganisationId, Seq};

pub use self::notice::Notice;
use crate::config::Database;
use crate::error::StoreError;

/// A handle on the database: cheap to clone, shared by every task.
#[derive(Clone)]
pub struct Store(Arc<dyn Storage>);

impl std::fmt::Debug for Store {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_tuple("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens and migrates the database the setting names (a SQLite file is
    /// created if missing; a PostgreSQL database must exist).
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        Ok(match database {
            Database::Sqlite(path) => Store(Arc::new(sqlite::SqliteStore::open(path).await?)),
            Database::Postgres(url) => Store(Arc::new(postgres::PostgresStore::open(url).await?)),
        })
    }
}

impl Deref for Store {
    type Target = dyn Storage;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// Its short name (`hidamari`), unique.
    pub slug: String,
    /// What parents see.
    pub face: OrganisationFace,
    /// The site origins that embed its widget (each in no other organisation).
    pub origins: Vec<String>,
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

/// The outcome of appending a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The message's sequence number (the original one for a retry).
    pub seq: Seq,
    /// When it was stored (the original time for a retry).
    pub sent_at_ms: i64,
    /// False when this `client_id` was already stored: nothing changed.
    pub fresh: bool,
    /// The conversation's summary after a fresh append (none for a retry),
    /// from the same write, so announcing it reads nothing.
    pub summary: Option<ConversationSummary>,
}

/// A read mark that moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The new mark.
    pub seq: Seq,
    /// The conversation's summary with it.
    pub summary: ConversationSummary,
}

/// The outcome of a parent's message, which may have created the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// The conversation the token names.
    pub conversation: ConversationId,
    /// True when this message created it.
    pub created: bool,
    /// The message itself.
    pub appended: Appended,
}

/// What a widget's `Hello` needs to know of the visitor's conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitorConversation {
    /// Its id.
    pub id: ConversationId,
    /// Staff have read it up to here (`Welcome.read_seq`).
    pub staff_read_seq: Seq,
    /// Whom the parent asked for, if anyone.
    pub nominee: Option<i64>,
}

/// A message to append.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    /// The sender's id for it (retries reuse it).
    pub client_id: &'a ClientId,
    /// Who wrote it.
    pub author: &'a Author,
    /// The text.
    pub body: &'a str,
    /// A parent's nickname, kept only if the conversation has none yet.
    pub nickname: Option<&'a str>,
}

/// An internal note to keep.
#[derive(Debug, Clone, Copy)]
pub struct NewNote<'a> {
    /// The console's id for it (retries reuse it).
    pub client_id: &'a ClientId,
    /// Its author, a staff member of the conversation's organisation.
    pub staff: i64,
    /// The text.
    pub body: &'a str,
}

/// A parent's message, naming its conversation by the token's digest.
#[derive(Debug, Clone, Copy)]
pub struct VisitorMessage<'a> {
    /// The SHA-256 digest of the visitor token.
    pub token_hash: &'a str,
    /// The widget's language, for a conversation this message creates.
    pub lang: Lang,
    /// The sender's id for it (retries reuse it).
    pub client_id: &'a ClientId,
    /// The text.
    pub body: &'a str,
    /// The nickname, kept only if the conversation has none yet.
    pub nickname: Option<&'a str>,
    /// Whom the parent asked for, for a conversation this message creates
    /// (ignored unless a staff member of the same organisation).
    pub nominee: Option<i64>,
}

/// A token bucket of an abuse limit, as stored (the arithmetic is
/// `crate::throttle`'s: `capacity` at once, refilled evenly).
#[derive(Debug, Clone, Copy)]
pub struct Bucket<'a> {
    /// The limit's name (`new_conversations`).
    pub limiter: &'a str,
    /// The SHA-256 hex digest of the key it counts (an address, a token…).
    pub key_hash: &'a str,
    /// Tokens it holds when full.
    pub capacity: f64,
    /// Tokens it gains per millisecond.
    pub refill_per_ms: f64,
}

/// A staff member to add.
#[derive(Debug, Clone, Copy)]
pub struct StaffRecord<'a> {
    /// Their organisation.
    pub organisation: OrganisationId,
    /// Login email (stored trimmed and lower-cased; unique server-wide, so a
    /// login names one staff member and so one organisation).
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// An organisation admin.
    pub admin: bool,
}

/// The one storage interface. See the module documentation for what every
/// implementation guarantees.
#[async_trait::async_trait]
pub trait Storage: Send + Sync + 'static {
    // Organisations.

    /// Adds an organisation with its origins; fails with
    /// [`StoreError::DuplicateSlug`] or [`StoreError::OriginTaken`].
    async fn create_organisation(
        &self,
        slug: &str,
        face: &OrganisationFace,
        origins: &[String],
        now_ms: i64,
    ) -> Result<Organisation, StoreError>;
    /// Every organisation, first (lowest id) first.
    async fn organisations(&self) -> Result<Vec<Organisation>, StoreError>;
    /// One organisation by id.
    async fn organisation(&self, id: OrganisationId) -> Result<Option<Organisation>, StoreError>;
    /// One organisation by slug.
    async fn organisation_by_slug(&self, slug: &str) -> Result<Option<Organisation>, StoreError>;
    /// The organisation a site origin (already parsed) belongs to: its id
    /// alone, since a parent's greeting needs nothing more.
    async fn organisation_id_by_origin(
        &self,
        origin: &str,
    ) -> Result<Option<OrganisationId>, StoreError>;
    /// Replaces an organisation's face (checked by the caller).
    async fn update_face(
        &self,
        id: OrganisationId,
        face: &OrganisationFace,
    ) -> Result<Organisation, StoreError>;
    /// Replaces an organisation's origins; [`StoreError::OriginTaken`] when
    /// one belongs to another organisation.
    async fn set_origins(
        &self,
        id: OrganisationId,
        origins: &[String],
    ) -> Result<Organisation, StoreError>;

    // Staff and sessions.

    /// Adds a staff member; [`StoreError::DuplicateEmail`] if the email is taken.
    async fn add_staff(&self, staff: StaffRecord<'_>, now_ms: i64)
    -> Result<StaffInfo, StoreError>;
    /// Staff members, by id: of one organisation, or of all.
    async fn list_staff(
        &self,
        organisation: Option<OrganisationId>,
    ) -> Result<Vec<StaffInfo>, StoreError>;
    /// A staff member and their password hash, by email (case-insensitive).
    async fn staff_credentials(
        &self,
        email: &str,
    ) -> Result<Option<(StaffInfo, String)>, StoreError>;
    /// Records a new session under the digest of its id.
    async fn create_session(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError>;
    /// The staff member of a session unless idle for more than `idle_ms` or
    /// older than `absolute_ms` (then deleted); `touch` marks it used now.
    async fn session_staff(
        &self,
        id_hash: &str,
        idle_ms: i64,
        absolute_ms: i64,
        touch: bool,
        now_ms: i64,
    ) -> Result<SessionState, StoreError>;
    /// Remembers a device (by the digest of its cookie's id) that the staff
    /// member logged in from.
    async fn remember_device(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError>;
    /// The staff member a device belongs to, if it was remembered after
    /// `since_ms`.
    async fn device_staff(&self, id_hash: &str, since_ms: i64) -> Result<Option<i64>, StoreError>;
    /// Forgets devices remembered before `before_ms`; how many.
    async fn prune_devices(&self, before_ms: i64) -> Result<u64, StoreError>;
    /// Ends every session of a staff member.
    async fn delete_staff_sessions(&self, staff_id: i64) -> Result<(), StoreError>;
    /// Ends one session; unknown ids are ignored.
    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError>;

    // Conversations and messages.

    /// Creates an empty conversation for a visitor token's digest.
    async fn create_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        lang: Lang,
        now_ms: i64,
    ) -> Result<ConversationId, StoreError>;
    /// The organisation's conversation a visitor token's digest names.
    async fn conversation_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError>;
    /// True when the conversation exists in this organisation.
    async fn conversation_exists(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<bool, StoreError>;
    /// Sets the conversation's language; the new summary when it changed.
    async fn set_lang(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        lang: Lang,
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Appends a message to an existing conversation.
    async fn append_message(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        message: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<Appended, StoreError>;
    /// Appends a parent's message, creating the conversation with the first
    /// one; [`StoreError::RevokedToken`] for a revoked token,
    /// [`StoreError::TokenTaken`] for a token of another organisation.
    async fn append_visitor_message(
        &self,
        organisation: OrganisationId,
        message: VisitorMessage<'_>,
        now_ms: i64,
    ) -> Result<Posted, StoreError>;
    /// The conversation's messages after `last_seq`, in order.
    async fn messages_after(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError>;
    /// Raises the staff read mark (never backwards, never past the last
    /// message); the new mark and summary when it moved.
    async fn mark_read(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError>;
    /// Raises the parent's read mark, like [`Storage::mark_read`].
    async fn mark_visitor_read(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError>;
    /// One conversation as the console's list shows it.
    async fn summary(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Sets whom the parent of a conversation asked for (a staff member of
    /// the same organisation, or none) and returns its summary; `None` when
    /// there is no such conversation or staff member in the organisation.
    async fn set_nominee(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        staff: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Gives a conversation to a staff member of the same organisation, or
    /// to nobody, and returns its summary; `None` when there is no such
    /// conversation or staff member in the organisation.
    async fn set_assignee(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        staff: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Marks a conversation resolved at `resolved_at_ms`, or open (`None`),
    /// and returns its summary; `None` when there is no such conversation.
    async fn set_resolved(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        resolved_at_ms: Option<i64>,
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Sets a conversation's labels (already cleaned) and returns its
    /// summary; `None` when there is no such conversation.
    async fn set_labels(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        labels: &[String],
    ) -> Result<Option<ConversationSummary>, StoreError>;
    /// Keeps an internal note, and says whether it is new (a retry with the
    /// same client id keeps the first and returns it, not new);
    /// `UnknownConversation` outside the organisation, `ClientIdTaken` when
    /// another author used the id.
    async fn add_note(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        note: NewNote<'_>,
        now_ms: i64,
    ) -> Result<(Note, bool), StoreError>;
    /// A conversation's internal notes, oldest first.
    async fn notes(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Vec<Note>, StoreError>;
    /// At most `limit` of the organisation's conversations matching a
    /// search (number, nickname, message or note text), most recently
    /// updated first.
    async fn search(
        &self,
        organisation: OrganisationId,
        query: &str,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError>;
    /// A page of at most `limit` of the organisation's conversations, most
    /// recently updated first (ties: higher id first), after `after` in
    /// that order when given.
    async fn summaries(
        &self,
        organisation: OrganisationId,
        after: Option<PageCursor>,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError>;
    /// At most `limit` of the organisation's conversations whose parent
    /// has waited for a staff reply since a time in `(after_ms, until_ms]`,
    /// longest waiting first (ties: lower id first): the window of one
    /// overdue sweep.
    async fn waiting_since_between(
        &self,
        organisation: OrganisationId,
        after_ms: i64,
        until_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError>;

    // Visitor tokens.

    /// True when the token with this digest was revoked.
    async fn is_revoked(&self, token_hash: &str) -> Result<bool, StoreError>;
    /// Revokes a token for good; the conversation it opened, if any.
    async fn revoke_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError>;
    /// Forgets revocations older than `before_ms` (the tokens' conversations
    /// moved on long ago); how many were forgotten.
    async fn prune_revoked_tokens(&self, before_ms: i64) -> Result<u64, StoreError>;
    /// Gives the place of `old_hash` (its conversation, if any, and its
    /// consultation code) to `new_hash` and revokes `old_hash`; the
    /// conversation's other tokens are untouched; [`StoreError::TokenTaken`]
    /// if `new_hash` is in use.
    async fn rotate_token(
        &self,
        organisation: OrganisationId,
        old_hash: &str,
        new_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError>;
    /// Makes `code_hash` the consultation code of `token_hash` (replacing
    /// any code it had).
    async fn keep_code(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        code_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError>;
    /// Spends the code `code_hash` (once only) and opens the conversation it
    /// leads to on `new_hash` as well, revoking nothing; that conversation.
    /// `None` when no such code exists in `organisation`, when it was made
    /// at or before `made_after_ms` (expired: spent all the same) or when
    /// its token has no conversation yet (the code stays);
    /// [`StoreError::TokenTaken`] when `new_hash` is in use elsewhere.
    async fn use_code(
        &self,
        organisation: OrganisationId,
        code_hash: &str,
        new_hash: &str,
        made_after_ms: i64,
        now_ms: i64,
    ) -> Result<Option<ConversationId>, StoreError>;

    // The launcher's badge.

    /// How many staff messages of the organisation's conversation a token's
    /// digest names come after the parent's read mark, counting at most
    /// `at_most`: 0 when the digest names none there (unknown, revoked or
    /// another organisation's). One indexed look-up, whoever asks.
    async fn unseen_replies(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        at_most: u32,
    ) -> Result<u32, StoreError>;

    // The team.

    /// Every staff member of the organisation with their profile, hours,
    /// presence and photo version, in id order.
    async fn team(&self, organisation: OrganisationId) -> Result<Vec<TeamRecord>, StoreError>;
    /// Sets a staff member's profile (stored as given: the service
    /// normalises and checks it); false when the organisation has no such
    /// staff member.
    async fn set_profile(
        &self,
        organisation: OrganisationId,
        staff: i64,
        profile: &StaffProfile,
    ) -> Result<bool, StoreError>;
    /// Sets (or, with none, clears) a staff member's hours.
    async fn set_schedule(
        &self,
        organisation: OrganisationId,
        staff: i64,
        schedule: Option<&Schedule>,
    ) -> Result<bool, StoreError>;
    /// Sets a staff member's presence.
    async fn set_presence(
        &self,
        organisation: OrganisationId,
        staff: i64,
        presence: Presence,
    ) -> Result<bool, StoreError>;
    /// Keeps (or, with none, removes) a staff member's photo; its version
    /// is `now_ms`.
    async fn set_photo(
        &self,
        organisation: OrganisationId,
        staff: i64,
        photo: Option<(&str, &[u8])>,
        now_ms: i64,
    ) -> Result<bool, StoreError>;
    /// A staff member's photo.
    async fn photo(
        &self,
        organisation: OrganisationId,
        staff: i64,
    ) -> Result<Option<Photo>, StoreError>;

    // The settings page (issue 12): names, canned replies, the weekly load.

    /// Sets a staff member's display name (checked by the caller); false
    /// when the organisation has no such staff member.
    async fn set_staff_name(
        &self,
        organisation: OrganisationId,
        staff: i64,
        name: &str,
    ) -> Result<bool, StoreError>;
    /// The organisation's canned replies, oldest first.
    async fn canned_replies(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<CannedReply>, StoreError>;
    /// Adds a canned reply (stored as given: the service checks it).
    async fn add_canned_reply(
        &self,
        organisation: OrganisationId,
        draft: &CannedDraft,
        now_ms: i64,
    ) -> Result<CannedReply, StoreError>;
    /// Changes a canned reply; `None` when the organisation has none with this id.
    async fn update_canned_reply(
        &self,
        organisation: OrganisationId,
        id: i64,
        draft: &CannedDraft,
        now_ms: i64,
    ) -> Result<Option<CannedReply>, StoreError>;
    /// Removes a canned reply; false when the organisation has none with this id.
    async fn delete_canned_reply(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<bool, StoreError>;

    // Issue 13: an organisation's own texts for parents.

    /// The organisation's texts (emergency lines, privacy notice).
    async fn organisation_texts(
        &self,
        organisation: OrganisationId,
    ) -> Result<OrganisationTexts, StoreError>;
    /// Writes one of the organisation's texts (empty: back to the standard).
    async fn set_organisation_text(
        &self,
        organisation: OrganisationId,
        name: TextName,
        text: &str,
        now_ms: i64,
    ) -> Result<(), StoreError>;
    /// Logs that a staff member's presence became `presence` at `at_ms`
    /// (nothing for a staff member of another organisation).
    async fn log_presence(
        &self,
        organisation: OrganisationId,
        staff: i64,
        presence: Presence,
        at_ms: i64,
    ) -> Result<(), StoreError>;
    /// The organisation's presence changes from `since_ms` until before
    /// `until_ms`, with each staff member's last change before `since_ms`,
    /// by staff member and time.
    async fn presence_changes(
        &self,
        organisation: OrganisationId,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<PresenceChange>, StoreError>;
    /// Each of the organisation's staff members who sent messages from
    /// `since_ms` until before `until_ms`, with in how many conversations
    /// and how many, by staff id.
    async fn staff_activity(
        &self,
        organisation: OrganisationId,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<StaffActivity>, StoreError>;

    // Abuse limits kept in the database (shared by nodes, kept over restarts).

    /// Takes one token if the bucket holds one at `now_ms`, in one atomic
    /// step whichever node asks; returns what it held before (refilled):
    /// a token was taken when that is at least 1.
    async fn take_token(&self, bucket: Bucket<'_>, now_ms: i64) -> Result<f64, StoreError>;
    /// What the bucket holds at `now_ms` (full when never used), taking
    /// nothing.
    async fn bucket_tokens(&self, bucket: Bucket<'_>, now_ms: i64) -> Result<f64, StoreError>;
    /// Gives one token back (never past full).
    async fn refund_token(&self, bucket: Bucket<'_>) -> Result<(), StoreError>;
    /// Forgets buckets untouched since `before_ms` (long full again); how
    /// many.
    async fn prune_buckets(&self, before_ms: i64) -> Result<u64, StoreError>;

    // Moving an installation (`yorisoi copy`).

    /// Every row, each table in key order.
    async fn snapshot(&self) -> Result<snapshot::Snapshot, StoreError>;
    /// Writes every row of `snapshot` into this (empty) database, keeping
    /// ids, in one transaction; new ids then continue after the copied ones.
    async fn restore(&self, snapshot: &snapshot::Snapshot) -> Result<(), StoreError>;

    // Health and several nodes.

    /// Succeeds when the database answers (`/readyz`).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Tells the other nodes (on one database) of changes committed here;
    /// a backend that serves one node has nobody to tell. Appends tell
    /// them by themselves, with their commit (`Message`, `Created`).
    async fn notify(&self, notices: &[Notice]) -> Result<(), StoreError>;
    /// The other nodes' notices from now on, or `None` when this backend
    /// serves one node. Notices may be lost (a dropped connection): they are
    /// hints, and every receiver reads the store for what they name.
    async fn listen(&self) -> Result<Option<mpsc::Receiver<Notice>>, StoreError>;
    // Cases shared with the parent's consent (issue 13): see [`cases`].

    /// Keeps a proposed case of the organisation's conversation, with the
    /// first entry of its trail; `None` when the organisation has no such
    /// conversation.
    async fn create_case(
        &self,
        organisation: OrganisationId,
        case: cases::NewCase<'_>,
        now_ms: i64,
    ) -> Result<Option<cases::CaseRecord>, StoreError>;
    /// One of the organisation's cases.
    async fn case(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<Option<cases::CaseRecord>, StoreError>;
    /// At most `limit` of the organisation's cases (of one conversation
    /// when given), newest first.
    async fn cases(
        &self,
        organisation: OrganisationId,
        conversation: Option<ConversationId>,
        limit: usize,
    ) -> Result<Vec<cases::CaseRecord>, StoreError>;
    /// Applies a step to a case still at `version`, with its trail entry,
    /// in one transaction; `None` when there is no such case or it changed
    /// meanwhile.
    async fn change_case(
        &self,
        organisation: OrganisationId,
        id: i64,
        version: i64,
        change: cases::CaseChange<'_>,
        event: cases::NewCaseEvent<'_>,
        now_ms: i64,
    ) -> Result<Option<cases::CaseRecord>, StoreError>;
    /// A case's trail, oldest first (empty for another organisation's).
    async fn case_events(
        &self,
        organisation: OrganisationId,
        id: i64,
    ) -> Result<Vec<cases::CaseEventRecord>, StoreError>;

    // Issue 13, privacy by default (see `privacy`).

    /// Deletes the conversation `token_hash` names (the row itself, so
    /// messages, notes and anything else keyed by it go with it) and
    /// revokes every token open on it (the parent's other devices too) and
    /// their consultation codes, in one transaction; the deleted
    /// conversation and its tokens, or `None` when the token named none (it
    /// is revoked all the same).
    async fn delete_visitor_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<ParentDeletion>, StoreError>;
    /// How many days the organisation keeps resolved conversations (0: for
    /// ever); `None` for an unknown organisation.
    async fn retention_days(&self, organisation: OrganisationId)
    -> Result<Option<u32>, StoreError>;
    /// Sets it; false for an unknown organisation.
    async fn set_retention_days(
        &self,
        organisation: OrganisationId,
        days: u32,
    ) -> Result<bool, StoreError>;
    /// Deletes at most `limit` of the organisation's conversations resolved
    /// before `resolved_before_ms` (open ones never), adding each to the
    /// anonymous statistics in the same transaction; the deleted ids.
    async fn expire_conversations(
        &self,
        organisation: OrganisationId,
        resolved_before_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationId>, StoreError>;
    /// What deleted conversations left: counts by month and language.
    async fn retention_statistics(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<RetentionStatistic>, StoreError>;
}

/// Emails compare case-insensitively: store and look up the same form.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
