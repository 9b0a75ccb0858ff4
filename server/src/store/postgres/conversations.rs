//! Reading conversations, their messages and the console's list (writing
//! messages is [`super::appends`], marks [`super::marks`]), and creating an
//! empty conversation. Every query names the organisation: a conversation
//! of another organisation is as unknown as one never made. The list reads
//! the conversation rows alone (their `unread` and `preview` are kept by
//! every change), through the `(organisation_id, updated_at_ms, id)` index.

use sqlx::AssertSqlSafe;
use yorisoi_protocol::console::PageCursor;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Lang, Message, OrganisationId, Seq};

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::VisitorConversation;
use crate::store::rows::{
    MESSAGE_COLUMNS, MessageRow, SUMMARY_COLUMNS, SummaryRow, from_seq, message_from_row,
    summary_from_row, to_seq,
};
use crate::store::visitor_tokens::ADD_TOKEN;

impl PostgresStore {
    pub(super) async fn insert_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        lang: Lang,
        now_ms: i64,
    ) -> Result<ConversationId, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations (organisation_id, token_hash, lang, created_at_ms, \
             updated_at_ms) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(organisation.0)
        .bind(token_hash)
        .bind(lang.tag())
        .bind(now_ms)
        .fetch_one(&mut *transaction)
        .await?;
        sqlx::query(ADD_TOKEN)
            .bind(token_hash)
            .bind(organisation.0)
            .bind(id)
            .bind(now_ms)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(ConversationId(id))
    }

    pub(super) async fn select_by_token(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError> {
        let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT c.id, c.staff_read_seq, c.nominee_id FROM visitor_tokens t \
             JOIN conversations c ON c.id = t.conversation_id \
             WHERE t.token_hash = $1 AND t.organisation_id = $2",
        )
        .bind(token_hash)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, read, nominee)| {
            Ok(VisitorConversation {
                id: ConversationId(id),
                staff_read_seq: to_seq(read)?,
                nominee,
            })
        })
        .transpose()
    }

    pub(super) async fn exists(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<bool, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM conversations WHERE id = $1 AND organisation_id = $2")
                .bind(id.0)
                .bind(organisation.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    pub(super) async fn select_messages(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError> {
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<MessageRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {MESSAGE_COLUMNS} \
             FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             LEFT JOIN staff s ON s.id = m.staff_id \
             WHERE m.conversation_id = $1 AND c.organisation_id = $2 AND m.seq > $3 \
             ORDER BY m.seq"
        )))
        .bind(id.0)
        .bind(organisation.0)
        .bind(from_seq(last_seq))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(message_from_row).collect()
    }

    pub(super) async fn select_summary(
        &self,
        organisation: OrganisationId,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        // Only our own constant SQL is formatted in, never input (which is bound).
        let row: Option<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE id = $1 AND organisation_id = $2"
        )))
        .bind(id.0)
        .bind(organisation.0)
        .fetch_optional(&self.pool)
        .await?;
        row.map(summary_from_row).transpose()
    }

    /// At most `limit` conversations, most recently updated first (ties:
    /// higher id first), strictly after `after` in that order when given.
    pub(super) async fn select_summaries(
        &self,
        organisation: OrganisationId,
        after: Option<PageCursor>,
        limit: usize,
    ) -> Result<Vec<ConversationSummary>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (updated, id) = after.map_or((i64::MAX, i64::MAX), |cursor| {
            (cursor.updated_at_ms, cursor.id.0)
        });
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<SummaryRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE organisation_id = $1 \
             AND (updated_at_ms, id) < ($2, $3) \
             ORDER BY updated_at_ms DESC, id DESC LIMIT $4"
        )))
        .bind(organisation.0)
        .bind(updated)
        .bind(id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(summary_from_row).collect()
    }

    /// The overdue sweep's window: conversations whose parent has waited
    /// since a time in `(after_ms, until_ms]`, longest waiting first.
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
            "SELECT {SUMMARY_COLUMNS} FROM conversations WHERE organisation_id = $1 \
             AND waiting_since_ms > $2 AND waiting_since_ms <= $3 \
             ORDER BY waiting_since_ms, id LIMIT $4"
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
