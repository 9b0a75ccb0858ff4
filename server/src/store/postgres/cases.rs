//! Cases and their audit trails on Postgres: the shared methods of
//! [`crate::store::cases`].

use yorisoi_protocol::cases::CaseStep;
use yorisoi_protocol::{ConversationId, OrganisationId};

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::cases::{
    CaseChange, CaseEventRecord, CaseRecord, CaseRow, EventRow, INSERT_CASE, INSERT_EVENT, NewCase,
    NewCaseEvent, SELECT_CASE, SELECT_CASES, SELECT_EVENTS, UPDATE_CASE, bind_event_fn,
    case_from_row, case_methods, event_from_row, status_tag, step_tag,
};

bind_event_fn!(sqlx::Postgres);
case_methods!(PostgresStore);
