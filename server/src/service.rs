//! The use cases, between transport (HTTP handlers, the two sockets, the
//! command line) and storage. Each use case is one function given the
//! organisation it acts for, the caller and the time; it validates, applies
//! the abuse limits, calls the store and publishes to the hub. Transport only
//! decodes, calls one of these and encodes the result; nothing here knows
//! HTTP, WebSockets or SQL.
//!
//! Modules, one concept each:
//! - [`organisations`]: resolving a site to its organisation, the first
//!   organisation, organisation settings and the admin commands on them.
//! - [`staff`]: staff accounts, login (with its limits), sessions, logout.
//! - [`visitor`]: one parent's connection: greeting, posting, read marks,
//!   language, and its token ([`visitor`]'s `tokens`).
//! - [`console`]: one staff console's connection: the list, opening a
//!   conversation, replying, read marks, typing, presence.
//! - [`team`]: staff profiles, hours, presence and photos, and what a
//!   parent is told about who answers and when.
//! - [`badge`]: the staff replies a parent has not seen, for the launcher
//!   on the host page.
//! - [`cases`]: cases shared with the parent's consent: proposed, edited,
//!   sent, decided by the parent, reviewed, exported, with their trail.
//!
//! - `relay`: changes between nodes on one database (PostgreSQL).
//! - `overdue`: each node's sweep for parents waiting too long, alerting
//!   its consoles.
//!
//! Posting, acknowledging and announcing exist once, in [`announce`] and the
//! two connection types; every event and revocation goes out through
//! [`Service::publish`] and [`Service::revoke`], to this node's sockets and
//! the other nodes'.

pub mod badge;
pub mod console;
pub mod organisations;
mod overdue;
mod relay;
pub mod staff;
pub mod team;
// Issue 12's settings page: own profile and hours, canned replies, the week.
pub mod team_settings;
pub mod visitor;
// Issue 13: cases shared with the parent's consent.
pub mod cases;
// Issue 13: deleting and downloading a conversation, retention.
pub mod privacy;

use std::sync::Arc;

use tokio::sync::watch;
use yorisoi_protocol::model::ConversationSummary;
use yorisoi_protocol::{Message, OrganisationId, Seq};

use crate::clock::{Clock, RandomSource};
use crate::config::Config;
use crate::error::StoreError;
use crate::hub::{ConnectionId, Credential, Event, EventKind, Hub};
use crate::password_pool::PasswordPool;
use crate::store::Store;
use crate::throttle::Limits;

/// A message committed (or recognised as a retry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// Its sequence number.
    pub seq: Seq,
    /// When it was stored.
    pub sent_at_ms: i64,
    /// Messages from others that came before it and that the client lacks.
    pub missed: Vec<Message>,
    /// A parent's message that suggested danger: their widget shows the
    /// emergency notice at once (see [`crate::danger`]).
    pub help: bool,
}

/// How often housekeeping (pruning old revocations) runs.
pub const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Everything a use case needs: a cheap clonable handle (an `Arc` inside),
/// in the style of mini-redis's `Db`.
#[derive(Clone, Debug)]
pub struct Service {
    inner: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// The database.
    store: Store,
    /// Fan-out to open sockets.
    hub: Hub,
    /// The organisations' team rows, read at most every few seconds (see
    /// [`team`]): every parent's greeting and heartbeat asks for them.
    team: team::TeamCache,
    /// Settings (cookie flags, origins, limits).
    config: Config,
    /// Rate limits and connection counts, in memory (lost on restart, which
    /// only forgives a few abusers).
    limits: Limits,
    /// The one time seam: every stored time and every limit reads it.
    clock: ClockHandle,
    /// Tokens and session ids come from here, so tests can fix them.
    random: RandomSource,
    /// The threads that check passwords, a bounded few (see the module).
    passwords: PasswordPool,
    /// The first organisation: it owns the server's own origin (`/demo`) and
    /// the `allowed_origins` setting unless another claims them.
    first_organisation: OrganisationId,
    /// This node's notices to the other nodes (none on SQLite).
    relay: relay::Outgoing,
    /// Flips to `true` on shutdown; sockets watch it and close, so graceful
    /// shutdown does not wait forever on long-lived WebSockets.
    shutdown: watch::Sender<bool>,
    /// How many WebSockets are open: shutdown waits (briefly) for them to
    /// send their closing frame, which tells clients to move at once.
    open_sockets: watch::Sender<usize>,
}

/// One open WebSocket, counted while it lives (see
/// [`Service::socket_opened`]).
#[derive(Debug)]
pub struct OpenSocket(watch::Sender<usize>);

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.send_modify(|open| *open = open.saturating_sub(1));
    }
}

/// A clock that can be printed in `Debug` output.
struct ClockHandle(Arc<dyn Clock>);

impl std::fmt::Debug for ClockHandle {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Clock")
    }
}

impl Service {
    /// The service over an opened store; creates the first organisation if
    /// the database has none.
    pub async fn start(
        store: Store,
        config: Config,
        clock: Arc<dyn Clock>,
        random: RandomSource,
    ) -> Result<Self, StoreError> {
        let first = organisations::ensure_first(&store, clock.now_ms()).await?;
        let passwords = PasswordPool::new(config.password_hash_concurrency).map_err(|error| {
            StoreError::Corrupt(format!("cannot start password threads: {error}"))
        })?;
        let (shutdown, _) = watch::channel(false);
        let (open_sockets, _) = watch::channel(0);
        let (relay, pending) = relay::prepare(&store).await?;
        // Nodes on one database share their limits there.
        let limits = Limits::new(&config, &store, pending.is_some());
        let service = Service {
            inner: Arc::new(Shared {
                store,
                hub: Hub::new(),
                team: team::TeamCache::default(),
                limits,
                config,
                clock: ClockHandle(clock),
                random,
                passwords,
                first_organisation: first.id,
                relay,
                shutdown,
                open_sockets,
            }),
        };
        service.spawn_housekeeping();
        service.spawn_overdue_sweep();
        service.spawn_retention_sweep();
        if let Some(pending) = pending {
            relay::start(&service, pending);
        }
        Ok(service)
    }

    /// Runs [`Service::housekeeping`] now and then every [`HOUSEKEEPING_EVERY`],
    /// until shutdown. Needs a tokio runtime (as the server has).
    fn spawn_housekeeping(&self) {
        let service = self.clone();
        let mut stopping = self.shutdown_signal();
        tokio::spawn(async move {
            // The guard `wait_for` returns is not `Send`: drop it inside.
            let stopped = async move {
                let _stopped_or_gone = stopping.wait_for(|stopping| *stopping).await.map(|_| ());
            };
            let mut stopped = std::pin::pin!(stopped);
            let mut every = tokio::time::interval(HOUSEKEEPING_EVERY);
            loop {
                tokio::select! {
                    _ = every.tick() => service.housekeeping().await,
                    () = &mut stopped => return,
                }
            }
        });
    }

    /// Forgets token revocations older than the retention setting, staff
    /// devices older than theirs, and stored limit buckets untouched for a
    /// day.
    pub async fn housekeeping(&self) {
        let before = self.now_ms() - self.config().revoked_token_retention_ms();
        match self.store().prune_revoked_tokens(before).await {
            Ok(0) => {}
            Ok(pruned) => tracing::info!(pruned, "old token revocations pruned"),
            Err(error) => tracing::error!(%error, "cannot prune token revocations"),
        }
        let before = self.now_ms() - staff::DEVICE_RETENTION_MS;
        if let Err(error) = self.store().prune_devices(before).await {
            tracing::error!(%error, "cannot prune staff devices");
        }
        let before = self.now_ms() - crate::throttle::STORED_BUCKET_RETENTION_MS;
        if let Err(error) = self.store().prune_buckets(before).await {
            tracing::error!(%error, "cannot prune stored limit buckets");
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

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.0.now_ms()
    }

    /// The password-checking threads.
    pub fn passwords(&self) -> &PasswordPool {
        &self.inner.passwords
    }

    /// The source of secrets.
    pub fn random(&self) -> RandomSource {
        self.inner.random
    }

    /// The first organisation's id.
    pub fn first_organisation(&self) -> OrganisationId {
        self.inner.first_organisation
    }

    /// Tells every socket to close.
    pub fn begin_shutdown(&self) {
        self.inner.shutdown.send_replace(true);
    }

    /// Counts a WebSocket as open until the returned guard drops.
    pub fn socket_opened(&self) -> OpenSocket {
        self.inner.open_sockets.send_modify(|open| *open += 1);
        OpenSocket(self.inner.open_sockets.clone())
    }

    /// Waits until every WebSocket has closed (after [`Service::begin_shutdown`]
    /// each sends its closing frame and ends), for at most `within`.
    pub async fn sockets_closed(&self, within: std::time::Duration) {
        let mut open = self.inner.open_sockets.subscribe();
        let closed = open.wait_for(|open| *open == 0);
        if tokio::time::timeout(within, closed).await.is_err() {
            tracing::warn!(
                open = *open.borrow(),
                "shutdown: sockets still open, closing anyway"
            );
        }
    }

    /// A receiver that becomes `true` when the server shuts down.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.inner.shutdown.subscribe()
    }

    /// Publishes a committed message (if any) and the conversation's new
    /// summary (which the store handed back with the change: nothing is
    /// read here), for the organisation's consoles and the conversation's
    /// widgets. The one place a change is announced.
    pub fn announce(
        &self,
        organisation: OrganisationId,
        origin: ConnectionId,
        message: Option<Message>,
        summary: ConversationSummary,
    ) {
        let event = Event {
            organisation,
            conversation: summary.id,
            origin,
            kind: match message {
                Some(message) => EventKind::Message(message, summary),
                None => EventKind::Summary(summary),
            },
        };
        self.publish(event);
    }

    /// Publishes an event to this node's sockets and the other nodes'.
    pub fn publish(&self, event: Event) {
        self.inner.relay.send(|| relay::notice_of(&event));
        self.hub().publish(event);
    }

    /// Closes the sockets opened with a credential that stopped being
    /// valid, on this node and the others.
    pub fn revoke(&self, organisation: OrganisationId, credential: Credential) {
        self.inner
            .relay
            .send(|| Some(relay::notice_of_revocation(organisation, &credential)));
        self.hub().revoke(organisation, credential);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::tests::{TestDb, temp_db};

    /// A service over a fresh database (kept alive by the returned
    /// [`TestDb`]) with default settings and the test database's clock.
    pub(crate) async fn test_service() -> (Service, TestDb) {
        let db = temp_db().await;
        // The default database path is not this one: without a secret the
        // limits would keep theirs beside `yorisoi.db` in the working directory.
        let config = Config {
            limit_key_secret: Some("unit tests".to_owned()),
            ..Config::default()
        };
        let service = Service::start(
            db.store.clone(),
            config,
            db.clock.clone(),
            crate::clock::os_random,
        )
        .await
        .expect("service");
        (service, db)
    }
}
