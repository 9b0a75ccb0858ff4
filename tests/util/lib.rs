//! Shared helpers for Yorisoi's integration and browser tests: a real server
//! on a random port with its own temporary database ([`TestServer`]),
//! WebSocket clients that speak the protocol's frames and wait for them with
//! a timeout ([`Socket`]), and a staff HTTP client with a cookie store
//! ([`StaffClient`]). Nothing here sleeps to wait for an effect: helpers wait
//! for the frame or response that proves it, and fail after [`TIMEOUT`].
//!
//! Modules: [`access`] (helpers for the security tests), [`socket`] (protocol-level WebSocket client, frame by frame),
//! [`staff`] (the staff HTTP client), [`client`] (the reference client: the
//! protocol's outbox/resume algorithm), [`chaos`] (a fault-injecting
//! WebSocket proxy), [`process`] (the real `yorisoi` binary as a child
//! process, for the crash test), [`verify`] (seeds, settling, and comparing
//! clients with the database).
//!
//! Every client here behaves as the real pages do: sockets and `POST`s carry
//! the server's own `Origin`, `POST`s the CSRF header. All test clients share
//! one address (127.0.0.1), so [`TestServer::start`] lifts the abuse limits
//! out of the way ([`generous_limits`]); tests of the limits set small ones
//! with [`TestServer::start_with`].

pub mod access;
pub mod chaos;
pub mod client;
pub mod process;
pub mod socket;
pub mod staff;
pub mod verify;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_server::clock::{ShiftedClock, SystemClock};
use yorisoi_server::store::Store;
use yorisoi_server::{Config, ServerError};

pub use client::console::ConsoleClient;
pub use client::widget::{WidgetClient, new_token};
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
    config.limit_site_new_conversations = PLENTY;
    config.limit_messages_per_minute = PLENTY;
    config.limit_messages_burst = PLENTY;
    config.limit_site_messages_per_minute = PLENTY;
    config.limit_login_failures_per_account = PLENTY;
    config.limit_login_failures_per_address = PLENTY;
    config.limit_connections_per_address = PLENTY;
}

/// A running server with its own temporary database. Stops on drop.
pub struct TestServer {
    address: SocketAddr,
    config: Config,
    clock: Arc<ShiftedClock>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServerError>>>,
    /// Kept so the database outlives the server.
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on `127.0.0.1:0` with a fresh database and
    /// [`generous_limits`].
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// Like [`TestServer::start`], with settings changed by `configure`
    /// (after the generous limits, so it may set small ones).
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("listener address");
        let mut config = Config {
            bind: address,
            database: dir.path().join("yorisoi.db"),
            ..Config::default()
        };
        generous_limits(&mut config);
        configure(&mut config);
        // Create the schema before the server starts, so `add_staff` (which
        // opens the same file) never races the server's migrations.
        Store::open(&config.database, Arc::new(SystemClock))
            .await
            .expect("create the database");
        let (stop, stopped) = oneshot::channel::<()>();
        let clock = Arc::new(ShiftedClock::new());
        let task = tokio::spawn(yorisoi_server::run_with_clock(
            listener,
            config.clone(),
            clock.clone(),
            async {
                let _sender_dropped = stopped.await;
            },
        ));
        TestServer {
            address,
            config,
            clock,
            stop: Some(stop),
            task: Some(task),
            _dir: dir,
        }
    }

    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The server's own origin, as its pages send it.
    pub fn origin(&self) -> String {
        self.url()
    }

    /// Moves the server's clock forward (sessions expire, limits refill).
    pub fn advance_clock(&self, by: Duration) {
        self.clock
            .advance(i64::try_from(by.as_millis()).expect("a sane duration"));
    }

    /// A WebSocket URL for `path` (which starts with `/`).
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.address)
    }

    /// The server's settings (its database path, for instance).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adds a staff member to the server's database.
    pub async fn add_staff(&self, email: &str, name: &str, password: &str) -> StaffInfo {
        yorisoi_server::admin::add_staff(&self.config, email, name, password)
            .await
            .expect("add a staff member")
    }

    /// Opens a widget socket (no `Hello` sent yet), as the widget page does.
    pub async fn widget(&self) -> WidgetSocket {
        self.widget_with(&[("origin", &self.origin())])
            .await
            .expect("connect the widget socket")
    }

    /// Tries to open a widget socket with exactly these extra headers (no
    /// `Origin` unless given); the error carries a refused upgrade's response.
    pub async fn widget_with(
        &self,
        headers: &[(&str, &str)],
    ) -> Result<WidgetSocket, tokio_tungstenite::tungstenite::Error> {
        Socket::connect(socket::request(&self.ws_url("/api/widget/ws"), headers)).await
    }

    /// A staff HTTP client with its own cookie store.
    pub fn staff_client(&self) -> StaffClient {
        StaffClient::new(self)
    }

    /// Adds a staff member, logs in and opens a console socket; returns the
    /// client, the socket and the staff member (the socket's `Welcome` is
    /// not consumed).
    pub async fn console_as(
        &self,
        email: &str,
        name: &str,
    ) -> (StaffClient, ConsoleSocket, StaffInfo) {
        let (client, staff) = self.logged_in_staff(email, name).await;
        let console = client.console().await.expect("connect the console socket");
        (client, console, staff)
    }

    /// Adds a staff member and logs in; returns them and the `Cookie` header
    /// value of their session (for [`ConsoleClient::staff`]).
    pub async fn staff_cookie(&self, email: &str, name: &str) -> (StaffInfo, String) {
        let (client, staff) = self.logged_in_staff(email, name).await;
        let cookie = client.cookie_header().expect("a session cookie");
        (staff, cookie)
    }

    /// Adds a staff member and logs them in with a fresh HTTP client.
    async fn logged_in_staff(&self, email: &str, name: &str) -> (StaffClient, StaffInfo) {
        let password = "a long enough password";
        let staff = self.add_staff(email, name, password).await;
        let client = self.staff_client();
        assert_eq!(
            client.login(email, password).await,
            reqwest::StatusCode::NO_CONTENT
        );
        (client, staff)
    }

    /// A second handle on the server's database, to compare clients with.
    pub async fn store(&self) -> Store {
        Store::open(&self.config.database, Arc::new(SystemClock))
            .await
            .expect("open the server's database")
    }

    /// Stops the server and waits until it has finished.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let result = tokio::time::timeout(TIMEOUT, task).await;
            let finished = result
                .expect("server stops in time")
                .expect("server task joins");
            finished.expect("server ran without error");
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _already_stopped = stop.send(());
        }
    }
}
