//! The widget's side of the `postMessage` conversation with the loader on
//! the embedding page. The embedding page's origin is the iframe URL's
//! `host` parameter (the loader puts it there); the widget posts only to that
//! origin (never `"*"`), and accepts only messages that come from that
//! origin *and* from its own parent window, so no other page or frame can
//! steer it. The loader tells the widget whether its panel is shown
//! (`{"yorisoi":"open"}` / `{"yorisoi":"closed"}`): a hidden panel must not
//! mark replies as read.
//!
//! The loader also keeps the widget's items in the embedding page's storage
//! (see `storage`): the widget asks `{"yorisoi":"storage-get"}` and hears
//! `{"yorisoi":"storage","items":{key: value}}` (`items` null when that page
//! cannot store either), then `{"yorisoi":"stored","items":{key: value or
//! null}}` for each change another tab makes; it writes with
//! `{"yorisoi":"storage-set","key":…,"value":… or null}`.
//!
//! For the keyboard and the loader's own words, the widget also posts
//! `{"yorisoi":"close"}` (Esc, or the close button) and
//! `{"yorisoi":"lang","lang":"en"}` at start and at each language switch;
//! for the launcher's badge, `{"yorisoi":"unread"}` when a staff reply
//! waits unseen in the closed panel (the loader asks the server how many).

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;

/// The embedding page's origin, from the iframe URL, if the loader gave it.
pub fn origin() -> Option<String> {
    browser::query_param("host").filter(|host| !host.is_empty())
}

/// Posts `{"yorisoi": what}` to the embedding page, if there is one.
pub fn post(what: &str) {
    post_message(what, &[]);
}

/// Tells the embedding page the widget's language (`{"yorisoi":"lang",
/// "lang":"ja"}`), so the loader's launcher and the frame's title follow.
pub fn post_lang(lang: &str) {
    post_message("lang", &[("lang", lang.into())]);
}

/// Posts a change of the widget's items to the loader, to keep in the
/// embedding page's storage (`None` removes `key`).
pub fn post_storage_set(key: &str, value: Option<&str>) {
    let value = value.map_or(JsValue::NULL, JsValue::from_str);
    post_message("storage-set", &[("key", key.into()), ("value", value)]);
}

/// Posts `{"yorisoi": what, ...fields}` to the embedding page, only to its
/// origin, if there is one.
fn post_message(what: &str, fields: &[(&str, JsValue)]) {
    let Some(origin) = origin() else { return };
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"yorisoi".into(), &what.into());
    for (field, value) in fields {
        let _ = Reflect::set(&message, &(*field).into(), value);
    }
    let _ = parent.post_message(&message, &origin);
}

/// True when a message comes from the embedding page's origin: exactly the
/// `host` the loader gave (a trailing slash in `host` tolerated, as origins
/// never have one).
pub fn from_host(event_origin: &str, host: &str) -> bool {
    !event_origin.is_empty() && event_origin == host.trim_end_matches('/')
}

/// What a message from the loader says about the panel: `Some(true)` shown,
/// `Some(false)` hidden, `None` for anything else or anyone else.
pub fn panel_shown(event_origin: &str, host: &str, said: Option<&str>) -> Option<bool> {
    if !from_host(event_origin, host) {
        return None;
    }
    said.and_then(panel_said)
}

/// Calls `on_panel` with each accepted message about the panel, for the
/// page's life. Without a `host` no message is ever accepted.
pub fn listen(on_panel: impl Fn(bool) + 'static) {
    listen_loader(Box::new(move |said, _| {
        if let Some(shown) = panel_said(said) {
            on_panel(shown);
        }
    }));
}

fn panel_said(said: &str) -> Option<bool> {
    match said {
        "open" => Some(true),
        "closed" => Some(false),
        _ => None,
    }
}

/// What the loader says about the items it keeps for the widget.
pub enum LoaderStorage {
    /// Its answer to `storage-get`: every item, or `None` when the embedding
    /// page cannot store.
    All(Option<Object>),
    /// Another tab changed these items (a null value: removed).
    Changed(Object),
}

/// What a storage message says, from what it is (`yorisoi`) and its
/// `items`, when `items` is an object: `None` for anything else.
fn storage_news(said: &str, items: JsValue) -> Option<LoaderStorage> {
    let items = items.dyn_into::<Object>().ok();
    match said {
        "storage" => Some(LoaderStorage::All(items)),
        "stored" => items.map(LoaderStorage::Changed),
        _ => None,
    }
}

/// Calls `on_storage` with each accepted message about the loader's items,
/// for the page's life.
pub fn listen_storage(on_storage: fn(LoaderStorage)) {
    listen_loader(Box::new(move |said, data| {
        let items = Reflect::get(data, &JsValue::from_str("items")).unwrap_or_default();
        if let Some(news) = storage_news(said, items) {
            on_storage(news);
        }
    }));
}

/// Hears what a message from the loader says (`yorisoi`) and its data. Boxed:
/// one listener body in the wasm, whoever listens.
type OnMessage = Box<dyn Fn(&str, &JsValue)>;

/// Calls `on_message` with each message from the loader, for the page's
/// life. Without a `host` no message is ever accepted.
fn listen_loader(on_message: OnMessage) {
    let Some(host) = origin() else { return };
    let listener = Closure::new(move |event: web_sys::Event| {
        // A "message" event is always a MessageEvent.
        let event: web_sys::MessageEvent = event.unchecked_into();
        // Only our own parent window (not another frame of that page, nor a
        // window we opened) may speak for the loader.
        let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
        let from_parent = match (event.source(), parent) {
            (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
            _ => false,
        };
        if !from_parent || !from_host(&event.origin(), &host) {
            return;
        }
        let data = event.data();
        let said = Reflect::get(&data, &JsValue::from_str("yorisoi"))
            .ok()
            .and_then(|value| value.as_string());
        if let Some(said) = said {
            on_message(&said, &data);
        }
    });
    browser::listen_window("message", listener);
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "https://example.org";

    #[test]
    fn the_loader_on_the_host_origin_is_heard() {
        assert_eq!(panel_shown(HOST, HOST, Some("open")), Some(true));
        assert_eq!(panel_shown(HOST, HOST, Some("closed")), Some(false));
        assert_eq!(
            panel_shown(HOST, "https://example.org/", Some("open")),
            Some(true)
        );
    }

    #[test]
    fn only_the_embedding_pages_origin_speaks_for_the_loader() {
        // Storage messages carry the parent's token: the same check guards them.
        assert!(from_host(HOST, HOST));
        assert!(from_host(HOST, "https://example.org/"));
        for origin in [
            "https://example.org.evil.example",
            "http://example.org",
            "null",
            "",
        ] {
            assert!(!from_host(origin, HOST), "{origin}");
        }
        assert!(!from_host("", ""), "no host, no loader");
    }

    #[test]
    fn other_origins_and_other_messages_are_ignored() {
        for origin in [
            "https://evil.example",
            "https://example.org.evil.example",
            "http://example.org",
            "https://example.org:8443",
            "null",
            "",
        ] {
            assert_eq!(panel_shown(origin, HOST, Some("open")), None, "{origin}");
        }
        assert_eq!(panel_shown(HOST, HOST, Some("ready")), None);
        assert_eq!(panel_shown(HOST, HOST, None), None);
        assert_eq!(panel_shown("", "", Some("open")), None);
    }
}
