//! Reading conversations and their messages (writing them is
//! [`super::appends`] and [`super::marks`], through the writer), and
//! creating an empty conversation. Every query names the organisation: a
//! conversation of another organisation is as unknown as one never made.

use sqlx::AssertSqlSafe;
use yorisoi_protocol::{ConversationId, Lang, Message, OrganisationId, Seq};

use super::SqliteStore;
use super::rows::{from_seq, to_seq};
use crate::error::StoreError;
use crate::store::VisitorConversation;
use crate::store::rows::{MESSAGE_COLUMNS, MessageRow, message_from_row};
use crate::store::visitor_tokens::ADD_TOKEN;

impl SqliteStore {
    pub(super) async fn insert_conversation(
        &self,
        organisation: OrganisationId,
        token_hash: &str,
        lang: Lang,
        now_ms: i64,
    ) -> Result<ConversationId, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations (organisation_id, token_hash, lang, created_at_ms, \
             updated_at_ms) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(organisation.0)
        .bind(token_hash)
        .bind(lang.tag())
        .bind(now_ms)
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
            sqlx::query_as("SELECT id FROM conversations WHERE id = ? AND organisation_id = ?")
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
             WHERE m.conversation_id = ? AND c.organisation_id = ? AND m.seq > ? ORDER BY m.seq"
        )))
        .bind(id.0)
        .bind(organisation.0)
        .bind(from_seq(last_seq))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(message_from_row).collect()
    }
}
