//! The console's keyboard shortcuts: one `keydown` listener on the
//! document, and which conversation "waits" for a reply.
//!
//! **Alt+Shift+N** ("next"; Option+Shift+N on a Mac) opens the conversation
//! that has waited longest for a staff reply, the keyboard in its reply box.
//! Why that chord: a bare letter (`j`, `n`) would be typed into the reply
//! box, where staff spend their time, and screen readers in browse mode keep
//! bare letters for their own navigation; Ctrl and Cmd chords are the
//! browser's (Ctrl+N opens a window), Ctrl+Option is VoiceOver's and
//! Insert or Caps Lock the modifier of NVDA and JAWS. Alt+Shift and a letter
//! is what browsers and screen readers leave to pages, and Alt+Shift alone
//! (the Windows layout switch) fires only when no letter comes between. The
//! key is matched by its place (`code`, where N sits on a QWERTY or JIS
//! keyboard), not by the character it types: on a Mac, Option turns N into
//! another character.
//!
//! Sending needs no new key: the composer sends on Enter (so on Ctrl+Enter
//! and Cmd+Enter too), Shift+Enter breaks the line, never while an input
//! method is composing, as in the parent's widget. **`?`** outside a text
//! field opens the list of shortcuts, as on GitHub or Gmail (the header's
//! "Keyboard shortcuts" button, [`HELP_BUTTON`]).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{Author, ConversationId};

use super::focus::{element, focus_reply};
use super::session::ConsoleSession;
use super::threads::Threads;
use crate::browser;

/// The header's "Keyboard shortcuts" button, which `?` presses (its id is
/// in `super::shortcut_help`'s markup).
const HELP_BUTTON: &str = "#shortcuts-button";

/// Since when the parent has waited for a staff reply (the summary says,
/// from the server), unless a reply from this console is already on its
/// way (the thread it holds ends with staff's message).
fn waiting_since(summary: &ConversationSummary, threads: &Threads) -> Option<i64> {
    let answered = threads
        .get(summary.id)
        .and_then(|t| t.entries().last())
        .is_some_and(|last| last.author != Author::Visitor);
    summary.waiting_since_ms.filter(|_| !answered)
}

/// The conversation that has waited longest for a reply, other than the
/// one `open`, among those paged in.
fn next_waiting(
    list: &[ConversationSummary],
    threads: &Threads,
    open: Option<ConversationId>,
) -> Option<ConversationId> {
    list.iter()
        .filter(|summary| Some(summary.id) != open)
        .filter_map(|summary| Some((waiting_since(summary, threads)?, summary.id)))
        .min()
        .map(|(_, id)| id)
}

/// Listens for the shortcuts. When no other conversation waits,
/// Alt+Shift+N leaves everything as it is. The listener is the
/// document's for the page's life (the socket's are too, so the console
/// carries one way of listening); once its workspace is gone (a logout), it
/// does nothing.
pub fn listen(session: ConsoleSession) {
    let keydown = move |event: web_sys::Event| {
        let event: web_sys::KeyboardEvent = event.unchecked_into();
        if session.selected.is_disposed() || event.ctrl_key() || event.meta_key() {
            return;
        }
        if event.alt_key() && event.shift_key() && event.code() == "KeyN" {
            event.prevent_default();
            let next = session.conversations.with_untracked(|list| {
                let open = session.selected.get_untracked();
                session
                    .threads
                    .with_untracked(|threads| next_waiting(list, threads, open))
            });
            if next.is_some() {
                session.select(next);
                focus_reply();
            }
        } else if !event.alt_key()
            && event.key() == "?"
            && element("textarea:focus,input:focus").is_none()
            && let Some(help) = element(HELP_BUTTON)
        {
            event.prevent_default();
            help.click();
        }
    };
    browser::listen_document("keydown", Closure::new(keydown));
}

#[cfg(test)]
mod tests {
    use super::*;
    use yorisoi_protocol::{Lang, Message};

    fn summary(id: i64, waiting: Option<i64>) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            nickname: None,
            lang: Lang::Ja,
            unread: 0,
            last_seq: 2,
            visitor_read_seq: 0,
            preview: "よろしくお願いします".into(),
            updated_at_ms: 100 - id,
            waiting_since_ms: waiting,
            nominee: None,
            assignee: None,
            written: None,
            resolved_at_ms: None,
            labels: Vec::new(),
            danger_since_ms: None,
        }
    }

    fn message(seq: u64, author: Author) -> Message {
        Message {
            seq,
            client_id: yorisoi_protocol::ClientId(format!("c{seq}")),
            author,
            body: "こんにちは".into(),
            sent_at_ms: 0,
        }
    }

    fn staff() -> Author {
        Author::Staff {
            id: 1,
            name: "さくら".into(),
        }
    }

    #[test]
    fn the_oldest_waiting_conversation_comes_first_and_answered_ones_never() {
        // Newest first, as the list holds them: 3 is answered, 1 and 4
        // wait, 1 the longest (though 5 wrote last, it waits since later).
        let list = [
            summary(5, Some(60)),
            summary(4, Some(50)),
            summary(3, None),
            summary(1, Some(10)),
        ];
        let threads = Threads::default();
        assert_eq!(next_waiting(&list, &threads, None), Some(ConversationId(1)));
        assert_eq!(
            next_waiting(&list, &threads, Some(ConversationId(1))),
            Some(ConversationId(4))
        );
        assert_eq!(
            next_waiting(&list[2..], &threads, Some(ConversationId(1))),
            None
        );
    }

    #[test]
    fn a_reply_on_its_way_counts_as_answered() {
        let list = [summary(2, Some(20)), summary(1, Some(10))];
        let mut threads = Threads::default();
        threads
            .or_default(ConversationId(1))
            .insert(message(1, Author::Visitor));
        assert_eq!(next_waiting(&list, &threads, None), Some(ConversationId(1)));
        threads.or_default(ConversationId(1)).push_pending(
            yorisoi_protocol::ClientId("r".into()),
            staff(),
            "ご相談ありがとうございます".into(),
            0,
        );
        assert_eq!(next_waiting(&list, &threads, None), Some(ConversationId(2)));
    }
}
