//! The open conversation's working buttons, beside its heading: who holds
//! it — `Assign` / 「担当する」 when nobody does, "Take over" when a
//! colleague does, "Hand back" when this staff member does, with the
//! holder's name — and `Resolve` / 「解決済みにする」, or "Reopen" once
//! resolved. The server's summary, not the click, changes what they show:
//! every console sees the same.

use leptos::prelude::*;

use super::session::use_session;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;

/// Assign / take over / hand back, and resolve / reopen.
#[component]
pub fn WorkTools() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.staff_id();
    // (assignee, resolved) of the selected conversation.
    let state = Memo::new(move |_| {
        let id = session.selected.get()?;
        session.conversations.with(|list| {
            list.iter()
                .find(|summary| summary.id == id)
                .map(|summary| (summary.assignee, summary.resolved_at_ms.is_some()))
        })
    });
    let assignee = move || state.get().and_then(|(assignee, _)| assignee);
    let resolved = move || state.get().is_some_and(|(_, resolved)| resolved);
    let holder = markup(Box::new(move || match assignee() {
        Some(id) if id != me => i18n.t_with(
            "console-assigned",
            &[("name", escaped(&session.colleague(id)).as_str().into())],
        ),
        Some(_) => i18n.t("console-assigned-you"),
        None => String::new(),
    }));
    view! {
        <div class="work-tools">
            <span class="holder" aria-live="polite" inner_html=holder></span>
            <button
                type="button"
                on:click=move |_| {
                    session.assign(if assignee() == Some(me) { None } else { Some(me) });
                }
            >
                {move || {
                    i18n.t(match assignee() {
                        None => "console-assign",
                        Some(id) if id == me => "console-hand-back",
                        Some(_) => "console-take-over",
                    })
                }}
            </button>
            <button type="button" on:click=move |_| session.resolve(!resolved())>
                {move || i18n.t(if resolved() { "console-reopen" } else { "console-resolve" })}
            </button>
        </div>
    }
}
