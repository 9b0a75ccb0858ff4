//! Yorisoi's server as a library: the `yorisoi` binary only parses its
//! command line and calls in here, and the tests start the same server
//! in-process on a random port.
//!
//! Three layers, each importing only downward:
//! - transport: [`http`] (router, staff API, widget page, guards,
//!   extractors), [`socket`] (the two WebSockets and their shared loop),
//!   [`assets`] (the embedded site) and [`admin`] (the command line's
//!   commands). They decode, call one use case, and encode its result.
//! - service: [`service`], one function per use case, given the
//!   organisation, the caller and the time.
//! - storage and fan-out: [`store`] (the only SQL, one interface, a module
//!   per backend), [`hub`] (fan-out scoped by organisation and
//!   conversation), [`cursor`] (in-order, gap-free delivery to one
//!   client) and [`throttle`] (abuse limits).
//!
//! Leaves that import nothing above them: [`config`] (typed settings),
//! [`cli`] (the command line's shape), [`web_origin`] (origins as text),
//! [`client_address`] (the client's address for limits), [`secrets`]
//! (password hashes and digests), [`clock`] (time and randomness seams),
//! [`error`] (one error enum per boundary).

pub mod admin;
pub mod assets;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod cursor;
pub mod error;
pub mod http;
pub mod hub;
pub mod secrets;
pub mod service;
pub mod socket;
pub mod store;
pub mod throttle;
pub mod web_origin;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

pub use config::Config;
pub use error::ServerError;
pub use service::Service;

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
    let store = Store::open(&config.database).await?;
    let service = Service::start(store, config, clock, os_random).await?;
    // The peer address feeds per-address limits (see `client_address`).
    let make_service = app(service.clone()).into_make_service_with_connect_info::<SocketAddr>();
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "yorisoi is listening");
    }
    axum::serve(listener, make_service)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down");
            service.begin_shutdown();
        })
        .await?;
    Ok(())
}

/// The whole application as a router, for `run` and for `oneshot()` tests.
pub fn app(service: Service) -> Router {
    http::router(service)
}
