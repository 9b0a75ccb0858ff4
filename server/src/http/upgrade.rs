//! The two WebSocket upgrades: each counts the socket against its kind's
//! per-address cap, parents' and staff's apart (over it: one `Error RateLimited` frame, then close
//! 1013), caps frame sizes, and hands the socket to its protocol in
//! [`crate::socket`]. The console's needs a valid staff session (the
//! extractor answers 401 first).

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;
use futures_util::StreamExt as _;
use serde::Serialize;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::limits::{CLOSE_TRY_AGAIN_LATER, MAX_FRAME_BYTES};

use super::extractors::{OwnOrigin, StaffSession, Upgrade};
use crate::client_address::ClientAddress;
use crate::hub::ConnectionId;
use crate::service::Service;
use crate::service::console::Console;
use crate::service::visitor::Visitor;
use crate::socket::console::ConsoleSocket;
use crate::socket::widget::WidgetSocket;
use crate::socket::{Session, refuse, run};
use crate::throttle::{SocketKind, admit_connection};

/// The first allocation of a socket's read buffer. tungstenite's default
/// (128 KiB, allocated and zeroed at once) made each idle phone cost
/// ~146 KB of memory; our frames are small (a message is at most a few
/// KB), and the buffer still grows for a larger frame up to
/// [`MAX_FRAME_BYTES`].
const READ_BUFFER_BYTES: usize = 2048;

/// Frames queued in one turn of the socket loop are written together up to
/// this much (then written as they come); the loop flushes after each turn.
/// The buffer grows only as frames fill it (tungstenite's default, 128 KiB,
/// is a threshold too, not an allocation).
const WRITE_BUFFER_BYTES: usize = 16 * 1024;

/// Upgrades the request and runs the widget protocol on it (the origin
/// guard has already checked `Origin`).
pub async fn widget(
    State(service): State<Service>,
    address: ClientAddress,
    OwnOrigin(own): OwnOrigin,
    Upgrade(upgrade): Upgrade,
) -> Response {
    let refusal = WidgetSocket::error(ErrorCode::RateLimited, None);
    let on_socket = service.clone();
    accept(
        service,
        address.clone(),
        upgrade,
        SocketKind::Widget,
        refusal,
        move |connection| WidgetSocket(Visitor::new(on_socket, connection, address, own)),
    )
}

/// Upgrades an authenticated request and runs the console protocol on it.
/// The session extractor runs first, so an anonymous request gets 401.
pub async fn console(
    State(service): State<Service>,
    address: ClientAddress,
    session: StaffSession,
    Upgrade(upgrade): Upgrade,
) -> Response {
    let refusal = ConsoleSocket::error(ErrorCode::RateLimited, None);
    let on_socket = service.clone();
    let kind = SocketKind::Console;
    accept(
        service,
        address,
        upgrade,
        kind,
        refusal,
        move |connection| {
            let StaffSession {
                staff,
                session_hash,
            } = session;
            ConsoleSocket::new(Console::new(on_socket, connection, staff, session_hash))
        },
    )
}

/// Counts the socket, then runs the protocol `open` makes for it until the
/// socket ends; over the cap, answers `refusal` and closes with 1013.
fn accept<T, F>(
    service: Service,
    address: ClientAddress,
    upgrade: WebSocketUpgrade,
    kind: SocketKind,
    refusal: impl Serialize + Send + Sync + 'static,
    open: F,
) -> Response
where
    T: Session + 'static,
    F: FnOnce(ConnectionId) -> T + Send + 'static,
{
    let guard = admit_connection(service.config(), service.limits(), &address, kind);
    upgrade
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            // Shutdown waits for this socket's closing frame.
            let _open = service.socket_opened();
            let Some(_counted) = guard else {
                return refuse(socket, &refusal, CLOSE_TRY_AGAIN_LATER).await;
            };
            let connection = service.hub().connection_id();
            tracing::debug!(?connection, "socket opened");
            let (sink, stream) = socket.split();
            run(&service, open(connection), sink, stream).await;
            tracing::debug!(?connection, "socket closed");
        })
}
