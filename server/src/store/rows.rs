//! Database rows to protocol values, the same for every backend: sequence
//! numbers, and the rows of a conversation's summary, a message, a staff
//! member and an organisation. Each backend reads these tuples with its own
//! driver (sqlx for both pools, rusqlite for SQLite's writer) and converts
//! them here, so a value means the same whichever database it came from.

use yorisoi_protocol::model::{ConversationSummary, StaffInfo};
use yorisoi_protocol::organisation::{LauncherSide, OrganisationFace};
use yorisoi_protocol::text::lang::writing_lang;
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Message, OrganisationId, Seq};

use super::Organisation;
use crate::error::StoreError;

/// Database integers to protocol sequence numbers.
pub(super) fn to_seq(value: i64) -> Result<Seq, StoreError> {
    Seq::try_from(value).map_err(|_| StoreError::Corrupt(format!("negative sequence {value}")))
}

/// Protocol sequence numbers to database integers; absurdly large values
/// (from a client) saturate, which compares correctly.
pub(super) fn from_seq(seq: Seq) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// The columns of a summary, in [`SummaryRow`]'s order.
pub(super) const SUMMARY_COLUMNS: &str = "id, nickname, lang, last_seq, visitor_read_seq, updated_at_ms, unread, preview, \
     waiting_since_ms, nominee_id, assignee_id, written_lang, resolved_at_ms, labels, danger_since_ms";

/// A row of [`SUMMARY_COLUMNS`].
pub(super) type SummaryRow = (
    i64,
    Option<String>,
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<i64>,
    String,
    Option<i64>,
);

/// A summary from its row.
pub(super) fn summary_from_row(row: SummaryRow) -> Result<ConversationSummary, StoreError> {
    let (
        id,
        nickname,
        lang,
        last_seq,
        visitor_read_seq,
        updated_at_ms,
        unread,
        preview,
        waiting,
        nominee,
        assignee,
        written,
        resolved_at_ms,
        labels,
        danger_since_ms,
    ) = row;
    Ok(ConversationSummary {
        id: ConversationId(id),
        nickname,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
        last_seq: to_seq(last_seq)?,
        visitor_read_seq: to_seq(visitor_read_seq)?,
        preview,
        updated_at_ms,
        waiting_since_ms: waiting,
        nominee,
        assignee,
        written: written.as_deref().and_then(Lang::from_tag),
        resolved_at_ms,
        // Written only from cleaned labels; unreadable ones read as none.
        labels: serde_json::from_str(&labels).unwrap_or_default(),
        danger_since_ms,
    })
}

/// The language a parent's message is written in, as stored (none for a
/// staff message, or one with no letters: the stored one stays).
pub(super) fn written_lang(author: &Author, body: &str) -> Option<&'static str> {
    match author {
        Author::Visitor => writing_lang(body).map(Lang::tag),
        Author::Staff { .. } => None,
    }
}

/// 1 when `body` is a parent's message with words that suggest danger
/// (see [`crate::danger`]), else 0: what an append binds for the
/// conversation's `danger_since_ms`.
pub(super) fn danger_flag(author: &Author, body: &str) -> i64 {
    i64::from(matches!(author, Author::Visitor) && !crate::danger::detect(body).is_empty())
}

/// A leading column (a new sequence or read mark) followed by
/// [`SUMMARY_COLUMNS`], as PostgreSQL's `RETURNING x, {SUMMARY_COLUMNS}`
/// gives them: read by position, so a new summary column changes only
/// [`SummaryRow`] and this reader.
pub(super) struct Led(pub i64, pub SummaryRow);

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Led {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row as _;
        Ok(Led(
            row.try_get(0)?,
            (
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
                row.try_get(4)?,
                row.try_get(5)?,
                row.try_get(6)?,
                row.try_get(7)?,
                row.try_get(8)?,
                row.try_get(9)?,
                row.try_get(10)?,
                row.try_get(11)?,
                row.try_get(12)?,
                row.try_get(13)?,
                row.try_get(14)?,
                row.try_get(15)?,
            ),
        ))
    }
}

/// The columns of a message joined with its staff author's name (`s`), in
/// [`MessageRow`]'s order.
pub(super) const MESSAGE_COLUMNS: &str =
    "m.seq, m.client_id, m.author_kind, m.staff_id, s.name, m.body, m.sent_at_ms";

/// A row of [`MESSAGE_COLUMNS`].
pub(super) type MessageRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    i64,
);

/// A message from its row.
pub(super) fn message_from_row(row: MessageRow) -> Result<Message, StoreError> {
    let (seq, client_id, kind, staff_id, staff_name, body, sent_at_ms) = row;
    let author = match (kind.as_str(), staff_id) {
        ("visitor", _) => Author::Visitor,
        ("staff", Some(id)) => Author::Staff {
            id,
            name: staff_name.unwrap_or_default(),
        },
        _ => return Err(StoreError::Corrupt(format!("message author {kind}"))),
    };
    Ok(Message {
        seq: to_seq(seq)?,
        client_id: ClientId(client_id),
        author,
        body,
        sent_at_ms,
    })
}

/// How a message's author is stored: its kind…
pub(super) fn author_kind(author: &Author) -> &'static str {
    match author {
        Author::Visitor => "visitor",
        Author::Staff { .. } => "staff",
    }
}

/// …and the staff member's id for staff.
pub(super) fn staff_id(author: &Author) -> Option<i64> {
    match author {
        Author::Visitor => None,
        Author::Staff { id, .. } => Some(*id),
    }
}

/// Columns of a staff row: id, name, email, admin, organisation.
pub(super) type StaffRow = (i64, String, String, bool, i64);

/// A staff member from their row.
pub(super) fn staff_from_row((id, name, email, admin, organisation): StaffRow) -> StaffInfo {
    StaffInfo {
        id,
        name,
        email,
        admin,
        organisation: OrganisationId(organisation),
    }
}

/// The longest a used staff session goes without its use being recorded:
/// a console's every frame is a use and each record a write, so a use is
/// recorded only once the last record is a sixteenth of the idle timeout
/// old (at most this). The session may so end up to that much before the
/// full idle time.
pub(super) fn touch_granularity_ms(idle_ms: i64) -> i64 {
    const TOUCH_AT_MOST_EVERY_MS: i64 = 30_000;
    (idle_ms / 16).min(TOUCH_AT_MOST_EVERY_MS)
}

/// The columns of an organisation, in [`OrganisationRow`]'s order.
pub(super) const ORGANISATION_COLUMNS: &str =
    "id, slug, name_ja, name_en, greeting_ja, greeting_en, accent_color, launcher_side";

/// A row of [`ORGANISATION_COLUMNS`].
pub(super) type OrganisationRow = (i64, String, String, String, String, String, String, String);

/// An organisation from its row and every `(organisation, origin)` read.
pub(super) fn organisation_from_row(
    row: OrganisationRow,
    origins: &[(i64, String)],
) -> Result<Organisation, StoreError> {
    let (id, slug, name_ja, name_en, greeting_ja, greeting_en, accent_color, side) = row;
    let launcher_side = LauncherSide::parse(&side)
        .ok_or_else(|| StoreError::Corrupt(format!("launcher side {side}")))?;
    Ok(Organisation {
        id: OrganisationId(id),
        slug,
        face: OrganisationFace {
            name_ja,
            name_en,
            greeting_ja,
            greeting_en,
            accent_color,
            launcher_side,
        },
        origins: origins
            .iter()
            .filter(|(owner, _)| *owner == id)
            .map(|(_, origin)| origin.clone())
            .collect(),
    })
}
