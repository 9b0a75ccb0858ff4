//! Settings: the typed [`Config`] and the one place that loads and validates
//! it. Precedence, lowest first: built-in defaults, the optional TOML file
//! (`--config FILE`, else `./yorisoi.toml` when present), `YORISOI_<NAME>`
//! environment variables (upper-case setting name), then command-line flags.
//! Every value remembers where it came from so that a bad one is reported in
//! one line naming its origin. Unknown keys in the file are returned as
//! warnings (logging is not set up yet while settings load, so the caller
//! logs them). Parsing and checking values lives in [`parse`], which the
//! fuzz target also calls through [`parse_file`].

mod database;
mod parse;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub use database::Database;
pub use parse::{FileSettings, parse_file};

use crate::error::ConfigError;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "yorisoi.toml";

/// The server's settings, validated. Limits are token buckets: `limit_X`
/// requests at once, refilled evenly over the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Where the data lives: a SQLite file (created if missing; the
    /// default) or a PostgreSQL URL.
    pub database: Database,
    /// `tracing` filter, e.g. `info` or `yorisoi_server=debug`.
    pub log: String,
    /// Marks the session cookie `Secure` (and names it `__Host-…`). Off by
    /// default because local development runs over plain HTTP; turn it on
    /// behind TLS (an `https` `public_url` does too).
    pub secure_cookies: bool,
    /// Origins of the sites allowed to embed the widget, besides the
    /// server's own (always allowed, for `/demo`).
    pub allowed_origins: Vec<String>,
    /// The server's own origin as browsers see it (e.g. behind a TLS proxy);
    /// unset: `http(s)://<Host header>`.
    pub public_url: Option<String>,
    /// The header a trusted reverse proxy puts the client address in (its
    /// last value counts); unset: the socket's peer address, headers ignored.
    pub trusted_proxy_header: Option<String>,
    /// A staff session unused for this long ends.
    pub session_idle_hours: u32,
    /// A staff session ends this long after login, however used.
    pub session_absolute_days: u32,
    /// Puts client addresses in refusal log lines (off: privacy first).
    pub log_client_addresses: bool,
    /// New conversations per client address per window that need no proof
    /// of work (a quiet address: one family).
    pub limit_new_conversations: u32,
    /// Further new conversations per client address per window, each with a
    /// proof of work whose price rises with their number (many parents
    /// behind one network); a ceiling no flood can pass, whatever it pays.
    pub limit_proven_new_conversations: u32,
    /// The proof of work asked for the first of those, in leading zero bits
    /// (each further ten in the window ask one bit more, twice the work).
    pub proof_of_work_bits: u32,
    /// New conversations per embedding site per window.
    pub limit_site_new_conversations: u32,
    /// The window of both new-conversation limits, in seconds.
    pub limit_new_conversations_window_secs: u32,
    /// Widget messages per parent (visitor token) per minute (steady rate).
    pub limit_messages_per_minute: u32,
    /// Widget messages one parent may send at once.
    pub limit_messages_burst: u32,
    /// Widget messages per client address per minute, all parents behind it
    /// together (also the burst).
    pub limit_address_messages_per_minute: u32,
    /// Widget messages per embedding site per minute (also its burst).
    pub limit_site_messages_per_minute: u32,
    /// Failed logins per account (email) per login window.
    pub limit_login_failures_per_account: u32,
    /// Failed logins per client address per login window.
    pub limit_login_failures_per_address: u32,
    /// The window of both login limits, in seconds.
    pub limit_login_window_secs: u32,
    /// Open widget WebSockets per client address.
    pub limit_connections_per_address: u32,
    /// Open staff console WebSockets per client address (apart from the
    /// parents', so a family centre full of parents never locks staff out).
    pub limit_staff_connections_per_address: u32,
    /// Frames one socket may send per second, steadily (any frame).
    pub limit_socket_frames_per_second: u32,
    /// Frames one socket may send at once (a console re-opening every
    /// conversation after a reconnection sends one `Open` each).
    pub limit_socket_frames_burst: u32,
    /// Widget frames that write without posting a message (token rotation,
    /// language, read marks, forget), per socket and per address, per minute.
    pub limit_widget_writes_per_minute: u32,
    /// Asks for the launcher's badge (unseen replies), per client address,
    /// per minute: one per page load and one per reply while the panel is
    /// closed, for every parent behind that address.
    pub limit_unread_asks_per_minute: u32,
    /// A parent who asked for someone who will not be available within this
    /// many hours is asked whether someone else may answer.
    pub nomination_wait_hours: u32,
    /// A parent whose message has had no staff reply for this many hours
    /// is an overdue wait: the other staff's consoles are alerted.
    pub overdue_alert_hours: u32,
    /// How often each node looks for waits that just became overdue, in
    /// milliseconds (tests make it short; a minute is plenty for hours).
    pub overdue_sweep_ms: u32,
    /// Password hashes computed at once (each takes about 19 MiB): logins
    /// beyond this wait their turn, so a login flood cannot exhaust memory.
    pub password_hash_concurrency: u32,
    /// Revoked visitor tokens are remembered this long, then pruned.
    pub revoked_token_retention_days: u32,
    /// An HTTP connection must send a request's headers within this long
    /// (also the longest an idle keep-alive connection is kept).
    pub http_header_timeout_secs: u32,
    /// Open HTTP connections per client address (WebSockets included);
    /// never more than a quarter of what the open-files limit allows.
    pub limit_http_connections_per_address: u32,
    /// How often the retention sweep deletes resolved conversations past
    /// their organisation's period (issue 13), in milliseconds (tests make
    /// it short; the periods are days).
    pub retention_sweep_ms: u32,
    /// The secret mixed into every limit key (which may name a client
    /// address) before its digest is stored, so the database holds no
    /// address, not even as a digest one could recompute (issue 13).
    /// Unset: on SQLite, a random secret kept in `<database>.limit-key`
    /// beside the file; on PostgreSQL a random one per process, so nodes
    /// sharing a database must all set the same one to share their limits.
    pub limit_key_secret: Option<String>,
    /// A consultation code opens the parent's conversation on another
    /// device for this many hours after it was given (once only); after
    /// that the parent asks for a new one.
    pub consultation_code_hours: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: Database::Sqlite(PathBuf::from("yorisoi.db")),
            log: "info".to_owned(),
            secure_cookies: false,
            allowed_origins: Vec::new(),
            public_url: None,
            trusted_proxy_header: None,
            session_idle_hours: 12,
            session_absolute_days: 7,
            log_client_addresses: false,
            limit_new_conversations: 5,
            limit_proven_new_conversations: 100,
            proof_of_work_bits: 16,
            limit_site_new_conversations: 200,
            limit_new_conversations_window_secs: 600,
            limit_messages_per_minute: 20,
            limit_messages_burst: 10,
            limit_address_messages_per_minute: 300,
            limit_site_messages_per_minute: 600,
            limit_login_failures_per_account: 5,
            limit_login_failures_per_address: 20,
            limit_login_window_secs: 900,
            limit_connections_per_address: 64,
            limit_staff_connections_per_address: 20,
            limit_socket_frames_per_second: 10,
            limit_socket_frames_burst: 200,
            limit_widget_writes_per_minute: 30,
            limit_unread_asks_per_minute: 120,
            nomination_wait_hours: 12,
            overdue_alert_hours: 2,
            overdue_sweep_ms: 60_000,
            password_hash_concurrency: 2,
            revoked_token_retention_days: 30,
            http_header_timeout_secs: 10,
            limit_http_connections_per_address: 128,
            retention_sweep_ms: 10 * 60 * 1000,
            limit_key_secret: None,
            consultation_code_hours: 24,
        }
    }
}

impl Config {
    /// True when the session cookie must be `Secure` (and `__Host-`).
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            || self
                .public_url
                .as_deref()
                .is_some_and(|url| url.trim().to_ascii_lowercase().starts_with("https://"))
    }

    /// [`Config::nomination_wait_hours`] in milliseconds.
    pub fn nomination_wait_ms(&self) -> i64 {
        i64::from(self.nomination_wait_hours) * 60 * 60 * 1000
    }

    /// [`Config::overdue_alert_hours`] in milliseconds.
    pub fn overdue_after_ms(&self) -> i64 {
        i64::from(self.overdue_alert_hours) * 60 * 60 * 1000
    }

    /// The idle timeout of staff sessions, in milliseconds.
    pub fn session_idle_ms(&self) -> i64 {
        i64::from(self.session_idle_hours) * 60 * 60 * 1000
    }

    /// How long revoked tokens are kept, in milliseconds.
    pub fn revoked_token_retention_ms(&self) -> i64 {
        i64::from(self.revoked_token_retention_days) * 24 * 60 * 60 * 1000
    }

    /// How long a consultation code opens a conversation, in milliseconds.
    pub fn consultation_code_ms(&self) -> i64 {
        i64::from(self.consultation_code_hours) * 60 * 60 * 1000
    }

    /// The absolute timeout of staff sessions, in milliseconds.
    pub fn session_absolute_ms(&self) -> i64 {
        i64::from(self.session_absolute_days) * 24 * 60 * 60 * 1000
    }
}

/// Values given on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--bind ADDR`.
    pub bind: Option<String>,
    /// `--database PATH|URL`.
    pub database: Option<String>,
}

/// A loaded configuration plus warnings for the caller to log.
#[derive(Debug)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// Things worth telling the operator (unknown keys).
    pub warnings: Vec<String>,
}

/// A raw value and where it came from, kept until validation.
#[derive(Debug, Clone)]
struct Sourced {
    value: String,
    origin: String,
}

/// Raw values by setting name; a missing name takes its default.
type Raw = BTreeMap<&'static str, Sourced>;

/// Loads settings from the process environment and `./yorisoi.toml`.
pub fn load(overrides: &Overrides) -> Result<Loaded, ConfigError> {
    load_from(overrides, |name| std::env::var(name).ok(), Path::new("."))
}

/// Loads settings with an injectable environment and working directory (tests).
pub fn load_from(
    overrides: &Overrides,
    env: impl Fn(&str) -> Option<String>,
    working_dir: &Path,
) -> Result<Loaded, ConfigError> {
    let mut raw = Raw::new();
    let mut warnings = Vec::new();

    let file = match &overrides.config {
        Some(path) => Some(path.clone()),
        None => Some(working_dir.join(DEFAULT_FILE)).filter(|path| path.is_file()),
    };
    if let Some(path) = file {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::ReadFile {
            path: origin.clone(),
            source,
        })?;
        let settings = parse_file(&text).map_err(|error| error.in_file(&origin))?;
        for key in &settings.unknown {
            warnings.push(format!("unknown setting `{key}` in {origin} is ignored"));
        }
        for (name, value) in settings.values {
            raw.insert(name, sourced(value, &origin));
        }
    }

    for name in parse::NAMES {
        let variable = format!("YORISOI_{}", name.to_ascii_uppercase());
        if let Some(value) = env(&variable) {
            raw.insert(name, sourced(value, &variable));
        }
    }

    if let Some(value) = &overrides.bind {
        raw.insert("bind", sourced(value.clone(), "--bind"));
    }
    if let Some(value) = &overrides.database {
        raw.insert("database", sourced(value.clone(), "--database"));
    }

    let config = parse::build(&raw)?;
    Ok(Loaded { config, warnings })
}

fn sourced(value: String, origin: &str) -> Sourced {
    Sourced {
        value,
        origin: origin.to_owned(),
    }
}

#[cfg(test)]
mod tests;
