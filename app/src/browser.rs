//! Small wrappers over the browser APIs both apps use: storage, the URL,
//! local time, message ids and the page's language. Every failure (no
//! storage in a private window, no `crypto.randomUUID` outside a secure
//! context) degrades quietly: these are conveniences, not requirements.

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yorisoi_protocol::{ClientId, Lang};

use crate::time_text::LocalTime;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// Reads `key` from localStorage.
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Opens `url` in a new tab (from a click: browsers let only a user's
/// gesture open one), the console's tab staying as it is.
pub fn open_tab(url: &str) {
    if let Some(window) = window() {
        let _ = window.open_with_url_and_target_and_features(url, "_blank", "noopener");
    }
}

/// Writes `key` to localStorage (ignored when storage is unavailable).
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes `key` from localStorage.
pub fn storage_remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// True when localStorage takes a write (some browsers hand out a storage
/// that refuses every write, or refuse even to hand one out).
pub fn storage_works() -> bool {
    const PROBE: &str = "yorisoi.probe";
    storage().is_some_and(|storage| {
        let works = storage.set_item(PROBE, "1").is_ok();
        let _ = storage.remove_item(PROBE);
        works
    })
}

/// A query parameter of the page's URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The browser's preferred language, when it is one we speak.
pub fn navigator_lang() -> Option<Lang> {
    Lang::from_tag(&window()?.navigator().language()?)
}

/// `ws://` or `wss://` (matching the page) plus this host and `path`.
pub fn socket_url(path: &str) -> String {
    let location = window().map(|w| w.location());
    let secure = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let host = location.and_then(|l| l.host().ok()).unwrap_or_default();
    [if secure { "wss://" } else { "ws://" }, &host, path].concat()
}

/// Milliseconds since the Unix epoch, from the browser clock.
pub fn now_ms() -> i64 {
    Date::now() as i64
}

/// A fresh UUID v4 for a message. `crypto.randomUUID` exists only in secure
/// contexts, so fall back to `Math.random` (ids only need to be unique per
/// conversation, not secret).
pub fn new_client_id() -> ClientId {
    if let Some(crypto) = window().and_then(|w| w.crypto().ok())
        && Reflect::has(&crypto, &JsValue::from_str("randomUUID")).unwrap_or(false)
    {
        return ClientId(crypto.random_uuid());
    }
    let mut id = String::with_capacity(36);
    for i in 0..36 {
        let digit = match i {
            8 | 13 | 18 | 23 => {
                id.push('-');
                continue;
            }
            14 => 4,
            19 => 8 + (js_sys::Math::random() * 4.0) as u32,
            _ => (js_sys::Math::random() * 16.0) as u32,
        };
        id.push(char::from_digit(digit, 16).unwrap_or('0'));
    }
    ClientId(id)
}

/// A fresh visitor token: 32 bytes from `crypto.getRandomValues` as 64
/// lowercase hex digits (the protocol's format). `Math.random` stands in
/// only where there is no Web Crypto at all (very old browsers).
pub fn new_visitor_token() -> String {
    let mut bytes = [0u8; 32];
    let filled = window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    // By hand: the widget's wasm need not carry padded integer formatting.
    let hex = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
    bytes
        .iter()
        .flat_map(|b| [hex(b >> 4), hex(b & 0x0f)])
        .collect()
}

/// False when the browser knows it has no network (`navigator.onLine`).
pub fn is_online() -> bool {
    window().is_none_or(|w| w.navigator().on_line())
}

/// True while the page is not visible (background tab, minimised).
pub fn page_hidden() -> bool {
    window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Calls `callback` on every `name` event of the window, for the page's life.
pub fn listen_window(name: &str, callback: Closure<dyn FnMut(web_sys::Event)>) {
    if let Some(window) = window() {
        let _ = window.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    }
    callback.forget();
}

/// Calls `callback` on every `name` event of the document, for the page's life.
pub fn listen_document(name: &str, callback: Closure<dyn FnMut(web_sys::Event)>) {
    if let Some(document) = window().and_then(|w| w.document()) {
        let _ = document.add_event_listener_with_callback(name, callback.as_ref().unchecked_ref());
    }
    callback.forget();
}

/// `ms` (since the epoch) in the browser's local time zone, as the parts
/// [`crate::time_text`] writes out; the present when `ms` is `None`.
pub fn local_time(ms: Option<i64>) -> LocalTime {
    let date = match ms {
        Some(ms) => Date::new(&JsValue::from_f64(ms as f64)),
        None => Date::new_0(),
    };
    LocalTime {
        year: date.get_full_year() as i32,
        month: date.get_month() + 1,
        day: date.get_date(),
        hour: date.get_hours(),
        minute: date.get_minutes(),
    }
}

/// Keeps `<html lang>` and the tab title in the UI language, for screen
/// readers (pronunciation) and for the browser's own UI.
pub fn set_document_language(lang: Lang, title: &str) {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    document.set_title(title);
}

/// Posts `{"yorisoi": what}` to the embedding page, only to `origin`.
pub fn post_to_parent(origin: &str, what: &str) {
    let Some(parent) = window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(
        &message,
        &JsValue::from_str("yorisoi"),
        &JsValue::from_str(what),
    );
    let _ = parent.post_message(&message, origin);
}

/// Scrolls an element to its bottom (the newest message).
pub fn scroll_to_bottom(element: &web_sys::Element) {
    element.set_scroll_top(element.scroll_height());
}

/// The `value` of an input or textarea behind an event target.
pub fn target_value(event: &web_sys::Event) -> String {
    let Some(target) = event.target() else {
        return String::new();
    };
    if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.value()
    } else if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else {
        String::new()
    }
}

/// The button a click landed in (on it or on its text), for the one
/// listener of a part written as markup (see `components::markup`).
pub fn clicked_button(event: &web_sys::Event) -> Option<web_sys::Element> {
    event
        .target()?
        .unchecked_into::<web_sys::Element>()
        .closest("button")
        .ok()
        .flatten()
}
