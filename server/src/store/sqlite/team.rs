//! The team on SQLite: the shared methods of [`crate::store::team`]. Writes take a turn on the pool
//! beside the message writer.

use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::schedule::Schedule;
use yorisoi_protocol::team::{Presence, StaffProfile};

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::team::{
    DELETE_PHOTO, Photo, SELECT_PHOTO, SELECT_TEAM, STAFF_IN_ORGANISATION, TeamRecord, TeamRow,
    UPDATE_NAME, UPDATE_PRESENCE, UPDATE_PROFILE, UPDATE_SCHEDULE, UPSERT_PHOTO, schedule_json,
    team_from_row, team_methods,
};

team_methods!(SqliteStore, write_turn);
