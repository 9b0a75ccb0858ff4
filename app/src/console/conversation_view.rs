//! The open conversation: its history as a live log and the reply box. Its
//! heading names the parent as the list does ([`ParentName`]).

use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;

use super::conversation_list::ParentName;
use super::session::ConsoleSession;
use crate::components::composer::Composer;
use crate::components::message_bubble::Viewer;
use crate::components::message_log::MessageLog;
use crate::contexts::i18n::use_i18n;
use crate::i18n::native_name;

/// The selected conversation, or a prompt to choose one.
#[component]
pub fn ConversationView() -> impl IntoView {
    let i18n = use_i18n();
    let session = expect_context::<ConsoleSession>();
    let thread = Signal::derive(move || {
        let selected = session.selected.get();
        session.threads.with(|threads| {
            selected
                .and_then(|id| threads.get(&id).cloned())
                .unwrap_or_default()
        })
    });
    // A memo, so the heading is rebuilt only when what it shows changes,
    // not on every message of every conversation.
    let heading = Memo::new(move |_| {
        let id = session.selected.get()?;
        session.conversations.with(|list| {
            let summary = list.iter().find(|c| c.id == id)?;
            Some((summary.nickname.clone(), id, summary.lang))
        })
    });
    let title = move || {
        heading.get().map(|(nickname, id, lang)| {
            view! {
                <ParentName nickname=nickname />
                {format!(" #{} · {}", id.0, native_name(lang))}
            }
        })
    };
    let on_retry = Callback::new(move |client_id| session.retry(client_id));
    let on_send = Callback::new(move |body: String| {
        if session.selected.get_untracked().is_none() {
            return Some(ErrorCode::UnknownConversation);
        }
        session.reply(body);
        None
    });
    view! {
        <section class="thread">
            <Show
                when=move || session.selected.get().is_some()
                fallback=move || view! { <p class="choose">{move || i18n.t("console-choose")}</p> }
            >
                <div class="thread-head">
                    <button type="button" class="back" on:click=move |_| session.select(None)>
                        {move || i18n.t("console-back")}
                    </button>
                    <h2>{title}</h2>
                </div>
                <MessageLog thread=thread viewer=Viewer::Staff label_id="console-history-label" on_retry=on_retry />
                <Composer label_id="reply-label" placeholder_id="console-reply-placeholder" on_send=on_send />
            </Show>
        </section>
    }
}
