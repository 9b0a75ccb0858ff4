//! The open conversation: its history as a live log, its working buttons
//! (`super::work_tools`), its internal notes (`super::notes`) and the reply
//! box. Its
//! heading names the parent as the list does ([`parent_name`]). Choosing a
//! conversation puts the keyboard in its reply box (`super::focus`), so
//! answering takes no hunt through the page with Tab.

use leptos::either::Either;
use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;

use super::canned::CannedReplies;
use super::conversation_list::{conversation_number, parent_name};
use super::focus::{element, focus_next_frame};
use super::notes::Notes;
use super::session::use_session;
use super::work_tools::WorkTools;
use crate::components::composer::Composer;
use crate::components::markup::markup;
use crate::components::message_bubble::Viewer;
use crate::components::message_log::MessageLog;
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;
use crate::fresh::Fresh;
use crate::i18n::native_name;

/// The selected conversation, or a prompt to choose one.
#[component]
pub fn ConversationView() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let thread = Signal::derive(move || {
        let selected = session.selected.get();
        session.threads.with(|threads| {
            selected
                .and_then(|id| threads.get(id).cloned())
                .unwrap_or_default()
        })
    });
    // A memo, so the heading is rebuilt only when what it shows changes,
    // not on every message of every conversation.
    let heading = Memo::new(move |_| {
        let id = session.selected.get()?;
        session.conversations.with(|list| {
            let summary = list.iter().find(|c| c.id == id)?;
            Some((
                summary.nickname.clone(),
                id,
                summary.written.unwrap_or(summary.lang),
            ))
        })
    });
    let on_retry = Callback::new(move |client_id| session.retry(client_id));
    let on_typing = Callback::new(move |()| session.typing());

    let on_send = Callback::new(move |body: String| {
        if session.selected.get_untracked().is_none() {
            return Some(ErrorCode::UnknownConversation);
        }
        session.reply(body);
        None
    });
    // Rebuilt only when a conversation is first chosen or the choice is
    // dropped, not on every switch between two (a memo and an `Either`
    // rather than `<Show>`, whose fallback is a costly type-erased view;
    // the memo only switches branches, so each is built `Fresh`).
    let chosen = Memo::new(move |_| session.selected.get().is_some());
    let body = move || {
        if chosen.get() {
            // "Aki is typing…" while the selected conversation's parent types.
            let typing = markup(Box::new(move || {
                let selected = session.selected.get();
                session.parent_typing.with(|typing| match typing {
                    Some((id, flag)) if Some(*id) == selected => {
                        let name = heading
                            .with_untracked(|heading| heading.as_ref().and_then(|h| h.0.clone()));
                        let text = i18n.t_with(
                            "console-parent-typing",
                            &[("name", parent_name(i18n, name.as_deref()).as_str().into())],
                        );
                        let mut out = String::from("<span data-hint=\"");
                        out.push(if *flag { '1' } else { '0' });
                        out.push_str("\">");
                        out.push_str(&text);
                        out.push_str("</span>");
                        out
                    }
                    _ => String::new(),
                })
            }));
            let title = markup(Box::new(move || {
                heading
                    .get()
                    .map(|(nickname, id, lang)| {
                        [
                            parent_name(i18n, nickname.as_deref()),
                            conversation_number(id),
                            " · ".to_owned(),
                            native_name(lang).to_owned(),
                        ]
                        .concat()
                    })
                    .unwrap_or_default()
            }));
            Either::Left(Fresh(view! {
                <div class="thread-head">
                    <button
                        type="button"
                        class="back"
                        on:click=handler(move |_| {
                            // Back where the keyboard was: the row just left.
                            let row = element(".list .item[aria-current]");
                            session.select(None);
                            focus_next_frame(row);
                        })
                    >
                        {i18n.text("console-back")}
                    </button>
                    <h2 inner_html=title></h2>
                    <WorkTools />
                    <Notes />
                </div>
                <MessageLog thread=thread viewer=Viewer::Staff label_id="console-history-label" on_retry=on_retry />
                <p class="typing" aria-live="polite" inner_html=typing></p>
                <Composer label_id="reply-label" placeholder_id="console-reply-placeholder" on_send=on_send on_typing=on_typing />
                <CannedReplies />
            }))
        } else {
            Either::Right(Fresh(
                view! { <p class="choose">{i18n.text("console-choose")}</p> },
            ))
        }
    };
    view! { <section class="thread">{body}</section> }
}
