//! A WebSocket that keeps itself connected: reconnects with backoff after any
//! close, pings every 25 s so proxies keep it open, and publishes its state
//! for the "Connecting… / Offline" line. What to send on (re)open (Hello,
//! pending messages) is the caller's `on_open`, so resume logic stays with
//! the state it needs.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, WebSocket};

use crate::api::{backoff, json};

/// How often a `Ping` frame is sent while connected.
const PING_EVERY: Duration = Duration::from_secs(25);

/// What the user is told about the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnState {
    /// First connection attempt in progress.
    Connecting,
    /// Connected; nothing to show.
    Open,
    /// Lost; retrying in the background.
    Offline,
}

type Handler = Box<dyn Fn(&Socket, String)>;
type EventCallback = Closure<dyn FnMut(web_sys::Event)>;

struct Inner {
    url: String,
    status: RwSignal<ConnState>,
    /// The current socket while connecting or open; `None` between attempts.
    ws: RefCell<Option<WebSocket>>,
    /// Failed attempts since the last successful open, for the backoff.
    attempt: Cell<u32>,
    /// Set by [`Socket::close`]: no more reconnects (logout).
    stopped: Cell<bool>,
    on_open: Box<dyn Fn(&Socket)>,
    on_text: Handler,
    /// The current socket's event callbacks, kept alive while it lives.
    callbacks: RefCell<Vec<EventCallback>>,
    /// Set by the caller once the server has greeted this connection;
    /// cleared on every (re)connect. Frames sent earlier would be refused.
    ready: Cell<bool>,
}

/// A cheap handle on one reconnecting socket.
#[derive(Clone)]
pub struct Socket {
    inner: Rc<Inner>,
}

impl Socket {
    /// Connects to `path` on this host (ws or wss like the page), calling
    /// `on_open` after every (re)connection and `on_frame` for each frame
    /// that decodes as `In` (others are ignored: a newer server may send
    /// frames this client does not know).
    pub fn connect<In: DeserializeOwned + 'static>(
        path: &str,
        status: RwSignal<ConnState>,
        on_open: impl Fn(&Socket) + 'static,
        on_frame: impl Fn(&Socket, In) + 'static,
    ) -> Socket {
        let inner = Rc::new(Inner {
            url: crate::browser::socket_url(path),
            status,
            ws: RefCell::new(None),
            attempt: Cell::new(0),
            stopped: Cell::new(false),
            on_open: Box::new(on_open),
            on_text: Box::new(move |socket, text| {
                if let Some(frame) = json::decode::<In>(&text) {
                    on_frame(socket, frame);
                }
            }),
            callbacks: RefCell::new(Vec::new()),
            ready: Cell::new(false),
        });
        let socket = Socket { inner };
        socket.open();
        let weak = Rc::downgrade(&socket.inner);
        set_interval(
            move || {
                if let Some(inner) = weak.upgrade() {
                    Socket { inner }.send_when_ready(&"Ping");
                }
            },
            PING_EVERY,
        );
        socket.reconnect_when_online();
        socket
    }

    /// Sends `frame` if connected; false when it could not be handed over
    /// (the caller keeps it pending and resends it from `on_open`).
    pub fn send<T: Serialize>(&self, frame: &T) -> bool {
        let ws = self.inner.ws.borrow();
        match (ws.as_ref(), json::encode(frame)) {
            (Some(ws), Some(text)) if ws.ready_state() == WebSocket::OPEN => {
                ws.send_with_str(&text).is_ok()
            }
            _ => false,
        }
    }

    /// Records that the server greeted this connection (Welcome).
    pub fn set_ready(&self) {
        self.inner.ready.set(true);
    }

    /// Sends `frame` only once the connection was greeted; until then the
    /// caller's state (pending messages, language) goes out from `on_open`
    /// or the greeting instead.
    pub fn send_when_ready<T: Serialize>(&self, frame: &T) -> bool {
        self.inner.ready.get() && self.send(frame)
    }

    /// True while connected.
    pub fn is_open(&self) -> bool {
        self.inner
            .ws
            .borrow()
            .as_ref()
            .is_some_and(|ws| ws.ready_state() == WebSocket::OPEN)
    }

    /// Closes for good (logout): no reconnects after this.
    pub fn close(&self) {
        self.inner.stopped.set(true);
        if let Some(ws) = self.inner.ws.borrow_mut().take() {
            // Unhook first: the callbacks may be dropped before the close
            // completes, and a late event must not call into freed closures.
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
    }

    fn open(&self) {
        let inner = &self.inner;
        if inner.stopped.get() || inner.ws.borrow().is_some() {
            return;
        }
        if inner.attempt.get() == 0 && inner.status.get_untracked() != ConnState::Offline {
            inner.status.set(ConnState::Connecting);
        }
        let Ok(ws) = WebSocket::new(&inner.url) else {
            self.retry_later();
            return;
        };
        let weak = Rc::downgrade(inner);
        inner.ready.set(false);
        let on_open = callback(&weak, |socket, _| {
            socket.inner.ready.set(false);
            socket.inner.attempt.set(0);
            socket.inner.status.set(ConnState::Open);
            (socket.inner.on_open)(socket);
        });
        let on_message = callback(&weak, |socket, event| {
            if let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            {
                (socket.inner.on_text)(socket, text);
            }
        });
        let on_close = callback(&weak, |socket, _| {
            socket.inner.ws.borrow_mut().take();
            socket.inner.ready.set(false);
            socket.inner.status.set(ConnState::Offline);
            socket.retry_later();
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *inner.ws.borrow_mut() = Some(ws);
        // The previous socket is gone (closed), so its callbacks can go too.
        *inner.callbacks.borrow_mut() = vec![on_open, on_message, on_close];
    }

    fn retry_later(&self) {
        let attempt = self.inner.attempt.get();
        self.inner.attempt.set(attempt.saturating_add(1));
        let delay = backoff::delay_ms(attempt, js_sys::Math::random());
        let weak = Rc::downgrade(&self.inner);
        set_timeout(
            move || {
                if let Some(inner) = weak.upgrade() {
                    Socket { inner }.open();
                }
            },
            Duration::from_millis(u64::from(delay)),
        );
    }

    /// The browser knows when the network returns: try at once then instead
    /// of waiting out the backoff.
    fn reconnect_when_online(&self) {
        let weak = Rc::downgrade(&self.inner);
        let online = callback(&weak, |socket, _| socket.open());
        if let Some(window) = web_sys::window() {
            let _ =
                window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        }
        // Lives as long as the page, like the socket itself.
        online.forget();
    }
}

/// An event callback holding only a weak reference to the socket.
fn callback(weak: &Weak<Inner>, body: impl Fn(&Socket, web_sys::Event) + 'static) -> EventCallback {
    let weak = weak.clone();
    Closure::new(move |event: web_sys::Event| {
        if let Some(inner) = weak.upgrade() {
            body(&Socket { inner }, event);
        }
    })
}
