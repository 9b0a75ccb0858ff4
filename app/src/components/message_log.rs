//! A conversation's messages as a live log (`role="log"`, polite), scrolled
//! to the newest (at each change and language switch). The list is
//! re-rendered as a plain vector rather than with `<For>`: Leptos patches it
//! in place position by position (new messages are appended, changed ones
//! patched), so screen readers hear only what is new, and the widget saves
//! the kilobytes of `<For>`'s keyed diffing.
//!
//! Beside the log, outside it, a visually hidden status line (`role=
//! "status"`, polite) tells each change of state of the user's own messages
//! once, in the bubble's own words: "Sent", "Read", "Waiting to send" with
//! why (it goes again by itself), "Not sent" with why. The state shown in
//! each bubble sits in an `aria-live="off"` part of the log, so the log
//! never reads a message again for it. The render of the bubbles, which
//! reads the thread anyway, also scrolls and tells the change: effects of
//! their own would cost the size budgets more than they are worth.

use leptos::html::Div;
use leptos::prelude::*;
use yorisoi_protocol::ClientId;

use crate::browser::scroll_to_bottom;
use crate::components::message_bubble::{MessageBubble, Viewer, waiting_reason};
use crate::contexts::i18n::{I18n, use_i18n};
use crate::i18n::Arg;
use crate::thread::{Status, Thread, newest_change};

/// The message list of one conversation.
#[component]
pub fn MessageLog(
    /// The messages.
    #[prop(into)]
    thread: Signal<Thread>,
    /// Whose screen this is.
    viewer: Viewer,
    /// Fluent id of the log's accessible name.
    label_id: &'static str,
    /// Sends a failed message again (given its client id).
    on_retry: Callback<ClientId>,
    /// Gives up a waiting or failed message (given its client id).
    #[prop(optional)]
    on_cancel: Option<Callback<ClientId>>,
    /// Shown above the messages (the widget's welcome).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<Div>::new();
    let staff = viewer == Viewer::Staff;
    // The states of the user's own messages as last rendered, to tell
    // what changed (owned by the render closure: no extra effect).
    // Empty at first, so the first render tells nothing.
    let mut told: Vec<(ClientId, Status)> = Vec::new();
    view! {
        <div class="log-scroller" node_ref=node>
            {children.map(|children| children())}
            <div class="log" role="log" aria-live="polite" aria-label=i18n.text(label_id)>
                {move || {
                    // Bubbles hold plain strings: re-rendered on a switch.
                    i18n.lang();
                    let (rows, states) = thread.with(|t| {
                        let rows = t.entries().iter().map(|e| (e.clone(), t.status(e))).collect::<Vec<_>>();
                        (rows, t.own_states(staff))
                    });
                    let news = newest_change(&told, &states).map(|status| news(i18n, status));
                    told = states;
                    // Once drawn: scrolled to the newest, and the change told
                    // by the status line, replaced rather than patched (the
                    // same words twice in a row, "Sent" for two messages,
                    // make a new text node, so they are told again).
                    request_animation_frame(move || {
                        if let Some(element) = node.get_untracked() {
                            scroll_to_bottom(&element);
                            if let (Some(news), Some(line)) = (news, element.last_element_child()) {
                                line.set_text_content(Some(&news));
                            }
                        }
                    });
                    rows.into_iter()
                        .map(|(entry, status)| {
                            view! { <MessageBubble entry=entry status=status viewer=viewer on_retry=on_retry on_cancel=on_cancel /> }
                        })
                        .collect_view()
                }}
            </div>
            <p class="sr-only" role=STATUS></p>
        </div>
    }
}

/// The status line's role, as a constant rather than a literal: an element
/// of literals only becomes an HTML template, and the code that clones
/// templates would cost the console's size budget more than the line.
const STATUS: &str = "status";

/// The words the status line says for `status`, in the current language:
/// the bubble's own words for it, and why for a refused message.
fn news(i18n: I18n, status: Status) -> String {
    let (state_id, reason_id) = match status {
        Status::Read => ("message-read", None),
        Status::Waiting(code) => ("message-waiting", Some(waiting_reason(code))),
        Status::Failed(code) => ("message-failed", Some(code.fluent_id())),
        _ => ("message-sent", None),
    };
    let state = i18n.t(state_id);
    match reason_id {
        Some(reason_id) => i18n.t_with(
            "status-news-refused",
            &[
                ("state", Arg::Str(&state)),
                ("reason", Arg::Str(&i18n.t(reason_id))),
            ],
        ),
        None => state,
    }
}
