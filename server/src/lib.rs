//! Yorisoi's server as a library: the `yorisoi` binary only parses its
//! command line and calls in here, and the tests start the same server
//! in-process on a random port.
//!
//! Modules:
//! - [`config`]: typed settings, loaded from defaults, file, env and flags.
//! - [`cli`]: the command line (`serve`, `staff add`, `staff list`).
//! - [`admin`]: commands that work on the database without serving.
//! - [`store`]: SQLite storage; the only module with SQL.
//! - [`auth`]: argon2id passwords, login, sessions, secret digests.
//! - [`origin`]: origins, the own origin, who may embed, the origin guard.
//! - [`client_address`]: the client's address for per-address limits.
//! - [`throttle`]: rate limits and the cap on open sockets.
//! - [`hub`]: fan-out of changes to open sockets.
//! - [`socket`]: the WebSocket loop shared by both sockets, with liveness.
//! - [`cursor`]: in-order, gap-free delivery of a conversation to one socket.
//! - [`widget_socket`]: the parent's socket.
//! - [`console_socket`]: the staff console's socket.
//! - [`http`]: the router, the staff HTTP API and security headers.
//! - [`assets`]: the embedded web site.
//! - [`state`]: the shared handle every handler gets.
//! - [`clock`]: the time and randomness seams.
//! - [`error`]: one error enum per boundary.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod console_socket;
pub mod cursor;
pub mod error;
pub mod http;
pub mod hub;
pub mod origin;
pub mod socket;
pub mod state;
pub mod store;
pub mod throttle;
pub mod widget_socket;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

pub use config::Config;
pub use error::ServerError;
pub use state::AppState;

use crate::clock::{Clock, SystemClock, os_random};
use crate::store::Store;

/// Serves on `listener` until `shutdown` completes, then closes every open
/// socket and finishes in-flight requests.
pub async fn run(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    run_with_clock(listener, config, Arc::new(SystemClock), shutdown).await
}

/// [`run`] with a given clock, so tests can expire sessions and refill
/// limits without waiting.
pub async fn run_with_clock(
    listener: tokio::net::TcpListener,
    config: Config,
    clock: Arc<dyn Clock>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let store = Store::open(&config.database, clock).await?;
    let state = AppState::new(store, config, os_random);
    // The peer address feeds per-address limits (see `client_address`).
    let service = app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "yorisoi is listening");
    }
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down");
            state.begin_shutdown();
        })
        .await?;
    Ok(())
}

/// The whole application as a router, for `run` and for `oneshot()` tests.
pub fn app(state: AppState) -> Router {
    http::router(state)
}
