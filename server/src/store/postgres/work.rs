//! The working tools on PostgreSQL: the shared methods of [`crate::store::work`].

use sqlx::AssertSqlSafe;
use yorisoi_protocol::model::{ConversationSummary, Note};
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::NewNote;
use crate::store::rows::{SUMMARY_COLUMNS, SummaryRow, summary_from_row};
use crate::store::work::{
    Column, INSERT_NOTE, NoteRow, note_from_row, search, search_terms, select_note, select_notes,
    work_methods,
};

work_methods!(PostgresStore);
