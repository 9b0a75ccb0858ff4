//! `cargo xtask`: Yorisoi's build pipeline as Rust code, so a fresh machine
//! needs nothing but cargo (and the OS package manager, which xtask drives).
//!
//! Modules:
//! - [`tools`]: finds or installs what the pipeline needs (wasm target,
//!   wasm-opt from npm, Chromium and chromedriver from the OS packages).
//! - [`wasm`]: builds the wasm apps, runs wasm-bindgen (as a library, same
//!   version as the `wasm-bindgen` crate) and wasm-opt.
//! - [`link`]: xtask as the wasm apps' linker (`rust-lld` minus the exports
//!   of classes nothing uses).
//! - [`glue`]: shortens the import and export names between each wasm and its
//!   JS glue, and minifies the glue.
//! - [`site`]: assembles `target/site/` (what the server embeds), gzipped.
//! - [`loader`]: fills the loader's strings from the Fluent sources.
//! - [`size`]: the size report and the budgets it enforces.
//! - [`tasks`]: the commands themselves: build, serve, test, size, fuzz,
//!   postgres.
//! - [`postgres`]: the PostgreSQL the tests use: `YORISOI_TEST_POSTGRES`, or
//!   a throwaway cluster under `target/postgres` that it starts and removes.
//! - [`bench`]: `cargo xtask bench`, the load client against the release server.

mod bench;
mod css;
mod glue;
mod link;
mod loader;
mod postgres;
mod site;
mod size;
mod tasks;
mod tools;
mod wasm;

use std::path::PathBuf;
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  build   build the wasm apps and assemble target/site (what the server embeds)
  serve   build everything and run the server on 127.0.0.1:8080 with the demo at /demo
  test    install what tests need, then run lints, every test (browser tests too) and the size gates
  size    print the size report of an already built site and check the budgets
  names   build the wasm apps keeping function names into target/wasm-names, for
          `twiggy top` and `twiggy dominators` (analysis only, never shipped)
  fuzz    run every cargo-fuzz target (server/fuzz) for N seconds each (default 60)
  bench   measure the release server on loopback (table + target/bench/report.json);
          --quick: small counts, correctness only (part of `test`)
  postgres
          start the throwaway PostgreSQL that `test` uses, print its
          YORISOI_TEST_POSTGRES=… line and keep it until Ctrl-C or end of input";

fn main() -> ExitCode {
    // Started by rustc as the wasm apps' linker (see `link`), not by a person.
    let mut raw = std::env::args_os().skip(1).peekable();
    if raw.peek().is_some_and(|first| first == link::FLAVOR_FLAG) {
        return link::run(raw.collect());
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => tasks::build(),
        Some("serve") => tasks::serve(&args[1..]),
        Some("test") => tasks::test(&args[1..]),
        Some("size") => tasks::size(),
        Some("names") => tasks::names(),
        Some("fuzz") => tasks::fuzz(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("postgres") => tasks::postgres(),
        // Not for people: the process that stops a throwaway PostgreSQL.
        Some(postgres::REAPER) => postgres::reap(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it). `cargo run` says
/// where xtask's manifest is at run time; the path baked in at compile time
/// is only a fallback, since a binary reused from another checkout's target
/// directory would otherwise build that checkout.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Where the assembled site goes; the server's build script embeds it.
pub fn site_dir() -> PathBuf {
    root().join("target").join("site")
}

/// Runs a command to completion, failing with its command line if it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    eprintln!("xtask: $ {shown}");
    let status = command
        .status()
        .map_err(|error| anyhow::anyhow!("could not start {shown}: {error}"))?;
    anyhow::ensure!(status.success(), "{shown} failed with {status}");
    Ok(())
}

/// `cargo`, as the one running xtask (respects rustup's toolchain choice).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}
