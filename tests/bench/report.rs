//! The report: what was measured (serialised to `report.json`), the
//! issue's targets judged against it, and the table printed at the end.
//! A number that was not measured stays `null` and reads "not measured";
//! a quick run judges no speed target. The text tables: [`table`].

mod table;

pub use table::table;

use serde::Serialize;

use crate::disk::DiskFloor;
use crate::first_screen::FirstScreen;
use crate::load::StepResult;
use crate::stats::ratio;

/// Gzip sizes, as `cargo xtask size` computes them, and the browser timing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Payload {
    /// The loader `widget.js`.
    pub loader_gz: Option<u64>,
    /// Everything the opened widget downloads.
    pub widget_gz: Option<u64>,
    /// Everything the console downloads.
    pub console_gz: Option<u64>,
    /// Everything the staff settings page downloads.
    pub settings_gz: Option<u64>,
    /// Click on the launcher → the chat frame shown with its message box,
    /// in headless Chromium with a fresh profile: the median of the runs.
    pub click_to_input_ms: Option<f64>,
    /// Every run, ms.
    pub click_to_input_runs_ms: Vec<f64>,
    /// Why click-to-input was not measured, when it was not.
    pub click_to_input_note: Option<String>,
}

/// One latency scenario: the server beside the echo floor.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyRow {
    /// The echo server, same client, same schedule.
    pub echo: StepResult,
    /// Yorisoi.
    pub yorisoi: StepResult,
    /// Parent → console p99 ÷ echo round-trip p99.
    pub to_console_vs_echo_p99: Option<f64>,
    /// Console → parent p99 ÷ echo round-trip p99.
    pub to_parent_vs_echo_p99: Option<f64>,
    /// `Ack` p99 ÷ echo round-trip p99.
    pub ack_vs_echo_p99: Option<f64>,
    /// Messages stored per second ÷ the durable-insert floor's rows per second.
    pub stored_vs_disk_floor: Option<f64>,
}

impl LatencyRow {
    /// Puts a scenario beside its floors.
    pub fn new(echo: StepResult, yorisoi: StepResult, disk: &DiskFloor) -> LatencyRow {
        let echo_p99 = echo.ack.map(|l| l.p99_ms);
        LatencyRow {
            to_console_vs_echo_p99: ratio(yorisoi.to_console.map(|l| l.p99_ms), echo_p99),
            to_parent_vs_echo_p99: ratio(yorisoi.to_parent.map(|l| l.p99_ms), echo_p99),
            ack_vs_echo_p99: ratio(yorisoi.ack.map(|l| l.p99_ms), echo_p99),
            stored_vs_disk_floor: ratio(Some(yorisoi.stored_per_sec), Some(disk.rows_per_sec)),
            echo,
            yorisoi,
        }
    }
}

/// Sustained durable throughput.
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    /// What a step must do to pass.
    pub rule: String,
    /// Every step tried, in order.
    pub steps: Vec<StepResult>,
    /// Whether each step passed.
    pub passed: Vec<bool>,
    /// The highest offered rate that passed (none: not even the first).
    pub highest_passing_per_sec: Option<f64>,
}

/// Idle connections.
#[derive(Debug, Clone, Serialize)]
pub struct IdleResult {
    /// Idle widget sockets held.
    pub held: usize,
    /// Loopback source addresses they came from.
    pub source_addresses: usize,
    /// Seconds to open them all.
    pub opening_secs: f64,
    /// Server resident memory before, KiB.
    pub rss_before_kib: u64,
    /// Server resident memory with them held, KiB.
    pub rss_held_kib: u64,
    /// (held − before) ÷ sockets, bytes.
    pub bytes_per_connection: f64,
    /// Active conversations meanwhile.
    pub active: StepResult,
}

/// Start-up.
#[derive(Debug, Clone, Serialize)]
pub struct Startup {
    /// Spawn → first successful HTTP answer, each start, ms (fresh database).
    pub runs_ms: Vec<f64>,
    /// Median of the runs.
    pub median_ms: f64,
    /// Resident memory one second after start-up, KiB (median).
    pub idle_rss_kib: u64,
}

/// Correctness checks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Correctness {
    /// Every failed check; empty when all held.
    pub failures: Vec<String>,
}

/// A target of the issue, judged.
#[derive(Debug, Clone, Serialize)]
pub struct TargetCheck {
    /// What.
    pub target: String,
    /// The measured value, as text.
    pub measured: String,
    /// `met`, `missed` or `not measured`.
    pub status: &'static str,
}

/// Everything one run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// `full` or `quick`.
    pub mode: &'static str,
    /// The machine, as far as the bench can tell.
    pub machine: Machine,
    /// Seconds the bench took.
    pub duration_secs: f64,
    /// The durable-insert floor.
    pub disk_floor: DiskFloor,
    /// The latency scenarios.
    pub latency: Vec<LatencyRow>,
    /// The throughput steps.
    pub throughput: Throughput,
    /// Idle connections.
    pub idle: IdleResult,
    /// Start-up.
    pub startup: Startup,
    /// The console's first screen.
    pub first_screen: FirstScreen,
    /// Download sizes and the browser timing.
    pub payload: Payload,
    /// The targets.
    pub targets: Vec<TargetCheck>,
    /// Correctness checks.
    pub correctness: Correctness,
}

/// What the bench ran on.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Logical CPUs.
    pub cpus: usize,
    /// The CPU's model name.
    pub cpu_model: String,
    /// Memory, MiB.
    pub memory_mib: u64,
    /// Open files one process may hold (bench and server alike), after the
    /// bench raised it as far as allowed: a bound on idle sockets.
    pub open_files: u64,
}

impl Machine {
    /// Reads `/proc` (fields it cannot read stay empty).
    pub fn probe(open_files: u64) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Machine {
            cpus: std::thread::available_parallelism().map_or(0, usize::from),
            cpu_model: cpuinfo
                .lines()
                .find_map(|line| line.strip_prefix("model name"))
                .and_then(|rest| rest.split(':').nth(1))
                .unwrap_or_default()
                .trim()
                .to_owned(),
            memory_mib: meminfo
                .lines()
                .find_map(|line| line.strip_prefix("MemTotal:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .map_or(0, |kib| kib / 1024),
            open_files,
        }
    }
}

/// Judges the targets against a report (a quick run judges none
/// of the speed targets).
pub fn targets(report: &Report) -> Vec<TargetCheck> {
    let judged = report.mode == "full";
    let check = |target: &str, measured: Option<String>, met: Option<bool>| TargetCheck {
        target: target.to_owned(),
        measured: measured.unwrap_or_else(|| "not measured".to_owned()),
        status: match (judged, met) {
            (true, Some(true)) => "met",
            (true, Some(false)) => "missed",
            _ => "not measured",
        },
    };
    let mut checks = Vec::new();
    let highest = report.throughput.highest_passing_per_sec;
    checks.push(check(
        "durable throughput ≥ 20,000 msg/s with Ack p99 ≤ 50 ms",
        Some(highest.map_or_else(
            || "no step passed".to_owned(),
            |rate| format!("{rate:.0} msg/s"),
        )),
        Some(highest.unwrap_or(0.0) >= 20_000.0),
    ));
    let busiest = report.latency.last();
    let relay_p99 = busiest.and_then(|row| {
        let to_console = row.yorisoi.to_console?.p99_ms;
        let to_parent = row.yorisoi.to_parent?.p99_ms;
        Some(to_console.max(to_parent))
    });
    let busiest_name = busiest.map_or_else(String::new, |row| {
        format!(
            " ({} conversations, {:.0} msg/s)",
            row.yorisoi.conversations, row.yorisoi.offered_per_sec
        )
    });
    checks.push(check(
        &format!("relay p99 ≤ 10 ms at 1,000 conversations and 2,000 msg/s{busiest_name}"),
        relay_p99.map(|p99| format!("{p99:.1} ms (worse direction)")),
        relay_p99.map(|p99| p99 <= 10.0),
    ));
    let echo_ratio = busiest.and_then(|row| {
        let worse = row.to_console_vs_echo_p99?.max(row.to_parent_vs_echo_p99?);
        Some(worse)
    });
    checks.push(check(
        "relay p99 within 20× the echo floor of the same run",
        echo_ratio.map(|ratio| format!("{ratio:.1}×")),
        echo_ratio.map(|ratio| ratio <= 20.0),
    ));
    let idle = &report.idle;
    let held_enough = idle.held >= 50_000;
    checks.push(TargetCheck {
        target: "≥ 50,000 idle widget connections".to_owned(),
        measured: format!(
            "{} held (the bench's bound; `--idle N` for more, within {} open files per process)",
            idle.held, report.machine.open_files
        ),
        status: match (judged, held_enough) {
            (true, true) => "met",
            _ => "not measured",
        },
    });
    checks.push(check(
        "≤ 10 KB resident memory per idle connection",
        Some(format!("{:.1} KB", idle.bytes_per_connection / 1000.0)),
        Some(idle.bytes_per_connection <= 10_000.0),
    ));
    let held_relay = worse_relay_p99(&idle.active);
    checks.push(check(
        "active conversations' relay p99 ≤ 10 ms while the idle ones are held",
        held_relay.map(|p99| format!("{p99:.1} ms")),
        held_relay.map(|p99| p99 <= 10.0),
    ));
    checks.push(check(
        "start-up ≤ 100 ms",
        Some(format!("{:.1} ms (median)", report.startup.median_ms)),
        Some(report.startup.median_ms <= 100.0),
    ));
    let rss_mb = report.startup.idle_rss_kib as f64 * 1024.0 / 1_000_000.0;
    checks.push(check(
        "idle RSS ≤ 30 MB",
        Some(format!("{rss_mb:.1} MB")),
        Some(rss_mb <= 30.0),
    ));
    let payload = &report.payload;
    checks.push(check(
        "click-to-input ≤ 300 ms",
        payload.click_to_input_ms.map(|ms| format!("{ms:.0} ms")),
        payload.click_to_input_ms.map(|ms| ms <= 300.0),
    ));
    checks.push(check(
        "opened widget ≤ 100 KB gzip",
        payload.widget_gz.map(|bytes| format!("{bytes} B")),
        payload.widget_gz.map(|bytes| bytes <= 100_000),
    ));
    checks.push(check(
        "console ≤ 130 KB gzip",
        payload.console_gz.map(|bytes| format!("{bytes} B")),
        payload.console_gz.map(|bytes| bytes <= 130_000),
    ));
    checks.push(check(
        "settings page ≤ 75 KB gzip",
        payload.settings_gz.map(|bytes| format!("{bytes} B")),
        payload.settings_gz.map(|bytes| bytes <= 75_000),
    ));
    checks
}

/// The worse of the two relay directions' p99 (parent → console alone
/// when no reply was measured).
fn worse_relay_p99(step: &StepResult) -> Option<f64> {
    let to_console = step.to_console.map(|l| l.p99_ms);
    let to_parent = step.to_parent.map(|l| l.p99_ms);
    match (to_console, to_parent) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
