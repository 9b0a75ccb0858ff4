//! The open conversation's internal notes: written by staff for staff and
//! never sent to the parent (the server keeps them apart from messages).
//! A disclosure above the reply box, "Internal notes (2)", opens the notes
//! (author, time, text) and a box labelled `Internal note` / 「内部メモ」
//! with its button. The notes are markup built from escaped text.

use leptos::prelude::*;

use super::session::use_session;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// The notes and the box to add one.
#[component]
pub fn Notes() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let count = move || {
        let id = session.selected.get();
        session
            .notes
            .with(|notes| notes.iter().filter(|(of, _)| Some(*of) == id).count())
    };
    let list = markup(Box::new(move || {
        let id = session.selected.get();
        session.notes.with(|notes| {
            let mut out = String::new();
            for (_, note) in notes.iter().filter(|(of, _)| Some(*of) == id) {
                out.push_str("<li><span class=\"who\">");
                out.push_str(&escaped(&note.author.name));
                out.push_str("</span> <time>");
                out.push_str(&i18n.time(note.written_at_ms).1);
                out.push_str("</time><p dir=\"auto\">");
                out.push_str(&escaped(&note.body));
                out.push_str("</p></li>");
            }
            out
        })
    }));
    let text = NodeRef::<leptos::html::Textarea>::new();
    let add = move || {
        let Some(text) = text.get_untracked() else {
            return;
        };
        let body = text.value();
        if !body.trim().is_empty() && session.add_note(body) {
            text.set_value("");
        }
    };
    view! {
        <details class="notes">
            <summary>
                {move || i18n.t_with("console-notes", &[("count", count().into())])}
            </summary>
            <ul inner_html=list></ul>
            <textarea
                node_ref=text
                aria-label=i18n.text("console-note")
                placeholder=i18n.text("console-note-hint")
                rows="2"
            ></textarea>
            <button type="button" on:click=handler(move |_| add())>
                {i18n.text("console-note-add")}
            </button>
        </details>
    }
}
