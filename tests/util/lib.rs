//! Shared helpers for Yorisoi's integration and browser tests: a real server
//! on a random port with its own temporary database ([`TestServer`]),
//! WebSocket clients that speak the protocol's frames and wait for them with
//! a timeout ([`Socket`]), and a staff HTTP client with a cookie store
//! ([`StaffClient`]). Nothing here sleeps to wait for an effect: helpers wait
//! for the frame or response that proves it, and fail after [`TIMEOUT`].
//!
//! Modules: [`server`] (the in-process server), [`organisations`] (several
//! organisations on one server: adding them, their staff, consoles and
//! widgets, their faces), [`access`] (helpers for the security tests),
//! [`socket`] (protocol-level WebSocket client, frame by frame), [`staff`]
//! (the staff HTTP client), [`client`] (the reference client: the
//! protocol's outbox/resume algorithm), [`chaos`] (a fault-injecting
//! WebSocket proxy), [`process`] (the real `yorisoi` binary as a child
//! process, for the crash test and several nodes), [`postgres`] (a
//! throwaway PostgreSQL database), [`verify`] (seeds, settling, and comparing
//! clients with the database).
//!
//! Every client here behaves as the real pages do: sockets and `POST`s carry
//! the server's own `Origin`, `POST`s the CSRF header. All test clients share
//! one address (127.0.0.1), so [`TestServer::start`] lifts the abuse limits
//! out of the way ([`generous_limits`]); tests of the limits set small ones
//! with [`TestServer::start_with`]. Tests of one organisation use the
//! server's first one (`main`), which every [`TestServer`] has from the start.

pub mod access;
pub mod chaos;
pub mod client;
pub mod hours;
pub mod organisations;
pub mod postgres;
pub mod process;
pub mod server;
pub mod socket;
pub mod staff;
pub mod verify;

use std::time::Duration;

use yorisoi_server::Config;

pub use client::console::ConsoleClient;
pub use client::widget::{WidgetClient, new_token};
pub use organisations::{Role, STAFF_PASSWORD};
pub use server::TestServer;
pub use socket::{ConsoleSocket, Socket, WidgetSocket, new_client_id, random_token};
pub use staff::StaffClient;

/// How long a helper waits for a frame or response before failing the test.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The `Origin` a page of the server at `url` (`http://…` or `ws://…`,
/// any path) sends: scheme, host and port.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("an absolute URL");
    let scheme = match scheme {
        "ws" => "http",
        "wss" => "https",
        other => other,
    };
    let authority = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{authority}")
}

/// Sets every abuse limit so high that no ordinary test meets one: all
/// test clients come from 127.0.0.1.
pub fn generous_limits(config: &mut Config) {
    const PLENTY: u32 = 1_000_000;
    config.limit_new_conversations = PLENTY;
    config.limit_proven_new_conversations = PLENTY;
    config.limit_address_messages_per_minute = PLENTY;
    config.limit_site_new_conversations = PLENTY;
    config.limit_messages_per_minute = PLENTY;
    config.limit_messages_burst = PLENTY;
    config.limit_site_messages_per_minute = PLENTY;
    config.limit_login_failures_per_account = PLENTY;
    config.limit_login_failures_per_address = PLENTY;
    config.limit_connections_per_address = PLENTY;
    config.limit_staff_connections_per_address = PLENTY;
    config.limit_socket_frames_per_second = PLENTY;
    config.limit_socket_frames_burst = PLENTY;
    config.limit_widget_writes_per_minute = PLENTY;
    config.limit_unread_asks_per_minute = PLENTY;
}
