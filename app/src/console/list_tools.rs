//! Above the conversation list: a search box (`Search` / 「検索」: message
//! and note text, nickname, number; the server answers, so conversations
//! not paged in are found too) and the filter (`Filter` / 「絞り込み」:
//! everyone's, mine, asked for me, unassigned; and open, resolved or both).
//! The filter applies to what is paged in; the list's "older
//! conversations" button still brings more.

use leptos::prelude::*;

use super::conversation_page::Who;
use super::session::use_session;
use crate::contexts::i18n::use_i18n;

/// The search box and the filter.
#[component]
pub fn ListTools() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let who = move |event: web_sys::Event| {
        let who = match event_target_value(&event).as_str() {
            "mine" => Who::Mine,
            "asked" => Who::AskedForMe,
            "unassigned" => Who::Unassigned,
            _ => Who::All,
        };
        session.filter.update(|filter| filter.who = who);
    };
    let state = move |event: web_sys::Event| {
        let resolved = match event_target_value(&event).as_str() {
            "resolved" => Some(true),
            "both" => None,
            _ => Some(false),
        };
        session.filter.update(|filter| filter.resolved = resolved);
    };
    // Searching as the staff member types would send a frame a keystroke;
    // a search runs on Enter, and clearing the box ends it.
    let searched = move |event: web_sys::Event| {
        let query = event_target_value(&event);
        if query.trim().is_empty() {
            session.search(query);
        }
    };
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <form
            class="list-tools"
            role="search"
            on:submit=move |event| {
                event.prevent_default();
                if let Some(input) = input.get_untracked() {
                    session.search(input.value());
                }
            }
        >
            <input
                type="search"
                node_ref=input
                aria-label=i18n.text("console-search")
                placeholder=i18n.text("console-search-placeholder")
                on:input=searched
            />
            <label>
                <span>{i18n.text("console-filter")}</span>
                <select on:change=who prop:value=move || match session.filter.get().who {
                    Who::All => "all",
                    Who::Mine => "mine",
                    Who::AskedForMe => "asked",
                    Who::Unassigned => "unassigned",
                }>
                    <option value="all">{i18n.text("console-filter-all")}</option>
                    <option value="mine">{i18n.text("console-filter-mine")}</option>
                    <option value="asked">{i18n.text("console-filter-asked")}</option>
                    <option value="unassigned">{i18n.text("console-filter-unassigned")}</option>
                </select>
            </label>
            <label>
                <span>{i18n.text("console-state")}</span>
                <select on:change=state prop:value=move || match session.filter.get().resolved {
                    Some(false) => "open",
                    Some(true) => "resolved",
                    None => "both",
                }>
                    <option value="open">{i18n.text("console-state-open")}</option>
                    <option value="resolved">{i18n.text("console-state-resolved")}</option>
                    <option value="both">{i18n.text("console-state-both")}</option>
                </select>
            </label>
        </form>
    }
}
