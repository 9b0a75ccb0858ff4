//! The list of conversations, newest first, updating live. Each entry is a
//! button: who (nickname or "Anonymous parent" and the id), the parent's
//! language by its own name, unread count, preview and time. Older
//! conversations come page by page through the button at its end.
//!
//! A nickname is text a parent typed, so it is shown as theirs
//! ([`ParentName`], also the open conversation's heading): tagged
//! "Nickname", quoted, and isolated for the bidirectional algorithm like
//! the preview, so neither can pass for a staff name nor reorder the entry.

use leptos::either::Either;
use leptos::prelude::*;
use yorisoi_protocol::ConversationId;
use yorisoi_protocol::model::ConversationSummary;

use super::focus::focus_reply;
use super::more_conversations::MoreConversations;
use super::session::use_session;
use crate::contexts::i18n::use_i18n;
use crate::fresh::Fresh;
use crate::i18n::native_name;

/// The conversation list.
#[component]
pub fn ConversationList() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A memo and an `Either` rather than `<Show>`, whose fallback is an
    // `AnyView`: type-erasing a view costs kilobytes of wasm per view type.
    // The memo only ever switches branches, so each is built `Fresh`.
    let listed = Memo::new(move |_| session.conversations.with(|list| !list.is_empty()));
    let list = move || {
        if listed.get() {
            Either::Left(Fresh(view! {
                <ul>
                    <For
                        each=move || session.conversations.get()
                        key=|s| (s.id.0, s.last_seq, s.unread, s.updated_at_ms, s.lang.tag(), s.nickname.clone())
                        children=move |summary| view! { <li><ConversationItem summary=summary /></li> }
                    />
                </ul>
            }))
        } else {
            Either::Right(Fresh(
                view! { <p class="empty">{i18n.text("console-empty-list")}</p> },
            ))
        }
    };
    view! {
        <nav class="list" aria-label=i18n.text("console-conversations")>
            <h2>{i18n.text("console-conversations")}</h2>
            {list}
            <MoreConversations />
        </nav>
    }
}

/// One conversation in the list.
#[component]
fn ConversationItem(
    /// The conversation.
    summary: ConversationSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = summary.id;
    let unread = summary.unread;
    let has_unread = unread > 0;
    let lang = summary.lang;
    let at = summary.updated_at_ms;
    view! {
        <button
            type="button"
            class="item"
            class:unread=has_unread
            aria-current=move || (session.selected.get() == Some(id)).then_some("true")
            on:click=move |_| {
                session.select(Some(id));
                focus_reply();
            }
        >
            <span class="name">
                <ParentName nickname=summary.nickname />
                <span class="id">{conversation_number(id)}</span>
            </span>
            <span
                class="lang-badge"
                lang=lang.tag()
                title=move || i18n.t_with("console-parent-lang", &[("lang", native_name(lang).into())])
            >
                {native_name(lang)}
            </span>
            {has_unread
                .then(|| {
                    view! {
                        <span class="unread-badge">
                            <span aria-hidden="true">{unread}</span>
                            <span class="sr-only">{move || i18n.t_with("console-unread", &[("count", unread.into())])}</span>
                        </span>
                    }
                })}
            <span class="preview" dir="auto">{summary.preview}</span>
            <time>{move || i18n.time(at).1}</time>
        </button>
    }
}

/// ` #12`: the conversation's number as it follows the parent's name.
/// Joined, not `format!`ted: the console's wasm carries no formatting
/// machinery for it.
pub(super) fn conversation_number(id: ConversationId) -> String {
    [" #", &id.0.to_string()].concat()
}

/// How the console names a parent: their nickname marked as the name they
/// chose (a "Nickname" tag, then the nickname quoted in its own `<bdi>`), or
/// "Anonymous parent" when they gave none.
#[component]
pub(super) fn ParentName(
    /// The nickname the parent gave, already cleaned by the server.
    nickname: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    match nickname {
        Some(nickname) => Either::Left(view! {
            <span class="parent-nickname">
                <span class="nickname-tag">{i18n.text("console-nickname")}</span>
                <bdi class="nickname-text">{nickname}</bdi>
            </span>
        }),
        None => Either::Right(view! { <span>{i18n.text("console-anonymous")}</span> }),
    }
}
