//! The button at the end of the conversation list that pages in older
//! conversations, shown only while there are some (`hidden` otherwise,
//! which also takes it out of the accessibility tree). While a page is on its
//! way it is busy and refuses clicks through `aria-disabled` rather than
//! `disabled`, which would drop the keyboard focus it holds. When the last
//! page makes it go, focus moves to the first conversation that page
//! brought, where the staff member was reading on, not to the page's top.

use leptos::prelude::*;

use super::conversation_page::Paging;
use super::focus::refocus;
use super::session::use_session;
use crate::contexts::i18n::use_i18n;
use crate::erased::{effect, handler};

/// "Show older conversations".
#[component]
pub fn MoreConversations() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let paging = session.paging;
    // How many conversations were held when the last page was asked for.
    let held = StoredValue::new(0);
    // Whether a page was on its way when the effect last ran.
    let was_asking = StoredValue::new(false);
    effect(Box::new(move || {
        let now = paging.get();
        let asked = was_asking.get_value();
        was_asking.set_value(now == Paging::Asking);
        if asked && now == Paging::Complete {
            let first_new = held.get_value() + 1;
            refocus([".list li:nth-child(", &first_new.to_string(), ") .item"].concat());
        }
    }));
    let busy = move || (paging.get() == Paging::Asking).then_some("true");
    view! {
        <button
            type="button"
            class="more"
            hidden=move || (paging.get() == Paging::Complete).then_some("")
            aria-disabled=busy
            aria-busy=busy
            on:click=handler(move |_| {
                held.set_value(session.conversations.with_untracked(Vec::len));
                session.more_conversations();
            })
        >
            {i18n.text("console-more-conversations")}
        </button>
    }
}
