//! `yorisoi-bench`: the load client behind `cargo xtask bench`. It starts
//! the release `yorisoi` binary (given with `--server`) on loopback with
//! fresh databases, speaks the documented protocol to it, measures, prints
//! a table and writes a JSON report. Every scenario is bounded in count and
//! time and stops by itself; see [`plan`] for the counts.
//!
//! `--quick` runs small counts in seconds and checks correctness only
//! (every message acknowledged, delivered exactly once and in order, to the
//! console and back); it exits non-zero when a check fails. Speeds are
//! never asserted: they are reported, and compared with the issue's
//! targets in the report.
//!
//! Modules: [`plan`] (what each mode runs), [`server`] (the release binary
//! as a child process), [`net`] (loopback sockets from chosen source
//! addresses), [`load`] (widgets and a console under a schedule, with every
//! delivery checked), [`echo`] (the bare WebSocket floor), [`disk`] (the
//! durable-insert floor), [`idle`] (many idle widget sockets),
//! [`first_screen`] (the console's `Welcome` over many conversations),
//! [`scenarios`] (each measurement, start to end), [`report`] (the table,
//! the JSON and the targets), [`stats`] (percentiles and the time base),
//! [`browser`] (click-to-input in headless Chromium).

mod browser;
mod disk;
mod echo;
mod first_screen;
mod idle;
mod load;
mod net;
mod plan;
mod report;
mod scenarios;
mod server;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::plan::Plan;
use crate::report::Payload;

/// What the command line asked for.
#[derive(Debug)]
pub struct Options {
    /// Small counts, correctness only.
    pub quick: bool,
    /// The release `yorisoi` binary.
    pub server: PathBuf,
    /// Where the JSON report goes.
    pub out: PathBuf,
    /// Idle sockets to hold (overrides the plan's).
    pub idle: Option<usize>,
    /// Payload sizes measured by xtask (gzip bytes).
    pub payload: Payload,
    /// Chromium and chromedriver, for click-to-input (none: not measured).
    pub browser: Option<browser::Browser>,
}

const USAGE: &str = "usage: yorisoi-bench [--quick] --server <target/release/yorisoi> [--out report.json] \
[--idle N] [--loader-gz BYTES --widget-gz BYTES --console-gz BYTES --settings-gz BYTES] \
[--chromium PATH --chromedriver PATH]";

fn main() -> ExitCode {
    stats::epoch();
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("yorisoi-bench: {error:#}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("yorisoi-bench: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("yorisoi-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the plan, prints and writes the report; false when a correctness
/// check failed.
async fn run(options: Options) -> anyhow::Result<bool> {
    let plan = Plan::new(options.quick, options.idle);
    let report = scenarios::run_all(&options, &plan).await?;
    println!("{}", report::table(&report));
    if let Some(dir) = options.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let json = serde_json::to_string_pretty(&report).context("encoding the report")?;
    std::fs::write(&options.out, json)
        .with_context(|| format!("writing {}", options.out.display()))?;
    println!("report written to {}", options.out.display());
    if !report.correctness.failures.is_empty() {
        eprintln!("yorisoi-bench: correctness checks failed:");
        for failure in &report.correctness.failures {
            eprintln!("  - {failure}");
        }
        return Ok(false);
    }
    Ok(true)
}

fn parse(args: Vec<String>) -> anyhow::Result<Options> {
    let mut quick = false;
    let mut server = None;
    let mut out = PathBuf::from("target/bench/report.json");
    let mut idle = None;
    let mut payload = Payload::default();
    let mut chromium = None;
    let mut chromedriver = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--quick" => quick = true,
            "--server" => server = Some(PathBuf::from(value("--server")?)),
            "--out" => out = PathBuf::from(value("--out")?),
            "--idle" => idle = Some(value("--idle")?.parse().context("--idle takes a count")?),
            "--loader-gz" => payload.loader_gz = Some(value(arg.as_str())?.parse()?),
            "--widget-gz" => payload.widget_gz = Some(value(arg.as_str())?.parse()?),
            "--console-gz" => payload.console_gz = Some(value(arg.as_str())?.parse()?),
            "--settings-gz" => payload.settings_gz = Some(value(arg.as_str())?.parse()?),
            "--chromium" => chromium = Some(PathBuf::from(value("--chromium")?)),
            "--chromedriver" => chromedriver = Some(PathBuf::from(value("--chromedriver")?)),
            other => bail!("unknown argument {other:?}"),
        }
    }
    let server: PathBuf = server.context("--server is required")?;
    // The server runs in a scratch directory: its path must not be relative.
    let server = server
        .canonicalize()
        .with_context(|| format!("no server binary at {}", server.display()))?;
    let browser = match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Some(browser::Browser {
            chromium,
            chromedriver,
        }),
        _ => None,
    };
    Ok(Options {
        quick,
        server,
        out,
        idle,
        payload,
        browser,
    })
}
