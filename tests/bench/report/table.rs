//! The report as text: Markdown tables, so they paste into the README.

use std::fmt::Write as _;

use super::{Report, worse_relay_p99};
use crate::stats::Latency;

fn triple(latency: &Option<Latency>) -> String {
    latency.map_or_else(
        || "-".to_owned(),
        |l| format!("{:.1} / {:.1} / {:.1}", l.p50_ms, l.p99_ms, l.max_ms),
    )
}

fn times(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}×"))
}

/// The report as text tables (Markdown, so they paste into the README).
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let disk = &report.disk_floor;
    let _ = writeln!(
        out,
        "\n## Yorisoi bench ({}), {} CPUs, {}\n",
        report.mode, report.machine.cpus, report.machine.cpu_model
    );
    if report.mode == "quick" {
        let _ = writeln!(
            out,
            "(quick run: tiny counts, usually debug builds; it checks correctness, its timings are not measurements)\n"
        );
    }
    let _ = writeln!(
        out,
        "Durable-insert floor (1 SQLite connection, WAL, synchronous=FULL, 1 commit per row): {:.0} rows/s, commit p50/p99/max {} ms\n",
        disk.rows_per_sec,
        triple(&disk.commit)
    );
    let _ = writeln!(
        out,
        "| conversations, offered | echo round trip p50/p99/max ms | Ack p50/p99/max ms | parent → console ms | console → parent ms | sent / offered | stored/s in window (÷ disk floor) | relay p99 ÷ echo p99 | schedule lag p99 ms |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
    for row in &report.latency {
        let y = &row.yorisoi;
        let _ = writeln!(
            out,
            "| {}, {:.0} msg/s (+{:.0} replies/s) | {} | {} | {} | {} | {} / {} | {:.0} ({}) | {} / {} | {} |",
            y.conversations,
            y.offered_per_sec,
            y.replies_offered_per_sec,
            triple(&row.echo.ack),
            triple(&y.ack),
            triple(&y.to_console),
            triple(&y.to_parent),
            y.sent,
            y.offered,
            y.stored_per_sec,
            row.stored_vs_disk_floor
                .map_or("-".to_owned(), |r| format!("{r:.2}")),
            times(row.to_console_vs_echo_p99),
            times(row.to_parent_vs_echo_p99),
            y.schedule_lag
                .map_or("-".to_owned(), |l| format!("{:.1}", l.p99_ms)),
        );
    }
    let throughput = &report.throughput;
    let _ = writeln!(
        out,
        "\nThroughput steps ({}; {} conversations):",
        throughput.rule,
        throughput.steps.first().map_or(0, |s| s.conversations)
    );
    for (step, passed) in throughput.steps.iter().zip(&throughput.passed) {
        let _ = writeln!(
            out,
            "- {:.0} msg/s offered: stored {:.0}/s, Ack p50/p99/max {} ms, parent → console p99 {} ms: {}",
            step.offered_per_sec,
            step.stored_per_sec,
            triple(&step.ack),
            step.to_console
                .map_or("-".to_owned(), |l| format!("{:.1}", l.p99_ms)),
            if *passed { "pass" } else { "FAIL" },
        );
    }
    let _ = writeln!(
        out,
        "Highest passing offered rate: {}",
        throughput
            .highest_passing_per_sec
            .map_or("none".to_owned(), |rate| format!("{rate:.0} msg/s"))
    );
    let idle = &report.idle;
    let _ = writeln!(
        out,
        "\nIdle: {} widget sockets from {} source addresses (opened in {:.1} s); server RSS {:.1} → {:.1} MB, {:.1} KB per connection; meanwhile {} active conversations at {:.0} msg/s: relay p99 {} ms",
        idle.held,
        idle.source_addresses,
        idle.opening_secs,
        idle.rss_before_kib as f64 * 1.024 / 1000.0,
        idle.rss_held_kib as f64 * 1.024 / 1000.0,
        idle.bytes_per_connection / 1000.0,
        idle.active.conversations,
        idle.active.offered_per_sec,
        worse_relay_p99(&idle.active).map_or("-".to_owned(), |p99| format!("{p99:.1}")),
    );
    let startup = &report.startup;
    let _ = writeln!(
        out,
        "Start-up (spawn → first HTTP 200, fresh database): median {:.1} ms (runs: {}); idle RSS {:.1} MB",
        startup.median_ms,
        startup
            .runs_ms
            .iter()
            .map(|ms| format!("{ms:.1}"))
            .collect::<Vec<_>>()
            .join(", "),
        startup.idle_rss_kib as f64 * 1.024 / 1000.0,
    );
    let first = &report.first_screen;
    let _ = writeln!(
        out,
        "Console first screen with {} conversations: Welcome {} bytes listing {}, socket open → Welcome p50/p99/max {} ms",
        first.conversations,
        first.welcome_bytes,
        first.listed,
        triple(&first.time_to_welcome),
    );
    let payload = &report.payload;
    let bytes = |value: Option<u64>| value.map_or("not measured".to_owned(), |b| format!("{b} B"));
    let _ = writeln!(
        out,
        "Payload (gzip): loader {}, opened widget {}, console {}, settings page {}; click-to-input {}",
        bytes(payload.loader_gz),
        bytes(payload.widget_gz),
        bytes(payload.console_gz),
        bytes(payload.settings_gz),
        match (payload.click_to_input_ms, &payload.click_to_input_note) {
            (Some(ms), _) => format!(
                "median {ms:.0} ms (runs: {})",
                payload
                    .click_to_input_runs_ms
                    .iter()
                    .map(|ms| format!("{ms:.0}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (None, Some(note)) => format!("not measured ({note})"),
            (None, None) => "not measured".to_owned(),
        },
    );
    let _ = writeln!(out, "\n| target | measured | status |\n|---|---|---|");
    for target in &report.targets {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            target.target, target.measured, target.status
        );
    }
    let failures = &report.correctness.failures;
    let _ = writeln!(
        out,
        "\nCorrectness: {}",
        if failures.is_empty() {
            "every message acknowledged and delivered exactly once, in order, both ways".to_owned()
        } else {
            format!("{} check(s) failed", failures.len())
        }
    );
    out
}
