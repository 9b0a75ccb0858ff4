//! Turning database values into protocol values, shared by the readers
//! (sqlx) and the writer (rusqlite): sequence numbers, and the summary
//! of a conversation (its columns, read with one `SELECT` or handed back
//! by the `UPDATE … RETURNING` that changed it).

use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Lang, Seq};

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
pub(super) const SUMMARY_COLUMNS: &str =
    "id, nickname, lang, last_seq, visitor_read_seq, updated_at_ms, unread, preview";

/// A row of [`SUMMARY_COLUMNS`].
pub(super) type SummaryRow = (i64, Option<String>, String, i64, i64, i64, i64, String);

/// The [`SUMMARY_COLUMNS`] of a row the writer read, starting at column
/// `first`.
pub(super) fn summary_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<SummaryRow> {
    Ok((
        row.get(first)?,
        row.get(first + 1)?,
        row.get(first + 2)?,
        row.get(first + 3)?,
        row.get(first + 4)?,
        row.get(first + 5)?,
        row.get(first + 6)?,
        row.get(first + 7)?,
    ))
}

/// A summary from its row.
pub(super) fn summary_from_row(row: SummaryRow) -> Result<ConversationSummary, StoreError> {
    let (id, nickname, lang, last_seq, visitor_read_seq, updated_at_ms, unread, preview) = row;
    Ok(ConversationSummary {
        id: ConversationId(id),
        nickname,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
        last_seq: to_seq(last_seq)?,
        visitor_read_seq: to_seq(visitor_read_seq)?,
        preview,
        updated_at_ms,
    })
}
