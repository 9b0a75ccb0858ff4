//! The widget's side of the `postMessage` conversation with the loader on
//! the embedding page. The embedding page's origin is the iframe URL's
//! `host` parameter (the loader puts it there); the widget posts only to that
//! origin (never `"*"`), and accepts only messages that come from that
//! origin *and* from its own parent window, so no other page or frame can
//! steer it. The loader tells the widget whether its panel is shown
//! (`{"yorisoi":"open"}` / `{"yorisoi":"closed"}`): a hidden panel must not
//! mark replies as read.

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

use crate::browser;

/// The embedding page's origin, from the iframe URL, if the loader gave it.
pub fn origin() -> Option<String> {
    browser::query_param("host").filter(|host| !host.is_empty())
}

/// Posts `{"yorisoi": what}` to the embedding page, if there is one.
pub fn post(what: &str) {
    if let Some(origin) = origin() {
        browser::post_to_parent(&origin, what);
    }
}

/// What a message from the loader says about the panel: `Some(true)` shown,
/// `Some(false)` hidden, `None` for anything else or anyone else. The
/// origin must be exactly the `host` the loader gave (a trailing slash in
/// `host` tolerated, as origins never have one).
pub fn panel_shown(event_origin: &str, host: &str, said: Option<&str>) -> Option<bool> {
    if event_origin.is_empty() || event_origin != host.trim_end_matches('/') {
        return None;
    }
    match said {
        Some("open") => Some(true),
        Some("closed") => Some(false),
        _ => None,
    }
}

/// Calls `on_panel` with each accepted message about the panel, for the
/// page's life. Without a `host` no message is ever accepted.
pub fn listen(on_panel: impl Fn(bool) + 'static) {
    let Some(host) = origin() else { return };
    let listener = Closure::new(move |event: web_sys::Event| {
        // A "message" event is always a MessageEvent.
        let event: web_sys::MessageEvent = wasm_bindgen::JsCast::unchecked_into(event);
        // Only our own parent window (not another frame of that page, nor a
        // window we opened) may speak for the loader.
        let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
        let from_parent = match (event.source(), parent) {
            (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let said = Reflect::get(&event.data(), &JsValue::from_str("yorisoi"))
            .ok()
            .and_then(|value| value.as_string());
        if let Some(shown) = panel_shown(&event.origin(), &host, said.as_deref()) {
            on_panel(shown);
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
