//! "Canned replies" (定型文) beside the reply box: a button and the list it
//! opens, the organisation's ready answers by title. Choosing one puts its
//! text, in the language the parent writes in (their interface language
//! until they have written), into the reply box at the cursor, where staff
//! edit it before sending: nothing is sent from here.
//!
//! A native popover does the opening and closing (the button, Esc, a tap
//! outside; focus moves into it and back), and the list in it is markup in
//! one string with one click handler for all its buttons, as in
//! `super::shortcut_help`, to keep the console's wasm small. Titles are
//! staff's text, so they are [`escaped`]. The list is read when a
//! conversation is opened and again each time the button is pressed, so a
//! reply added in the settings meanwhile is there.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventInit, HtmlTextAreaElement};
use yorisoi_protocol::Lang;
use yorisoi_protocol::canned::CannedReply;

use super::focus::element;
use super::session::use_session;
use crate::api::team;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Puts `text` into the reply box in place of its selection (at the cursor
/// when nothing is selected), tells the box it changed, and moves the
/// keyboard there, after the text.
fn insert_into_reply(text: &str) {
    let Some(reply) = element(".thread .composer textarea")
        .and_then(|element| element.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let end = reply.value().encode_utf16().count() as u32;
    let start = reply.selection_start().ok().flatten().unwrap_or(end);
    let stop = reply.selection_end().ok().flatten().unwrap_or(end);
    let _ = reply.set_range_text_with_start_and_end_and_mode(text, start, stop, "end");
    // The composer keeps its text from `input` events, as from typing.
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = Event::new_with_event_init_dict("input", &init) {
        let _ = reply.dispatch_event(&event);
    }
    // After the popover has closed and given focus back to its button.
    request_animation_frame(move || {
        let _ = reply.focus();
    });
}

/// The button and its list.
#[component]
pub fn CannedReplies() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let replies = RwSignal::new(Vec::<CannedReply>::new());
    let load = move || {
        spawn_local(async move {
            // Unchanged, the list is left alone (and the focus in it).
            if let Ok(list) = team::canned().await
                && replies.with_untracked(|known| *known != list)
            {
                replies.set(list);
            }
        });
    };
    load();
    // The language the selected conversation's parent writes in.
    let lang = move || {
        let selected = session.selected.get_untracked();
        session.conversations.with_untracked(|list| {
            list.iter()
                .find(|summary| Some(summary.id) == selected)
                .map_or(Lang::Ja, |summary| summary.written.unwrap_or(summary.lang))
        })
    };
    // Only the list is markup: the popover itself stays, open or not, when
    // the list is read again.
    let items = markup(Box::new(move || {
        let mut out = String::from("<ul>");
        replies.with(|replies| {
            for reply in replies {
                out.push_str(r#"<li><button type="button" popovertarget="canned" popovertargetaction="hide" data-canned=""#);
                out.push_str(&reply.id.to_string());
                out.push_str(r#"">"#);
                out.push_str(&escaped(&reply.title));
                out.push_str("</button></li>");
            }
            if replies.is_empty() {
                out.push_str("<li>");
                out.push_str(&i18n.t("canned-none"));
                out.push_str("</li>");
            }
        });
        out.push_str("</ul>");
        out
    }));
    let clicked = move |event: web_sys::MouseEvent| {
        let Some(target) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if target.has_attribute("popovertarget") && !target.has_attribute("data-canned") {
            // The button opening the list: read it afresh.
            load();
            return;
        }
        let Some(id) = target
            .get_attribute("data-canned")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            return;
        };
        let text = replies.with_untracked(|replies| {
            replies
                .iter()
                .find(|reply| reply.id == id)
                .map(|reply| reply.text(lang()).to_owned())
        });
        if let Some(text) = text {
            insert_into_reply(&text);
        }
    };
    view! {
        <div class="canned" on:click=handler(clicked)>
            <button type="button" class="tool" popovertarget="canned">
                {i18n.text("canned-open")}
            </button>
            <div
                id="canned"
                class="canned-list"
                popover=""
                role="dialog"
                tabindex="-1"
                autofocus=""
                aria-label=i18n.text("canned-open")
                inner_html=items
            ></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::CONSOLE;

    #[test]
    fn the_canned_texts_carry_no_markup_in_either_language() {
        assert_free_of_markup(
            CONSOLE,
            &["canned-open", "canned-none"],
            &['<', '>', '&', '"'],
        );
    }
}
