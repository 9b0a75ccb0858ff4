//! The list of conversations, newest first, updating live. Each entry is a
//! button: who (nickname or "Anonymous parent" and the id), the language
//! the parent writes in by its own name (their screen's, when different, in
//! the badge's title), unread count, "Asked for you" when the parent
//! nominated this staff member, since when a parent waits for a reply,
//! preview and time, who holds it ("Assigned to Aki") and whether it is
//! resolved. Older conversations come page by page through the button at
//! its end. Above it, search and filter (`super::list_tools`): a search's
//! answer replaces the list until the box is cleared; the filter applies
//! to the list.
//!
//! A nickname is text a parent typed, so it is shown as theirs
//! ([`parent_name`], also the open conversation's heading): tagged
//! "Nickname", quoted, and isolated for the bidirectional algorithm like
//! the preview, so neither can pass for a staff name nor reorder the entry.

use leptos::either::Either;
use leptos::prelude::*;
use yorisoi_protocol::ConversationId;
use yorisoi_protocol::model::ConversationSummary;

use super::focus::focus_reply;
use super::list_tools::ListTools;
use super::more_conversations::MoreConversations;
use super::session::use_session;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::{I18n, use_i18n};
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
    let me = session.staff_id();
    // What the list shows: a search's answer while searching, else the
    // conversations the filter lets through.
    let shown = Memo::new(move |_| match session.found.get() {
        Some((_, answer)) => answer.unwrap_or_default(),
        None => {
            let filter = session.filter.get();
            session.conversations.with(|list| filter.apply(list, me))
        }
    });
    let listed = Memo::new(move |_| shown.with(|list| !list.is_empty()));
    // Why the list is empty: nothing yet, nothing found, or nothing the
    // filter lets through.
    let empty = move || {
        let id = match session.found.get() {
            Some((_, None)) => "console-searching",
            Some(_) => "console-found-none",
            None if session.conversations.with(Vec::is_empty) => "console-empty-list",
            None => "console-filter-empty",
        };
        i18n.t(id)
    };
    let list = move || {
        if listed.get() {
            Either::Left(Fresh(view! {
                <ul>
                    <For
                        each=move || shown.get()
                        key=|s| (s.id.0, s.last_seq, s.unread, s.updated_at_ms, s.lang.tag(), s.nickname.clone(), s.nominee, s.written.map(|l| l.tag()), s.assignee, s.resolved_at_ms, s.labels.len())
                        children=move |summary| view! { <li><ConversationItem summary=summary /></li> }
                    />
                </ul>
            }))
        } else {
            Either::Right(Fresh(view! { <p class="empty" role="status">{empty}</p> }))
        }
    };
    view! {
        <nav class="list" aria-label=i18n.text("console-conversations")>
            <h2>{i18n.text("console-conversations")}</h2>
            <ListTools />
            {list}
            <MoreConversations />
        </nav>
    }
}

/// One conversation in the list. Its contents are markup in a string,
/// rebuilt on a language switch (the button stays, and with it focus): a
/// view of its many parts cost the console's wasm far more. The parent's
/// nickname and preview are escaped; the rest is Fluent text and digits.
#[component]
fn ConversationItem(
    /// The conversation.
    summary: ConversationSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = summary.id;
    let has_unread = summary.unread > 0;
    let me = session.staff_id();
    let contents = markup(Box::new(move || {
        // The badge shows the language the parent writes in; the screen's
        // language, when different, is in its title.
        let lang = summary.written.unwrap_or(summary.lang);
        let badge_title = if lang == summary.lang {
            i18n.t_with("console-parent-lang", &[("lang", native_name(lang).into())])
        } else {
            i18n.t_with(
                "console-parent-writes",
                &[
                    ("lang", native_name(lang).into()),
                    ("screen", native_name(summary.lang).into()),
                ],
            )
        };
        let unread = summary.unread;
        let mut out = [
            r#"<span class="name">"#,
            &parent_name(i18n, summary.nickname.as_deref()),
            r#"<span class="id">"#,
            &conversation_number(id),
            r#"</span></span><span class="lang-badge" lang=""#,
            lang.tag(),
            r#"" title=""#,
            &escaped(&badge_title),
            r#"">"#,
            native_name(lang),
            "</span>",
        ]
        .concat();
        if has_unread {
            out.push_str(r#"<span class="unread-badge"><span aria-hidden="true">"#);
            out.push_str(&unread.to_string());
            out.push_str(r#"</span><span class="sr-only">"#);
            out.push_str(&i18n.t_with("console-unread", &[("count", unread.into())]));
            out.push_str("</span></span>");
        }
        if summary.danger_since_ms.is_some() {
            out.push_str(r#"<span class="danger">"#);
            out.push_str(&i18n.t("console-danger"));
            out.push_str("</span>");
        }
        if summary.nominee.is_some() && summary.nominee == Some(me) {
            out.push_str(r#"<span class="for-you">"#);
            out.push_str(&i18n.t("console-for-you"));
            out.push_str("</span>");
        }
        if let Some(assignee) = summary.assignee {
            out.push_str(r#"<span class="assignee">"#);
            let name = escaped(&session.colleague(assignee));
            out.push_str(&i18n.t_with("console-assigned", &[("name", name.as_str().into())]));
            out.push_str("</span>");
        }
        if !summary.labels.is_empty() {
            out.push_str(r#"<span class="labels">"#);
            for label in &summary.labels {
                out.push_str(r#"<span class="label">"#);
                out.push_str(&escaped(label));
                out.push_str("</span>");
            }
            out.push_str("</span>");
        }
        if summary.resolved_at_ms.is_some() {
            out.push_str(r#"<span class="resolved">"#);
            out.push_str(&i18n.t("console-resolved-mark"));
            out.push_str("</span>");
        }
        if let Some(since) = summary.waiting_since_ms {
            // The time the wait began, not a count of minutes: right
            // without a ticking timer.
            out.push_str(r#"<span class="waiting">"#);
            out.push_str(&i18n.t_with(
                "console-waiting-since",
                &[("time", i18n.time(since).1.as_str().into())],
            ));
            out.push_str("</span>");
        }
        out.push_str(r#"<span class="preview" dir="auto">"#);
        out.push_str(&escaped(&summary.preview));
        out.push_str("</span><time>");
        out.push_str(&i18n.time(summary.updated_at_ms).1);
        out.push_str("</time>");
        out
    }));
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
            inner_html=contents
        ></button>
    }
}

/// ` #12`: the conversation's number as it follows the parent's name.
/// Joined, not `format!`ted: the console's wasm carries no formatting
/// machinery for it.
pub(super) fn conversation_number(id: ConversationId) -> String {
    [" #", &id.0.to_string()].concat()
}

/// How the console names a parent, as markup: their nickname marked as
/// the name they chose (a "Nickname" tag, then the nickname, escaped, in
/// its own `<bdi>`), or "Anonymous parent" when they gave none.
pub(super) fn parent_name(i18n: I18n, nickname: Option<&str>) -> String {
    match nickname {
        Some(nickname) => [
            r#"<span class="parent-nickname"><span class="nickname-tag">"#,
            &i18n.t("console-nickname"),
            r#"</span><bdi class="nickname-text">"#,
            &escaped(nickname),
            "</bdi></span>",
        ]
        .concat(),
        None => ["<span>", &i18n.t("console-anonymous"), "</span>"].concat(),
    }
}
