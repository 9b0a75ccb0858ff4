//! The parent's own conversation, under the composer: "Download my
//! conversation" (a text file, at once), "Delete my conversation" and
//! "Forget this device". The last two open a confirmation explaining what
//! happens, then revoke the token through [`WidgetSession::confirm_forget`]:
//! forgetting leaves no trace in this browser (the staff keep the
//! conversation), deleting also removes it from the server, case drafts
//! included. A parent on a shared or family phone can leave no trace of the
//! conversation in the browser. Both need the server (the token must stop
//! working there too), so offline the panel says so.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::code::markup;
use super::forget_step::{Erase, ForgetStep};
use super::session::WidgetSession;
use crate::browser;
use crate::contexts::i18n::{I18n, use_i18n};
use crate::erased::{effect, handler};
use crate::thread::Thread;

/// The button, the confirmation and the outcome.
#[component]
pub fn ForgetDevice(
    /// The widget's session.
    session: WidgetSession,
) -> impl IntoView {
    let i18n = use_i18n();
    let step = session.forget;
    let status = session.status;
    // Focus follows the panel: onto the button now shown when it opens or
    // ends, and back onto "Forget this device" when it closes, unless focus
    // is elsewhere (a parent typing a new message keeps the box).
    let panel = NodeRef::<Div>::new();
    // The step the effect saw last time (none before its first run).
    let previous = StoredValue::new(None::<ForgetStep>);
    effect(Box::new(move || {
        let now = step.get();
        let before = previous.get_value();
        previous.set_value(Some(now));
        if before.is_some_and(|before| before != now) {
            request_animation_frame(move || {
                if now == ForgetStep::Idle && !focus_is_lost() {
                    return;
                }
                let shown = panel.get_untracked().and_then(|panel| {
                    panel
                        .query_selector(&[".forget-", now.name(), " button"].concat())
                        .ok()
                        .flatten()
                });
                if let Some(button) = shown {
                    let _ = button.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
    }));
    // Nothing to forget before the first message: the button would only
    // puzzle a parent who has just arrived.
    let thread = session.thread;
    let empty = move || {
        if thread.with(Thread::has_history) {
            ""
        } else {
            " empty"
        }
    };
    // One live region for every outcome, present from the start so screen
    // readers announce its changes.
    let erase = session.erase;
    let note = move || {
        let now = step.get();
        let done = erase.get().ids()[2];
        let offline = now == ForgetStep::Offline
            || (matches!(now, ForgetStep::Asking | ForgetStep::Waiting) && status.get().is_down());
        match now {
            _ if offline => Some(i18n.t("forget-offline")),
            ForgetStep::Waiting => Some(i18n.t("forget-waiting")),
            ForgetStep::Done => Some(i18n.t(done)),
            _ => None,
        }
    };
    // One static shape whose parts the state's class shows (widget.css):
    // far smaller in the wasm than a view per state, which the widget's
    // size budget needs. Hidden parts are `display: none`, so neither
    // focusable nor read out. The parts around the live note are markup
    // in strings (rebuilt only on a language switch, when focus is on the
    // switch), their buttons told apart by their class in one listener:
    // a view of them cost the widget's wasm far more. The only text put in
    // them is this widget's own Fluent messages (see the tests).
    let act = move |event: web_sys::MouseEvent| {
        let button = browser::clicked_button(&event);
        match button.map(|button| button.class_name()).as_deref() {
            Some("link-button") => session.ask_erase(Erase::Forget),
            Some("link-button delete") => session.ask_erase(Erase::Delete),
            Some("link-button download") => session.download(),
            Some("danger") => session.confirm_forget(),
            Some("quiet") => session.cancel_forget(),
            _ => {}
        }
    };
    view! {
        <div class=move || ["forget on-", step.get().name(), empty()].concat() node_ref=panel on:click=handler(act)>
            <div class="forget-parts" inner_html=markup(session, i18n, asking)></div>
            <p class="forget-note" role="status">{note}</p>
            <div class="forget-parts" inner_html=markup(session, i18n, done)></div>
        </div>
    }
}

/// The three buttons, and the confirmation the panel's current one opens.
fn asking(session: WidgetSession, i18n: I18n) -> String {
    let [explain, confirm, _] = session.erase.get().ids();
    [
        r#"<div class="forget-idle"><button type="button" class="link-button download">"#,
        &i18n.t("download-open"),
        r#"</button><button type="button" class="link-button delete">"#,
        &i18n.t("delete-open"),
        r#"</button><button type="button" class="link-button">"#,
        &i18n.t("forget-open"),
        r#"</button></div><div class="forget-asking" role="group" aria-labelledby="forget-explain"><p id="forget-explain">"#,
        &i18n.t(explain),
        r#"</p><button type="button" class="danger">"#,
        &i18n.t(confirm),
        r#"</button> <button type="button" class="quiet">"#,
        &i18n.t("forget-cancel"),
        "</button></div>",
    ]
    .concat()
}

/// The button that closes the outcome.
fn done(_: WidgetSession, i18n: I18n) -> String {
    [
        r#"<div class="forget-done"><button type="button" class="quiet">"#,
        &i18n.t("forget-dismiss"),
        "</button></div>",
    ]
    .concat()
}

/// True when nothing has focus (the focused button was just hidden).
pub(super) fn focus_is_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (document.active_element(), document.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref(),
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::components::markup::assert_free_of_markup;
    use crate::i18n::WIDGET;

    #[test]
    fn the_forget_texts_carry_no_markup_in_either_language() {
        let ids = [
            "forget-open",
            "forget-explain",
            "forget-confirm",
            "forget-cancel",
            "forget-dismiss",
            "download-open",
            "delete-open",
            "delete-explain",
            "delete-confirm",
        ];
        assert_free_of_markup(WIDGET, &ids, &['<', '>', '&', '"']);
    }
}
