//! The workspace's status line, but for the connection and error lines it
//! shares with the widget: the staff member's presence ("Status", which
//! parents see in the reply estimate) and [`super::alerts`]' controls — the
//! "Sound and notifications" switch, the "Allow notifications" button (the
//! only place the browser's permission is asked, never on load), a note
//! while the staff member is in quiet hours — then the danger alert (who
//! wrote words that suggest danger and has no reply yet, `role="alert"`),
//! the overdue alert (`role="alert"`, with "Dismiss") and the visually
//! hidden log of what was announced.
//!
//! The controls are markup in a string with one change and one click
//! handler, as the console's other tools (`super::work_tools`): a `view!`
//! of each control cost the console's wasm far more. The `alert` and the
//! `log` elements are in the view itself, never redrawn, so screen readers
//! hear what comes into them. Redrawn, the presence menu loses focus: it
//! gets it back.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yorisoi_protocol::team::Presence;

use super::alerts::{danger_text, overdue_text};
use super::focus::refocus;
use super::session::use_session;
use crate::components::markup::{escaped, markup};
use crate::contexts::i18n::use_i18n;

/// The presence menu's choices: value and label.
const PRESENCES: [(&str, &str); 3] = [
    ("online", "presence-online"),
    ("away", "presence-away"),
    ("offline", "presence-offline"),
];

/// Presence, the alerts' controls, the overdue alert and the log.
#[component]
pub fn StatusTools() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let alerts = session.alerts;
    // Redrawn when the language, the presence, the quiet hours, the
    // permission or the overdue alert change; the switch itself holds
    // whether it is on (no redraw for it).
    let tools = markup(Box::new(move || {
        let presence = session.presence.get().as_str();
        let mut out = [
            r#"<label class="presence"><span>"#,
            &i18n.t("presence-label"),
            "</span><select>",
        ]
        .concat();
        for (value, label) in PRESENCES {
            let selected = if value == presence { " selected" } else { "" };
            out.push_str(&[r#"<option value=""#, value, "\"", selected, ">"].concat());
            out.push_str(&i18n.t(label));
            out.push_str("</option>");
        }
        let on = if alerts.muted.get_value() {
            ""
        } else {
            " checked"
        };
        out.push_str(
            &[
                r#"</select></label><label class="presence"><input type="checkbox""#,
                on,
                "><span>",
                &i18n.t("alerts-toggle"),
                "</span></label>",
            ]
            .concat(),
        );
        if alerts.can_ask.get() {
            out.push_str(r#"<button type="button" class="tool" data-act="allow">"#);
            out.push_str(&i18n.t("alerts-allow"));
            out.push_str("</button>");
        }
        out.push_str(r#"<span class="hint quiet">"#);
        if alerts.quiet.get() {
            out.push_str(&i18n.t("alerts-quiet"));
        }
        out.push_str("</span>");
        if alerts.overdue.with(Option::is_some) {
            out.push_str(r#"<button type="button" class="tool dismiss" data-act="dismiss">"#);
            out.push_str(&i18n.t("alerts-dismiss"));
            out.push_str("</button>");
        }
        out
    }));
    // The presence menu, or the switch.
    let changed = move |event: web_sys::Event| {
        let Some(target) = event.target() else {
            return;
        };
        if let Some(switch) = target.dyn_ref::<web_sys::HtmlInputElement>() {
            alerts.set_muted(!switch.checked());
        } else if let Some(presence) = Presence::parse(&event_target_value(&event)) {
            session.set_presence(presence);
            refocus(".presence select".to_owned());
        }
    };
    // "Allow notifications" or "Dismiss".
    let clicked = move |event: web_sys::MouseEvent| {
        let act = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.get_attribute("data-act"));
        match act.as_deref() {
            Some("allow") => alerts.ask_permission(),
            Some("dismiss") => alerts.overdue.set(None),
            _ => {}
        }
    };
    // One alert for both (an element of its own cost the wasm a view
    // shape): the danger alert, for as long as the server's mark stays,
    // then the overdue one, until dismissed.
    let overdue = markup(Box::new(move || {
        let mut out = session.conversations.with(|list| danger_text(i18n, list));
        if !out.is_empty() {
            out = [r#"<span class="danger">"#, &escaped(&out), "</span> "].concat();
        }
        alerts.overdue.with(|overdue| {
            if let Some((hours, waiting)) = overdue {
                out.push_str(&escaped(&overdue_text(i18n, *hours, waiting)));
            }
        });
        out
    }));
    view! {
        <div class="status-tools" on:change=changed on:click=clicked inner_html=tools></div>
        <p class="alert overdue" role="alert" inner_html=overdue></p>
        <div id="alerts-log" class="sr-only" role="log" aria-label=i18n.text("alerts-log")></div>
    }
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::CONSOLE;

    /// The texts put in the status line's markup unescaped.
    #[test]
    fn carry_no_markup_in_either_language() {
        let ids = [
            "presence-label",
            "presence-online",
            "presence-away",
            "presence-offline",
            "alerts-toggle",
            "alerts-allow",
            "alerts-quiet",
            "alerts-dismiss",
        ];
        assert_free_of_markup(CONSOLE, &ids, &['<', '>', '&', '"']);
    }
}
