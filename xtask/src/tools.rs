//! Finds or installs the tools the pipeline needs, so the README's two
//! commands work on a fresh machine: the wasm target through rustup, Chromium
//! and chromedriver through the OS package manager (as is PostgreSQL, for
//! [`crate::postgres`]); wasm-opt, terser and axe-core through npm (pinned
//! in `xtask/package.json` and its lock file).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, bail};

use crate::{root, run};

/// Adds the `wasm32-unknown-unknown` target when rustup lacks it.
pub fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output()
        .context("rustup is needed to add the wasm32-unknown-unknown target")?;
    let list = String::from_utf8_lossy(&installed.stdout);
    if !list
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .current_dir(root()))?;
    }
    Ok(())
}

/// The path of a build tool from `xtask/node_modules/.bin` (wasm-opt from the
/// npm package `binaryen`, terser), installing the pinned set on first use.
pub fn node_tool(name: &str) -> anyhow::Result<PathBuf> {
    node_file(&[".bin", name])
}

/// The path of axe-core's script (`axe.min.js`), which the browser tests
/// inject into pages to check them for accessibility, installing the pinned
/// set when it is missing.
pub fn axe_script() -> anyhow::Result<PathBuf> {
    node_file(&["axe-core", "axe.min.js"])
}

/// The path of `parts` under `xtask/node_modules`. When that file is
/// missing, the whole pinned set is installed again (`npm ci`): a
/// `node_modules` from before a package was added lacks only the new one.
fn node_file(parts: &[&str]) -> anyhow::Result<PathBuf> {
    let dir = root().join("xtask");
    let file = parts
        .iter()
        .fold(dir.join("node_modules"), |path, part| path.join(part));
    if !file.exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))
        .context("installing the tools of xtask/package.json failed; is npm installed?")?;
    }
    Ok(file)
}

/// Chromium and chromedriver for the browser tests, as `(chromium, chromedriver)`,
/// with a Japanese font so screenshots show Japanese text. Installs Debian's
/// packages for whatever is missing, when we are root or may sudo.
pub fn ensure_chromium() -> anyhow::Result<(PathBuf, PathBuf)> {
    let mut missing = Vec::new();
    if find_browser().is_none() {
        missing.push("chromium");
    }
    if which("chromedriver").is_none() {
        missing.push("chromium-driver");
    }
    if !has_japanese_font() {
        missing.push("fonts-noto-cjk");
    }
    if !missing.is_empty() {
        apt_install(&missing).context("the browser tests need Chromium")?;
    }
    match (find_browser(), which("chromedriver")) {
        (Some(browser), Some(driver)) => Ok((browser, driver)),
        _ => bail!("chromium or chromedriver still missing after apt-get install"),
    }
}

/// Installs Debian packages (without their recommendations), when we are
/// root or may sudo without a password. The package lists are refreshed
/// first: a fresh container has none.
pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    apt(&["update", "-q"]).context("apt-get update failed")?;
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(packages);
    apt(&install).with_context(|| format!("installing {} failed", packages.join(" ")))
}

fn apt(args: &[&str]) -> anyhow::Result<()> {
    let mut command = if is_root() {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", "apt-get"]);
        sudo
    };
    command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut command)
}

fn has_japanese_font() -> bool {
    Command::new("fc-list")
        .arg(":lang=ja")
        .output()
        .map(|out| !out.stdout.is_empty())
        .unwrap_or(false)
}

fn find_browser() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find_map(which)
}

/// Whether xtask runs as root (apt-get without sudo; PostgreSQL as `postgres`).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Looks a program up on `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
