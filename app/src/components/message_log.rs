//! A conversation's messages as a live log (`role="log"`, polite), scrolled
//! to the newest. The list is re-rendered as a plain vector rather than with
//! `<For>`: Leptos patches it in place position by position (new messages
//! are appended, changed ones patched), so screen readers hear only what is
//! new, and the widget saves the kilobytes of `<For>`'s keyed diffing.

use leptos::html::Div;
use leptos::prelude::*;
use yorisoi_protocol::ClientId;

use crate::browser::scroll_to_bottom;
use crate::components::message_bubble::{MessageBubble, Viewer};
use crate::contexts::i18n::use_i18n;
use crate::thread::Thread;

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
    Effect::new(move |_| {
        thread.track();
        request_animation_frame(move || {
            if let Some(element) = node.get_untracked() {
                scroll_to_bottom(&element);
            }
        });
    });
    view! {
        <div class="log-scroller" node_ref=node>
            {children.map(|children| children())}
            <div class="log" role="log" aria-live="polite" aria-label=i18n.text(label_id)>
                {move || {
                    // Bubbles hold plain strings: re-rendered on a switch.
                    i18n.lang();
                    thread
                        .with(|t| {
                            t.entries().iter().map(|e| (e.clone(), t.status(e))).collect::<Vec<_>>()
                        })
                        .into_iter()
                        .map(|(entry, status)| {
                            view! { <MessageBubble entry=entry status=status viewer=viewer on_retry=on_retry on_cancel=on_cancel /> }
                        })
                        .collect_view()
                }}
            </div>
        </div>
    }
}
