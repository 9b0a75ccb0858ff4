//! One message: who, when, the text (always as text, never HTML) and, for the
//! user's own unconfirmed messages, "Sending…" or why it was refused.

use leptos::prelude::*;
use yorisoi_protocol::Author;

use crate::browser::format_time;
use crate::contexts::i18n::use_i18n;
use crate::thread::{Delivery, Entry};

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
    /// Whose screen this is.
    viewer: Viewer,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff_name = match &entry.author {
        Author::Staff { name, .. } => Some(name.clone()),
        Author::Visitor => None,
    };
    let mine = staff_name.is_some() == (viewer == Viewer::Staff);
    let who = move || match (&staff_name, viewer) {
        (Some(name), _) => name.clone(),
        (None, Viewer::Visitor) => i18n.t("author-you"),
        (None, Viewer::Staff) => i18n.t("author-parent"),
    };
    let at = entry.at_ms;
    let status = match entry.delivery {
        Delivery::Sent => None,
        Delivery::Pending => Some(
            view! { <span class="status">{move || i18n.t("message-sending")}</span> }.into_any(),
        ),
        Delivery::Failed(code) => Some(
            view! {
                <span class="status failed">
                    {move || format!("{} — {}", i18n.t("message-failed"), i18n.t(code.fluent_id()))}
                </span>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="bubble" class:mine=mine class:pending=entry.delivery == Delivery::Pending>
            <div class="meta">
                <span class="who">{who}</span>
                " "
                <time>{move || format_time(at, i18n.lang())}</time>
            </div>
            <p class="body">{entry.body}</p>
            {status}
        </div>
    }
}
