//! Conversations and their messages. Appending is one transaction that bumps
//! the conversation's `last_seq` and inserts the message under it, so
//! sequence numbers have no gaps or duplicates; a repeated `client_id` stores
//! nothing and gives back the original sequence and time (the retry's Ack).
//! A parent's message names its conversation by the token's digest, and the
//! conversation is created (if missing) in the same transaction as the
//! message: `token_hash` is unique, so two tabs racing to send the first
//! message end in one conversation.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::limits::{PREVIEW_CHARS, preview};
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Message, Seq};

use super::{Store, from_seq, to_seq};
use crate::error::StoreError;

/// The outcome of appending a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// The message's sequence number (the original one for a retry).
    pub seq: Seq,
    /// When it was stored (the original time for a retry).
    pub sent_at_ms: i64,
    /// False when this `client_id` was already stored: nothing changed.
    pub fresh: bool,
}

/// The outcome of a parent's message, which may have created the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// Columns of a message row joined with its staff author's name.
type MessageRow = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    i64,
);

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

impl Store {
    /// Creates an empty conversation for a visitor token's digest.
    pub async fn create_conversation(
        &self,
        token_hash: &str,
        lang: Lang,
    ) -> Result<ConversationId, StoreError> {
        let now = self.now_ms();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO conversations (token_hash, lang, created_at_ms, updated_at_ms) \
             VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(token_hash)
        .bind(lang.tag())
        .bind(now)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(ConversationId(id))
    }

    /// The conversation a visitor token's digest names, if any.
    pub async fn conversation_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT id, staff_read_seq FROM conversations WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(id, read)| {
            Ok(VisitorConversation {
                id: ConversationId(id),
                staff_read_seq: to_seq(read)?,
            })
        })
        .transpose()
    }

    /// True when the conversation exists.
    pub async fn conversation_exists(&self, id: ConversationId) -> Result<bool, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM conversations WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Sets the conversation's language; true when it changed.
    pub async fn set_lang(&self, id: ConversationId, lang: Lang) -> Result<bool, StoreError> {
        let result = sqlx::query("UPDATE conversations SET lang = ? WHERE id = ? AND lang <> ?")
            .bind(lang.tag())
            .bind(id.0)
            .bind(lang.tag())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Appends a message to an existing conversation (see the module
    /// documentation). A visitor's `nickname` is kept only if the
    /// conversation has none yet.
    pub async fn append_message(
        &self,
        id: ConversationId,
        client_id: &ClientId,
        author: &Author,
        body: &str,
        nickname: Option<&str>,
    ) -> Result<Appended, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let appended = self
            .append_in(&mut transaction, id, client_id, author, body, nickname)
            .await?;
        finish(transaction, appended).await
    }

    /// Appends a parent's message to the conversation of `token_hash`,
    /// creating it first when this is the visitor's first message, all in
    /// one transaction.
    pub async fn append_visitor_message(
        &self,
        token_hash: &str,
        lang: Lang,
        client_id: &ClientId,
        body: &str,
        nickname: Option<&str>,
    ) -> Result<Posted, StoreError> {
        let now = self.now_ms();
        let mut transaction = self.pool.begin().await?;
        // A write first, so this transaction holds SQLite's write lock from
        // the start: a racing tab waits here, then finds the row.
        // A revoked token creates nothing: a socket that said `Hello` just
        // before another tab forgot the token must not start afresh with it.
        let inserted = sqlx::query(
            "INSERT INTO conversations (token_hash, lang, created_at_ms, updated_at_ms) \
             SELECT ?, ?, ?, ? WHERE NOT EXISTS \
             (SELECT 1 FROM revoked_tokens WHERE token_hash = ?) \
             ON CONFLICT (token_hash) DO NOTHING",
        )
        .bind(token_hash)
        .bind(lang.tag())
        .bind(now)
        .bind(now)
        .bind(token_hash)
        .execute(&mut *transaction)
        .await?;
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM conversations WHERE token_hash = ?")
                .bind(token_hash)
                .fetch_optional(&mut *transaction)
                .await?;
        let Some((id,)) = found else {
            transaction.rollback().await?;
            return Err(StoreError::RevokedToken);
        };
        let conversation = ConversationId(id);
        let appended = self
            .append_in(
                &mut transaction,
                conversation,
                client_id,
                &Author::Visitor,
                body,
                nickname,
            )
            .await?;
        Ok(Posted {
            conversation,
            created: inserted.rows_affected() > 0,
            appended: finish(transaction, appended).await?,
        })
    }

    /// The shared body of both appends, inside the caller's transaction.
    async fn append_in(
        &self,
        transaction: &mut Transaction<'static, Sqlite>,
        id: ConversationId,
        client_id: &ClientId,
        author: &Author,
        body: &str,
        nickname: Option<&str>,
    ) -> Result<Appended, StoreError> {
        let now = self.now_ms();
        // Writing first takes SQLite's write lock at once, so two concurrent
        // appends queue on the busy timeout instead of failing to upgrade a
        // read lock; the client_id check below then sees every commit.
        let bumped: Option<(i64,)> = sqlx::query_as(
            "UPDATE conversations SET last_seq = last_seq + 1, updated_at_ms = ?, \
             nickname = COALESCE(nickname, ?) WHERE id = ? RETURNING last_seq",
        )
        .bind(now)
        .bind(nickname)
        .bind(id.0)
        .fetch_optional(&mut **transaction)
        .await?;
        let Some((seq,)) = bumped else {
            return Err(StoreError::UnknownConversation(id.0));
        };
        let original: Option<(i64, i64)> = sqlx::query_as(
            "SELECT seq, sent_at_ms FROM messages WHERE conversation_id = ? AND client_id = ?",
        )
        .bind(id.0)
        .bind(&client_id.0)
        .fetch_optional(&mut **transaction)
        .await?;
        if let Some((seq, sent_at_ms)) = original {
            return Ok(Appended {
                seq: to_seq(seq)?,
                sent_at_ms,
                fresh: false,
            });
        }
        let (kind, staff_id) = match author {
            Author::Visitor => ("visitor", None),
            Author::Staff { id, .. } => ("staff", Some(*id)),
        };
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, client_id, author_kind, staff_id, body, \
             sent_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id.0)
        .bind(seq)
        .bind(&client_id.0)
        .bind(kind)
        .bind(staff_id)
        .bind(body)
        .bind(now)
        .execute(&mut **transaction)
        .await?;
        Ok(Appended {
            seq: to_seq(seq)?,
            sent_at_ms: now,
            fresh: true,
        })
    }

    /// The conversation's messages after `last_seq`, in order.
    pub async fn messages_after(
        &self,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT m.seq, m.client_id, m.author_kind, m.staff_id, s.name, m.body, m.sent_at_ms \
             FROM messages m LEFT JOIN staff s ON s.id = m.staff_id \
             WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq",
        )
        .bind(id.0)
        .bind(from_seq(last_seq))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(message_from_row).collect()
    }

    /// Records that staff have read up to `seq` (never moves backwards, never
    /// past the last message). Returns the new read mark when it moved, `None`
    /// when it did not; fails for an unknown conversation.
    pub async fn mark_read(&self, id: ConversationId, seq: Seq) -> Result<Option<Seq>, StoreError> {
        self.raise_read_mark("staff_read_seq", id, seq).await
    }

    /// Records that the parent has seen up to `seq`, like [`Store::mark_read`].
    pub async fn mark_visitor_read(
        &self,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Seq>, StoreError> {
        self.raise_read_mark("visitor_read_seq", id, seq).await
    }

    /// `column = max(column, min(seq, last_seq))`, in one statement so
    /// concurrent marks cannot move it backwards.
    async fn raise_read_mark(
        &self,
        column: &'static str,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Seq>, StoreError> {
        let seq = from_seq(seq);
        let clamped = "CASE WHEN ? > last_seq THEN last_seq ELSE ? END";
        let raised: Option<(i64,)> = sqlx::query_as(&format!(
            "UPDATE conversations SET {column} = {clamped} \
             WHERE id = ? AND {column} < {clamped} RETURNING {column}"
        ))
        .bind(seq)
        .bind(seq)
        .bind(id.0)
        .bind(seq)
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?;
        match raised {
            Some((read,)) => Ok(Some(to_seq(read)?)),
            None if self.conversation_exists(id).await? => Ok(None),
            None => Err(StoreError::UnknownConversation(id.0)),
        }
    }

    /// One conversation as the console's list shows it.
    pub async fn summary(
        &self,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE c.id = ?"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(summary_from_row).transpose()
    }

    /// Every conversation, most recently updated first.
    pub async fn summaries(&self) -> Result<Vec<ConversationSummary>, StoreError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
            "{SUMMARY_SELECT} ORDER BY c.updated_at_ms DESC, c.id DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(summary_from_row).collect()
    }
}

/// Commits a fresh append; a retry changed nothing, so it is rolled back
/// (which also releases the sequence number the bump took).
async fn finish(
    transaction: Transaction<'static, Sqlite>,
    appended: Appended,
) -> Result<Appended, StoreError> {
    if appended.fresh {
        transaction.commit().await?;
    } else {
        transaction.rollback().await?;
    }
    Ok(appended)
}

fn message_from_row(row: MessageRow) -> Result<Message, StoreError> {
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

#[cfg(test)]
#[path = "conversations_tests.rs"]
mod tests;
