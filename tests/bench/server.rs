//! The server under test: the release `yorisoi` binary as a child process
//! on a free loopback port, with its own fresh database in a temporary
//! directory and every per-address limit lifted (all bench clients come
//! from a handful of loopback addresses). Durability settings are the
//! server's own: nothing here touches them.
//!
//! Start-up time is measured from `spawn` to the first successful HTTP
//! answer (`GET /api/widget/face` for the server's own site, which reads
//! the database), polled every millisecond over raw HTTP/1.1; resident
//! memory is `VmRSS` of `/proc/<pid>/status`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use yorisoi_tests::process::server_command;

/// Warnings and errors of the server's log shown per server run.
const SHOWN_LOG_LINES: usize = 20;

/// The staff member the bench logs in as.
pub const STAFF_EMAIL: &str = "bench@example.org";
/// Their password (a fresh database every run; never a real account).
pub const STAFF_PASSWORD: &str = "bench-password-not-secret";

/// Longest wait for a server to answer after `spawn`.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// The binary and a directory for its databases.
#[derive(Debug, Clone)]
pub struct Binary {
    /// The release `yorisoi`.
    pub path: PathBuf,
    /// Where fresh databases go (a temporary directory).
    pub scratch: PathBuf,
}

impl Binary {
    /// A `yorisoi` command on `database` with a clean environment.
    fn command(&self, database: &Path) -> Command {
        server_command(&self.path, &self.scratch, database)
    }

    /// A path for a fresh database named `name`.
    pub fn database(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = self.scratch.join(name);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(dir.join("yorisoi.db"))
    }

    /// Adds the bench's staff member with `yorisoi staff add` (which also
    /// creates the first organisation).
    pub async fn add_staff(&self, database: &Path) -> anyhow::Result<()> {
        let output = self
            .command(database)
            .args(["staff", "add", "--email", STAFF_EMAIL, "--name", "Bench"])
            .env("YORISOI_STAFF_PASSWORD", STAFF_PASSWORD)
            .stdin(Stdio::null())
            .output()
            .await
            .context("running yorisoi staff add")?;
        if !output.status.success() {
            bail!(
                "yorisoi staff add failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(())
    }

    /// Starts `yorisoi serve` on `database` and returns once it answers;
    /// with the time from spawn to that answer.
    pub async fn start(&self, database: &Path) -> anyhow::Result<(Server, Duration)> {
        let address = free_address()?;
        let mut command = self.command(database);
        command
            .arg("serve")
            .arg("--bind")
            .arg(address.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let spawned_at = Instant::now();
        let mut child = command.spawn().context("starting yorisoi serve")?;
        // Drain the log so the server never blocks on a full pipe; its
        // first warnings and errors are shown (a socket closed for falling
        // behind explains a reconnect in the table).
        if let Some(stderr) = child.stderr.take() {
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                let mut shown = 0;
                while let Ok(Some(line)) = lines.next_line().await {
                    if shown < SHOWN_LOG_LINES && (line.contains("WARN") || line.contains("ERROR"))
                    {
                        shown += 1;
                        eprintln!("bench: server log: {line}");
                    }
                }
            });
        }
        let deadline = spawned_at + START_TIMEOUT;
        loop {
            if answers(address).await {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                bail!("yorisoi serve exited at start with {status}");
            }
            if Instant::now() > deadline {
                bail!("yorisoi serve did not answer on {address} within {START_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let startup = spawned_at.elapsed();
        let pid = child.id().context("the server's pid")?;
        Ok((
            Server {
                child,
                address,
                pid,
            },
            startup,
        ))
    }
}

/// A running `yorisoi serve`, killed on drop.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub address: SocketAddr,
    pid: u32,
}

impl Server {
    /// Its resident memory now, in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))
            .context("reading the server's /proc status")?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .context("VmRSS in the server's status")
    }

    /// Fails if the server has exited (crashed) meanwhile.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => bail!("the server exited during the bench with {status}"),
            Err(error) => bail!("cannot check on the server: {error}"),
        }
    }

    /// Stops it (SIGKILL: the bench needs nothing flushed) and reaps it.
    pub async fn stop(mut self) {
        let _already_gone = self.child.kill().await;
    }
}

/// A free loopback address (bound, then released for the server to take).
fn free_address() -> anyhow::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("bind 127.0.0.1:0")?;
    Ok(listener.local_addr()?)
}

/// True when `GET /api/widget/face` for the server's own site answers 200.
async fn answers(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(address).await else {
        return false;
    };
    let host = format!("http://{address}")
        .replace(':', "%3A")
        .replace('/', "%2F");
    let request = format!(
        "GET /api/widget/face?host={host} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read_exact(&mut head)).await;
    matches!(read, Ok(Ok(_))) && head.starts_with(b"HTTP/1.1 200")
}

/// Logs the bench's staff member in; the `Cookie` header of the session.
pub async fn login(address: SocketAddr) -> anyhow::Result<String> {
    use yorisoi_protocol::http::{CSRF_HEADER, LoginRequest, STAFF_LOGIN};
    let response = reqwest::Client::new()
        .post(format!("http://{address}{STAFF_LOGIN}"))
        .header("origin", crate::net::Endpoint::own_origin(address))
        .header(CSRF_HEADER, "1")
        .json(&LoginRequest {
            email: STAFF_EMAIL.into(),
            password: STAFF_PASSWORD.into(),
        })
        .send()
        .await
        .context("logging in")?;
    if !response.status().is_success() {
        bail!("login answered {}", response.status());
    }
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .map(str::to_owned)
        .collect();
    if cookies.is_empty() {
        bail!("login set no cookie");
    }
    Ok(cookies.join("; "))
}
