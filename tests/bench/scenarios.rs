//! Each measurement from start to end, in the order they run: start-up
//! (fresh servers, nothing else running), the durable-insert floor, the
//! latency scenarios (each beside the echo floor, on one server), the
//! throughput steps (same server, fresh conversations), idle connections
//! (a fresh server, so its memory is not the previous load's), and the
//! console's first screen (a fresh, seeded server). Correctness failures
//! are collected, not thrown, so a full run always writes its report.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use yorisoi_protocol::http::{CONSOLE_SOCKET, WIDGET_SOCKET};

use crate::Options;
use crate::browser;
use crate::disk;
use crate::echo::EchoServer;
use crate::first_screen;
use crate::idle;
use crate::load::{self, Run, StepResult, Target};
use crate::net::{self, Endpoint};
use crate::plan::{Plan, Scenario};
use crate::report::Payload;
use crate::report::{
    self, Correctness, IdleResult, LatencyRow, Machine, Report, Startup, Throughput,
};
use crate::server::{self, Binary, Server};
use crate::stats::millis;

/// Open files the bench asks for (itself and, inherited, the server).
const OPEN_FILES: u64 = 200_000;

/// Runs the whole plan.
pub async fn run_all(options: &Options, plan: &Plan) -> anyhow::Result<Report> {
    let began = Instant::now();
    let open_files = net::raise_open_files(OPEN_FILES);
    let scratch = tempfile::tempdir().context("a scratch directory")?;
    let binary = Binary {
        path: options.server.clone(),
        scratch: scratch.path().to_path_buf(),
    };
    let mut correctness = Correctness::default();
    progress(&format!(
        "{} run; open files {open_files}; scratch {}",
        if plan.quick { "quick" } else { "full" },
        scratch.path().display()
    ));

    let startup = startup(&binary, plan.startups).await?;
    progress(&format!(
        "start-up median {:.1} ms, idle RSS {} KiB",
        startup.median_ms, startup.idle_rss_kib
    ));

    let disk_floor = disk::measure(scratch.path(), plan.disk_rows, plan.disk_limit).await?;
    progress(&format!(
        "durable-insert floor: {:.0} rows/s ({} rows)",
        disk_floor.rows_per_sec, disk_floor.rows
    ));

    let database = binary.database("load")?;
    binary.add_staff(&database).await?;
    let (mut server, _) = binary.start(&database).await?;
    let target = yorisoi_target(&server).await?;
    let echo_server = EchoServer::start()?;
    let echo = Target::Echo(Endpoint {
        address: echo_server.address,
        path: WIDGET_SOCKET.to_owned(),
        headers: Vec::new(),
    });
    let mut latency = Vec::new();
    for scenario in &plan.latency {
        let echo_result = one_step(&echo, plan, *scenario, 0.0, plan.window).await?;
        check(&mut correctness, "echo", &echo_result);
        let reply_rate = plan.reply_rate(scenario.rate);
        let result = one_step(&target, plan, *scenario, reply_rate, plan.window).await?;
        check(&mut correctness, "yorisoi", &result);
        server.check_alive()?;
        latency.push(LatencyRow::new(echo_result, result, &disk_floor));
    }
    drop(echo_server);

    let throughput = throughput(&target, plan, &mut correctness).await?;
    server.check_alive()?;
    server.stop().await;

    // Each idle socket is an open file in the bench and in the server.
    let idle_count = plan
        .idle
        .min(usize::try_from(open_files.saturating_sub(1000)).unwrap_or(usize::MAX));
    if idle_count < plan.idle {
        progress(&format!(
            "idle: {idle_count} sockets instead of {}: {open_files} open files per process",
            plan.idle
        ));
    }
    let idle = idle_connections(&binary, plan, idle_count, &mut correctness).await?;
    let first_screen = first_screen(&binary, plan).await?;
    let mut payload = options.payload.clone();
    click_to_input(&binary, plan, options, &mut payload).await;

    let mut report = Report {
        mode: if plan.quick { "quick" } else { "full" },
        machine: Machine::probe(open_files),
        duration_secs: began.elapsed().as_secs_f64(),
        disk_floor,
        latency,
        throughput,
        idle,
        startup,
        first_screen,
        payload,
        targets: Vec::new(),
        correctness,
    };
    report.targets = report::targets(&report);
    Ok(report)
}

fn progress(what: &str) {
    eprintln!("bench: {what}");
}

/// Records a step's broken promises.
fn check(correctness: &mut Correctness, against: &str, result: &StepResult) {
    if !result.is_correct() {
        correctness.failures.push(format!(
            "{against}, {} conversations at {:.0} msg/s: {} offered, {} sent, {} acked, {} replies sent, {} acked, {} missing deliveries, {} console reconnects, {} errors {:?}",
            result.conversations,
            result.offered_per_sec,
            result.offered,
            result.sent,
            result.acked,
            result.replies_sent,
            result.replies_acked,
            result.missing_deliveries,
            result.console_reconnects,
            result.errors,
            result.error_samples,
        ));
    }
}

/// The widget and console endpoints of a running server (logs in).
async fn yorisoi_target(server: &Server) -> anyhow::Result<Target> {
    let cookie = server::login(server.address).await?;
    Ok(Target::Yorisoi {
        widget: endpoint(server.address, WIDGET_SOCKET, None),
        console: endpoint(server.address, CONSOLE_SOCKET, Some(cookie)),
    })
}

fn endpoint(address: SocketAddr, path: &str, cookie: Option<String>) -> Endpoint {
    let mut headers = vec![("origin".to_owned(), Endpoint::own_origin(address))];
    if let Some(cookie) = cookie {
        headers.push(("cookie".to_owned(), cookie));
    }
    Endpoint {
        address,
        path: path.to_owned(),
        headers,
    }
}

/// Connects a scenario's conversations, runs one step, disconnects.
async fn one_step(
    target: &Target,
    plan: &Plan,
    scenario: Scenario,
    reply_rate: f64,
    window: Duration,
) -> anyhow::Result<StepResult> {
    let what = match target {
        Target::Echo(_) => "echo",
        Target::Yorisoi { .. } => "yorisoi",
    };
    let mut run = Run::start(target, scenario.conversations, None)
        .await
        .with_context(|| format!("{what}: {} conversations", scenario.conversations))?;
    let result = run
        .step(scenario.rate, reply_rate, window, plan.drain)
        .await;
    run.stop().await;
    let result = result?;
    progress(&format!("{what}: {}", load::describe(&result)));
    Ok(result)
}

/// Steps the offered rate up until a step fails, then tries once halfway
/// between the last pass and that failure.
async fn throughput(
    target: &Target,
    plan: &Plan,
    correctness: &mut Correctness,
) -> anyhow::Result<Throughput> {
    let ack_limit = millis(plan.throughput_ack_p99);
    let mut run = Run::start(target, plan.throughput_conversations, None).await?;
    let mut steps = Vec::new();
    let mut passed = Vec::new();
    let mut last_pass: Option<f64> = None;
    let mut rates = plan.throughput_rates.clone().into_iter();
    let mut halfway_tried = false;
    let mut next = rates.next();
    while let Some(rate) = next {
        let result = match run
            .step(rate, 0.0, plan.throughput_window, plan.drain)
            .await
        {
            Ok(result) => result,
            Err(error) => {
                run.stop().await;
                return Err(error);
            }
        };
        progress(&format!("throughput: {}", load::describe(&result)));
        check(correctness, "yorisoi throughput", &result);
        let ok = result.is_correct()
            && result.ack.is_some_and(|ack| ack.p99_ms <= ack_limit)
            && result.stored_per_sec >= 0.95 * rate;
        steps.push(result);
        passed.push(ok);
        next = match (ok, halfway_tried, last_pass) {
            (true, false, _) => rates.next(),
            (false, false, Some(pass)) => Some((pass + rate) / 2.0),
            _ => None,
        };
        halfway_tried |= !ok;
        if ok {
            last_pass = Some(last_pass.map_or(rate, |pass| pass.max(rate)));
        }
    }
    run.stop().await;
    Ok(Throughput {
        rule: format!(
            "a step passes with Ack p99 ≤ {ack_limit:.0} ms, ≥ 95% of the offered rate stored and every delivery correct"
        ),
        steps,
        passed,
        highest_passing_per_sec: last_pass,
    })
}

/// Times `runs` starts of the server on fresh, empty databases.
async fn startup(binary: &Binary, runs: usize) -> anyhow::Result<Startup> {
    let mut runs_ms = Vec::new();
    let mut rss = Vec::new();
    for run in 0..runs {
        let database = binary.database(&format!("startup-{run}"))?;
        let (server, took) = binary.start(&database).await?;
        runs_ms.push(millis(took));
        tokio::time::sleep(Duration::from_secs(1)).await;
        rss.push(server.rss_kib()?);
        server.stop().await;
    }
    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    rss.sort_unstable();
    Ok(Startup {
        median_ms: sorted.get(sorted.len() / 2).copied().unwrap_or_default(),
        runs_ms,
        idle_rss_kib: rss.get(rss.len() / 2).copied().unwrap_or_default(),
    })
}

/// Holds `count` idle sockets on a fresh server, weighs them, and runs
/// a few active conversations meanwhile.
async fn idle_connections(
    binary: &Binary,
    plan: &Plan,
    count: usize,
    correctness: &mut Correctness,
) -> anyhow::Result<IdleResult> {
    let database = binary.database("idle")?;
    binary.add_staff(&database).await?;
    let (mut server, _) = binary.start(&database).await?;
    let target = yorisoi_target(&server).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before_kib = server.rss_kib()?;
    let widget = endpoint(server.address, WIDGET_SOCKET, None);
    let held = idle::open(&widget, count, plan.idle_per_address).await?;
    progress(&format!(
        "idle: {} sockets open from {} addresses in {:.1} s",
        held.held,
        held.addresses,
        held.opening.as_secs_f64()
    ));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_held_kib = server.rss_kib()?;
    let scenario = plan.idle_active;
    let active = one_step(
        &target,
        plan,
        scenario,
        plan.reply_rate(scenario.rate),
        plan.window,
    )
    .await;
    let result = IdleResult {
        held: held.held,
        source_addresses: held.addresses,
        opening_secs: held.opening.as_secs_f64(),
        rss_before_kib,
        rss_held_kib,
        bytes_per_connection: (rss_held_kib.saturating_sub(rss_before_kib) * 1024) as f64
            / held.held.max(1) as f64,
        active: active?,
    };
    held.close().await;
    check(
        correctness,
        "yorisoi with idle sockets held",
        &result.active,
    );
    server.check_alive()?;
    server.stop().await;
    Ok(result)
}

/// Seeds the plan's conversations into a fresh database, then times the
/// console's `Welcome`.
async fn first_screen(binary: &Binary, plan: &Plan) -> anyhow::Result<first_screen::FirstScreen> {
    let database = binary.database("first-screen")?;
    binary.add_staff(&database).await?;
    let seeding = first_screen::seed(&database, plan.first_screen).await?;
    progress(&format!(
        "first screen: {} conversations seeded in {:.1} s",
        plan.first_screen,
        seeding.as_secs_f64()
    ));
    let (server, _) = binary.start(&database).await?;
    let cookie = server::login(server.address).await?;
    let console = endpoint(server.address, CONSOLE_SOCKET, Some(cookie));
    let measured = first_screen::measure(
        &console,
        plan.first_screen,
        seeding,
        plan.first_screen_attempts,
    )
    .await;
    server.stop().await;
    measured
}

/// Times click-to-input on a fresh server's demo page; a browser that
/// cannot be driven leaves it "not measured", with why.
async fn click_to_input(binary: &Binary, plan: &Plan, options: &Options, payload: &mut Payload) {
    if plan.browser_runs == 0 {
        payload.click_to_input_note = Some("not part of the quick run".to_owned());
        return;
    }
    let Some(browser) = &options.browser else {
        payload.click_to_input_note = Some("no Chromium given".to_owned());
        return;
    };
    let measured = async {
        let database = binary.database("browser")?;
        let (server, _) = binary.start(&database).await?;
        let base = format!("http://{}", server.address);
        let runs = browser::click_to_input(browser, &base, plan.browser_runs).await;
        server.stop().await;
        runs
    }
    .await;
    match measured {
        Ok(mut runs) => {
            payload.click_to_input_runs_ms = runs.clone();
            runs.sort_by(f64::total_cmp);
            payload.click_to_input_ms = runs.get(runs.len() / 2).copied();
            progress(&format!("click-to-input runs: {runs:?} ms"));
        }
        Err(error) => {
            progress(&format!("click-to-input not measured: {error:#}"));
            payload.click_to_input_note = Some(format!("{error:#}"));
        }
    }
}
