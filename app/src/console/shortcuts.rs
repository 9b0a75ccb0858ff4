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

/// True while the parent waits for a staff reply. Exact for a conversation
/// this console holds (its last message is the parent's); for the others
/// the summary tells only of parent messages no staff member has read yet,
/// which is what an unanswered conversation shows until someone opens it
/// (one a colleague read but left unanswered is missed until opened here:
/// the summary does not say who wrote last).
fn waiting(summary: &ConversationSummary, threads: &Threads) -> bool {
    match threads.get(summary.id).and_then(|t| t.entries().last()) {
        Some(last) => last.author == Author::Visitor,
        None => summary.unread > 0,
    }
}

/// The conversation that has waited longest for a reply, other than the
/// one `open`, among those paged in. The list runs newest first (by its
/// last message, the parent's when it waits), so it is the last waiting one.
fn next_waiting(
    list: &[ConversationSummary],
    threads: &Threads,
    open: Option<ConversationId>,
) -> Option<ConversationId> {
    list.iter()
        .rev()
        .find(|summary| Some(summary.id) != open && waiting(summary, threads))
        .map(|summary| summary.id)
}

/// Listens for the shortcuts. Alt+Shift+N acts only while the
/// conversations show (not the settings); when no other conversation
/// waits, it leaves everything as it is. The listener is the
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
            if element(".workspace:not([hidden])").is_none() {
                return;
            }
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

    fn summary(id: i64, unread: u32) -> ConversationSummary {
        ConversationSummary {
            id: ConversationId(id),
            nickname: None,
            lang: Lang::Ja,
            unread,
            last_seq: 2,
            visitor_read_seq: 0,
            preview: "よろしくお願いします".into(),
            updated_at_ms: 100 - id,
            waiting_since_ms: None,
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
        // Newest first, as the list holds them: 3 is answered (read, nothing
        // unread), 1 and 4 wait, 1 the longest.
        let list = [summary(4, 1), summary(3, 0), summary(1, 2)];
        let threads = Threads::default();
        assert_eq!(next_waiting(&list, &threads, None), Some(ConversationId(1)));
        assert_eq!(
            next_waiting(&list, &threads, Some(ConversationId(1))),
            Some(ConversationId(4))
        );
        assert_eq!(
            next_waiting(&list[..2], &threads, Some(ConversationId(4))),
            None
        );
    }

    #[test]
    fn a_held_thread_waits_exactly_when_the_parent_wrote_last() {
        let list = [summary(2, 0), summary(1, 0)];
        let mut threads = Threads::default();
        // Read here but not answered: still waiting, though nothing is unread.
        threads
            .or_default(ConversationId(2))
            .insert(message(1, Author::Visitor));
        // Answered here: no longer waiting.
        let answered = threads.or_default(ConversationId(1));
        answered.insert(message(1, Author::Visitor));
        answered.insert(message(2, staff()));
        assert_eq!(next_waiting(&list, &threads, None), Some(ConversationId(2)));
        // A reply on its way counts as answered.
        threads.or_default(ConversationId(2)).push_pending(
            yorisoi_protocol::ClientId("r".into()),
            staff(),
            "ご相談ありがとうございます".into(),
            0,
        );
        assert_eq!(next_waiting(&list, &threads, None), None);
    }
}
