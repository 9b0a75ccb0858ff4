//! The button at the end of the conversation list that pages in older
//! conversations, shown only while there are some (`hidden` otherwise,
//! which also takes it out of the accessibility tree). While a page is on its
//! way it is busy and refuses clicks through `aria-disabled` rather than
//! `disabled`, which would drop the keyboard focus it holds. When the last
//! page makes it go, focus moves to the first conversation that page
//! brought, where the staff member was reading on, not to the page's top.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::conversation_page::Paging;
use super::session::use_session;
use crate::contexts::i18n::use_i18n;

/// "Show older conversations".
#[component]
pub fn MoreConversations() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let paging = session.paging;
    // How many conversations were held when the last page was asked for.
    let held = StoredValue::new(0);
    Effect::new(move |previous: Option<Paging>| {
        let now = paging.get();
        if previous == Some(Paging::Asking) && now == Paging::Complete {
            let first_new = held.get_value() + 1;
            request_animation_frame(move || focus_if_lost(first_new));
        }
        now
    });
    let busy = move || (paging.get() == Paging::Asking).then_some("true");
    view! {
        <button
            type="button"
            class="more"
            hidden=move || paging.get() == Paging::Complete
            aria-disabled=busy
            aria-busy=busy
            on:click=move |_| {
                held.set_value(session.conversations.with_untracked(Vec::len));
                session.more_conversations();
            }
        >
            {i18n.text("console-more-conversations")}
        </button>
    }
}

/// Focuses the `nth` conversation of the list (from 1) when nothing has
/// focus, as after the focused button was removed.
fn focus_if_lost(nth: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lost = match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref(),
        (Some(_), None) => false,
    };
    let item = document
        .query_selector(&[".list li:nth-child(", &nth.to_string(), ") .item"].concat())
        .ok()
        .flatten();
    if let (true, Some(item)) = (lost, item) {
        let _ = item.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
