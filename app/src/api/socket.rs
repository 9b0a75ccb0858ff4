//! A WebSocket that keeps itself connected (step 5 of the client algorithm
//! in `yorisoi_protocol`'s crate docs): it probes with `Ping` every
//! [`HEARTBEAT_INTERVAL_MS`], declares the connection dead when a probe goes
//! unanswered (see [`heartbeat`]), reconnects with backoff and jitter (see
//! [`backoff`]), at once when the browser comes back online or the page
//! becomes visible, and publishes its state for the status line. What to
//! send on (re)open (Hello, the outbox, re-Opens) is the caller's `on_open`
//! and greeting handler, so resume logic stays with the state it needs.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};
use yorisoi_protocol::limits::{
    CLOSE_SERVICE_RESTART, HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS,
};

use crate::api::heartbeat::Heartbeat;
use crate::api::{backoff, json};
use crate::browser;

/// How long "Connected again" stays before the status line clears.
const BACK_SHOWN_FOR: Duration = Duration::from_secs(4);

/// What the user is told about the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnState {
    /// First connection attempt in progress.
    Connecting,
    /// Connected; nothing to show.
    Open,
    /// The browser says there is no network; retrying when it returns.
    Offline,
    /// The connection was lost although the network is there; retrying.
    Reconnecting,
    /// Greeted again after a loss ("Connected again"), shown briefly.
    Back,
}

impl ConnState {
    /// True while messages cannot go out.
    pub fn is_down(self) -> bool {
        matches!(self, ConnState::Offline | ConnState::Reconnecting)
    }
}

type Handler = Box<dyn Fn(&Socket, String)>;
type EventCallback = Closure<dyn FnMut(web_sys::Event)>;

struct Inner {
    url: String,
    status: RwSignal<ConnState>,
    /// The current socket while connecting or open; `None` between attempts.
    ws: RefCell<Option<WebSocket>>,
    /// Bumped for each new WebSocket, so timers armed for an earlier one
    /// (heartbeat checks) do nothing to its successor.
    generation: Cell<u32>,
    /// Failed attempts since a connection last lasted, for the backoff.
    attempt: Cell<u32>,
    /// A reconnect timer is armed (one at a time, however many losses).
    retry_armed: Cell<bool>,
    /// Set by [`Socket::close`]: no more reconnects (logout).
    stopped: Cell<bool>,
    on_open: Box<dyn Fn(&Socket)>,
    on_text: Handler,
    /// The current socket's event callbacks, kept alive while it lives.
    callbacks: RefCell<Vec<EventCallback>>,
    /// Set by the caller once the server has greeted this connection;
    /// cleared on every (re)connect. Frames sent earlier would be refused.
    ready: Cell<bool>,
    /// When this connection was greeted (ms), to reset the backoff only
    /// after a connection that lasted.
    greeted_at: Cell<Option<f64>>,
    heartbeat: Cell<Heartbeat>,
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
            url: browser::socket_url(path),
            status,
            ws: RefCell::new(None),
            generation: Cell::new(0),
            attempt: Cell::new(0),
            retry_armed: Cell::new(false),
            stopped: Cell::new(false),
            on_open: Box::new(on_open),
            on_text: Box::new(move |socket, text| {
                if let Some(frame) = json::decode::<In>(&text) {
                    on_frame(socket, frame);
                }
            }),
            callbacks: RefCell::new(Vec::new()),
            ready: Cell::new(false),
            greeted_at: Cell::new(None),
            heartbeat: Cell::new(Heartbeat::default()),
        });
        let socket = Socket { inner };
        socket.open();
        let weak = Rc::downgrade(&socket.inner);
        set_interval(
            move || {
                if let Some(inner) = weak.upgrade() {
                    Socket { inner }.probe();
                }
            },
            Duration::from_millis(u64::from(HEARTBEAT_INTERVAL_MS)),
        );
        socket.follow_the_browser();
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

    /// Records that the server greeted this connection (Welcome) and tells
    /// the user when this ends an outage.
    pub fn set_ready(&self) {
        let inner = &self.inner;
        inner.ready.set(true);
        inner.greeted_at.set(Some(js_sys::Date::now()));
        if inner.status.get_untracked().is_down() {
            inner.status.set(ConnState::Back);
            let status = inner.status;
            set_timeout(
                move || {
                    if status.try_get_untracked() == Some(ConnState::Back) {
                        status.set(ConnState::Open);
                    }
                },
                BACK_SHOWN_FOR,
            );
        } else if inner.status.get_untracked() == ConnState::Connecting {
            inner.status.set(ConnState::Open);
        }
    }

    /// Sends `frame` only once the connection was greeted; until then the
    /// caller's state (outbox, language) goes out from the greeting instead.
    pub fn send_when_ready<T: Serialize>(&self, frame: &T) -> bool {
        self.inner.ready.get() && self.send(frame)
    }

    /// Drops this connection and connects again (after the backoff): a gap
    /// in the sequence, a new token, a connection that stopped answering.
    pub fn reconnect(&self) {
        self.lose();
    }

    /// Replaces this connection at once, without counting it as a loss (no
    /// backoff, no "Reconnecting…"): the server is about to close it after
    /// a deliberate end, such as a revoked token.
    pub fn restart(&self) {
        self.drop_ws();
        self.open();
    }

    /// Closes for good (logout): no reconnects after this.
    pub fn close(&self) {
        self.inner.stopped.set(true);
        self.drop_ws();
    }

    fn open(&self) {
        let inner = &self.inner;
        if inner.stopped.get() || inner.ws.borrow().is_some() {
            return;
        }
        let Ok(ws) = WebSocket::new(&inner.url) else {
            self.lose();
            return;
        };
        let generation = inner.generation.get().wrapping_add(1);
        inner.generation.set(generation);
        inner.ready.set(false);
        inner.heartbeat.set(Heartbeat::default());
        let weak = Rc::downgrade(inner);
        let on_open = callback(&weak, |socket, _| {
            // The greeting is the first probe's answer: a socket that opens
            // but never hears from the server is as dead as a silent one.
            socket.arm_probe();
            (socket.inner.on_open)(socket);
        });
        let on_message = callback(&weak, |socket, event| {
            let mut heartbeat = socket.inner.heartbeat.get();
            heartbeat.frame();
            socket.inner.heartbeat.set(heartbeat);
            if let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            {
                (socket.inner.on_text)(socket, text);
            }
        });
        let on_close = callback(&weak, |socket, event| {
            let code = event.dyn_ref::<CloseEvent>().map(CloseEvent::code);
            if code == Some(CLOSE_SERVICE_RESTART) {
                // A node stopping for a restart or a deployment: another
                // answers now, so come back after the first, shortest delay
                // (its jitter spreads the many clients of that node).
                socket.inner.attempt.set(0);
            }
            socket.lose();
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        *inner.ws.borrow_mut() = Some(ws);
        // The previous socket is gone (closed), so its callbacks can go too.
        *inner.callbacks.borrow_mut() = vec![on_open, on_message, on_close];
    }

    /// Unhooks and closes the current socket, if any.
    fn drop_ws(&self) {
        let ws = self.inner.ws.borrow_mut().take();
        if let Some(ws) = ws {
            // Unhook first: a late event of this socket must neither call
            // into freed closures nor count as a loss of its successor.
            ws.set_onopen(None);
            ws.set_onmessage(None);
            ws.set_onclose(None);
            let _ = ws.close();
        }
        self.inner.ready.set(false);
    }

    /// The connection is gone: say so and schedule the next attempt.
    fn lose(&self) {
        let inner = &self.inner;
        self.drop_ws();
        let lasted = inner
            .greeted_at
            .take()
            .map(|since| js_sys::Date::now() - since);
        inner
            .attempt
            .set(backoff::attempt_after_loss(inner.attempt.get(), lasted));
        if !inner.stopped.get() {
            inner.status.set(if browser::is_online() {
                ConnState::Reconnecting
            } else {
                ConnState::Offline
            });
            self.retry_later();
        }
    }

    fn retry_later(&self) {
        let inner = &self.inner;
        if inner.retry_armed.replace(true) {
            return;
        }
        let attempt = inner.attempt.get();
        inner.attempt.set(attempt.saturating_add(1));
        let delay = backoff::delay_ms(attempt, js_sys::Math::random());
        let weak = Rc::downgrade(inner);
        set_timeout(
            move || {
                if let Some(inner) = weak.upgrade() {
                    inner.retry_armed.set(false);
                    Socket { inner }.open();
                }
            },
            Duration::from_millis(u64::from(delay)),
        );
    }

    /// A heartbeat: `Ping` on a greeted connection, then wait for a frame.
    fn probe(&self) {
        if self.send_when_ready(&"Ping") {
            self.arm_probe();
        }
    }

    /// Starts waiting for a frame; if none comes in time, reconnects.
    fn arm_probe(&self) {
        let inner = &self.inner;
        let mut heartbeat = inner.heartbeat.get();
        heartbeat.probe(js_sys::Date::now());
        inner.heartbeat.set(heartbeat);
        let generation = inner.generation.get();
        let weak = Rc::downgrade(inner);
        set_timeout(
            move || {
                let Some(inner) = weak.upgrade() else { return };
                if inner.generation.get() == generation
                    && inner.ws.borrow().is_some()
                    && inner.heartbeat.get().is_dead(js_sys::Date::now())
                {
                    Socket { inner }.lose();
                }
            },
            // A little slack so the check falls after the deadline.
            Duration::from_millis(u64::from(HEARTBEAT_TIMEOUT_MS) + 100),
        );
    }

    /// The browser knows when the network comes and goes, and when a tab
    /// returns from the background (where timers sleep and connections die
    /// unnoticed): act at once instead of waiting out a timer.
    fn follow_the_browser(&self) {
        let weak = Rc::downgrade(&self.inner);
        let online = callback(&weak, |socket, _| {
            socket.inner.attempt.set(0);
            socket.open();
        });
        let offline = callback(&weak, |socket, _| socket.lose());
        let visible = callback(&weak, |socket, _| {
            if browser::page_hidden() {
                return;
            }
            if socket.inner.ws.borrow().is_none() {
                socket.open();
            } else {
                socket.probe();
            }
        });
        browser::listen_window("online", online);
        browser::listen_window("offline", offline);
        browser::listen_document("visibilitychange", visible);
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
