//! What the console announces so that no parent waits unseen, beyond the
//! list and the tab's title: a soft two-tone chime made with the Web Audio
//! API (no sound file to download) and a browser notification for a
//! parent's new message, and the overdue alert the server sends when
//! parents have waited too long (shown as `role="alert"` text as well).
//!
//! Nothing sounds for the conversation on screen in a focused window, nor
//! for one the parent asked someone else for (the tab's title leaves those
//! out too: that person is told first), nor while the staff member muted
//! the console or is in their quiet hours (the server says when, see
//! `ServerFrame::Quiet`). Notifications need the browser's permission,
//! asked only from the visible "Allow notifications" button.
//!
//! Mute is kept in `localStorage`, keyed by the staff member's id: it is a
//! choice about this device (the shared office computer muted, the phone
//! not), and two staff sharing a browser keep their own.
//!
//! What was announced is also written, as text, into a visually hidden
//! `role="log"` list: screen readers hear it, and the browser tests read
//! it to see what the console told the staff member.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{AudioContext, Notification, NotificationOptions, NotificationPermission};
use yorisoi_protocol::ConversationId;
use yorisoi_protocol::model::ConversationSummary;

use super::conversation_list::conversation_number;
use super::session::ConsoleSession;
use crate::contexts::i18n::I18n;

/// Announcements kept in the log (older ones drop off).
const LOG_LENGTH: usize = 20;

/// Characters of a message shown in its notification.
const PREVIEW_CHARS: usize = 80;

/// The console's announcing state; a cheap `Copy` handle.
#[derive(Clone, Copy)]
pub struct Alerts {
    /// Sound and notifications off (this staff member's choice here).
    pub muted: RwSignal<bool>,
    /// The staff member is in their quiet hours (as the server says).
    pub quiet: RwSignal<bool>,
    /// The browser allows notifications (`None`: it has none to offer).
    pub permission: RwSignal<Option<NotificationPermission>>,
    /// The last overdue alert: the hours waited and who waits.
    pub overdue: RwSignal<Option<(u32, Vec<ConversationSummary>)>>,
    /// What was announced, oldest first.
    pub log: RwSignal<Vec<String>>,
    /// A parent's message waiting for its conversation's summary, which
    /// says whom the parent asked for (it follows the message at once).
    pending: StoredValue<Option<(ConversationId, String)>>,
    /// Made on the first chime and reused (a browser allows only a few).
    audio: StoredValue<Option<AudioContext>, LocalStorage>,
    /// Where mute is remembered.
    key: StoredValue<String>,
    /// The console's language, for what is announced.
    i18n: I18n,
}

impl Alerts {
    /// The state for staff member `staff`, with their remembered choice.
    pub fn new(staff: i64, i18n: I18n) -> Self {
        let key = ["yorisoi.console.mute.", &staff.to_string()].concat();
        Alerts {
            muted: RwSignal::new(stored(&key).as_deref() == Some("1")),
            quiet: RwSignal::new(false),
            permission: RwSignal::new(permission()),
            overdue: RwSignal::new(None),
            log: RwSignal::new(Vec::new()),
            pending: StoredValue::new(None),
            audio: StoredValue::new_local(None),
            key: StoredValue::new(key),
            i18n,
        }
    }

    /// Mutes or unmutes, and remembers it.
    pub fn set_muted(&self, muted: bool) {
        self.muted.set(muted);
        self.key.with_value(|key| {
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(key, if muted { "1" } else { "0" });
            }
        });
    }

    /// Asks the browser for permission to notify (from a click).
    pub fn ask_permission(&self) {
        let Ok(promise) = Notification::request_permission() else {
            return;
        };
        let permission_signal = self.permission;
        leptos::task::spawn_local(async move {
            let _answer = wasm_bindgen_futures::JsFuture::from(promise).await;
            permission_signal.set(permission());
        });
    }

    /// A parent wrote in `conversation`: announced once its summary comes.
    pub fn expect(&self, conversation: ConversationId, body: &str) {
        self.pending.set_value(Some((
            conversation,
            body.chars().take(PREVIEW_CHARS).collect(),
        )));
    }

    /// Chimes, notifies (`open` shows the conversation when the
    /// notification is clicked) and logs, unless muted or quiet.
    fn announce(&self, title: &str, body: &str, tag: ConversationId, open: impl Fn() + 'static) {
        if self.muted.get_untracked() || self.quiet.get_untracked() {
            return;
        }
        self.chime();
        if self.permission.get_untracked() == Some(NotificationPermission::Granted) {
            notify(title, body, tag, open);
        }
        self.log.update(|log| {
            if log.len() >= LOG_LENGTH {
                log.remove(0);
            }
            log.push([title, " — ", body].concat());
        });
    }

    /// A soft two-tone chime: two sine notes a fifth apart (E6 then A5),
    /// each fading out, quiet enough not to startle.
    fn chime(&self) {
        let made = self.audio.with_value(Option::is_some);
        if !made {
            self.audio.set_value(AudioContext::new().ok());
        }
        self.audio.with_value(|audio| {
            if let Some(audio) = audio {
                // A context made before any click starts suspended.
                let _ = audio.resume();
                let start = audio.current_time();
                let _ = note(audio, 1318.5, start);
                let _ = note(audio, 880.0, start + 0.18);
            }
        });
    }
}

/// One note of the chime at `frequency` Hz, from `at` seconds.
fn note(audio: &AudioContext, frequency: f32, at: f64) -> Result<(), JsValue> {
    let oscillator = audio.create_oscillator()?;
    oscillator.frequency().set_value(frequency);
    let gain = audio.create_gain()?;
    let volume = gain.gain();
    volume.set_value_at_time(0.0, at)?;
    volume.linear_ramp_to_value_at_time(0.12, at + 0.02)?;
    volume.exponential_ramp_to_value_at_time(0.0001, at + 0.5)?;
    oscillator.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&audio.destination())?;
    oscillator.start_with_when(at)?;
    oscillator.stop_with_when(at + 0.55)
}

/// The browser's notification permission; `None` without notifications.
fn permission() -> Option<NotificationPermission> {
    let window = web_sys::window()?;
    js_sys::Reflect::has(&window, &JsValue::from_str("Notification"))
        .unwrap_or(false)
        .then(Notification::permission)
}

/// Shows a notification; clicking it focuses the console and runs `open`.
/// One per conversation at a time (the tag replaces an older one).
fn notify(title: &str, body: &str, tag: ConversationId, open: impl Fn() + 'static) {
    let options = NotificationOptions::new();
    options.set_body(body);
    options.set_tag(&["yorisoi-", &tag.0.to_string()].concat());
    let Ok(notification) = Notification::new_with_options(title, &options) else {
        return;
    };
    let shown = notification.clone();
    let clicked = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        open();
        shown.close();
    });
    notification.set_onclick(Some(clicked.unchecked_ref()));
}

/// How the console names a parent in plain text: nickname or "Anonymous
/// parent", and the conversation's number.
pub fn parent_label(i18n: I18n, summary: &ConversationSummary) -> String {
    let name = match &summary.nickname {
        Some(nickname) => nickname.clone(),
        None => i18n.t("console-anonymous"),
    };
    [name.as_str(), &conversation_number(summary.id)].concat()
}

/// The overdue alert's text: how long, and who waits.
pub fn overdue_text(i18n: I18n, hours: u32, waiting: &[ConversationSummary]) -> String {
    let names: Vec<String> = waiting.iter().map(|s| parent_label(i18n, s)).collect();
    i18n.t_with(
        "alerts-overdue",
        &[
            ("count", names.len().into()),
            ("hours", hours.into()),
            ("names", names.join(", ").as_str().into()),
        ],
    )
}

impl ConsoleSession {
    /// A conversation's summary came: if it follows a parent's message,
    /// announce that message, unless it is on screen in a focused window
    /// or the parent asked someone else.
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
        let for_someone_else = summary.nominee.is_some_and(|nominee| nominee != me);
        let on_screen = self.selected.get_untracked() == Some(conversation) && watched();
        if for_someone_else || on_screen {
            return;
        }
        let text = [parent_label(i18n, summary).as_str(), ": ", &body].concat();
        let session = *self;
        self.alerts.announce(
            &i18n.t("alerts-new-message"),
            &text,
            conversation,
            move || session.select(Some(conversation)),
        );
    }

    /// The server says parents have waited `hours` hours: shown until
    /// dismissed, and announced (it never comes in quiet hours).
    pub(super) fn announce_overdue(&self, hours: u32, waiting: Vec<ConversationSummary>) {
        let i18n = self.alerts.i18n;
        let Some(first) = waiting.first().map(|summary| summary.id) else {
            return;
        };
        let text = overdue_text(i18n, hours, &waiting);
        self.alerts.overdue.set(Some((hours, waiting)));
        let session = *self;
        self.alerts
            .announce(&text, "", first, move || session.select(Some(first)));
    }
}

/// The page's `localStorage`, read here rather than through
/// `crate::browser`: a new caller of the helpers the widget shares changes
/// how they are inlined into the widget's wasm, which has no byte to spare.
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value kept under `key`, if any.
fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// True while the page is visible and its window has the focus.
fn watched() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| !document.hidden() && document.has_focus().unwrap_or(false))
}
