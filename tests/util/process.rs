//! The real `yorisoi` binary as a child process, for the crash test: found
//! next to the test executable (`target/debug/yorisoi`, which
//! `cargo test --workspace` builds), started on a given address and
//! database, ready once it logs that it listens, and killed with SIGKILL.

use std::ffi::OsStr;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};

use crate::TIMEOUT;

/// The `yorisoi` binary of this build; fails the test with a clear message
/// when it has not been built.
pub fn binary() -> PathBuf {
    let test_exe = std::env::current_exe().expect("the test executable's path");
    // target/debug/deps/integration-… -> target/debug/yorisoi
    let dir = test_exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable lives in target/<profile>/deps");
    let binary = dir.join(format!("yorisoi{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "the yorisoi binary is missing at {}: run `cargo build -p yorisoi-server` \
         (or `cargo test --workspace`, which builds it) first",
        binary.display()
    );
    binary
}

/// A free loopback address (bound, then released for the child to take).
pub fn free_address() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address")
}

/// Every per-address and per-site limit, as settings to lift: test clients
/// (and the bench's) share a few loopback addresses, which the server would
/// rightly throttle. The HTTP connection cap stays at most a quarter of the
/// open-files budget whatever is asked (see the server's `listener`).
pub const LIFTED_LIMITS: [&str; 14] = [
    "YORISOI_LIMIT_NEW_CONVERSATIONS",
    "YORISOI_LIMIT_PROVEN_NEW_CONVERSATIONS",
    "YORISOI_LIMIT_SITE_NEW_CONVERSATIONS",
    "YORISOI_LIMIT_MESSAGES_PER_MINUTE",
    "YORISOI_LIMIT_MESSAGES_BURST",
    "YORISOI_LIMIT_ADDRESS_MESSAGES_PER_MINUTE",
    "YORISOI_LIMIT_SITE_MESSAGES_PER_MINUTE",
    "YORISOI_LIMIT_CONNECTIONS_PER_ADDRESS",
    "YORISOI_LIMIT_STAFF_CONNECTIONS_PER_ADDRESS",
    "YORISOI_LIMIT_LOGIN_FAILURES_PER_ADDRESS",
    "YORISOI_LIMIT_SOCKET_FRAMES_PER_SECOND",
    "YORISOI_LIMIT_SOCKET_FRAMES_BURST",
    "YORISOI_LIMIT_WIDGET_WRITES_PER_MINUTE",
    "YORISOI_LIMIT_HTTP_CONNECTIONS_PER_ADDRESS",
];

/// A `yorisoi` command in `dir` (no stray `yorisoi.toml`) with a clean
/// `YORISOI_*` environment.
fn command(dir: &Path, database: impl AsRef<OsStr>) -> Command {
    server_command(&binary(), dir, database)
}

/// The `yorisoi` binary at `binary`, run in `dir` (no stray
/// `yorisoi.toml`) on `database` (a SQLite path or a PostgreSQL URL), with no inherited `YORISOI_*` setting,
/// the per-address limits lifted ([`LIFTED_LIMITS`]) and info logs: the
/// test processes and the bench start their servers alike.
pub fn server_command(binary: &Path, dir: &Path, database: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(binary);
    command.current_dir(dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("YORISOI_") {
            command.env_remove(name);
        }
    }
    for name in LIFTED_LIMITS {
        command.env(name, "1000000");
    }
    command
        .env("YORISOI_LOG", "info")
        .arg("--database")
        .arg(database);
    command
}

/// Adds a staff member with `yorisoi staff add`.
pub async fn staff_add(
    dir: &Path,
    database: impl AsRef<OsStr>,
    email: &str,
    name: &str,
    password: &str,
) {
    let output = command(dir, database)
        .args(["staff", "add", "--email", email, "--name", name])
        .env("YORISOI_STAFF_PASSWORD", password)
        .stdin(Stdio::null())
        .output()
        .await
        .expect("run yorisoi staff add");
    assert!(
        output.status.success(),
        "staff add failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A running `yorisoi serve`.
pub struct ServerProcess {
    child: Child,
}

impl ServerProcess {
    /// Starts `yorisoi serve` and returns once it listens on `address`.
    pub async fn start(
        dir: &Path,
        database: impl AsRef<OsStr>,
        address: SocketAddr,
    ) -> ServerProcess {
        ServerProcess::start_with(command(dir, database), address).await
    }

    /// Like [`ServerProcess::start`], with at most `open_files` open files
    /// (soft and hard, set by util-linux's `prlimit`) and extra environment.
    pub async fn start_limited(
        dir: &Path,
        database: impl AsRef<OsStr>,
        address: SocketAddr,
        open_files: u64,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        let plain = command(dir, database);
        let mut limited = Command::new("prlimit");
        limited
            .current_dir(dir)
            .arg(format!("--nofile={open_files}:{open_files}"))
            .arg("--")
            .arg(plain.as_std().get_program())
            .args(plain.as_std().get_args());
        for (name, value) in plain.as_std().get_envs() {
            match value {
                Some(value) => limited.env(name, value),
                None => limited.env_remove(name),
            };
        }
        limited.envs(env.iter().copied());
        ServerProcess::start_with(limited, address).await
    }

    async fn start_with(mut command: Command, address: SocketAddr) -> ServerProcess {
        let mut child = command
            .arg("serve")
            .arg("--bind")
            .arg(address.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start yorisoi serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let mut lines = BufReader::new(stderr).lines();
        let listening = async {
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains("yorisoi is listening") {
                    return true;
                }
            }
            false
        };
        let ready = tokio::time::timeout(TIMEOUT, listening).await;
        assert!(
            matches!(ready, Ok(true)),
            "yorisoi serve did not report listening on {address}"
        );
        // Keep draining the log so the child never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_line)) = lines.next_line().await {} });
        ServerProcess { child }
    }

    /// The highest resident memory the server has used so far, in KiB
    /// (`VmHWM` of `/proc/<pid>/status`).
    pub fn peak_memory_kib(&self) -> u64 {
        let pid = self.child.id().expect("the server is running");
        let status =
            std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in the status")
    }

    /// Stops the server as an operator or orchestrator does (SIGTERM),
    /// and waits for it to exit; its exit status.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().expect("the server is running");
        let pid = rustix::process::Pid::from_raw(pid as i32).expect("a pid");
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
        tokio::time::timeout(TIMEOUT, self.child.wait())
            .await
            .expect("the server stops after SIGTERM")
            .expect("its exit status")
    }

    /// Kills the server with SIGKILL (no shutdown, no flush) and reaps it.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("SIGKILL the server");
    }
}
