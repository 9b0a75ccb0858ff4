//! The console's view of conversations: one row per conversation with its
//! unread count (parent messages after the staff read mark) and the start
//! of its last message, of one organisation only.

use yorisoi_protocol::limits::{PREVIEW_CHARS, preview};
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Lang, OrganisationId};

use super::{SqliteStore, to_seq};
use crate::error::StoreError;

/// Columns of a summary row before the preview is cut.
type SummaryRow = (
    i64,
    Option<String>,
    String,
    i64,
    i64,
    i64,
    i64,
    Option<String>,
);

const SUMMARY_SELECT: &str = "SELECT c.id, c.nickname, c.lang, c.last_seq, c.visitor_read_seq, \
     c.updated_at_ms, \
     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
        AND m.author_kind = 'visitor' AND m.seq > c.staff_read_seq), \
     (SELECT m.body FROM messages m WHERE m.conversation_id = c.id AND m.seq = c.last_seq) \
     FROM conversations c";

impl SqliteStore {
    pub(super) async fn select_summary(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(&format!(
            "{SUMMARY_SELECT} WHERE c.id = ? AND c.organisation_id = ?"
        ))
        .bind(id.0)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(summary_from_row).transpose()
    }

    pub(super) async fn select_summaries(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
            "{SUMMARY_SELECT} WHERE c.organisation_id = ? \
             ORDER BY c.updated_at_ms DESC, c.id DESC"
        ))
        .bind(organisation.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(summary_from_row).collect()
    }
}

fn summary_from_row(row: SummaryRow) -> Result<ConversationSummary, StoreError> {
    let (id, nickname, lang, last_seq, visitor_read_seq, updated_at_ms, unread, last_body) = row;
    Ok(ConversationSummary {
        id: ConversationId(id),
        nickname,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
        last_seq: to_seq(last_seq)?,
        visitor_read_seq: to_seq(visitor_read_seq)?,
        preview: last_body
            .map(|body| preview(&body, PREVIEW_CHARS))
            .unwrap_or_default(),
        updated_at_ms,
    })
}
