//! The console's view of conversations: one row per conversation with its
//! unread count and the start of its last message, of one organisation
//! only. Both are columns of the conversation, kept by every append and read
//! mark (migration `0006_summaries`), so a list reads no messages and each
//! change hands back its new summary from the same statement that made it
//! (`RETURNING` the summary's columns, see [`super::rows`]).

use sqlx::AssertSqlSafe;
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::SqliteStore;
use super::rows::{SUMMARY_COLUMNS, SummaryRow, summary_from_row};
use crate::error::StoreError;

impl SqliteStore {
    pub(super) async fn select_summary(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        // Only our own constant SQL is formatted in, never input (which is bound).
        let row: Option<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE id = ? AND organisation_id = ?"
        )))
        .bind(id.0)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(summary_from_row).transpose()
    }

    /// At most `limit` conversations, most recently updated first (ties:
    /// higher id first), after `after` in that order when given. The range
    /// on `updated_at_ms` keeps the index (`organisation_id,
    /// updated_at_ms`, with the rowid) in use for every page.
    pub(super) async fn select_summaries(
        &self,
        organisation: OrganisationId,
        after: Option<PageCursor>,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let order = "ORDER BY updated_at_ms DESC, id DESC LIMIT ?";
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<SummaryRow> =
            match after {
                None => sqlx::query_as(AssertSqlSafe(format!(
                    "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE organisation_id = ? {order}"
                )))
                .bind(organisation.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
                Some(cursor) => {
                    sqlx::query_as(AssertSqlSafe(format!(
                        "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE organisation_id = ? \
                     AND updated_at_ms <= ? AND (updated_at_ms < ? OR id < ?) {order}"
                    )))
                    .bind(organisation.0)
                    .bind(cursor.updated_at_ms)
                    .bind(cursor.updated_at_ms)
                    .bind(cursor.id.0)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
                }
            };
        rows.into_iter().map(summary_from_row).collect()
    }

    /// The overdue sweep's window: conversations whose parent has waited
    /// since a time in `(after_ms, until_ms]`, longest waiting first. Read
    /// through the organisation's index: an organisation has few enough
    /// conversations that the filter on `waiting_since_ms` needs none of
    /// its own.
    pub(super) async fn select_waiting_between(
        &self,
        organisation: OrganisationId,
        after_ms: i64,
        until_ms: i64,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE organisation_id = ? \
             AND waiting_since_ms > ? AND waiting_since_ms <= ? \
             ORDER BY waiting_since_ms, id LIMIT ?"
        )))
        .bind(organisation.0)
        .bind(after_ms)
        .bind(until_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(summary_from_row).collect()
    }
}
