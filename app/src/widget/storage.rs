//! Where the widget keeps what must survive a reload (the visitor token and
//! the outbox), wherever it is embedded. A frame from another site
//! (`hidamari.example.org` embedding `chat.example.net`) may find its own
//! `localStorage` partitioned, wiped when the site's tabs close, or refused
//! outright; the loader runs first-party in the embedding page and keeps the
//! widget's items in that page's storage, handing them over the checked
//! channel of [`host`].
//!
//! [`open`] asks the loader for its items once, before the session starts,
//! waiting [`LOADER_PATIENCE`] at most (a loader from before this channel
//! never answers). From then on reads come from a mirror of the loader's
//! items, kept current with the changes other tabs make; every write goes to
//! the mirror, to the loader and to the frame's own storage. Without a loader
//! that can store (the widget opened at `/widget`, or an embedding page whose
//! own storage is refused) the frame's own `localStorage` is all there is,
//! and [`durable`] says whether anything survives at all.

use std::cell::RefCell;
use std::time::Duration;

use js_sys::{Object, Reflect};
use leptos::prelude::set_timeout;
use wasm_bindgen::JsValue;

use super::host::{self, LoaderStorage};
use crate::browser;

/// How long the widget waits for the loader's items before it starts with
/// its own storage alone.
pub const LOADER_PATIENCE: Duration = Duration::from_millis(1500);

struct State {
    /// The mirror of the loader's items (key to text; null or missing: no
    /// item), once the loader answered that it can store. Only the keys the
    /// widget asks for are ever read, so nothing else the message held
    /// matters.
    loader: Option<Object>,
    /// Something survives a reload: the loader's storage or our own.
    durable: bool,
    /// What [`open`] runs once storage is known.
    waiting: Option<fn()>,
}

thread_local! {
    static STATE: RefCell<State> = const {
        RefCell::new(State {
            loader: None,
            durable: false,
            waiting: None,
        })
    };
}

/// Finds out where to keep things, then calls `on_ready` (once): at once
/// without a loader, otherwise on the loader's answer or after
/// [`LOADER_PATIENCE`].
pub fn open(on_ready: fn()) {
    STATE.with_borrow_mut(|state| state.waiting = Some(on_ready));
    if host::origin().is_none() {
        ready(None);
        return;
    }
    host::listen_storage(heard);
    host::post("storage-get");
    set_timeout(|| ready(None), LOADER_PATIENCE);
}

fn heard(news: LoaderStorage) {
    match news {
        LoaderStorage::All(items) => ready(items),
        LoaderStorage::Changed(changes) => STATE.with_borrow(|state| {
            if let Some(mirror) = &state.loader {
                Object::assign(mirror, &changes);
            }
        }),
    }
}

/// Settles where things are kept and starts the widget, the first time only
/// (a late answer after the timeout is ignored: the session already read).
// Called from two places: one copy in the widget's wasm, not two.
#[inline(never)]
fn ready(loader: Option<Object>) {
    let waiting = STATE.with_borrow_mut(|state| {
        let waiting = state.waiting.take()?;
        state.durable = loader.is_some() || browser::storage_works();
        state.loader = loader;
        Some(waiting)
    });
    if let Some(on_ready) = waiting {
        on_ready();
    }
}

/// False when nothing the widget keeps survives closing the page.
pub fn durable() -> bool {
    STATE.with_borrow(|state| state.durable)
}

/// The value kept under `key`.
pub fn get(key: &str) -> Option<String> {
    STATE
        .with_borrow(|state| {
            let mirror = state.loader.as_ref()?;
            Some(
                Reflect::get(mirror, &JsValue::from_str(key))
                    .ok()?
                    .as_string(),
            )
        })
        .unwrap_or_else(|| browser::storage_get(key))
}

/// Keeps `value` under `key` everywhere it can be kept.
pub fn set(key: &str, value: &str) {
    browser::storage_set(key, value);
    keep_with_loader(key, Some(value));
}

/// Forgets `key` everywhere.
pub fn remove(key: &str) {
    browser::storage_remove(key);
    keep_with_loader(key, None);
}

fn keep_with_loader(key: &str, value: Option<&str>) {
    let bridged = STATE.with_borrow(|state| {
        state.loader.as_ref().is_some_and(|mirror| {
            let value = value.map_or(JsValue::NULL, JsValue::from_str);
            Reflect::set(mirror, &JsValue::from_str(key), &value).is_ok()
        })
    });
    if bridged {
        host::post_storage_set(key, value);
    }
}
