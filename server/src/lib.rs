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
//! [`error`] (one error enum per boundary), [`schedule`] (working hours,
//! quiet hours and availability against the clock), [`routing`] (who is
//! told about a parent's message, who is alerted when it waits),
//! [`workload`] (the weekly summary's arithmetic: week start, hours
//! online), [`redaction`] (the anonymised draft of a case), [`case_text`]
//! (a case's texts and the "never less" edit rule), [`case_words`] (its
//! headings, from Fluent), [`danger`] (words in a message that call for the
//! emergency notice), [`i18n`] (the texts the server writes, from the
//! Fluent sources), [`help`] (the emergency notice written into the
//! widget's page) and [`transcript`] (a parent's conversation as a text
//! file).

pub mod admin;
pub mod assets;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod cursor;
pub mod danger;
pub mod error;
pub mod help;
pub mod http;
pub mod hub;
pub mod i18n;
pub mod listener;
pub mod password_pool;
pub mod redaction;
// Issue 13: a case's texts (pure), and the headings of its exported text.
pub mod case_text;
pub mod case_words;
pub mod routing;
pub mod schedule;
pub mod secrets;
pub mod service;
pub mod socket;
pub mod store;
pub mod throttle;
pub mod transcript;
pub mod web_origin;
pub mod workload;

use std::future::Future;
use std::sync::Arc;

use axum::Router;

pub use config::Config;
pub use error::ServerError;
pub use service::Service;

use crate::clock::{Clock, SystemClock, os_random};
use crate::store::Store;

/// How long shutdown waits for open sockets to send their closing frames.
pub const SOCKETS_CLOSE_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

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
    let mut config = config;
    // The host guard compares `Host` with the address actually bound (the
    // configured port may be 0, or the listener another than `bind`).
    if let Ok(address) = listener.local_addr() {
        config.bind = address;
    }
    warn_about_setup(&config);
    let store = Store::open(&config.database).await?;
    let service = Service::start(store, config, clock, os_random).await?;
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "yorisoi is listening");
    }
    let stopping = service.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down");
        stopping.begin_shutdown();
    });
    // Our own accept loop (see `listener`): timeouts and caps per connection.
    listener::serve(
        listener,
        app(service.clone()),
        service.config(),
        service.shutdown_signal(),
    )
    .await;
    // Upgraded sockets run apart from their HTTP connections: let each send
    // its "reconnect" close (1012) before the process ends.
    service.sockets_closed(SOCKETS_CLOSE_WITHIN).await;
    Ok(())
}

/// Start-up warnings about settings that leave the server open to more than
/// its operator likely meant.
fn warn_about_setup(config: &Config) {
    let bind = config.bind;
    if config.public_url.is_none() && bind.ip().is_unspecified() {
        tracing::warn!(
            %bind,
            "listening on every interface without `public_url`: any `Host` is accepted and the \
             server's own origin is taken from it, so DNS rebinding is not refused; set \
             `public_url` to the address browsers use"
        );
    } else if config.public_url.is_none() && !bind.ip().is_loopback() {
        tracing::warn!(
            %bind,
            "listening beyond loopback without `public_url`: only `Host: {bind}` is accepted \
             and the server's own origin is taken from it; set `public_url` to the address \
             browsers use"
        );
    }
}

/// The whole application as a router, for `run` and for `oneshot()` tests.
pub fn app(service: Service) -> Router {
    http::router(service)
}
