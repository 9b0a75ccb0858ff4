//! The widget's outbox as it is kept in `localStorage` (`yorisoi.outbox`,
//! one per embedding site): every message not confirmed yet, so a reload, a
//! crash of the tab or a phone killing the browser never loses what the
//! parent wrote. Pure data and merging; the browser calls live in
//! `widget::visitor`.
//!
//! Several tabs of one site share its stored outbox. A tab therefore never simply
//! overwrites it: [`merge`] keeps the other tabs' items it does not know,
//! drops what it saw confirmed or gave up, and writes its own.

use serde::{Deserialize, Serialize};
use yorisoi_protocol::{Author, ClientId, ErrorCode};

use crate::thread::{Delivery, Entry, Thread};

/// One stored message that the server has not confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxItem {
    /// Its client id, kept so a resend is recognised as the same message.
    pub client_id: ClientId,
    /// The text.
    pub body: String,
    /// The nickname it goes out with.
    pub nickname: Option<String>,
    /// When it was written (ms since the epoch), for order and display.
    pub created_ms: i64,
    /// Why the server refused it, when it did (shown with Retry after a
    /// reload instead of being resent under the same id).
    #[serde(default)]
    pub failed: Option<ErrorCode>,
}

impl OutboxItem {
    fn from_entry(entry: &Entry) -> Self {
        OutboxItem {
            client_id: entry.client_id.clone(),
            body: entry.body.clone(),
            nickname: entry.nickname.clone(),
            created_ms: entry.at_ms,
            failed: match entry.delivery {
                Delivery::Failed(code) => Some(code),
                _ => None,
            },
        }
    }

    /// The parent's unconfirmed entry for this item.
    pub fn into_entry(self) -> Entry {
        Entry {
            client_id: self.client_id,
            seq: None,
            author: Author::Visitor,
            body: self.body,
            at_ms: self.created_ms,
            delivery: self.failed.map_or(Delivery::Pending, Delivery::Failed),
            nickname: self.nickname,
        }
    }
}

/// Adds stored items to `thread` (on load, shown as sending at once).
/// Malformed ids are skipped: the server would refuse them forever.
pub fn restore(thread: &mut Thread, items: Vec<OutboxItem>) {
    for item in items {
        if item.client_id.is_well_formed() {
            thread.push_unconfirmed(item.into_entry());
        }
    }
}

/// The outbox to store: other tabs' items this tab does not know, then this
/// tab's unconfirmed messages, oldest first.
pub fn merge(stored: Vec<OutboxItem>, thread: &Thread) -> Vec<OutboxItem> {
    let mut items: Vec<OutboxItem> = stored
        .into_iter()
        .filter(|item| !thread.knows(&item.client_id))
        .collect();
    for item in thread.unconfirmed().map(OutboxItem::from_entry) {
        // Oldest first, ties in arrival order. An outbox holds a handful of
        // items: inserting in place keeps the widget free of the standard
        // library's sort (a few kilobytes of wasm).
        let at = items.partition_point(|held| held.created_ms <= item.created_ms);
        items.insert(at, item);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::Message;

    fn id(n: u8) -> ClientId {
        ClientId(format!("00000000-0000-4000-8000-0000000000{n:02}"))
    }

    fn item(n: u8, created_ms: i64) -> OutboxItem {
        OutboxItem {
            client_id: id(n),
            body: format!("メッセージ{n}"),
            nickname: Some("みか".into()),
            created_ms,
            failed: None,
        }
    }

    #[test]
    fn a_reload_restores_unsent_messages_as_sending_with_their_nickname() {
        let mut thread = Thread::default();
        let mut refused = item(2, 20);
        refused.failed = Some(ErrorCode::MessageTooLong);
        let bad_id = OutboxItem {
            client_id: ClientId("nope".into()),
            ..item(3, 30)
        };
        restore(&mut thread, vec![item(1, 10), refused, bad_id]);
        let resend: Vec<_> = thread.unsent().map(|e| e.client_id.clone()).collect();
        assert_eq!(resend, vec![id(1)], "the refused one waits for Retry");
        assert_eq!(thread.unconfirmed().count(), 2);
        assert_eq!(thread.entries()[0].nickname.as_deref(), Some("みか"));
        assert_eq!(
            merge(Vec::new(), &thread),
            vec![item(1, 10), {
                let mut refused = item(2, 20);
                refused.failed = Some(ErrorCode::MessageTooLong);
                refused
            }]
        );
    }

    #[test]
    fn confirmed_messages_leave_the_outbox() {
        let mut thread = Thread::default();
        restore(&mut thread, vec![item(1, 10), item(2, 20)]);
        thread.ack(&id(1), 1, 11);
        thread.insert(Message {
            seq: 2,
            client_id: id(2),
            author: Author::Visitor,
            body: "メッセージ2".into(),
            sent_at_ms: 21,
        });
        assert_eq!(merge(vec![item(1, 10), item(2, 20)], &thread), Vec::new());
    }

    #[test]
    fn another_tabs_items_survive_this_tabs_writes() {
        let mut thread = Thread::default();
        restore(&mut thread, vec![item(1, 10)]);
        // Another tab stored item 2 after this tab loaded.
        let stored = vec![item(1, 10), item(2, 5)];
        let merged = merge(stored, &thread);
        assert_eq!(merged, vec![item(2, 5), item(1, 10)]);
    }

    #[test]
    fn a_retried_message_replaces_its_old_id() {
        let mut thread = Thread::default();
        restore(&mut thread, vec![item(1, 10)]);
        thread.fail(&id(1), ErrorCode::Internal);
        thread.retry(&id(1), id(9), 30);
        let merged = merge(vec![item(1, 10)], &thread);
        let ids: Vec<_> = merged.iter().map(|i| i.client_id.clone()).collect();
        assert_eq!(ids, vec![id(9)]);
    }
}
