//! One throwaway cluster's mechanics: its files, its settings, starting it
//! on a free loopback port, and stopping and removing it. Which cluster, who
//! runs it and when are `postgres`'s decisions; this only carries them out.

use std::fs;
use std::io::{ErrorKind, Write as _};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail, ensure};

/// The superuser initdb creates: the tests create a database each.
pub const ROLE: &str = "yorisoi";
/// Connections each running test may hold: the store's pool (16 in
/// `server/src/store/postgres.rs`), its listening connection and the one
/// that creates its database, with room to spare.
const CONNECTIONS_PER_TEST: usize = 20;

/// One throwaway cluster: `data/` (initdb's), `server.log` and the socket.
pub struct Cluster<'a> {
    pub dir: PathBuf,
    /// The directory of `initdb`, `pg_ctl` and `pg_isready`.
    pub bin: PathBuf,
    /// Who runs the server: `postgres` when we are root, else we ourselves.
    pub user: Option<&'a str>,
}

impl Cluster<'_> {
    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    /// A PostgreSQL program, run as the cluster's user.
    fn program(&self, name: &str) -> Command {
        let mut command = as_user(self.user, self.bin.join(name));
        // The user may not be able to enter our working directory.
        command.current_dir("/");
        command
    }

    pub fn create(&self) -> anyhow::Result<()> {
        fs::create_dir(&self.dir).with_context(|| format!("creating {}", self.dir.display()))?;
        if let Some(user) = self.user {
            quietly(Command::new("chown").arg(format!("{user}:")).arg(&self.dir))?;
        }
        quietly(
            self.program("initdb")
                .arg("--pgdata")
                .arg(self.data())
                .args(["--auth=trust", "--encoding=UTF8", "--locale=C"])
                .arg(format!("--username={ROLE}"))
                // Only initdb's own final flush: the server keeps fsync on.
                .arg("--no-sync"),
        )?;
        // cargo runs a test per core at a time; 300 at least, as on a laptop.
        let cores = std::thread::available_parallelism().map_or(8, usize::from);
        let max_connections = (100 + CONNECTIONS_PER_TEST * cores).max(300);
        let sockets = socket_directory(&self.dir).map_or_else(|| quoted(""), quoted);
        let settings = format!(
            "\n# A throwaway test cluster of `cargo xtask` (xtask/src/postgres/cluster.rs).\n\
             listen_addresses = '127.0.0.1'\n\
             unix_socket_directories = {sockets}\n\
             max_connections = {max_connections}\n\
             # The server's durability is tested against it.\n\
             fsync = on\n"
        );
        fs::OpenOptions::new()
            .append(true)
            .open(self.data().join("postgresql.conf"))
            .and_then(|mut file| file.write_all(settings.as_bytes()))
            .context("writing the cluster's postgresql.conf")
    }

    /// Starts the server and waits until it accepts connections; a port taken
    /// between our probe and the server's bind is retried with another.
    pub fn start(&self) -> anyhow::Result<u16> {
        for attempt in 1.. {
            let port = free_port()?;
            let started = quietly(
                self.program("pg_ctl")
                    .args(["start", "--wait", "--timeout=60", "--pgdata"])
                    .arg(self.data())
                    .arg("--log")
                    .arg(self.log())
                    .arg(format!("--options=-p {port}")),
            );
            let answered = started.and_then(|()| self.answers(port));
            let log = self.log_tail();
            match answered {
                Ok(()) => return Ok(port),
                Err(_) if attempt < 3 && log.contains("Address already in use") => {}
                Err(error) => bail!("{error:#}\nPostgreSQL's log ends:\n{log}"),
            }
        }
        unreachable!("the loop returns")
    }

    /// Whether a client gets in over TCP (`pg_ctl --wait` saw the server
    /// ready, but not which addresses it listens on).
    fn answers(&self, port: u16) -> anyhow::Result<()> {
        let pg_isready = self.bin.join("pg_isready");
        quietly(
            Command::new(pg_isready)
                .args(["--host=127.0.0.1", "--dbname=postgres", "--timeout=30"])
                .arg(format!("--port={port}"))
                .arg(format!("--username={ROLE}")),
        )
        .context("PostgreSQL started but does not answer on 127.0.0.1")
    }

    /// The last lines of the server's log, for error messages.
    fn log_tail(&self) -> String {
        let text = fs::read_to_string(self.log()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Stops the server if it runs, then removes the whole cluster.
    pub fn stop_and_remove(&self) -> anyhow::Result<()> {
        if postmaster_runs(&self.data()) {
            let stop = |mode: &str| {
                quietly(
                    self.program("pg_ctl")
                        .args(["stop", "--wait", "--timeout=60", "--mode", mode, "--pgdata"])
                        .arg(self.data()),
                )
            };
            if let Err(error) = stop("fast") {
                eprintln!("xtask: {error:#}\nxtask: stopping PostgreSQL in immediate mode");
                // Should even this fail, the server shuts itself down within a
                // minute of its data directory vanishing (it checks its lock file).
                let _ = stop("immediate");
            }
        }
        match fs::remove_dir_all(&self.dir) {
            Err(error) if error.kind() != ErrorKind::NotFound => {
                Err(error).with_context(|| format!("removing {}", self.dir.display()))
            }
            _ => Ok(()),
        }
    }
}

/// Whether the process in `postmaster.pid` is still a PostgreSQL: after a
/// crash or a reboot its pid may belong to another program, which pg_ctl
/// must not signal.
fn postmaster_runs(data: &Path) -> bool {
    let text = fs::read_to_string(data.join("postmaster.pid")).unwrap_or_default();
    let pid = text.lines().next().unwrap_or_default().trim();
    process_name(pid).as_deref() == Some("postgres")
}

/// The command name of a live process, from `/proc`. A zombie counts as
/// gone: a killed xtask's reaper stays one until some init gets round to it.
pub fn process_name(pid: &str) -> Option<String> {
    pid.parse::<u32>().ok()?;
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `<pid> (<name>) <state> …`, where the name may hold parentheses.
    let (head, tail) = stat.rsplit_once(')')?;
    let (_, name) = head.split_once('(')?;
    (!tail.trim_start().starts_with('Z')).then(|| name.to_owned())
}

/// `program` run as `user` (through util-linux's `runuser`, we are root
/// then), or as ourselves.
pub fn as_user(user: Option<&str>, program: impl AsRef<std::ffi::OsStr>) -> Command {
    match user {
        Some(user) => {
            let mut command = Command::new("runuser");
            command.args(["-u", user, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

/// The cluster's directory as the server's socket directory, unless the
/// socket's path would pass the kernel's 107 bytes: then TCP only.
fn socket_directory(dir: &Path) -> Option<&str> {
    let dir = dir.to_str()?;
    (dir.len() + "/.s.PGSQL.65535".len() <= 107).then_some(dir)
}

/// A string as a postgresql.conf value.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

/// A port free at this moment on 127.0.0.1 (the kernel picks it).
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Runs a command, showing its output only when it fails (initdb and
/// pg_ctl are chatty).
fn quietly(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .with_context(|| format!("could not start {shown}"))?;
    ensure!(
        output.status.success(),
        "{shown} failed with {}:\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_path_too_long_for_the_kernel_means_tcp_only() {
        assert!(socket_directory(Path::new("/work/target/postgres/yorisoi-postgres-1")).is_some());
        assert!(socket_directory(&Path::new("/home").join("a".repeat(100))).is_none());
    }

    #[test]
    fn a_process_is_known_by_its_command_name() {
        let own = process_name(&std::process::id().to_string());
        assert!(own.is_some_and(|name| name.starts_with("xtask")));
        assert_eq!(process_name("../self"), None);
    }

    #[test]
    fn settings_values_are_quoted() {
        assert_eq!(quoted("/tmp/it's"), "'/tmp/it''s'");
    }
}
