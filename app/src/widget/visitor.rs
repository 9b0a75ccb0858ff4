//! What the widget keeps in the parent's browser: the visitor token and the
//! outbox, through [`storage`] (the loader's first-party storage on the
//! embedding page, and the frame's own `localStorage`). The token is made
//! and stored *before* anything is sent, so a first message retried after a
//! lost connection still lands in the same conversation. Storage can be
//! missing altogether (strict privacy settings): the widget then works for
//! this page's life only, and says so.
//!
//! Rotation (a new token on each page load) keeps the token being rotated
//! under [`NEXT_TOKEN_KEY`] until the server confirms it: if the answer is
//! lost after the server switched, the next Hello finds no conversation
//! under the old token and the widget tries the next one before giving up.
//!
//! Storage belongs to the chat server's origin, so every site embedding the
//! same server would share it, and two organisations' sites one visitor.
//! Each key therefore ends in `@<embedding site>` ([`site_key`]). Parents of
//! an installation from before keep their conversation: the first site to
//! load adopts the keys without a site ([`adopt_legacy`]), and what the
//! frame's own storage kept before the loader kept anything moves there too.
//! The language choice stays shared: it says nothing about a conversation.

use yorisoi_protocol::limits::is_well_formed_token;

use super::{host, storage};
use crate::api::json;
use crate::browser;
use crate::outbox::{self, OutboxItem};
use crate::thread::Thread;

/// Where the visitor token is remembered between visits (a stem: the
/// stored key is [`site_key`]'s).
pub const TOKEN_KEY: &str = "yorisoi.token";

/// Where messages not confirmed yet are kept across reloads (a stem).
pub const OUTBOX_KEY: &str = "yorisoi.outbox";

/// A token sent in `RotateToken` and not confirmed yet (a stem).
pub const NEXT_TOKEN_KEY: &str = "yorisoi.token.next";

/// The key under which `base` is kept for the embedding `site`:
/// `base@site`, or `base` alone for a widget opened without one.
pub fn site_key(base: &str, site: Option<&str>) -> String {
    match site.map(|site| site.trim_end_matches('/')) {
        Some(site) if !site.is_empty() => [base, "@", site].concat(),
        _ => base.to_owned(),
    }
}

/// `base`'s key for this widget's embedding site.
fn key(base: &str) -> String {
    site_key(base, host::origin().as_deref())
}

/// Moves what was kept before into this site's keys, once: only when this
/// site has no token yet, and never over a key it already has. First what
/// the frame's own storage holds under this site's keys (kept before the
/// loader kept anything), then what an installation from before per-site
/// keys stored (token, rotation, outbox).
pub fn adopt_legacy() {
    if storage::get(&key(TOKEN_KEY)).is_some() {
        return;
    }
    for base in [TOKEN_KEY, NEXT_TOKEN_KEY, OUTBOX_KEY] {
        let keyed = key(base);
        if storage::get(&keyed).is_some() {
            continue;
        }
        if let Some(value) = browser::storage_get(&keyed) {
            storage::set(&keyed, &value);
        } else if keyed != base
            && let Some(value) = browser::storage_get(base)
        {
            storage::set(&keyed, &value);
            browser::storage_remove(base);
        }
    }
}

/// The stored token, or a new one (stored at once) when there is none or
/// the stored one is not a token.
pub fn token() -> String {
    match storage::get(&key(TOKEN_KEY)) {
        Some(token) if is_well_formed_token(&token) => token,
        _ => new_token(),
    }
}

/// The stored token if it is one (another tab may have rotated it since
/// this one loaded).
pub fn stored_token() -> Option<String> {
    storage::get(&key(TOKEN_KEY)).filter(|token| is_well_formed_token(token))
}

/// Replaces the token (the old conversation is gone): a new visitor.
pub fn new_token() -> String {
    let token = browser::new_visitor_token();
    keep_token(&token);
    token
}

/// Stores `token` as the one to say Hello with from now on.
pub fn keep_token(token: &str) {
    storage::set(&key(TOKEN_KEY), token);
}

/// The token a rotation in flight will switch to, if any.
pub fn next_token() -> Option<String> {
    storage::get(&key(NEXT_TOKEN_KEY)).filter(|token| is_well_formed_token(token))
}

/// Remembers (`Some`) or forgets (`None`) the token being rotated to.
pub fn set_next_token(token: Option<&str>) {
    match token {
        Some(token) => storage::set(&key(NEXT_TOKEN_KEY), token),
        None => storage::remove(&key(NEXT_TOKEN_KEY)),
    }
}

/// "Forget this device": drops this site's token, the one being rotated to
/// and every tab's outbox. The language choice stays (it says nothing about
/// the conversation).
pub fn forget_everything() {
    for base in [TOKEN_KEY, NEXT_TOKEN_KEY, OUTBOX_KEY] {
        storage::remove(&key(base));
    }
}

/// The stored outbox (empty when missing or unreadable).
pub fn stored_outbox() -> Vec<OutboxItem> {
    storage::get(&key(OUTBOX_KEY))
        .and_then(|text| json::decode(&text))
        .unwrap_or_default()
}

/// Stores this tab's outbox, merged with other tabs' items.
pub fn save_outbox(thread: &Thread) {
    let items = outbox::merge(stored_outbox(), thread);
    if items.is_empty() {
        storage::remove(&key(OUTBOX_KEY));
    } else if let Some(text) = json::encode(&items) {
        storage::set(&key(OUTBOX_KEY), &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_embedding_site_keeps_its_own_keys() {
        let a = site_key(TOKEN_KEY, Some("https://hidamari.example"));
        let b = site_key(TOKEN_KEY, Some("https://sunny.example/"));
        assert_eq!(a, "yorisoi.token@https://hidamari.example");
        assert_eq!(b, "yorisoi.token@https://sunny.example");
        assert_eq!(site_key(OUTBOX_KEY, None), OUTBOX_KEY);
        assert_eq!(site_key(OUTBOX_KEY, Some("")), OUTBOX_KEY);
    }
}
