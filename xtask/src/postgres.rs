//! The PostgreSQL the tests run against: the one `YORISOI_TEST_POSTGRES`
//! names, or else a throwaway cluster this module creates, starts and
//! removes, so `cargo xtask test` needs nothing set up by hand and never skips
//! the PostgreSQL tests. It decides which server, finds (or installs) the
//! server programs, who runs the cluster, where, and for how long;
//! [`cluster`] carries out creating, starting and removing one. What the
//! tests do with the database is theirs.
//!
//! Cleanup must happen however xtask ends, Ctrl-C included, and xtask may not
//! install a signal handler (unsafe code is forbidden), so stopping is the
//! job of a reaper: a second xtask process (`xtask postgres-reaper`), in its
//! own process group so the terminal's Ctrl-C spares it, that waits for its
//! standard input to close, which happens when xtask drops the guard, returns
//! or dies, and then stops the cluster and removes its directory. A cluster
//! left behind anyway (both killed, or a reboot) is removed by the next run.

mod cluster;

use std::fs;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use anyhow::{Context as _, bail, ensure};

use self::cluster::{Cluster, ROLE, as_user, process_name};
use crate::{root, tools};

/// The variable the tests read the server's address from.
pub const ENV: &str = "YORISOI_TEST_POSTGRES";
/// Clusters are `<base>/yorisoi-postgres-<pid of their reaper>`.
const PREFIX: &str = "yorisoi-postgres-";
/// The hidden command that runs the reaper.
pub const REAPER: &str = "postgres-reaper";

/// A PostgreSQL for the tests, stopped and removed on drop if we started it.
pub struct TestPostgres {
    url: String,
    /// The reaper of the cluster we started; none when the URL was given.
    reaper: Option<(Child, ChildStdin)>,
}

impl TestPostgres {
    /// The server `YORISOI_TEST_POSTGRES` names, as it is, or a throwaway one.
    pub fn start() -> anyhow::Result<Self> {
        match std::env::var(ENV) {
            Ok(url) if !url.is_empty() => {
                eprintln!("xtask: PostgreSQL tests use the server {ENV} names");
                Ok(Self { url, reaper: None })
            }
            _ => Self::throwaway(),
        }
    }

    /// A fresh cluster on a free loopback port, whatever the environment says.
    pub fn throwaway() -> anyhow::Result<Self> {
        let bin = ensure_installed()?;
        let user = cluster_user()?;
        let base = base_directory(user)?;
        remove_stale(&base, &bin, user);
        let mut reaper = Command::new(std::env::current_exe().context("xtask's own path")?)
            .arg(REAPER)
            .args([&base, &bin])
            .arg(user.unwrap_or("-"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting the PostgreSQL reaper")?;
        let stdin = reaper.stdin.take().context("the reaper's stdin")?;
        let cluster = Cluster {
            dir: base.join(format!("{PREFIX}{}", reaper.id())),
            bin,
            user,
        };
        // From here on, dropping `guard` (an error included) removes the cluster.
        let mut guard = Self {
            url: String::new(),
            reaper: Some((reaper, stdin)),
        };
        cluster.create()?;
        let port = cluster.start()?;
        guard.url = format!("postgres://{ROLE}@127.0.0.1:{port}/postgres");
        eprintln!(
            "xtask: PostgreSQL ({}) on 127.0.0.1:{port}, cluster {}",
            cluster.bin.display(),
            cluster.dir.display()
        );
        Ok(guard)
    }

    /// `postgres://yorisoi@127.0.0.1:<port>/postgres`, or the URL given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Gives `command` the URL in `YORISOI_TEST_POSTGRES`.
    pub fn pass_to<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        command.env(ENV, &self.url)
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Some((mut reaper, stdin)) = self.reaper.take() {
            drop(stdin);
            match reaper.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => eprintln!("xtask: the PostgreSQL reaper failed with {status}"),
                Err(error) => eprintln!("xtask: waiting for the PostgreSQL reaper: {error}"),
            }
        }
    }
}

/// `xtask postgres-reaper <base> <bin> <user or ->`: waits for its standard
/// input to close, then stops the cluster named after its own pid.
pub fn reap(args: &[String]) -> anyhow::Result<()> {
    let [base, bin, user] = args else {
        bail!("usage: xtask {REAPER} <base dir> <bin dir> <user or ->");
    };
    let cluster = Cluster {
        dir: Path::new(base).join(format!("{PREFIX}{}", std::process::id())),
        bin: PathBuf::from(bin),
        user: (user != "-").then_some(user.as_str()),
    };
    // Nothing is ever written: this returns when xtask closes the pipe or dies.
    let _closed = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    cluster.stop_and_remove()?;
    eprintln!(
        "xtask: PostgreSQL stopped, {} removed",
        cluster.dir.display()
    );
    Ok(())
}

/// The directory of PostgreSQL's server programs, installing Debian's
/// `postgresql` package when there are none.
fn ensure_installed() -> anyhow::Result<PathBuf> {
    if let Some(bin) = find_server_programs() {
        return Ok(bin);
    }
    tools::apt_install(&["postgresql"]).context("the tests need a PostgreSQL server")?;
    find_server_programs().context("no initdb and pg_ctl after installing postgresql")
}

fn find_server_programs() -> Option<PathBuf> {
    newest_debian_server(Path::new("/usr/lib/postgresql")).or_else(|| {
        // Other systems put them on PATH, perhaps as links to their real
        // directory, which also holds pg_isready.
        let pg_ctl = fs::canonicalize(tools::which("pg_ctl")?).ok()?;
        let bin = pg_ctl.parent()?;
        bin.join("initdb").is_file().then(|| bin.to_path_buf())
    })
}

/// `<lib>/<version>/bin` of the highest version with `initdb` and `pg_ctl`
/// (Debian installs each major version side by side).
fn newest_debian_server(lib: &Path) -> Option<PathBuf> {
    let version = |name: &str| -> Option<Vec<u32>> {
        name.split('.').map(|part| part.parse().ok()).collect()
    };
    fs::read_dir(lib)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let bin = entry.path().join("bin");
            let complete = bin.join("initdb").is_file() && bin.join("pg_ctl").is_file();
            Some((version(entry.file_name().to_str()?)?, bin)).filter(|_| complete)
        })
        .max_by(|(a, _), (b, _)| a.cmp(b))
        .map(|(_, bin)| bin)
}

/// PostgreSQL refuses to run as root: then the cluster belongs to the
/// `postgres` system user that Debian's package creates.
fn cluster_user() -> anyhow::Result<Option<&'static str>> {
    if !tools::is_root() {
        return Ok(None);
    }
    let exists = Command::new("id")
        .args(["-u", "postgres"])
        .output()
        .is_ok_and(|output| output.status.success());
    ensure!(
        exists,
        "running as root, but there is no `postgres` user to run PostgreSQL as"
    );
    Ok(Some("postgres"))
}

/// `target/postgres`, unless the cluster's user cannot reach it (a checkout
/// under a private home while we are root): then `/tmp`, which anyone may
/// traverse; the cluster's name (its reaper's pid) keeps it apart there too.
fn base_directory(user: Option<&str>) -> anyhow::Result<PathBuf> {
    let in_target = root().join("target").join("postgres");
    fs::create_dir_all(&in_target).with_context(|| format!("creating {}", in_target.display()))?;
    for base in [in_target, PathBuf::from("/tmp")] {
        let reachable = as_user(user, "test")
            .arg("-x")
            .arg(&base)
            .status()
            .is_ok_and(|status| status.success());
        if reachable {
            return Ok(base);
        }
    }
    bail!(
        "the user {} can reach neither target/postgres nor /tmp",
        user.unwrap_or("running xtask")
    )
}

/// Removes the clusters whose reaper is gone (a crash, a kill -9 of both,
/// a reboot), stopping their server first. Best effort: failures only warn.
fn remove_stale(base: &Path, bin: &Path, user: Option<&str>) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|name| name.strip_prefix(PREFIX)) else {
            continue;
        };
        if process_name(pid).as_deref() == Some("xtask") {
            continue; // A live run's cluster: its reaper will remove it.
        }
        let stale = Cluster {
            dir: entry.path(),
            bin: bin.to_path_buf(),
            user,
        };
        eprintln!(
            "xtask: removing the stale PostgreSQL cluster {}",
            stale.dir.display()
        );
        if let Err(error) = stale.stop_and_remove() {
            eprintln!("xtask: could not remove it: {error:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_complete_version_is_chosen() -> anyhow::Result<()> {
        let lib = std::env::temp_dir().join(format!("xtask-pg-lib-{}", std::process::id()));
        for (version, programs) in [
            ("9.6", &["initdb", "pg_ctl"][..]),
            ("15", &["initdb", "pg_ctl"]),
            ("10", &["initdb", "pg_ctl"]),
            ("16", &["initdb"]), // A client-only or half-removed install.
            ("notes", &["initdb", "pg_ctl"]),
        ] {
            let bin = lib.join(version).join("bin");
            fs::create_dir_all(&bin)?;
            for program in programs {
                fs::write(bin.join(program), "")?;
            }
        }
        let chosen = newest_debian_server(&lib);
        fs::remove_dir_all(&lib)?;
        assert_eq!(chosen, Some(lib.join("15").join("bin")));
        assert_eq!(newest_debian_server(&lib), None, "nothing installed");
        Ok(())
    }
}
