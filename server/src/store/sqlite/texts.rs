//! An organisation's own texts on SQLite: the shared methods of
//! [`crate::store::texts`].

use yorisoi_protocol::OrganisationId;

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::texts::{OrganisationTexts, SELECT_TEXTS, TextName, UPSERT_TEXT, texts_methods};

texts_methods!(SqliteStore, write_turn);
