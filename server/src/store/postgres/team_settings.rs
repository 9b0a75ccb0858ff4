//! Canned replies and the presence log on PostgreSQL: the shared methods
//! of [`crate::store::canned`] and [`crate::store::load`].

use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::canned::{CannedDraft, CannedReply};
use yorisoi_protocol::team::Presence;

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::canned::{
    DELETE_CANNED, INSERT_CANNED, SELECT_CANNED, UPDATE_CANNED, canned_methods,
};
use crate::store::load::{
    INSERT_PRESENCE, PresenceChange, SELECT_ACTIVITY, SELECT_PRESENCE, StaffActivity, load_methods,
};

canned_methods!(PostgresStore);
load_methods!(PostgresStore);
