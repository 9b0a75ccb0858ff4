//! Read marks and the conversation's language. Each is one `UPDATE …
//! RETURNING` that changes the row only when the value moves and gives back
//! the new summary; a mark never goes backwards or past the last message,
//! and raising the staff mark recounts the parent messages still unread.
//! An unknown conversation is refused.

use sqlx::AssertSqlSafe;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Lang, OrganisationId, Seq};

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::Marked;
use crate::store::rows::{Led, SUMMARY_COLUMNS, SummaryRow, from_seq, summary_from_row, to_seq};

/// Whose read mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reader {
    /// Staff (`staff_read_seq`): what the parent's widgets show as read.
    Staff,
    /// The parent (`visitor_read_seq`): what consoles show as read.
    Visitor,
}

/// `min($1, last_seq)`: the mark asked for, never past the last message.
const CLAMPED: &str = "LEAST($1, last_seq)";

impl PostgresStore {
    pub(super) async fn raise_mark(
        &self,
        reader: Reader,
        organisation: OrganisationId,
        conversation: ConversationId,
        seq: Seq,
    ) -> Result<Option<Marked>, StoreError> {
        let sql = match reader {
            Reader::Staff => format!(
                "UPDATE conversations SET staff_read_seq = {CLAMPED}, \
                 unread = (SELECT COUNT(*) FROM messages m \
                   WHERE m.conversation_id = conversations.id \
                   AND m.author_kind = 'visitor' AND m.seq > {CLAMPED}) \
                 WHERE id = $2 AND organisation_id = $3 AND staff_read_seq < {CLAMPED} \
                 RETURNING staff_read_seq, {SUMMARY_COLUMNS}"
            ),
            Reader::Visitor => format!(
                "UPDATE conversations SET visitor_read_seq = {CLAMPED} \
                 WHERE id = $2 AND organisation_id = $3 AND visitor_read_seq < {CLAMPED} \
                 RETURNING visitor_read_seq, {SUMMARY_COLUMNS}"
            ),
        };
        // Only our own constant SQL is formatted in, never input (which is bound).
        let raised: Option<Led> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(from_seq(seq))
            .bind(conversation.0)
            .bind(organisation.0)
            .fetch_optional(&self.pool)
            .await?;
        match raised {
            Some(Led(mark, summary)) => Ok(Some(Marked {
                seq: to_seq(mark)?,
                summary: summary_from_row(summary)?,
            })),
            None if self.exists(organisation, conversation).await? => Ok(None),
            None => Err(StoreError::UnknownConversation(conversation.0)),
        }
    }

    pub(super) async fn write_lang(
        &self,
        organisation: OrganisationId,
        conversation: ConversationId,
        lang: Lang,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        // Only our own constant SQL is formatted in, never input (which is bound).
        let changed: Option<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
            "UPDATE conversations SET lang = $1 \
             WHERE id = $2 AND organisation_id = $3 AND lang <> $1 RETURNING {SUMMARY_COLUMNS}"
        )))
        .bind(lang.tag())
        .bind(conversation.0)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        changed.map(summary_from_row).transpose()
    }
}
