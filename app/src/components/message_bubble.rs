//! One message: who, when, the text (always as text, never HTML; web
//! addresses found by [`crate::linkify`] become safe links) and, on the
//! user's own messages, where it stands: "Sending…", "Sent", "Read",
//! "Waiting to send" with the reason and Cancel (it goes again by itself), or
//! "Not sent" with the reason and Retry. The state is visible text
//! inside the bubble, so screen readers read it with the message, and it is
//! the only place a message's refusal is shown (no second error elsewhere).
//! Its changes are not re-read by the log (the state sits in an
//! `aria-live="off"` part): the log's status line tells each one once
//! ([`super::message_log`]).
//!
//! Every text of a bubble is a plain string, rebuilt with the log: patched
//! in place only where it changed, so the live region never reads an
//! earlier message again. The body carries `lang` from its own text
//! ([`text_lang`]), so a screen reader voices it in its language.
//!
//! The body and the author's name each sit in their own `dir="auto"`
//! element, which the browser isolates for the bidirectional algorithm
//! (`unicode-bidi: isolate`, also set in the CSS): right-to-left text in one
//! message or name takes its direction from its own letters and cannot
//! reorder the time, the state or any other message.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::text::lang::text_lang;
use yorisoi_protocol::{Author, ClientId, ErrorCode};

use crate::components::markup::escaped;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;
use crate::linkify::{Piece, pieces};
use crate::thread::{Entry, Status};

/// Whose screen a conversation is shown on: decides which side is "mine"
/// and how the parent is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The parent's widget: their messages are "You".
    Visitor,
    /// The staff console: the parent is "Parent", staff by name.
    Staff,
}

/// A message bubble; the viewer's own messages sit on the right.
#[component]
pub fn MessageBubble(
    /// The message.
    entry: Entry,
    /// Its delivery state (shown on the viewer's own messages only).
    status: Status,
    /// Whose screen this is.
    viewer: Viewer,
    /// Sends a failed message again (given its client id).
    on_retry: Callback<ClientId>,
    /// Gives up a waiting or failed message (given its client id), where
    /// the app offers it.
    on_cancel: Option<Callback<ClientId>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff_name = match &entry.author {
        Author::Staff { name, .. } => Some(name.clone()),
        Author::Visitor => None,
    };
    let mine = staff_name.is_some() == (viewer == Viewer::Staff);
    // Plain strings, not reactive closures: the log re-renders the bubbles
    // (at each message and each language switch) and tachys patches plain
    // text only where it differs, while a closure's text node would be
    // replaced every time, and the live region would read old messages again.
    let who = match (staff_name, viewer) {
        (Some(name), _) => name,
        (None, Viewer::Visitor) => i18n.t("author-you"),
        (None, Viewer::Staff) => i18n.t("author-parent"),
    };
    let (datetime, at) = i18n.time(entry.at_ms);
    // Who and when as markup too (see the state below); a staff member's
    // name is escaped, the rest is Fluent text and digits.
    let meta = [
        r#"<span class="who" dir="auto">"#,
        &escaped(&who),
        r#"</span> <time datetime=""#,
        &datetime,
        r#"">"#,
        &at,
        "</time>",
    ]
    .concat();
    let lang = text_lang(&entry.body).tag();
    let client_id = entry.client_id;
    // One shape for every state (smaller wasm than a view per state): the
    // text, and for a refused message why and one button (Retry for a
    // failed one; Cancel for a waiting one, which goes by itself otherwise).
    let (class, text_id, refused) = match status {
        Status::Sending => ("status", "message-sending", None),
        Status::Sent => ("status", "message-sent", None),
        Status::Read => ("status read", "message-read", None),
        Status::Waiting(code) => (
            "status waiting",
            "message-waiting",
            Some((waiting_reason(code), "message-cancel", on_cancel)),
        ),
        Status::Failed(code) => (
            "status failed",
            "message-failed",
            Some((code.fluent_id(), "message-retry", Some(on_retry))),
        ),
    };
    // The state as markup in a string (a view of its parts and their
    // options cost both apps' wasm far more): patched only when the string
    // differs, so a focused button stays. Only Fluent messages go in it
    // (kept free of markup characters, see the tests).
    let state = mine.then(|| {
        let mut markup = ["<span>", &i18n.t(text_id), "</span>"].concat();
        let mut action = None;
        if let Some((reason_id, action_id, offered)) = refused {
            markup.push_str(r#" <span class="reason">"#);
            markup.push_str(&i18n.t(reason_id));
            markup.push_str("</span>");
            if offered.is_some() {
                markup.push_str(r#"<button type="button" class="retry">"#);
                markup.push_str(&i18n.t(action_id));
                markup.push_str("</button>");
                action = offered;
            }
        }
        let press = move |event: web_sys::MouseEvent| {
            let on_button = event.target().is_some_and(|target| {
                target
                    .unchecked_into::<web_sys::Element>()
                    .closest("button")
                    .ok()
                    .flatten()
                    .is_some()
            });
            if let (true, Some(action)) = (on_button, action) {
                action.run(client_id.clone());
            }
        };
        view! { <span class=class aria-live="off" inner_html=markup on:click=handler(press)></span> }
    });
    view! {
        <div class="bubble" class:mine=mine class:pending=status == Status::Sending>
            <div class="meta" inner_html=meta></div>
            <p class="body" dir="auto" lang=lang use:message_text=entry.body></p>
            {state}
        </div>
    }
}

/// The Fluent id saying why a message waits and that it will go by itself.
pub(crate) fn waiting_reason(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::BusyNetwork => "waiting-busy-network",
        ErrorCode::RateLimited => "waiting-rate-limited",
        _ => "waiting-server",
    }
}

/// Fills a bubble's `<p>` with the message: text nodes, and each
/// `http(s)://` address as a link that opens in a new tab and tells the
/// target nothing about us. The address is both the `href` and the visible
/// text, so what a parent or staff member sees is where the link goes.
///
/// A directive rather than a view of pieces: the widget's size budget
/// cannot afford a keyed list of mixed views per bubble, and text set
/// through `append(string)` is as safe as a text node (it is one). It runs
/// again whenever the log is re-rendered, so it only rebuilds when the text
/// differs (the pieces joined are exactly the body, links included), and a
/// screen reader hears nothing twice.
fn message_text(element: web_sys::Element, body: String) {
    if element.text_content().as_deref() == Some(body.as_str()) {
        return;
    }
    element.set_text_content(None);
    let Some(document) = element.owner_document() else {
        return;
    };
    for piece in pieces(&body) {
        let _ = match piece {
            Piece::Text(text) => element.append_with_str_1(text),
            Piece::Link(url) => match document.create_element("a") {
                Ok(link) => {
                    let _ = link.set_attribute("href", url);
                    let _ = link.set_attribute("rel", "noopener noreferrer");
                    let _ = link.set_attribute("target", "_blank");
                    link.set_text_content(Some(url));
                    element.append_with_node_1(&link)
                }
                Err(error) => Err(error),
            },
        };
    }
}

#[cfg(test)]
mod tests {
    use yorisoi_protocol::ErrorCode;

    use super::waiting_reason;
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::{CONSOLE, WIDGET};

    #[test]
    fn the_state_texts_carry_no_markup_in_either_language_or_app() {
        let mut ids = vec![
            "message-sending",
            "message-sent",
            "message-read",
            "message-waiting",
            "message-failed",
            "message-cancel",
            "message-retry",
        ];
        for code in ErrorCode::ALL {
            ids.push(code.fluent_id());
            ids.push(waiting_reason(code));
        }
        for catalog in [WIDGET, CONSOLE] {
            assert_free_of_markup(catalog, &ids, &['<', '&']);
        }
    }
}
