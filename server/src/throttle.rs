//! Abuse limits: token buckets per key (a client address, a site, an
//! account, a parent) and a count of open sockets per address. Each refusal
//! is logged as one structured line, `limit=<name> scope=<scope>`, with the
//! address only when `log_client_addresses` is on.
//!
//! Where buckets live: the limits that guard against floods of new
//! conversations and password guessing, counted over minutes, are kept in
//! the database on every backend, so a restart forgives nothing. The
//! per-message limits, counted per minute and taken for every message, are
//! kept in memory on a store that serves one node (SQLite: a restart
//! forgives at most a minute of messages) and in the database when several
//! nodes share it (PostgreSQL: a flood spread over the nodes meets one
//! limit). Keys go to the database only as SHA-256 digests of the key with
//! a secret (`limit_key_secret`; else on SQLite one kept in a file beside
//! the database, else random per process), so no stored digest can be
//! matched to an address by hashing addresses; buckets untouched for a day
//! are pruned. If the database cannot
//! answer, a node counts on its own meanwhile rather than refuse everyone.
//! Open sockets are counted per node (they are this node's connections).
//!
//! Buckets refill continuously: a limit of `n` per window lets `burst`
//! through at once, then one more every `window / n`. Time comes from the
//! store's clock, so tests move it instead of sleeping. Memory is bounded:
//! when a limiter holds more than [`SWEEP_AT`] keys, buckets that have
//! refilled completely (indistinguishable from new ones) are dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::client_address::ClientAddress;
use crate::config::{Config, Database};
use crate::secrets::digest;
use crate::store::{self, Store};

mod connections;

pub use connections::{ConnectionCounter, ConnectionGuard, SocketKind, admit_connection};

/// A limiter sweeps refilled buckets when it holds this many keys.
const SWEEP_AT: usize = 10_000;

/// Buckets in the database untouched this long are pruned (every window is
/// shorter, so they are full again).
pub const STORED_BUCKET_RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

/// How a bucket fills: its size and how fast it refills.
#[derive(Debug, Clone, Copy)]
struct Rate {
    capacity: f64,
    refill_per_ms: f64,
}

/// One bucket's state.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated_ms: i64,
}

impl Rate {
    /// `burst` at once, refilled at `per_window` every `window_ms`.
    fn new(burst: u32, per_window: u32, window_ms: i64) -> Self {
        Rate {
            capacity: f64::from(burst.max(1)),
            refill_per_ms: f64::from(per_window.max(1)) / window_ms.max(1) as f64,
        }
    }

    /// A full bucket at `now_ms`.
    fn full(self, now_ms: i64) -> Bucket {
        Bucket {
            tokens: self.capacity,
            updated_ms: now_ms,
        }
    }

    /// The tokens `bucket` holds at `now_ms`.
    fn refilled(self, bucket: Bucket, now_ms: i64) -> f64 {
        let elapsed = now_ms.saturating_sub(bucket.updated_ms).max(0) as f64;
        (bucket.tokens + elapsed * self.refill_per_ms).min(self.capacity)
    }

    /// Takes one token from `bucket`, or says in how many seconds one is back.
    fn take(self, bucket: &mut Bucket, now_ms: i64) -> Result<(), u64> {
        bucket.tokens = self.refilled(*bucket, now_ms);
        bucket.updated_ms = bucket.updated_ms.max(now_ms);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(self.wait_secs(bucket.tokens))
        }
    }

    /// Seconds until a bucket holding `tokens` (< 1) holds one.
    fn wait_secs(self, tokens: f64) -> u64 {
        // Less a hair, so float error never adds a whole second.
        let wait_ms = (1.0 - tokens) / self.refill_per_ms - 1e-3;
        (wait_ms / 1000.0).ceil().max(1.0) as u64
    }
}

/// A token bucket per key.
#[derive(Debug)]
pub struct RateLimiter {
    /// The limit's name, for its buckets in the database.
    name: &'static str,
    rate: Rate,
    /// This node's buckets. std `Mutex`: held only for arithmetic, never
    /// across an `.await`.
    buckets: Mutex<HashMap<String, Bucket>>,
    /// The database the nodes share, when they do: buckets live there.
    shared: Option<Store>,
    /// Mixed into a key before its digest is stored (see the module).
    key_secret: Arc<str>,
}

impl RateLimiter {
    /// `burst` at once, refilled at `per_window` every `window_ms`, in
    /// this node's memory.
    pub fn new(burst: u32, per_window: u32, window_ms: i64) -> Self {
        RateLimiter {
            name: "",
            rate: Rate::new(burst, per_window, window_ms),
            buckets: Mutex::new(HashMap::new()),
            shared: None,
            key_secret: Arc::from(""),
        }
    }

    /// The same limit, its stored keys digested with `secret`.
    pub fn keyed(mut self, secret: &Arc<str>) -> Self {
        self.key_secret = secret.clone();
        self
    }

    /// What the database keeps of `key`: a digest with the secret.
    fn stored_key(&self, key: &str) -> String {
        digest(&format!("{}\n{key}", self.key_secret))
    }

    /// The same limit named `name`, its buckets in `shared` when given.
    pub fn stored(mut self, name: &'static str, shared: Option<&Store>) -> Self {
        self.name = name;
        self.shared = shared.cloned();
        self
    }

    /// `key`'s bucket in the database, when the nodes share one.
    fn stored_bucket<'a>(&self, key_hash: &'a str) -> store::Bucket<'a> {
        store::Bucket {
            limiter: self.name,
            key_hash,
            capacity: self.rate.capacity,
            refill_per_ms: self.rate.refill_per_ms,
        }
    }

    /// What `key`'s shared bucket holds (refilled to `now_ms`); `None` when
    /// buckets are this node's, or the database does not answer.
    async fn stored_tokens(&self, key: &str, now_ms: i64) -> Option<f64> {
        let store = self.shared.as_ref()?;
        let key_hash = self.stored_key(key);
        match store
            .bucket_tokens(self.stored_bucket(&key_hash), now_ms)
            .await
        {
            Ok(tokens) => Some(tokens),
            Err(error) => {
                self.unavailable(&error);
                None
            }
        }
    }

    fn unavailable(&self, error: &crate::error::StoreError) {
        tracing::warn!(%error, limit = self.name, "shared limit unavailable: counting on this node");
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Bucket>> {
        self.buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes one token for `key`, or says in how many seconds one is back.
    pub async fn take(&self, key: &str, now_ms: i64) -> Result<(), u64> {
        if let Some(store) = &self.shared {
            let key_hash = self.stored_key(key);
            match store
                .take_token(self.stored_bucket(&key_hash), now_ms)
                .await
            {
                Ok(held) if held >= 1.0 => return Ok(()),
                Ok(held) => return Err(self.rate.wait_secs(held)),
                Err(error) => self.unavailable(&error),
            }
        }
        self.take_here(key, now_ms)
    }

    /// [`RateLimiter::take`] in this node's memory.
    fn take_here(&self, key: &str, now_ms: i64) -> Result<(), u64> {
        let rate = self.rate;
        let mut buckets = self.lock();
        if buckets.len() >= SWEEP_AT && !buckets.contains_key(key) {
            buckets.retain(|_, bucket| rate.refilled(*bucket, now_ms) < rate.capacity);
        }
        let bucket = buckets
            .entry(key.to_owned())
            .or_insert_with(|| rate.full(now_ms));
        rate.take(bucket, now_ms)
    }

    /// What `key`'s bucket holds (as of `now_ms`): full for a key never
    /// seen.
    async fn tokens(&self, key: &str, now_ms: i64) -> f64 {
        if let Some(tokens) = self.stored_tokens(key, now_ms).await {
            return tokens;
        }
        let rate = self.rate;
        self.lock()
            .get(key)
            .map_or(rate.capacity, |bucket| rate.refilled(*bucket, now_ms))
    }

    /// True when `key` has used more than half its burst (as of `now_ms`):
    /// a busy key. A key never seen is quiet.
    pub async fn is_busy(&self, key: &str, now_ms: i64) -> bool {
        self.tokens(key, now_ms).await < self.rate.capacity / 2.0
    }

    /// How many of `key`'s burst are used (as of `now_ms`), rounded down: 0
    /// for a key never seen.
    pub async fn used(&self, key: &str, now_ms: i64) -> u32 {
        (self.rate.capacity - self.tokens(key, now_ms).await).max(0.0) as u32
    }

    /// True when `take` would succeed for `key` now (nothing is taken).
    pub async fn has_room(&self, key: &str, now_ms: i64) -> bool {
        self.tokens(key, now_ms).await >= 1.0
    }

    /// Gives back a token taken for an attempt that turned out fine, so a
    /// "failures only" limit can take first (no race between parallel
    /// attempts) and refund on success.
    pub async fn refund(&self, key: &str) {
        if let Some(store) = &self.shared {
            let key_hash = self.stored_key(key);
            match store.refund_token(self.stored_bucket(&key_hash)).await {
                Ok(()) => return,
                Err(error) => self.unavailable(&error),
            }
        }
        let capacity = self.rate.capacity;
        if let Some(bucket) = self.lock().get_mut(key) {
            bucket.tokens = (bucket.tokens + 1.0).min(capacity);
        }
    }
}

/// One token bucket, for limits of a single socket (no key, no lock: the
/// socket's own task owns it).
#[derive(Debug, Clone)]
pub struct SocketBucket {
    rate: Rate,
    bucket: Bucket,
}

impl SocketBucket {
    /// `burst` at once, refilled at `per_window` every `window_ms`, full now.
    pub fn new(burst: u32, per_window: u32, window_ms: i64, now_ms: i64) -> Self {
        let rate = Rate::new(burst, per_window, window_ms);
        SocketBucket {
            rate,
            bucket: rate.full(now_ms),
        }
    }

    /// Takes one token; false when the bucket is empty.
    pub fn take(&mut self, now_ms: i64) -> bool {
        self.rate.take(&mut self.bucket, now_ms).is_ok()
    }
}

/// Every limit of the server, built from the settings.
#[derive(Debug)]
pub struct Limits {
    /// New conversations per client address needing no proof of work.
    pub new_conversations: RateLimiter,
    /// New conversations per client address with a proof of work.
    pub proven_new_conversations: RateLimiter,
    /// New conversations per embedding site.
    pub site_new_conversations: RateLimiter,
    /// Widget messages per parent (visitor token).
    pub messages: RateLimiter,
    /// Widget messages per client address, all parents behind it.
    pub address_messages: RateLimiter,
    /// Widget messages per embedding site.
    pub site_messages: RateLimiter,
    /// Failed logins per account.
    pub login_account: RateLimiter,
    /// Failed logins per client address.
    pub login_address: RateLimiter,
    /// Wrong consultation codes per client address (counted like failed
    /// logins, with the same settings: guessing a code is guessing a
    /// secret).
    pub code_address: RateLimiter,
    /// Widget frames that write without posting, per client address.
    pub widget_writes: RateLimiter,
    /// The loader's asks for its badge, per client address.
    pub unread_asks: RateLimiter,
    /// Open widget sockets per client address.
    pub connections: Arc<ConnectionCounter>,
    /// Open console sockets per client address.
    pub staff_connections: Arc<ConnectionCounter>,
}

impl Limits {
    /// The limits `config` asks for, their buckets in `store` (the
    /// per-message ones only when `many_nodes` share it; see the module).
    pub fn new(config: &Config, store: &Store, many_nodes: bool) -> Self {
        let conversations_ms = i64::from(config.limit_new_conversations_window_secs) * 1000;
        let login_ms = i64::from(config.limit_login_window_secs) * 1000;
        let (durable, shared) = (Some(store), many_nodes.then_some(store));
        let secret = key_secret(config, many_nodes);
        let kept = |name, count: u32, window_ms| {
            RateLimiter::new(count, count, window_ms)
                .stored(name, durable)
                .keyed(&secret)
        };
        let per = |name, count: u32, window_ms| {
            RateLimiter::new(count, count, window_ms)
                .stored(name, shared)
                .keyed(&secret)
        };
        Limits {
            new_conversations: kept(
                "new_conversations",
                config.limit_new_conversations,
                conversations_ms,
            ),
            proven_new_conversations: kept(
                "proven_new_conversations",
                config.limit_proven_new_conversations,
                conversations_ms,
            ),
            site_new_conversations: kept(
                "site_new_conversations",
                config.limit_site_new_conversations,
                conversations_ms,
            ),
            messages: RateLimiter::new(
                config.limit_messages_burst,
                config.limit_messages_per_minute,
                60_000,
            )
            .stored("messages", shared)
            .keyed(&secret),
            address_messages: per(
                "address_messages",
                config.limit_address_messages_per_minute,
                60_000,
            ),
            site_messages: per(
                "site_messages",
                config.limit_site_messages_per_minute,
                60_000,
            ),
            login_account: kept(
                "login_account",
                config.limit_login_failures_per_account,
                login_ms,
            ),
            login_address: kept(
                "login_address",
                config.limit_login_failures_per_address,
                login_ms,
            ),
            code_address: kept(
                "code_address",
                config.limit_login_failures_per_address,
                login_ms,
            ),
            widget_writes: per(
                "widget_writes",
                config.limit_widget_writes_per_minute,
                60_000,
            ),
            unread_asks: per("unread_asks", config.limit_unread_asks_per_minute, 60_000),
            connections: Arc::new(ConnectionCounter::default()),
            staff_connections: Arc::new(ConnectionCounter::default()),
        }
    }
}

/// The secret of stored limit keys: the setting; else, on SQLite, one kept
/// in a file beside the database ([`kept_secret`]), so a restart forgives
/// nothing; else a random one for this process (with a warning when other
/// nodes would then not share the limits).
fn key_secret(config: &Config, many_nodes: bool) -> Arc<str> {
    if let Some(secret) = &config.limit_key_secret {
        return Arc::from(secret.as_str());
    }
    if let Database::Sqlite(path) = &config.database {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".limit-key");
        match kept_secret(&path.with_file_name(name)) {
            Ok(secret) => return Arc::from(secret),
            Err(error) => tracing::warn!(
                %error,
                "cannot keep the limits' key secret beside the database: a restart forgives \
                 the stored limits"
            ),
        }
    }
    if many_nodes {
        tracing::warn!(
            "`limit_key_secret` is unset: each node keys its stored limits with its own \
             secret, so the nodes do not share them; set the same secret on every node"
        );
    }
    Arc::from(hex::encode(crate::clock::os_random()))
}

/// The secret in `path`, made (readable by this user only) if missing. Kept
/// apart from the database, so a copy or backup of the database alone holds
/// no digest anyone could match to an address.
fn kept_secret(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Write as _;
    match std::fs::read_to_string(path) {
        Ok(secret) if !secret.trim().is_empty() => return Ok(secret.trim().to_owned()),
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    let secret = hex::encode(crate::clock::os_random());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(secret.as_bytes())?;
            file.sync_all()?;
            Ok(secret)
        }
        // Another process made it first: theirs counts.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(std::fs::read_to_string(path)?.trim().to_owned())
        }
        Err(error) => Err(error),
    }
}

/// What a limit counts per.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One client address.
    Address,
    /// One embedding site.
    Site,
    /// One staff account.
    Account,
    /// One socket.
    Socket,
    /// One parent (visitor token).
    Visitor,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Address => "address",
            Scope::Site => "site",
            Scope::Account => "account",
            Scope::Socket => "socket",
            Scope::Visitor => "visitor",
        }
    }
}

/// Logs one refusal: the limit, its scope, the address only if configured.
pub fn log_refusal(config: &Config, limit: &'static str, scope: Scope, address: &ClientAddress) {
    if config.log_client_addresses {
        tracing::warn!(
            limit,
            scope = scope.as_str(),
            address = %address.ip(),
            "rate limited"
        );
    } else {
        tracing::warn!(limit, scope = scope.as_str(), "rate limited");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::TestDb;

    /// Runs a limiter test with the buckets in memory and in each
    /// backend's database (as nodes sharing one keep them).
    macro_rules! wherever_buckets_live {
        ($($name:ident),* $(,)?) => {
            $(
                mod $name {
                    use crate::store::tests::TestDb;

                    #[tokio::test]
                    async fn in_memory() {
                        super::$name(None).await;
                    }

                    #[tokio::test]
                    async fn in_sqlite() {
                        let db = TestDb::sqlite().await;
                        super::$name(Some(&db.store)).await;
                    }

                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn in_postgres() {
                        let db = TestDb::postgres().await;
                        super::$name(Some(&db.store)).await;
                    }
                }
            )*
        };
    }

    wherever_buckets_live!(
        a_bucket_lets_a_burst_through_then_refills_evenly,
        usage_and_room_are_read_without_taking,
        refunded_attempts_do_not_count,
    );

    async fn a_bucket_lets_a_burst_through_then_refills_evenly(shared: Option<&Store>) {
        let limiter = RateLimiter::new(2, 6, 60_000).stored("test", shared); // one back every 10 s
        assert_eq!(limiter.take("a", 0).await, Ok(()));
        assert_eq!(limiter.take("a", 0).await, Ok(()));
        assert_eq!(limiter.take("a", 0).await, Err(10));
        assert_eq!(limiter.take("b", 0).await, Ok(()), "keys are independent");
        assert_eq!(limiter.take("a", 5_000).await, Err(5));
        assert_eq!(limiter.take("a", 10_000).await, Ok(()));
        assert_eq!(limiter.take("a", 10_000).await, Err(10));
    }

    async fn usage_and_room_are_read_without_taking(shared: Option<&Store>) {
        let limiter = RateLimiter::new(3, 3, 60_000).stored("test", shared); // one back every 20 s
        assert_eq!(limiter.used("a", 0).await, 0);
        assert!(limiter.has_room("a", 0).await);
        for _ in 0..3 {
            assert_eq!(limiter.take("a", 0).await, Ok(()));
        }
        assert_eq!(limiter.used("a", 0).await, 3);
        assert!(!limiter.has_room("a", 0).await);
        assert!(limiter.is_busy("a", 0).await);
        assert_eq!(limiter.used("a", 20_000).await, 2);
        assert!(limiter.has_room("a", 20_000).await);
        assert_eq!(limiter.used("a", 20_000).await, 2, "reading took nothing");
    }

    async fn refunded_attempts_do_not_count(shared: Option<&Store>) {
        let limiter = RateLimiter::new(1, 1, 900_000).stored("test", shared);
        for _ in 0..3 {
            assert_eq!(limiter.take("account", 0).await, Ok(()));
            limiter.refund("account").await;
        }
        assert_eq!(limiter.take("account", 0).await, Ok(()));
        assert_eq!(limiter.take("account", 0).await, Err(900));
    }

    /// Two nodes (two limiters on one database) draw from one bucket, at
    /// once: together they get exactly its tokens, never more.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn nodes_on_one_database_share_each_bucket() {
        let db = TestDb::postgres().await;
        let node = || RateLimiter::new(5, 5, 600_000).stored("shared", Some(&db.store));
        let (first, second) = (node(), node());
        let takes = (0..20).map(|n| {
            let limiter = if n % 2 == 0 { &first } else { &second };
            limiter.take("198.51.100.7", 0)
        });
        let taken = futures_util::future::join_all(takes)
            .await
            .into_iter()
            .filter(Result::is_ok)
            .count();
        assert_eq!(taken, 5, "one bucket of five, however many nodes ask");
        assert!(!second.has_room("198.51.100.7", 0).await);
        assert!(first.has_room("another address", 0).await);
    }

    #[test]
    fn a_single_bucket_refills_evenly() {
        let mut bucket = SocketBucket::new(2, 10, 1_000, 0); // one back every 100 ms
        assert!(bucket.take(0) && bucket.take(0));
        assert!(!bucket.take(50));
        assert!(bucket.take(100));
        assert!(!bucket.take(100));
    }

    #[tokio::test]
    async fn many_keys_are_swept_once_refilled() {
        let limiter = RateLimiter::new(1, 1, 1_000);
        for key in 0..SWEEP_AT {
            assert_eq!(limiter.take(&key.to_string(), 0).await, Ok(()));
        }
        assert_eq!(limiter.take("new", 2_000).await, Ok(()));
        let held = limiter.buckets.lock().expect("lock").len();
        assert_eq!(held, 1, "refilled buckets were dropped");
    }

    #[test]
    fn a_sqlite_installation_keeps_its_key_secret_across_restarts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = Config {
            database: Database::Sqlite(dir.path().join("yorisoi.db")),
            ..Config::default()
        };
        let first = key_secret(&config, false);
        assert_eq!(first.len(), 64);
        assert_eq!(
            key_secret(&config, false),
            first,
            "the same after a restart"
        );
        let kept = std::fs::read_to_string(dir.path().join("yorisoi.db.limit-key"));
        assert_eq!(kept.expect("the file").trim(), &*first);
        let set = Config {
            limit_key_secret: Some("the nodes' secret".into()),
            ..config
        };
        assert_eq!(&*key_secret(&set, true), "the nodes' secret");
        // Keyed digests differ from plain ones and between secrets.
        let plain = RateLimiter::new(1, 1, 1);
        let keyed = RateLimiter::new(1, 1, 1).keyed(&first);
        assert_ne!(plain.stored_key("1:203.0.113.7"), digest("1:203.0.113.7"));
        assert_ne!(
            keyed.stored_key("1:203.0.113.7"),
            plain.stored_key("1:203.0.113.7")
        );
    }
}
