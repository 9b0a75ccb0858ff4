//! A whole installation as rows, for moving it between backends (`yorisoi
//! copy`): every table's rows in key order, read the same way from either
//! backend ([`read_snapshot!`]), with a count and a SHA-256 checksum per
//! table so that the copy can prove nothing was lost or changed. A snapshot
//! is held in memory: fine for the installations Yorisoi serves (a
//! hundred thousand messages are tens of megabytes).

use serde::Serialize;
use sha2::{Digest as _, Sha256};

/// An organisation row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OrganisationRecord {
    pub id: i64,
    pub slug: String,
    pub name_ja: String,
    pub name_en: String,
    pub greeting_ja: String,
    pub greeting_en: String,
    pub accent_color: String,
    pub launcher_side: String,
    pub created_at_ms: i64,
    /// Issue 13: days resolved conversations are kept (0: for ever).
    pub retention_days: i64,
}

/// An origin row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct OriginRecord {
    pub origin: String,
    pub organisation_id: i64,
}

/// A staff row (with the password's hash: staff keep their passwords).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StaffRecordRow {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_admin: bool,
    pub created_at_ms: i64,
    pub role_ja: String,
    pub role_en: String,
    pub intro_ja: String,
    pub intro_en: String,
    pub schedule: Option<String>,
    pub presence: String,
}

/// A staff photo row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PhotoRecord {
    pub staff_id: i64,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub version: i64,
}

/// A staff session row (staff stay logged in).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SessionRecord {
    pub id_hash: String,
    pub staff_id: i64,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
}

/// A staff device row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DeviceRecord {
    pub id_hash: String,
    pub staff_id: i64,
    pub created_at_ms: i64,
}

/// A conversation row (parents' tokens keep working).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ConversationRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub token_hash: String,
    pub nickname: Option<String>,
    pub lang: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub last_seq: i64,
    pub staff_read_seq: i64,
    pub visitor_read_seq: i64,
    pub unread: i64,
    pub preview: String,
    pub waiting_since_ms: Option<i64>,
    pub nominee_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub written_lang: Option<String>,
    pub resolved_at_ms: Option<i64>,
    pub labels: String,
    pub danger_since_ms: Option<i64>,
}

/// An internal note row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct NoteRecord {
    pub id: i64,
    pub conversation_id: i64,
    pub staff_id: i64,
    pub client_id: String,
    pub body: String,
    pub written_at_ms: i64,
}

/// A message row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct MessageRecord {
    pub conversation_id: i64,
    pub seq: i64,
    pub client_id: String,
    pub author_kind: String,
    pub staff_id: Option<i64>,
    pub body: String,
    pub sent_at_ms: i64,
}

/// A revoked token row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RevokedRecord {
    pub token_hash: String,
    pub revoked_at_ms: i64,
}

/// A consultation code row (parents' codes keep working).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CodeRecord {
    pub code_hash: String,
    pub organisation_id: i64,
    pub token_hash: String,
    pub created_at_ms: i64,
}

/// A limit bucket row.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct BucketRecord {
    pub limiter: String,
    pub key_hash: String,
    pub tokens: f64,
    pub refilled: f64,
    pub updated_ms: i64,
}

/// A canned reply row (issue 12).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CannedRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub title: String,
    pub text_ja: String,
    pub text_en: String,
    pub updated_at_ms: i64,
}

/// A presence log row (issue 12: the weekly summary's hours online).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct PresenceRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub staff_id: i64,
    pub presence: String,
    pub at_ms: i64,
}

/// An organisation's own text for parents (issue 13).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct TextRecord {
    pub organisation_id: i64,
    pub name: String,
    pub text: String,
    pub updated_at_ms: i64,
}

/// A case row (issue 13).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub organisation_id: i64,
    pub conversation_id: i64,
    pub lang: String,
    pub status: String,
    pub source: String,
    pub hidden: String,
    pub short_text: String,
    pub long_text: String,
    pub proposed_by: i64,
    pub reviewed_by: Option<i64>,
    pub version: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A case's trail row (issue 13).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseEventRow {
    pub id: i64,
    pub case_id: i64,
    pub step: String,
    pub staff_id: Option<i64>,
    pub at_ms: i64,
    pub wording_short: Option<String>,
    pub wording_long: Option<String>,
    pub wording_hash: Option<String>,
}

/// A retention statistics row (issue 13: counts only).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StatisticRecord {
    pub organisation_id: i64,
    pub month: String,
    pub lang: String,
    pub conversations: i64,
    pub messages: i64,
}

/// A visitor token row: one of the devices a conversation is open on.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct VisitorTokenRecord {
    pub token_hash: String,
    pub organisation_id: i64,
    pub conversation_id: i64,
    pub created_at_ms: i64,
    pub last_used_at_ms: i64,
}

/// Every row of an installation, each table in key order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub organisations: Vec<OrganisationRecord>,
    pub origins: Vec<OriginRecord>,
    pub staff: Vec<StaffRecordRow>,
    pub photos: Vec<PhotoRecord>,
    pub sessions: Vec<SessionRecord>,
    pub devices: Vec<DeviceRecord>,
    pub conversations: Vec<ConversationRecord>,
    pub messages: Vec<MessageRecord>,
    pub notes: Vec<NoteRecord>,
    pub revoked: Vec<RevokedRecord>,
    pub codes: Vec<CodeRecord>,
    pub buckets: Vec<BucketRecord>,
    pub canned: Vec<CannedRecord>,
    pub presence: Vec<PresenceRecord>,
    pub texts: Vec<TextRecord>,
    pub cases: Vec<CaseRow>,
    pub case_events: Vec<CaseEventRow>,
    pub statistics: Vec<StatisticRecord>,
    pub visitor_tokens: Vec<VisitorTokenRecord>,
}

/// One table's row count and checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    /// The table.
    pub table: &'static str,
    /// How many rows.
    pub rows: usize,
    /// SHA-256 (hex) of the rows in key order, each as canonical JSON.
    pub checksum: String,
}

impl Snapshot {
    /// The same rows in one order whatever the database's collation: keys
    /// compared as bytes.
    pub fn in_key_order(mut self) -> Snapshot {
        self.origins.sort_by(|a, b| a.origin.cmp(&b.origin));
        self.sessions.sort_by(|a, b| a.id_hash.cmp(&b.id_hash));
        self.devices.sort_by(|a, b| a.id_hash.cmp(&b.id_hash));
        self.revoked.sort_by(|a, b| a.token_hash.cmp(&b.token_hash));
        self.codes.sort_by(|a, b| a.code_hash.cmp(&b.code_hash));
        self.buckets
            .sort_by(|a, b| (&a.limiter, &a.key_hash).cmp(&(&b.limiter, &b.key_hash)));
        self.texts
            .sort_by(|a, b| (a.organisation_id, &a.name).cmp(&(b.organisation_id, &b.name)));
        self.statistics.sort_by(|a, b| {
            (a.organisation_id, &a.month, &a.lang).cmp(&(b.organisation_id, &b.month, &b.lang))
        });
        self.visitor_tokens
            .sort_by(|a, b| a.token_hash.cmp(&b.token_hash));
        self
    }

    /// True when nothing is stored yet.
    pub fn is_empty(&self) -> bool {
        self.sums().iter().all(|sum| sum.rows == 0)
    }

    /// Every table's count and checksum, in copying order.
    pub fn sums(&self) -> Vec<TableSum> {
        vec![
            sum("organisations", &self.organisations),
            sum("organisation_origins", &self.origins),
            sum("staff", &self.staff),
            sum("staff_photos", &self.photos),
            sum("staff_sessions", &self.sessions),
            sum("staff_devices", &self.devices),
            sum("conversations", &self.conversations),
            sum("messages", &self.messages),
            sum("notes", &self.notes),
            sum("revoked_tokens", &self.revoked),
            sum("consultation_codes", &self.codes),
            sum("limit_buckets", &self.buckets),
            sum("canned_replies", &self.canned),
            sum("presence_log", &self.presence),
            sum("organisation_texts", &self.texts),
            sum("cases", &self.cases),
            sum("case_events", &self.case_events),
            sum("retention_statistics", &self.statistics),
            sum("visitor_tokens", &self.visitor_tokens),
        ]
    }
}

fn sum<T: Serialize>(table: &'static str, rows: &[T]) -> TableSum {
    let mut hasher = Sha256::new();
    for row in rows {
        // Plain data structs always serialise.
        let line = serde_json::to_vec(row).unwrap_or_default();
        hasher.update(&line);
        hasher.update(b"\n");
    }
    TableSum {
        table,
        rows: rows.len(),
        checksum: hex::encode(hasher.finalize()),
    }
}

/// Reads a [`Snapshot`] inside the open transaction `$transaction` (either
/// backend's: the queries are plain SQL both accept; one transaction, so
/// the rows are of one moment even while a server writes), as
/// `Result<Snapshot, sqlx::Error>`.
macro_rules! read_snapshot {
    ($transaction:expr) => {{
        use $crate::store::snapshot::*;
        async {
            let transaction = $transaction;
            Ok::<_, sqlx::Error>(Snapshot {
                organisations: sqlx::query_as::<_, OrganisationRecord>(
                    "SELECT id, slug, name_ja, name_en, greeting_ja, greeting_en, accent_color, \
                     launcher_side, created_at_ms, retention_days FROM organisations ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                origins: sqlx::query_as::<_, OriginRecord>(
                    "SELECT origin, organisation_id FROM organisation_origins ORDER BY origin",
                )
                .fetch_all(&mut **transaction)
                .await?,
                staff: sqlx::query_as::<_, StaffRecordRow>(
                    "SELECT id, organisation_id, email, name, password_hash, is_admin, \
                     created_at_ms, role_ja, role_en, intro_ja, intro_en, schedule, presence \
                     FROM staff ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                photos: sqlx::query_as::<_, PhotoRecord>(
                    "SELECT staff_id, content_type, bytes, version FROM staff_photos \
                     ORDER BY staff_id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                sessions: sqlx::query_as::<_, SessionRecord>(
                    "SELECT id_hash, staff_id, created_at_ms, last_seen_ms FROM staff_sessions \
                     ORDER BY id_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
                devices: sqlx::query_as::<_, DeviceRecord>(
                    "SELECT id_hash, staff_id, created_at_ms FROM staff_devices ORDER BY id_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
                conversations: sqlx::query_as::<_, ConversationRecord>(
                    "SELECT id, organisation_id, token_hash, nickname, lang, created_at_ms, \
                     updated_at_ms, last_seq, staff_read_seq, visitor_read_seq, unread, preview, \
                     waiting_since_ms, nominee_id, assignee_id, written_lang, resolved_at_ms, \
                     labels, danger_since_ms FROM conversations ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                messages: sqlx::query_as::<_, MessageRecord>(
                    "SELECT conversation_id, seq, client_id, author_kind, staff_id, body, \
                     sent_at_ms FROM messages ORDER BY conversation_id, seq",
                )
                .fetch_all(&mut **transaction)
                .await?,
                notes: sqlx::query_as::<_, NoteRecord>(
                    "SELECT id, conversation_id, staff_id, client_id, body, written_at_ms \
                     FROM notes ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                revoked: sqlx::query_as::<_, RevokedRecord>(
                    "SELECT token_hash, revoked_at_ms FROM revoked_tokens ORDER BY token_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
                codes: sqlx::query_as::<_, CodeRecord>(
                    "SELECT code_hash, organisation_id, token_hash, created_at_ms \
                     FROM consultation_codes ORDER BY code_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
                buckets: sqlx::query_as::<_, BucketRecord>(
                    "SELECT limiter, key_hash, tokens, refilled, updated_ms FROM limit_buckets \
                     ORDER BY limiter, key_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
                canned: sqlx::query_as::<_, CannedRecord>(
                    "SELECT id, organisation_id, title, text_ja, text_en, updated_at_ms \
                     FROM canned_replies ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                presence: sqlx::query_as::<_, PresenceRecord>(
                    "SELECT id, organisation_id, staff_id, presence, at_ms FROM presence_log \
                     ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                texts: sqlx::query_as::<_, TextRecord>(
                    "SELECT organisation_id, name, text, updated_at_ms FROM organisation_texts \
                     ORDER BY organisation_id, name",
                )
                .fetch_all(&mut **transaction)
                .await?,
                cases: sqlx::query_as::<_, CaseRow>(
                    "SELECT id, organisation_id, conversation_id, lang, status, source, hidden, \
                     short_text, long_text, proposed_by, reviewed_by, version, created_at_ms, \
                     updated_at_ms FROM cases ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                case_events: sqlx::query_as::<_, CaseEventRow>(
                    "SELECT id, case_id, step, staff_id, at_ms, wording_short, wording_long, \
                     wording_hash FROM case_events ORDER BY id",
                )
                .fetch_all(&mut **transaction)
                .await?,
                statistics: sqlx::query_as::<_, StatisticRecord>(
                    "SELECT organisation_id, month, lang, conversations, messages \
                     FROM retention_statistics ORDER BY organisation_id, month, lang",
                )
                .fetch_all(&mut **transaction)
                .await?,
                visitor_tokens: sqlx::query_as::<_, VisitorTokenRecord>(
                    "SELECT token_hash, organisation_id, conversation_id, created_at_ms, \
                     last_used_at_ms FROM visitor_tokens ORDER BY token_hash",
                )
                .fetch_all(&mut **transaction)
                .await?,
            }
            .in_key_order())
        }
    }};
}
pub(crate) use read_snapshot;

/// Rows a statement inserts at most (well under both databases' limits on
/// bound values).
pub const ROWS_PER_INSERT: usize = 500;

/// Inserts every row of `$snapshot` with the open transaction
/// `$transaction` of database `$db` (`sqlx::Sqlite` or `sqlx::Postgres`),
/// parents before children, as `Result<(), sqlx::Error>`.
macro_rules! write_snapshot {
    ($db:ty, $transaction:expr, $snapshot:expr) => {{
        use $crate::store::snapshot::ROWS_PER_INSERT;
        async {
            let transaction = $transaction;
            let snapshot = $snapshot;
            macro_rules! insert {
                ($rows:expr, $head:expr, |$builder:ident, $row:ident| $binds:block) => {
                    for chunk in $rows.chunks(ROWS_PER_INSERT) {
                        let mut query = sqlx::QueryBuilder::<$db>::new($head);
                        query.push_values(chunk, |mut $builder, $row| $binds);
                        query.build().execute(&mut **transaction).await?;
                    }
                };
            }
            insert!(
                snapshot.organisations,
                "INSERT INTO organisations (id, slug, name_ja, name_en, greeting_ja, \
                 greeting_en, accent_color, launcher_side, created_at_ms, retention_days) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(&r.slug).push_bind(&r.name_ja);
                    b.push_bind(&r.name_en).push_bind(&r.greeting_ja);
                    b.push_bind(&r.greeting_en).push_bind(&r.accent_color);
                    b.push_bind(&r.launcher_side).push_bind(r.created_at_ms);
                    b.push_bind(r.retention_days);
                }
            );
            insert!(
                snapshot.origins,
                "INSERT INTO organisation_origins (origin, organisation_id) ",
                |b, r| {
                    b.push_bind(&r.origin).push_bind(r.organisation_id);
                }
            );
            insert!(
                snapshot.staff,
                "INSERT INTO staff (id, organisation_id, email, name, password_hash, is_admin, \
                 created_at_ms, role_ja, role_en, intro_ja, intro_en, schedule, presence) ",
                |b, r| {
                    b.push_bind(r.id)
                        .push_bind(r.organisation_id)
                        .push_bind(&r.email);
                    b.push_bind(&r.name).push_bind(&r.password_hash);
                    b.push_bind(r.is_admin).push_bind(r.created_at_ms);
                    b.push_bind(&r.role_ja).push_bind(&r.role_en);
                    b.push_bind(&r.intro_ja).push_bind(&r.intro_en);
                    b.push_bind(&r.schedule).push_bind(&r.presence);
                }
            );
            insert!(
                snapshot.photos,
                "INSERT INTO staff_photos (staff_id, content_type, bytes, version) ",
                |b, r| {
                    b.push_bind(r.staff_id).push_bind(&r.content_type);
                    b.push_bind(&r.bytes).push_bind(r.version);
                }
            );
            insert!(
                snapshot.sessions,
                "INSERT INTO staff_sessions (id_hash, staff_id, created_at_ms, last_seen_ms) ",
                |b, r| {
                    b.push_bind(&r.id_hash).push_bind(r.staff_id);
                    b.push_bind(r.created_at_ms).push_bind(r.last_seen_ms);
                }
            );
            insert!(
                snapshot.devices,
                "INSERT INTO staff_devices (id_hash, staff_id, created_at_ms) ",
                |b, r| {
                    b.push_bind(&r.id_hash)
                        .push_bind(r.staff_id)
                        .push_bind(r.created_at_ms);
                }
            );
            insert!(
                snapshot.conversations,
                "INSERT INTO conversations (id, organisation_id, token_hash, nickname, lang, \
                 created_at_ms, updated_at_ms, last_seq, staff_read_seq, visitor_read_seq, \
                 unread, preview, waiting_since_ms, nominee_id, assignee_id, written_lang, \
                 resolved_at_ms, labels, danger_since_ms) ",
                |b, r| {
                    b.push_bind(r.id)
                        .push_bind(r.organisation_id)
                        .push_bind(&r.token_hash);
                    b.push_bind(&r.nickname)
                        .push_bind(&r.lang)
                        .push_bind(r.created_at_ms);
                    b.push_bind(r.updated_at_ms).push_bind(r.last_seq);
                    b.push_bind(r.staff_read_seq).push_bind(r.visitor_read_seq);
                    b.push_bind(r.unread).push_bind(&r.preview);
                    b.push_bind(r.waiting_since_ms).push_bind(r.nominee_id);
                    b.push_bind(r.assignee_id).push_bind(&r.written_lang);
                    b.push_bind(r.resolved_at_ms).push_bind(&r.labels);
                    b.push_bind(r.danger_since_ms);
                }
            );
            insert!(
                snapshot.messages,
                "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, \
                 body, sent_at_ms) ",
                |b, r| {
                    b.push_bind(r.conversation_id)
                        .push_bind(r.seq)
                        .push_bind(&r.client_id);
                    b.push_bind(&r.author_kind).push_bind(r.staff_id);
                    b.push_bind(&r.body).push_bind(r.sent_at_ms);
                }
            );
            insert!(
                snapshot.notes,
                "INSERT INTO notes (id, conversation_id, staff_id, client_id, body, \
                 written_at_ms) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(r.conversation_id);
                    b.push_bind(r.staff_id).push_bind(&r.client_id);
                    b.push_bind(&r.body).push_bind(r.written_at_ms);
                }
            );
            insert!(
                snapshot.revoked,
                "INSERT INTO revoked_tokens (token_hash, revoked_at_ms) ",
                |b, r| {
                    b.push_bind(&r.token_hash).push_bind(r.revoked_at_ms);
                }
            );
            insert!(
                snapshot.codes,
                "INSERT INTO consultation_codes (code_hash, organisation_id, token_hash, \
                 created_at_ms) ",
                |b, r| {
                    b.push_bind(&r.code_hash).push_bind(r.organisation_id);
                    b.push_bind(&r.token_hash).push_bind(r.created_at_ms);
                }
            );
            insert!(
                snapshot.buckets,
                "INSERT INTO limit_buckets (limiter, key_hash, tokens, refilled, updated_ms) ",
                |b, r| {
                    b.push_bind(&r.limiter)
                        .push_bind(&r.key_hash)
                        .push_bind(r.tokens);
                    b.push_bind(r.refilled).push_bind(r.updated_ms);
                }
            );
            insert!(
                snapshot.canned,
                "INSERT INTO canned_replies (id, organisation_id, title, text_ja, text_en, \
                 updated_at_ms) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(r.organisation_id);
                    b.push_bind(&r.title).push_bind(&r.text_ja);
                    b.push_bind(&r.text_en).push_bind(r.updated_at_ms);
                }
            );
            insert!(
                snapshot.presence,
                "INSERT INTO presence_log (id, organisation_id, staff_id, presence, at_ms) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(r.organisation_id);
                    b.push_bind(r.staff_id).push_bind(&r.presence);
                    b.push_bind(r.at_ms);
                }
            );
            insert!(
                snapshot.texts,
                "INSERT INTO organisation_texts (organisation_id, name, text, updated_at_ms) ",
                |b, r| {
                    b.push_bind(r.organisation_id).push_bind(&r.name);
                    b.push_bind(&r.text).push_bind(r.updated_at_ms);
                }
            );
            insert!(
                snapshot.cases,
                "INSERT INTO cases (id, organisation_id, conversation_id, lang, status, source, \
                 hidden, short_text, long_text, proposed_by, reviewed_by, version, \
                 created_at_ms, updated_at_ms) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(r.organisation_id);
                    b.push_bind(r.conversation_id).push_bind(&r.lang);
                    b.push_bind(&r.status)
                        .push_bind(&r.source)
                        .push_bind(&r.hidden);
                    b.push_bind(&r.short_text).push_bind(&r.long_text);
                    b.push_bind(r.proposed_by).push_bind(r.reviewed_by);
                    b.push_bind(r.version).push_bind(r.created_at_ms);
                    b.push_bind(r.updated_at_ms);
                }
            );
            insert!(
                snapshot.case_events,
                "INSERT INTO case_events (id, case_id, step, staff_id, at_ms, wording_short, \
                 wording_long, wording_hash) ",
                |b, r| {
                    b.push_bind(r.id).push_bind(r.case_id).push_bind(&r.step);
                    b.push_bind(r.staff_id).push_bind(r.at_ms);
                    b.push_bind(&r.wording_short).push_bind(&r.wording_long);
                    b.push_bind(&r.wording_hash);
                }
            );
            insert!(
                snapshot.statistics,
                "INSERT INTO retention_statistics (organisation_id, month, lang, \
                 conversations, messages) ",
                |b, r| {
                    b.push_bind(r.organisation_id).push_bind(&r.month);
                    b.push_bind(&r.lang).push_bind(r.conversations);
                    b.push_bind(r.messages);
                }
            );
            insert!(
                snapshot.visitor_tokens,
                "INSERT INTO visitor_tokens (token_hash, organisation_id, conversation_id, \
                 created_at_ms, last_used_at_ms) ",
                |b, r| {
                    b.push_bind(&r.token_hash).push_bind(r.organisation_id);
                    b.push_bind(r.conversation_id).push_bind(r.created_at_ms);
                    b.push_bind(r.last_used_at_ms);
                }
            );
            Ok::<(), sqlx::Error>(())
        }
    }};
}
pub(crate) use write_snapshot;
