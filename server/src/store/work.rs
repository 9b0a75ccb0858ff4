//! The team's working tools, the same for every backend: the SQL that
//! assigns and resolves conversations, keeps internal notes and searches
//! (placeholders `$1`, `$2`… which both drivers accept), and the conversion
//! of a note row. Notes live in their own table: nothing that reads
//! messages for a parent can read one.

use yorisoi_protocol::ClientId;
use yorisoi_protocol::model::{Colleague, Note};

/// Sets the assignee (`$3`, a staff id of the same organisation or NULL) of
/// conversation `$2` in organisation `$1`.
pub(super) const UPDATE_ASSIGNEE: &str = "UPDATE conversations SET assignee_id = $3 \
     WHERE organisation_id = $1 AND id = $2 AND ($3 IS NULL OR EXISTS \
     (SELECT 1 FROM staff WHERE staff.id = $3 AND staff.organisation_id = $1))";

/// Sets the labels (`$3`, a JSON array) of conversation `$2` of
/// organisation `$1`.
pub(super) const UPDATE_LABELS: &str =
    "UPDATE conversations SET labels = $3 WHERE organisation_id = $1 AND id = $2";

/// Sets when conversation `$2` of organisation `$1` was resolved (`$3`, or
/// NULL: open).
pub(super) const UPDATE_RESOLVED: &str =
    "UPDATE conversations SET resolved_at_ms = $3 WHERE organisation_id = $1 AND id = $2";

/// Keeps note `$3` (client id) by staff `$4` with text `$5` at `$6` on
/// conversation `$2` of organisation `$1`, the author being of the same
/// organisation; a retry (same client id) keeps the first.
pub(super) const INSERT_NOTE: &str = "INSERT INTO notes \
     (conversation_id, staff_id, client_id, body, written_at_ms) \
     SELECT c.id, s.id, $3, $5, $6 FROM conversations c JOIN staff s \
     ON s.organisation_id = c.organisation_id \
     WHERE c.organisation_id = $1 AND c.id = $2 AND s.id = $4 \
     ON CONFLICT (conversation_id, client_id) DO NOTHING";

/// The value an update of a conversation's column sets (`$3`).
pub(super) enum Column {
    /// A staff id or a time; none for NULL.
    Id(Option<i64>),
    /// Text.
    Text(String),
}

/// A conversation's labels as stored: a JSON array.
pub(super) fn labels_json(labels: &[String]) -> Column {
    // Plain strings always serialise.
    Column::Text(serde_json::to_string(labels).unwrap_or_else(|_| "[]".into()))
}

/// The columns of a note with its author's name, in [`NoteRow`]'s order.
const NOTE_COLUMNS: &str = "n.client_id, n.staff_id, s.name, n.body, n.written_at_ms";

/// A row of a note.
pub(super) type NoteRow = (String, i64, String, String, i64);

/// The notes of conversation `$2` of organisation `$1`, oldest first.
pub(super) fn select_notes() -> String {
    [
        "SELECT ",
        NOTE_COLUMNS,
        " FROM notes n JOIN staff s ON s.id = n.staff_id \
         JOIN conversations c ON c.id = n.conversation_id \
         WHERE c.organisation_id = $1 AND c.id = $2 ORDER BY n.id",
    ]
    .concat()
}

/// Note `$3` (client id) of conversation `$2` of organisation `$1`.
pub(super) fn select_note() -> String {
    [
        "SELECT ",
        NOTE_COLUMNS,
        " FROM notes n JOIN staff s ON s.id = n.staff_id \
         JOIN conversations c ON c.id = n.conversation_id \
         WHERE c.organisation_id = $1 AND c.id = $2 AND n.client_id = $3",
    ]
    .concat()
}

/// At most `$4` conversations of organisation `$1`, most recently updated
/// first, whose number is `$2`, or whose nickname, labels, messages or notes
/// contain `$3` (a `LIKE` pattern, lower case, `\` escaping).
pub(super) fn search(summary_columns: &str) -> String {
    [
        "SELECT ",
        summary_columns,
        " FROM conversations c WHERE c.organisation_id = $1 AND (c.id = $2 \
         OR LOWER(COALESCE(c.nickname, '')) LIKE $3 ESCAPE '\\' \
         OR LOWER(c.labels) LIKE $3 ESCAPE '\\' \
         OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
         AND LOWER(m.body) LIKE $3 ESCAPE '\\') \
         OR EXISTS (SELECT 1 FROM notes n WHERE n.conversation_id = c.id \
         AND LOWER(n.body) LIKE $3 ESCAPE '\\')) \
         ORDER BY c.updated_at_ms DESC, c.id DESC LIMIT $4",
    ]
    .concat()
}

/// What a query means: a conversation number (`12`, `#12`, `＃１２`), if
/// it is one, and the `LIKE` pattern matching text that contains it
/// (lower case: both backends compare the lowered text).
pub(super) fn search_terms(query: &str) -> (i64, String) {
    let query = query.trim();
    let digits: String = query
        .trim_start_matches(['#', '＃'])
        .chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    let number = digits.parse::<i64>().ok().filter(|n| *n > 0).unwrap_or(-1);
    let mut pattern = String::from("%");
    for c in query.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    (number, pattern)
}

/// A note from its row.
pub(super) fn note_from_row(row: NoteRow) -> Note {
    let (client_id, staff_id, name, body, written_at_ms) = row;
    Note {
        client_id: ClientId(client_id),
        author: Colleague { id: staff_id, name },
        body,
        written_at_ms,
    }
}

/// The working tools' methods on a backend's store (`$store`, with a sqlx
/// `pool` and `select_summary`), from the shared SQL above; `$turn` names
/// the method that serialises writes, for a backend that needs one.
macro_rules! work_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            /// Runs `sql`, an update of conversation `$2` of organisation
            /// `$1` to `$3`, and returns the conversation's new summary;
            /// `None` when it changed nothing.
            pub(super) async fn update_conversation(
                &self,
                sql: &'static str,
                organisation: OrganisationId,
                id: ConversationId,
                value: Column,
            ) -> Result<Option<ConversationSummary>, StoreError> {
                let changed = {
                    $(let _turn = self.$turn().await;)?
                    let query = sqlx::query(sql).bind(organisation.0).bind(id.0);
                    let query = match value {
                        Column::Id(value) => query.bind(value),
                        Column::Text(value) => query.bind(value),
                    };
                    query.execute(&self.pool).await?.rows_affected()
                };
                if changed == 0 {
                    return Ok(None);
                }
                self.select_summary(organisation, id).await
            }

            pub(super) async fn insert_note(
                &self,
                organisation: OrganisationId,
                id: ConversationId,
                note: NewNote<'_>,
                now_ms: i64,
            ) -> Result<(Note, bool), StoreError> {
                let fresh = {
                    $(let _turn = self.$turn().await;)?
                    sqlx::query(INSERT_NOTE)
                        .bind(organisation.0)
                        .bind(id.0)
                        .bind(&note.client_id.0)
                        .bind(note.staff)
                        .bind(note.body)
                        .bind(now_ms)
                        .execute(&self.pool)
                        .await?
                        .rows_affected()
                        == 1
                };
                // Only our own constant SQL is formatted in, never input (which is bound).
                let row: Option<NoteRow> = sqlx::query_as(AssertSqlSafe(select_note()))
                    .bind(organisation.0)
                    .bind(id.0)
                    .bind(&note.client_id.0)
                    .fetch_optional(&self.pool)
                    .await?;
                match row.map(note_from_row) {
                    Some(kept) if kept.author.id == note.staff => Ok((kept, fresh)),
                    Some(_) => Err(StoreError::ClientIdTaken),
                    None => Err(StoreError::UnknownConversation(id.0)),
                }
            }

            pub(super) async fn select_notes(
                &self,
                organisation: OrganisationId,
                id: ConversationId,
            ) -> Result<Vec<Note>, StoreError> {
                let rows: Vec<NoteRow> = sqlx::query_as(AssertSqlSafe(select_notes()))
                    .bind(organisation.0)
                    .bind(id.0)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(note_from_row).collect())
            }

            pub(super) async fn select_found(
                &self,
                organisation: OrganisationId,
                query: &str,
                limit: usize,
            ) -> Result<Vec<ConversationSummary>, StoreError> {
                let (number, pattern) = search_terms(query);
                let rows: Vec<SummaryRow> =
                    sqlx::query_as(AssertSqlSafe(search(SUMMARY_COLUMNS)))
                        .bind(organisation.0)
                        .bind(number)
                        .bind(pattern)
                        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(summary_from_row).collect()
            }
        }
    };
}

pub(super) use work_methods;

#[cfg(test)]
mod tests {
    use super::search_terms;

    #[test]
    fn a_query_is_a_number_and_a_pattern() {
        assert_eq!(search_terms(" #12 "), (12, "%#12%".to_owned()));
        assert_eq!(search_terms("＃１２").0, 12);
        assert_eq!(search_terms("夜泣き"), (-1, "%夜泣き%".to_owned()));
        assert_eq!(search_terms("Aki"), (-1, "%aki%".to_owned()));
        assert_eq!(search_terms("50%_\\"), (-1, "%50\\%\\_\\\\%".to_owned()));
        assert_eq!(search_terms("0").0, -1);
    }
}
