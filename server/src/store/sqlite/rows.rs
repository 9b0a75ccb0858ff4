//! The writer's (rusqlite's) side of reading a summary: the
//! [`SUMMARY_COLUMNS`] of a row it read, as the shared [`SummaryRow`] (the
//! pool's sqlx reads it directly; see `crate::store::rows`).

pub(super) use crate::store::rows::{
    SUMMARY_COLUMNS, SummaryRow, danger_flag, from_seq, summary_from_row, to_seq, written_lang,
};

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
        row.get(first + 8)?,
        row.get(first + 9)?,
        row.get(first + 10)?,
        row.get(first + 11)?,
        row.get(first + 12)?,
        row.get(first + 13)?,
        row.get(first + 14)?,
    ))
}
