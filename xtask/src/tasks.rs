//! The commands behind `cargo xtask`: each is a short list of pipeline steps.

use std::process::Command;

use anyhow::Context;

use crate::postgres::{self, TestPostgres};
use crate::{cargo, root, run, site, size, tools};

/// `cargo xtask build`: the wasm apps and the site the server embeds.
pub fn build() -> anyhow::Result<()> {
    site::assemble()?;
    size::report(false)
}

/// `cargo xtask size`: the report and the budgets, on the built site.
pub fn size() -> anyhow::Result<()> {
    size::report(true)
}

/// `cargo xtask names`: the wasm apps with their name section, in
/// `target/wasm-names`, to see with twiggy where the bytes go.
pub fn names() -> anyhow::Result<()> {
    let out = root().join("target").join("wasm-names");
    std::fs::create_dir_all(&out)?;
    crate::wasm::build_named(&out)?;
    println!(
        "names: {} (try `twiggy top -n 40 <app>_bg.wasm`)",
        out.display()
    );
    Ok(())
}

/// `cargo xtask serve [yorisoi serve flags]`: builds everything, then runs the
/// server with the embedded SQLite database `yorisoi.db` in the workspace.
pub fn serve(extra: &[String]) -> anyhow::Result<()> {
    build()?;
    run(cargo().args(["build", "--package", "yorisoi-server", "--bin", "yorisoi"]))?;
    let yorisoi = root().join("target/debug/yorisoi");
    let database = root().join("yorisoi.db");
    ensure_demo_staff(&yorisoi, &database)?;
    println!(
        "\nYorisoi: demo page http://127.0.0.1:8080/demo, staff console http://127.0.0.1:8080/console\n"
    );
    let mut server = Command::new(&yorisoi);
    server
        .arg("serve")
        .arg("--database")
        .arg(&database)
        .args(bind_unless_given(extra))
        .args(extra)
        .current_dir(root());
    run(&mut server)
}

fn bind_unless_given(extra: &[String]) -> Vec<String> {
    if extra.iter().any(|arg| arg.starts_with("--bind")) {
        Vec::new()
    } else {
        vec!["--bind".into(), "127.0.0.1:8080".into()]
    }
}

/// A first run has no staff account: create a demo one (an admin of the
/// first organisation, named after the demo page's sample organisation) so
/// the console can be tried at once, and print its password (only this once).
fn ensure_demo_staff(yorisoi: &std::path::Path, database: &std::path::Path) -> anyhow::Result<()> {
    let listing = Command::new(yorisoi)
        .args(["staff", "list", "--database"])
        .arg(database)
        .output()
        .context("listing staff accounts")?;
    anyhow::ensure!(
        listing.status.success(),
        "yorisoi staff list failed: {}",
        String::from_utf8_lossy(&listing.stderr).trim()
    );
    if !String::from_utf8_lossy(&listing.stdout).trim().is_empty() {
        return Ok(());
    }
    let password = random_password()?;
    run(Command::new(yorisoi)
        .args([
            "staff",
            "add",
            "--email",
            "demo@example.org",
            "--name",
            "Demo staff",
            "--admin",
            "--database",
        ])
        .arg(database)
        .env("YORISOI_STAFF_PASSWORD", &password))?;
    // The demo page is a sample site of "ひだまり子育てネット": give the
    // first organisation that name, so the chat's header matches the page.
    // Only a fresh `main` is renamed: a database whose organisations were
    // set up by hand keeps its names (the command then fails, harmlessly).
    let _named = Command::new(yorisoi)
        .args([
            "org",
            "set",
            "main",
            "--name-ja",
            "ひだまり子育てネット",
            "--name-en",
            "Hidamari Parenting Net",
            "--database",
        ])
        .arg(database)
        .stderr(std::process::Stdio::null())
        .status();
    println!(
        "\nDemo staff account created (an admin of the first organisation): demo@example.org / {password}\n(shown only now; add real accounts with `yorisoi staff add`, organisations with `yorisoi org add`)"
    );
    Ok(())
}

fn random_password() -> anyhow::Result<String> {
    use std::io::Read;
    let mut buffer = [0u8; 9];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut buffer))
        .context("reading /dev/urandom")?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

/// `cargo xtask test`: installs what is missing, then lints, every test tier
/// and the size gates. Extra arguments go to the test binaries (a filter).
/// Every test command gets `YORISOI_TEST_POSTGRES`: the given server or a
/// throwaway one, stopped when this returns, passed or failed.
pub fn test(extra: &[String]) -> anyhow::Result<()> {
    let (chromium, chromedriver) = tools::ensure_chromium()?;
    let axe = tools::axe_script()?;
    // Before the long lints and builds, so a missing PostgreSQL fails at once.
    let postgres = TestPostgres::start()?;
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    site::assemble()?;
    size::report(true)?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(postgres.pass_to(cargo().args(["test", "--workspace", "--"]).args(extra)))?;
    // The benchmark's quick variant checks delivery end to end, so it cannot
    // rot. It runs in an xtask of its own so that the servers it starts
    // inherit the PostgreSQL address (xtask's own environment cannot be
    // changed: `set_var` is unsafe, and unsafe code is forbidden).
    let xtask = std::env::current_exe().context("xtask's own path")?;
    run(postgres.pass_to(Command::new(xtask).args(["bench", "--quick"])))?;
    run(postgres
        .pass_to(cargo().args([
            "test",
            "--package",
            "yorisoi-tests",
            "--features",
            "browser",
            "--test",
            "browser",
            "--",
            // Each browser test runs up to two Chromiums: two tests at a time on two cores.
            "--test-threads=2",
        ]))
        .args(extra)
        .env("YORISOI_CHROMIUM", chromium)
        .env("YORISOI_CHROMEDRIVER", chromedriver)
        .env("YORISOI_AXE", axe))?;
    size::report(true)
}

/// `cargo xtask postgres`: the throwaway PostgreSQL of `cargo xtask test`,
/// for running single tests against it with plain `cargo test`. It stops
/// when standard input ends (Ctrl-D) or at Ctrl-C, removing its files.
pub fn postgres() -> anyhow::Result<()> {
    let postgres = TestPostgres::throwaway()?;
    println!("{}={}", postgres::ENV, postgres.url());
    eprintln!(
        "xtask: set that variable where you run `cargo test`; Ctrl-C (or end of input) stops PostgreSQL"
    );
    let _closed = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    Ok(())
}

/// The cargo-fuzz targets in `server/fuzz`, one per decoder of untrusted input.
const FUZZ_TARGETS: [&str; 4] = ["widget_frame", "console_frame", "http_body", "settings"];

/// `cargo xtask fuzz [seconds]`: runs every fuzz target for `seconds` (60 by
/// default) each. Not part of `test` (the bounded property tests are); this is
/// for longer, unbounded hunting. cargo-fuzz needs nightly flags: on the stable
/// toolchain they are allowed with `RUSTC_BOOTSTRAP=1`, for this build only.
pub fn fuzz(args: &[String]) -> anyhow::Result<()> {
    let seconds: u32 = match args.first() {
        Some(text) => text.parse().context("fuzz takes a number of seconds")?,
        None => 60,
    };
    if tools::which("cargo-fuzz").is_none() {
        run(cargo().args(["install", "cargo-fuzz"]))?;
    }
    for target in FUZZ_TARGETS {
        run(cargo()
            .current_dir(root().join("server/fuzz"))
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", target, "--"])
            .arg(format!("-max_total_time={seconds}")))?;
    }
    Ok(())
}
