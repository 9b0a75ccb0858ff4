//! The shared state every handler and socket gets: a cheap clonable handle
//! (`Arc` inside), in the style of mini-redis's `Db`.

use std::sync::Arc;

use tokio::sync::watch;

use crate::clock::RandomSource;
use crate::config::Config;
use crate::hub::Hub;
use crate::store::Store;
use crate::throttle::Limits;

/// Everything a request needs.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// The database.
    store: Store,
    /// Fan-out to open sockets.
    hub: Hub,
    /// Settings (cookie flags, origins, limits).
    config: Config,
    /// Rate limits and connection counts, in memory (lost on restart, which
    /// only forgives a few abusers).
    limits: Limits,
    /// Tokens and session ids come from here, so tests can fix them.
    random: RandomSource,
    /// Flips to `true` on shutdown; sockets watch it and close, so graceful
    /// shutdown does not wait forever on long-lived WebSockets.
    shutdown: watch::Sender<bool>,
}

impl AppState {
    /// State over an opened store.
    pub fn new(store: Store, config: Config, random: RandomSource) -> Self {
        let (shutdown, _) = watch::channel(false);
        AppState {
            inner: Arc::new(Shared {
                store,
                hub: Hub::new(),
                limits: Limits::new(&config),
                config,
                random,
                shutdown,
            }),
        }
    }

    /// The database.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The fan-out hub.
    pub fn hub(&self) -> &Hub {
        &self.inner.hub
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The abuse limits.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Now, from the store's clock (the server's one time seam).
    pub fn now_ms(&self) -> i64 {
        self.inner.store.now_ms()
    }

    /// The source of secrets.
    pub fn random(&self) -> RandomSource {
        self.inner.random
    }

    /// Tells every socket to close.
    pub fn begin_shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }

    /// A receiver that becomes `true` when the server shuts down.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.inner.shutdown.subscribe()
    }
}
