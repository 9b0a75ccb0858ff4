//! Read marks and the conversation's language, as jobs of the
//! [`super::writer`]. Each is one `UPDATE … RETURNING` that changes the row
//! only when the value moves and gives back the new summary; a mark never
//! goes backwards or past the last message, and raising the staff mark
//! recounts the parent messages still unread. An unknown conversation is
//! refused without writing.

use rusqlite::{Connection, OptionalExtension as _, params};
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{ConversationId, Lang, OrganisationId, Seq};

use super::rows::{SUMMARY_COLUMNS, from_seq, summary_from_row, summary_row, to_seq};
use super::writer::Work;
use crate::error::StoreError;
use crate::store::Marked;

/// Whose read mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reader {
    /// Staff (`staff_read_seq`): what the parent's widgets show as read.
    Staff,
    /// The parent (`visitor_read_seq`): what consoles show as read.
    Visitor,
}

/// Raise a read mark to `seq`.
pub(super) struct RaiseMark {
    pub reader: Reader,
    pub organisation: OrganisationId,
    pub conversation: ConversationId,
    pub seq: Seq,
}

/// `min(?1, last_seq)`: the mark asked for, never past the last message.
const CLAMPED: &str = "(CASE WHEN ?1 > last_seq THEN last_seq ELSE ?1 END)";

impl Work for RaiseMark {
    type Output = Option<Marked>;

    fn run(&self, connection: &Connection) -> Result<Option<Marked>, StoreError> {
        let sql = match self.reader {
            Reader::Staff => format!(
                "UPDATE conversations SET staff_read_seq = {CLAMPED}, \
                 unread = (SELECT COUNT(*) FROM messages m \
                   WHERE m.conversation_id = conversations.id \
                   AND m.author_kind = 'visitor' AND m.seq > {CLAMPED}) \
                 WHERE id = ?2 AND organisation_id = ?3 AND staff_read_seq < {CLAMPED} \
                 RETURNING staff_read_seq, {SUMMARY_COLUMNS}"
            ),
            Reader::Visitor => format!(
                "UPDATE conversations SET visitor_read_seq = {CLAMPED} \
                 WHERE id = ?2 AND organisation_id = ?3 AND visitor_read_seq < {CLAMPED} \
                 RETURNING visitor_read_seq, {SUMMARY_COLUMNS}"
            ),
        };
        let raised = connection
            .prepare_cached(&sql)?
            .query_row(
                params![from_seq(self.seq), self.conversation.0, self.organisation.0],
                |row| Ok((row.get::<_, i64>(0)?, summary_row(row, 1)?)),
            )
            .optional()?;
        match raised {
            Some((mark, summary)) => Ok(Some(Marked {
                seq: to_seq(mark)?,
                summary: summary_from_row(summary)?,
            })),
            None => {
                known(connection, self.organisation, self.conversation)?;
                Ok(None)
            }
        }
    }
}

/// Set the conversation's language.
pub(super) struct SetLang {
    pub organisation: OrganisationId,
    pub conversation: ConversationId,
    pub lang: Lang,
}

impl Work for SetLang {
    type Output = Option<ConversationSummary>;

    fn run(&self, connection: &Connection) -> Result<Option<ConversationSummary>, StoreError> {
        let changed = connection
            .prepare_cached(&format!(
                "UPDATE conversations SET lang = ?1 \
                 WHERE id = ?2 AND organisation_id = ?3 AND lang <> ?1 RETURNING {SUMMARY_COLUMNS}"
            ))?
            .query_row(
                params![self.lang.tag(), self.conversation.0, self.organisation.0],
                |row| summary_row(row, 0),
            )
            .optional()?;
        changed.map(summary_from_row).transpose()
    }
}

/// Refuses a conversation unknown in this organisation.
fn known(
    connection: &Connection,
    organisation: OrganisationId,
    conversation: ConversationId,
) -> Result<(), StoreError> {
    let found = connection
        .prepare_cached("SELECT 1 FROM conversations WHERE id = ? AND organisation_id = ?")?
        .exists(params![conversation.0, organisation.0])?;
    if found {
        Ok(())
    } else {
        Err(StoreError::UnknownConversation(conversation.0))
    }
}
