//! The server under test: the real router, sockets and SQLite store, served
//! in-process on `127.0.0.1:0` with its own temporary database and a clock
//! tests can move forward. Helpers for one organisation live here and act on
//! the server's first organisation; [`crate::organisations`] adds the others.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use yorisoi_protocol::http::WIDGET_SOCKET;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_server::clock::ShiftedClock;
use yorisoi_server::store::Store;
use yorisoi_server::{Config, ServerError};

use crate::verify::Records;
use crate::{ConsoleSocket, Role, Socket, StaffClient, TIMEOUT, WidgetSocket, generous_limits};

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
            database: dir.path().join("yorisoi.db").into(),
            ..Config::default()
        };
        generous_limits(&mut config);
        configure(&mut config);
        // Create the schema and the first organisation before the server
        // starts, so admin commands (which open the same file) never race
        // the server's migrations or its creating that organisation.
        Store::open(&config.database)
            .await
            .expect("create the database");
        yorisoi_server::admin::default_organisation(&config)
            .await
            .expect("create the first organisation");
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

    /// The server's clock now, in ms since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        use yorisoi_server::clock::Clock as _;
        self.clock.now_ms()
    }

    /// A WebSocket URL for `path` (which starts with `/`).
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.address)
    }

    /// The server's settings (its database path, for instance).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adds a staff member (not an admin) to the first organisation.
    pub async fn add_staff(&self, email: &str, name: &str, password: &str) -> StaffInfo {
        let first = self.default_organisation().await;
        self.add_staff_in(&first.slug, Role::Staff, email, name, password)
            .await
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
        Socket::connect(crate::socket::request(&self.ws_url(WIDGET_SOCKET), headers)).await
    }

    /// A staff HTTP client with its own cookie store.
    pub fn staff_client(&self) -> StaffClient {
        StaffClient::new(self)
    }

    /// Adds a staff member of the first organisation, logs in and opens a
    /// console socket; returns the client, the socket and the staff member
    /// (the socket's `Welcome` is not consumed).
    pub async fn console_as(
        &self,
        email: &str,
        name: &str,
    ) -> (StaffClient, ConsoleSocket, StaffInfo) {
        let first = self.default_organisation().await;
        self.console_in(&first.slug, Role::Staff, email, name).await
    }

    /// Adds a staff member of the first organisation and logs in; returns
    /// them and the `Cookie` header value of their session (for
    /// [`crate::ConsoleClient::staff`]).
    pub async fn staff_cookie(&self, email: &str, name: &str) -> (StaffInfo, String) {
        let first = self.default_organisation().await;
        let (client, staff) = self.staff_in(&first.slug, Role::Staff, email, name).await;
        let cookie = client.cookie_header().expect("a session cookie");
        (staff, cookie)
    }

    /// A second handle on the server's database.
    pub async fn store(&self) -> Store {
        Store::open(&self.config.database)
            .await
            .expect("open the server's database")
    }

    /// The first organisation's records, to compare clients with.
    pub async fn records(&self) -> Records {
        let first = self.default_organisation().await;
        Records::new(self.store().await, first.id)
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
