//! What the widget keeps in the parent's browser (`localStorage`): the
//! visitor token and the outbox. The token is made and stored *before*
//! anything is sent, so a first message retried after a lost connection
//! still lands in the same conversation. Storage can be missing (strict
//! privacy settings): the widget then works for this page's life only.
//!
//! Rotation (a new token on each page load) keeps the token being rotated
//! under [`NEXT_TOKEN_KEY`] until the server confirms it: if the answer is
//! lost after the server switched, the next Hello finds no conversation
//! under the old token and the widget tries the next one before giving up.

use yorisoi_protocol::limits::is_well_formed_token;

use crate::api::json;
use crate::browser;
use crate::outbox::{self, OutboxItem};
use crate::thread::Thread;

/// Where the visitor token is remembered between visits.
pub const TOKEN_KEY: &str = "yorisoi.token";

/// Where messages not confirmed yet are kept across reloads.
pub const OUTBOX_KEY: &str = "yorisoi.outbox";

/// A token sent in `RotateToken` and not confirmed yet.
pub const NEXT_TOKEN_KEY: &str = "yorisoi.token.next";

/// The stored token, or a new one (stored at once) when there is none or
/// the stored one is not a token.
pub fn token() -> String {
    match browser::storage_get(TOKEN_KEY) {
        Some(token) if is_well_formed_token(&token) => token,
        _ => new_token(),
    }
}

/// The stored token if it is one (another tab may have rotated it since
/// this one loaded).
pub fn stored_token() -> Option<String> {
    browser::storage_get(TOKEN_KEY).filter(|token| is_well_formed_token(token))
}

/// Replaces the token (the old conversation is gone): a new visitor.
pub fn new_token() -> String {
    let token = browser::new_visitor_token();
    keep_token(&token);
    token
}

/// Stores `token` as the one to say Hello with from now on.
pub fn keep_token(token: &str) {
    browser::storage_set(TOKEN_KEY, token);
}

/// The token a rotation in flight will switch to, if any.
pub fn next_token() -> Option<String> {
    browser::storage_get(NEXT_TOKEN_KEY).filter(|token| is_well_formed_token(token))
}

/// Remembers (`Some`) or forgets (`None`) the token being rotated to.
pub fn set_next_token(token: Option<&str>) {
    match token {
        Some(token) => browser::storage_set(NEXT_TOKEN_KEY, token),
        None => browser::storage_remove(NEXT_TOKEN_KEY),
    }
}

/// "Forget this device": drops the token, the one being rotated to and
/// every tab's outbox. The language choice stays (it says nothing about
/// the conversation).
pub fn forget_everything() {
    for key in [TOKEN_KEY, NEXT_TOKEN_KEY, OUTBOX_KEY] {
        browser::storage_remove(key);
    }
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
