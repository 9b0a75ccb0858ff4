//! Above the conversation list: a search box (`Search` / 「検索」: message
//! and note text, nickname, number; the server answers, so conversations
//! not paged in are found too) and the filter (`Filter` / 「絞り込み」:
//! everyone's, mine, asked for me, unassigned; and open, resolved or both)
//! and the order (newest first, or parents waiting longest on top).
//! The filter applies to what is paged in; the list's "older
//! conversations" button still brings more. A search runs on Enter (not a
//! frame a keystroke); clearing the box ends it.
//!
//! Markup in a string, redrawn only on a language switch (keeping the
//! choices and the query), with one handler per kind of event for the
//! whole form: a view of its parts cost the console's wasm far more.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::conversation_page::Who;
use super::session::use_session;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Each choice of the filter: its control's name, its value, its text.
const CHOICES: [(&str, &str, &str); 9] = [
    ("who", "all", "console-filter-all"),
    ("who", "mine", "console-filter-mine"),
    ("who", "asked", "console-filter-asked"),
    ("who", "unassigned", "console-filter-unassigned"),
    ("state", "open", "console-state-open"),
    ("state", "resolved", "console-state-resolved"),
    ("state", "both", "console-state-both"),
    ("order", "newest", "console-order-newest"),
    ("order", "waiting", "console-order-waiting"),
];

/// The search box and the filter.
#[component]
pub fn ListTools() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let contents = markup(Box::new(move || {
        i18n.lang();
        let filter = session.filter.get_untracked();
        let chosen = [
            match filter.who {
                Who::All => "all",
                Who::Mine => "mine",
                Who::AskedForMe => "asked",
                Who::Unassigned => "unassigned",
            },
            match filter.resolved {
                Some(false) => "open",
                Some(true) => "resolved",
                None => "both",
            },
            if filter.waiting_first {
                "waiting"
            } else {
                "newest"
            },
        ];
        let query = session
            .found
            .with_untracked(|found| found.as_ref().map(|(query, _)| escaped(query)))
            .unwrap_or_default();
        let mut out = [
            r#"<input type="search" name="q" aria-label=""#,
            &i18n.t("console-search"),
            r#"" placeholder=""#,
            &i18n.t("console-search-placeholder"),
            r#"" value=""#,
            &query,
            r#"">"#,
        ]
        .concat();
        for (name, label) in [
            ("who", "console-filter"),
            ("state", "console-state"),
            ("order", "console-order"),
        ] {
            out.push_str("<label><span>");
            out.push_str(&i18n.t(label));
            out.push_str("</span><select name=\"");
            out.push_str(name);
            out.push_str("\">");
            for (of, value, text) in CHOICES {
                if of == name {
                    out.push_str("<option value=\"");
                    out.push_str(value);
                    out.push('"');
                    if chosen.contains(&value) {
                        out.push_str(" selected");
                    }
                    out.push('>');
                    out.push_str(&i18n.t(text));
                    out.push_str("</option>");
                }
            }
            out.push_str("</select></label>");
        }
        out
    }));
    let changed = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        // The search box's changes come here too: only a choice counts.
        let mut filter = session.filter.get_untracked();
        match value.as_str() {
            "all" => filter.who = Who::All,
            "mine" => filter.who = Who::Mine,
            "asked" => filter.who = Who::AskedForMe,
            "unassigned" => filter.who = Who::Unassigned,
            "open" => filter.resolved = Some(false),
            "resolved" => filter.resolved = Some(true),
            "both" => filter.resolved = None,
            "newest" => filter.waiting_first = false,
            "waiting" => filter.waiting_first = true,
            _ => return,
        }
        session.filter.set(filter);
    };
    let typed = move |event: web_sys::Event| {
        if event_target_value(&event).trim().is_empty() {
            session.search(String::new());
        }
    };
    let submitted = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let input = event
            .target()
            .and_then(|form| form.dyn_into::<web_sys::Element>().ok())
            .and_then(|form| form.query_selector("input").ok().flatten())
            .and_then(|input| input.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            session.search(input.value());
        }
    };
    view! {
        <form
            class="list-tools"
            role="search"
            on:change=handler(changed)
            on:input=handler(typed)
            on:submit=handler(submitted)
            inner_html=contents
        ></form>
    }
}
