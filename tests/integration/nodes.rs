//! Several server nodes behind one address (issue 11): two real `yorisoi
//! serve` processes on one scratch PostgreSQL database, migrated first with
//! `yorisoi migrate`, started at the same time, with one staff member added
//! by `yorisoi staff add`. A client talks to one node, as a load balancer
//! would send it, and must notice nothing of the other: what is committed
//! on one node reaches the sockets of the other ([`live`]: messages, list
//! rows, read marks), writers on both nodes share one gap-free order
//! ([`interleaved`]), a node killed with SIGKILL loses nothing acknowledged
//! once its clients resend to the other ([`failover`]), a revocation on one
//! node closes consoles on both ([`live`]), a limit used up on one node
//! holds on the other ([`limits`]), and each node answers a
//! balancer's health checks and stops cleanly on SIGTERM ([`operations`]).
//! Needs `YORISOI_TEST_POSTGRES` (see `yorisoi_tests::postgres`) and the
//! built binary.

mod failover;
mod interleaved;
mod limits;
mod live;
mod operations;

use std::net::SocketAddr;
use std::process::Stdio;

use reqwest::StatusCode;
use tokio::net::TcpStream;
use yorisoi_protocol::http::{CSRF_HEADER, LoginRequest, STAFF_LOGIN};
use yorisoi_server::Config;
use yorisoi_server::config::Database;
use yorisoi_server::store::Store;
use yorisoi_tests::postgres::ScratchDatabase;
use yorisoi_tests::process::{ServerProcess, binary, free_address, server_command, staff_add};
use yorisoi_tests::socket::request;
use yorisoi_tests::verify::Records;
use yorisoi_tests::{ConsoleSocket, Socket, WidgetSocket, origin_of};

/// The staff member every cluster starts with.
const EMAIL: &str = "kai@example.org";
/// Their display name, as parents see it.
const NAME: &str = "Kai";
const PASSWORD: &str = "two nodes test password";
/// Each node's open-files limit (plenty for these tests).
const OPEN_FILES: u64 = 4096;

/// Two nodes on one database. Fields drop in order: the nodes (killed)
/// before the database (dropped).
struct Cluster {
    /// The running nodes, by index; a test takes one out to kill or stop it.
    nodes: [Option<ServerProcess>; 2],
    /// Where each node listens.
    addresses: [SocketAddr; 2],
    database: ScratchDatabase,
    /// The nodes' working directory (no stray `yorisoi.toml`).
    dir: tempfile::TempDir,
}

impl Cluster {
    /// A migrated scratch database with one staff member ([`EMAIL`]), and
    /// two nodes on it, started together.
    async fn start() -> Cluster {
        Cluster::start_with(&[]).await
    }

    /// [`Cluster::start`] with settings (`YORISOI_…` variables) for both
    /// nodes.
    async fn start_with(settings: &[(&str, &str)]) -> Cluster {
        let database = ScratchDatabase::create().await;
        let dir = tempfile::tempdir().expect("tempdir");
        migrate(dir.path(), &database.url).await;
        staff_add(dir.path(), &database.url, EMAIL, NAME, PASSWORD).await;
        let addresses = [free_address(), free_address()];
        // Nodes share their stored limits only with one key secret.
        let mut settings = settings.to_vec();
        settings.push(("YORISOI_LIMIT_KEY_SECRET", "the cluster's shared secret"));
        let settings = settings.as_slice();
        let node = |address| {
            ServerProcess::start_limited(dir.path(), &database.url, address, OPEN_FILES, settings)
        };
        let (first, second) = tokio::join!(node(addresses[0]), node(addresses[1]));
        Cluster {
            nodes: [Some(first), Some(second)],
            addresses,
            database,
            dir,
        }
    }

    /// Takes node `n` out, to kill or stop it.
    fn take(&mut self, n: usize) -> ServerProcess {
        self.nodes[n].take().expect("the node is running")
    }

    /// `http://<node n>` + `path`.
    fn url(&self, n: usize, path: &str) -> String {
        format!("http://{}{path}", self.addresses[n])
    }

    /// `ws://<node n>` + `path`.
    fn ws(&self, n: usize, path: &str) -> String {
        format!("ws://{}{path}", self.addresses[n])
    }

    /// Logs [`EMAIL`] in on node `n`; the session's `Cookie` header value.
    async fn login(&self, n: usize) -> String {
        self.login_as(n, EMAIL).await
    }

    /// Logs `email` in on node `n`; the session's `Cookie` header value.
    async fn login_as(&self, n: usize, email: &str) -> String {
        let response = staff_post(&self.url(n, STAFF_LOGIN), None)
            .json(&LoginRequest {
                email: email.into(),
                password: PASSWORD.into(),
            })
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "logged in");
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .expect("a session cookie");
        let pair = set_cookie.split(';').next().expect("cookie pair");
        pair.to_owned()
    }

    /// A console socket on node `n` with a session cookie, as the console
    /// page opens it.
    async fn console(&self, n: usize, cookie: &str) -> ConsoleSocket {
        let url = self.ws(n, yorisoi_protocol::http::CONSOLE_SOCKET);
        let origin = origin_of(&url);
        let request = request(&url, &[("origin", &origin), ("cookie", cookie)]);
        Socket::connect(request).await.expect("open the console")
    }

    /// A widget socket on node `n`, as the server's own page opens it.
    async fn widget(&self, n: usize) -> WidgetSocket {
        let url = self.ws(n, yorisoi_protocol::http::WIDGET_SOCKET);
        let origin = origin_of(&url);
        Socket::connect(request(&url, &[("origin", &origin)]))
            .await
            .expect("open the widget socket")
    }

    /// The records of the database's (only) organisation, read directly.
    async fn records(&self) -> Records {
        let config = Config {
            database: Database::Postgres(self.database.url.clone()),
            ..Config::default()
        };
        let first = yorisoi_server::admin::default_organisation(&config)
            .await
            .expect("the one organisation");
        let store = Store::open(&config.database)
            .await
            .expect("open the database");
        Records::new(store, first.id)
    }
}

/// `yorisoi migrate` on `url`, as an operator runs it before starting
/// nodes: it must succeed and say so.
async fn migrate(dir: &std::path::Path, url: &str) {
    let output = server_command(&binary(), dir, url)
        .arg("migrate")
        .stdin(Stdio::null())
        .output()
        .await
        .expect("run yorisoi migrate");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.starts_with("migrated "),
        "yorisoi migrate failed: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A `POST` as the console page sends it to `url`: its own origin, the CSRF
/// header and, if given, the session cookie.
fn staff_post(url: &str, cookie: Option<&str>) -> reqwest::RequestBuilder {
    let post = reqwest::Client::new()
        .post(url)
        .header("origin", origin_of(url))
        .header(CSRF_HEADER, "1");
    match cookie {
        Some(cookie) => post.header("cookie", cookie),
        None => post,
    }
}

/// True while something accepts connections at `address`.
async fn listens(address: SocketAddr) -> bool {
    TcpStream::connect(address).await.is_ok()
}
