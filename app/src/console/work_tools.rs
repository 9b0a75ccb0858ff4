//! The open conversation's working buttons, beside its heading: who holds
//! it — `Assign` / 「担当する」 when nobody does, "Take over" when a
//! colleague does, "Hand back" when this staff member does, with the
//! holder's name — and `Resolve` / 「解決済みにする」, or "Reopen" once
//! resolved; and its labels (`Labels` / 「ラベル」, one box, separated by
//! commas, kept when the box is left or Enter pressed). The server's
//! summary, not the click, changes what they show: every console sees the
//! same.
//!
//! Markup in a string with one click handler for both buttons (a view of
//! its parts cost the console's wasm far more). Redrawn, a button loses
//! focus: the one just pressed gets it back, and a screen reader reads its
//! new name.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::focus::refocus;
use super::session::use_session;
use crate::browser;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;
use crate::erased::handler;

/// Assign / take over / hand back, and resolve / reopen.
#[component]
pub fn WorkTools() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = session.staff_id();
    // (assignee, resolved, labels) of the selected conversation.
    let state = Memo::new(move |_| {
        let id = session.selected.get()?;
        session.conversations.with(|list| {
            list.iter().find(|summary| summary.id == id).map(|summary| {
                (
                    summary.assignee,
                    summary.resolved_at_ms.is_some(),
                    summary.labels.join(", "),
                )
            })
        })
    });
    // The button pressed last, to focus again once redrawn.
    let pressed = StoredValue::new("");
    let tools = markup(Box::new(move || {
        let (assignee, resolved, labels) = state.get().unwrap_or_default();
        let (holder, assign) = match assignee {
            None => (String::new(), "console-assign"),
            Some(id) if id == me => (i18n.t("console-assigned-you"), "console-hand-back"),
            Some(id) => (
                i18n.t_with(
                    "console-assigned",
                    &[("name", escaped(&session.colleague(id)).as_str().into())],
                ),
                "console-take-over",
            ),
        };
        let resolve = if resolved {
            "console-reopen"
        } else {
            "console-resolve"
        };
        let out = [
            r#"<span class="holder">"#,
            &holder,
            r#"</span><button type="button" data-act="assign">"#,
            &i18n.t(assign),
            r#"</button><button type="button" data-act="resolve">"#,
            &i18n.t(resolve),
            r#"</button><button type="button" data-act="help">"#,
            &i18n.t("console-send-help"),
            r#"</button><button type="button" data-act="propose">"#,
            &i18n.t("console-propose-case"),
            r#"</button><input class="labels" aria-label=""#,
            &i18n.t("console-labels"),
            r#"" placeholder=""#,
            &i18n.t("console-labels-placeholder"),
            r#"" value=""#,
            &escaped(&labels),
            r#"">"#,
        ]
        .concat();
        let again = pressed.get_value();
        if !again.is_empty() {
            pressed.set_value("");
            refocus([".work-tools [data-act=", again, "]"].concat());
        }
        out
    }));
    let click = move |event: web_sys::MouseEvent| {
        let act = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.closest("button").ok().flatten())
            .and_then(|button| button.get_attribute("data-act"));
        let (assignee, resolved, _) = state.get_untracked().unwrap_or_default();
        match act.as_deref() {
            Some("assign") => {
                pressed.set_value("assign");
                session.assign(if assignee == Some(me) { None } else { Some(me) });
            }
            Some("resolve") => {
                pressed.set_value("resolve");
                session.resolve(!resolved);
            }
            Some("help") => session.send_help(),
            // The cases page, in a tab of its own, proposes at once (or
            // shows the conversation's open case).
            Some("propose") => {
                if let Some(id) = session.selected.get_untracked() {
                    browser::open_tab(
                        &["/console/cases?propose=1&conversation=", &id.0.to_string()].concat(),
                    );
                }
            }
            _ => {}
        }
    };
    // The labels box: on Enter or when left, its text as typed (the
    // server splits it at commas).
    let labelled = move |event: web_sys::Event| {
        session.label(vec![event_target_value(&event)]);
    };
    view! { <div class="work-tools" on:click=handler(click) on:change=handler(labelled) inner_html=tools></div> }
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::CONSOLE;

    /// The texts put in the tools' markup unescaped.
    #[test]
    fn carry_no_markup_in_either_language() {
        let ids = [
            "console-assign",
            "console-assigned-you",
            "console-hand-back",
            "console-take-over",
            "console-reopen",
            "console-resolve",
            "console-propose-case",
            "console-send-help",
            "console-labels",
            "console-labels-placeholder",
        ];
        assert_free_of_markup(CONSOLE, &ids, &['<', '>', '&', '"']);
    }
}
