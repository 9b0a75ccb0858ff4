//! What the console announces so that no parent waits unseen, beyond the
//! list and the tab's title: a soft two-tone chime and a browser
//! notification for a parent's new message, and the overdue alert the
//! server sends when parents have waited too long (shown as
//! `role="alert"` text as well, see `super::alert_controls`).
//!
//! Nothing sounds for the conversation on screen in a focused window, nor
//! for one the parent asked someone else for (the tab's title leaves those
//! out too: that person is told first), nor while the staff member muted
//! the console or is in their quiet hours (the server says when, see
//! `ServerFrame::Quiet`). Notifications need the browser's permission,
//! asked only from the visible "Allow notifications" button.
//!
//! The sound, the notification, the permission, where the mute is kept and
//! whether the page is watched are plain JS (`public/console-alerts.js`,
//! `window.yorisoiAlerts`): made through web-sys, those bindings and the
//! click closure cost the console's wasm kilobytes it does not have. This module decides
//! *whether* and *what* to announce; the JS only does it. Clicking a
//! notification focuses the console and sends the window a `yorisoi-open`
//! event with the conversation's id, which opens it here.
//!
//! Mute is kept in `localStorage`, keyed by the staff member's id: it is a
//! choice about this device (the shared office computer muted, the phone
//! not), and two staff sharing a browser keep their own.
//!
//! What was announced is also written, as text, into a visually hidden
//! `role="log"` (`#alerts-log`, by the same JS call that chimes and
//! notifies): screen readers hear it, and the browser tests read it to see
//! what the console told the staff member.
//!
//! A parent's words that suggest danger (the server marks the conversation
//! until a staff member replies, `danger_since_ms`) are announced to every
//! staff member, nominated or not, with their own title; the status line
//! shows who they are (`role="alert"`) for as long as the mark stays, and
//! the list puts them first.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use yorisoi_protocol::ConversationId;
use yorisoi_protocol::model::ConversationSummary;

use super::conversation_list::conversation_number;
use super::session::ConsoleSession;
use crate::browser;
use crate::contexts::i18n::I18n;

/// Characters of a message shown in its notification.
const PREVIEW_CHARS: usize = 80;

/// The window event a clicked notification sends (`detail`: the id).
const OPEN_EVENT: &str = "yorisoi-open";

#[wasm_bindgen]
extern "C" {
    /// `Notification.permission`, or `""` in a browser without them.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn permission() -> String;
    /// Asks for the permission (from a click); settles once answered.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn ask() -> js_sys::Promise;
    /// Chimes, notifies (when allowed; one per `tag` at a time) and logs.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn announce(title: &str, body: &str, tag: f64);
    /// Whether staff member `staff` muted the console on this device.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn muted(staff: f64) -> bool;
    /// Remembers staff member `staff`'s mute on this device.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn mute(staff: f64, on: bool);
    /// True while the page is visible and its window has the focus.
    #[wasm_bindgen(js_namespace = yorisoiAlerts)]
    fn watched() -> bool;
}

/// The console's announcing state; a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct Alerts {
    /// Sound and notifications off (this staff member's choice here).
    pub muted: StoredValue<bool>,
    /// The staff member is in their quiet hours (as the server says).
    pub quiet: RwSignal<bool>,
    /// The browser would ask for the permission to notify (it was neither
    /// granted nor refused yet): the "Allow notifications" button shows.
    pub can_ask: RwSignal<bool>,
    /// The last overdue alert: the hours waited and who waits.
    pub overdue: RwSignal<Option<(u32, Vec<ConversationSummary>)>>,
    /// A parent's message waiting for its conversation's summary, which
    /// says whom the parent asked for (it follows the message at once).
    pending: StoredValue<Option<(ConversationId, String)>>,
    /// Whose choice `muted` is, for where it is remembered.
    staff: i64,
    /// The console's language, for what is announced.
    i18n: I18n,
}

impl Alerts {
    /// The state for staff member `staff`, with their remembered choice.
    pub fn new(staff: i64, i18n: I18n) -> Self {
        Alerts {
            muted: StoredValue::new(muted(staff as f64)),
            quiet: RwSignal::new(false),
            can_ask: RwSignal::new(permission() == "default"),
            overdue: RwSignal::new(None),
            pending: StoredValue::new(None),
            staff,
            i18n,
        }
    }

    /// Mutes or unmutes, and remembers it.
    pub fn set_muted(&self, muted: bool) {
        self.muted.set_value(muted);
        mute(self.staff as f64, muted);
    }

    /// Asks the browser for permission to notify (from a click); the
    /// button goes once it is answered either way.
    pub fn ask_permission(&self) {
        let can_ask = self.can_ask;
        let asked = wasm_bindgen_futures::JsFuture::from(ask());
        leptos::task::spawn_local(async move {
            let _answer = asked.await;
            can_ask.set(permission() == "default");
        });
    }

    /// A parent wrote in `conversation`: announced once its summary comes.
    pub fn expect(&self, conversation: ConversationId, body: &str) {
        self.pending.set_value(Some((
            conversation,
            body.chars().take(PREVIEW_CHARS).collect(),
        )));
    }

    /// Chimes, notifies (clicking it opens `tag`'s conversation) and logs,
    /// unless muted or quiet.
    fn announce(&self, title: &str, body: &str, tag: ConversationId) {
        if !self.muted.get_value() && !self.quiet.get_untracked() {
            announce(title, body, tag.0 as f64);
        }
    }
}

/// How the console names a parent in plain text: nickname or "Anonymous
/// parent", and the conversation's number.
pub fn parent_label(i18n: I18n, summary: &ConversationSummary) -> String {
    let name = match &summary.nickname {
        Some(nickname) => nickname.clone(),
        None => i18n.t("console-anonymous"),
    };
    name + &conversation_number(summary.id)
}

/// The parents of the conversations of `list` that `pick` picks,
/// comma-separated.
fn names(
    i18n: I18n,
    list: &[ConversationSummary],
    pick: fn(&ConversationSummary) -> bool,
) -> String {
    let mut names = String::new();
    for summary in list.iter().filter(|summary| pick(summary)) {
        if !names.is_empty() {
            names.push_str(", ");
        }
        names.push_str(&parent_label(i18n, summary));
    }
    names
}

/// The danger alert's text for the conversations of `list` whose parent
/// wrote words that suggest danger and has no reply yet; empty when none.
pub fn danger_text(i18n: I18n, list: &[ConversationSummary]) -> String {
    let names = names(i18n, list, |summary| summary.danger_since_ms.is_some());
    if names.is_empty() {
        return names;
    }
    i18n.t_with("alerts-danger", &[("names", names.as_str().into())])
}

/// The overdue alert's text: how long, and who waits.
pub fn overdue_text(i18n: I18n, hours: u32, waiting: &[ConversationSummary]) -> String {
    let names = names(i18n, waiting, |_| true);
    i18n.t_with(
        "alerts-overdue",
        &[
            ("count", waiting.len().into()),
            ("hours", hours.into()),
            ("names", names.as_str().into()),
        ],
    )
}

impl ConsoleSession {
    /// A conversation's summary came: if it follows a parent's message,
    /// announce that message, unless it is on screen in a focused window
    /// or the parent asked someone else. Words that suggest danger are
    /// announced to everyone, as such.
    pub(super) fn announce_message(&self, summary: &ConversationSummary) {
        let i18n = self.alerts.i18n;
        let Some((conversation, body)) = self.alerts.pending.get_value() else {
            return;
        };
        if conversation != summary.id {
            return;
        }
        self.alerts.pending.set_value(None);
        let me = self.staff_id();
        let danger = summary.danger_since_ms.is_some();
        let for_someone_else = summary.nominee.is_some_and(|nominee| nominee != me) && !danger;
        let on_screen = self.selected.get_untracked() == Some(conversation) && watched();
        if for_someone_else || on_screen {
            return;
        }
        let label = parent_label(i18n, summary);
        let title = if danger {
            i18n.t_with("alerts-danger", &[("names", label.as_str().into())])
        } else {
            i18n.t("alerts-new-message")
        };
        let text = [label.as_str(), ": ", &body].concat();
        self.alerts.announce(&title, &text, conversation);
    }

    /// The server says parents have waited `hours` hours: shown until
    /// dismissed, and announced (it never comes in quiet hours).
    pub(super) fn announce_overdue(&self, hours: u32, waiting: Vec<ConversationSummary>) {
        let Some(first) = waiting.first().map(|summary| summary.id) else {
            return;
        };
        let text = overdue_text(self.alerts.i18n, hours, &waiting);
        self.alerts.overdue.set(Some((hours, waiting)));
        self.alerts.announce(&text, "", first);
    }
}

/// Opens the conversation of a clicked notification (the JS focused the
/// window already). The listener is the window's for the page's life;
/// once its workspace is gone (a logout), it does nothing.
pub fn listen(session: ConsoleSession) {
    let open = move |event: web_sys::Event| {
        let id = js_sys::Reflect::get(&event, &JsValue::from_str("detail"))
            .ok()
            .and_then(|detail| detail.as_f64());
        if let Some(id) = id
            && !session.selected.is_disposed()
        {
            session.select(Some(ConversationId(id as i64)));
        }
    };
    browser::listen_window(OPEN_EVENT, Closure::new(open));
}
