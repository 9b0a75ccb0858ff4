//! What the widget keeps in the parent's browser (`localStorage`): the
//! visitor token and the outbox. The token is made and stored *before*
//! anything is sent, so a first message retried after a lost connection
//! still lands in the same conversation. Storage can be missing (strict
//! privacy settings): the widget then works for this page's life only.

use yorisoi_protocol::limits::is_well_formed_token;

use crate::api::json;
use crate::browser;
use crate::outbox::{self, OutboxItem};
use crate::thread::Thread;

/// Where the visitor token is remembered between visits.
pub const TOKEN_KEY: &str = "yorisoi.token";

/// Where messages not confirmed yet are kept across reloads.
pub const OUTBOX_KEY: &str = "yorisoi.outbox";

/// The stored token, or a new one (stored at once) when there is none or
/// the stored one is not a token.
pub fn token() -> String {
    match browser::storage_get(TOKEN_KEY) {
        Some(token) if is_well_formed_token(&token) => token,
        _ => new_token(),
    }
}

/// Replaces the token (the old conversation is gone): a new visitor.
pub fn new_token() -> String {
    let token = browser::new_visitor_token();
    browser::storage_set(TOKEN_KEY, &token);
    token
}

/// The stored outbox (empty when missing or unreadable).
pub fn stored_outbox() -> Vec<OutboxItem> {
    browser::storage_get(OUTBOX_KEY)
        .and_then(|text| json::decode(&text))
        .unwrap_or_default()
}

/// Stores this tab's outbox, merged with other tabs' items.
pub fn save_outbox(thread: &Thread) {
    let items = outbox::merge(stored_outbox(), thread);
    if items.is_empty() {
        browser::storage_remove(OUTBOX_KEY);
    } else if let Some(text) = json::encode(&items) {
        browser::storage_set(OUTBOX_KEY, &text);
    }
}
