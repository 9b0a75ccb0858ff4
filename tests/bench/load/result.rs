//! What a step observed: each task's raw observations ([`Observed`]),
//! and the step's outcome for the report ([`StepResult`]), with the
//! correctness rule the quick run enforces.

use serde::Serialize;

use crate::stats::Latency;

/// Error strings kept per step (the count is always complete).
const ERROR_SAMPLES: usize = 8;

/// What a task reports of a step: latencies in microseconds, counts, and
/// every broken promise as an error line.
#[derive(Debug, Default)]
pub struct Observed {
    /// Messages scheduled within the window.
    pub offered: u64,
    /// Messages sent.
    pub sent: u64,
    /// Of those, acknowledged.
    pub acked: u64,
    /// Of those, acknowledged before the window's end.
    pub acked_in_window: u64,
    /// Send → `Ack`.
    pub ack_micros: Vec<u64>,
    /// Scheduled → actually sent.
    pub lag_micros: Vec<u64>,
    /// Send → the other side read it.
    pub relay_micros: Vec<u64>,
    /// Messages of this step received from the other side.
    pub received: u64,
    /// Of the other side's messages, those owed but not received by the end.
    pub missing: u64,
    /// Messages of an earlier step that arrived in this one.
    pub late: u64,
    /// Console only: replies not sent because the conversation's previous
    /// one was still in flight.
    pub skipped: u64,
    /// Console only: reconnections (a socket that fell behind is closed by
    /// the server; the console resumes).
    pub reconnects: u32,
    /// Every broken promise or refusal.
    pub errors: Vec<String>,
}

impl Observed {
    /// Records a broken promise.
    pub fn error(&mut self, what: String) {
        self.errors.push(what);
    }

    pub(super) fn absorb(&mut self, other: Observed) {
        self.offered += other.offered;
        self.sent += other.sent;
        self.acked += other.acked;
        self.acked_in_window += other.acked_in_window;
        self.ack_micros.extend(other.ack_micros);
        self.lag_micros.extend(other.lag_micros);
        self.relay_micros.extend(other.relay_micros);
        self.received += other.received;
        self.missing += other.missing;
        self.late += other.late;
        self.skipped += other.skipped;
        self.reconnects += other.reconnects;
        self.errors.extend(other.errors);
    }
}

/// One step's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct StepResult {
    /// Active conversations.
    pub conversations: usize,
    /// Parent messages offered per second.
    pub offered_per_sec: f64,
    /// Console replies offered per second.
    pub replies_offered_per_sec: f64,
    /// Sending window, seconds.
    pub window_secs: f64,
    /// Parent messages the schedule offered within the window.
    pub offered: u64,
    /// Parent messages sent (a widget behind its schedule sends fewer).
    pub sent: u64,
    /// Parent messages acknowledged.
    pub acked: u64,
    /// Parent messages acknowledged within the window, per second.
    pub stored_per_sec: f64,
    /// Parent `Ack` latency (for the echo: the echo's round trip).
    pub ack: Option<Latency>,
    /// How late widgets sent behind their schedule.
    pub schedule_lag: Option<Latency>,
    /// Parent → console.
    pub to_console: Option<Latency>,
    /// Console → parent.
    pub to_parent: Option<Latency>,
    /// Console replies sent / acknowledged / skipped (previous in flight).
    pub replies_sent: u64,
    /// Console replies acknowledged.
    pub replies_acked: u64,
    /// Replies not sent because the previous one was in flight.
    pub replies_skipped: u64,
    /// Console reply `Ack` latency.
    pub reply_ack: Option<Latency>,
    /// Parent messages the console never received, replies the parents
    /// never received.
    pub missing_deliveries: u64,
    /// Console reconnections.
    pub console_reconnects: u32,
    /// Messages of an earlier step delivered during this one.
    pub late: u64,
    /// Broken promises and refusals.
    pub errors: usize,
    /// The first few of them.
    pub error_samples: Vec<String>,
}

impl StepResult {
    /// True when every message sent was acknowledged and delivered exactly
    /// once, in order, both ways, with no error. (A console the server
    /// closed for falling behind resumes as the protocol says, and may then
    /// see a message twice: that is counted apart, not a failure.)
    pub fn is_correct(&self) -> bool {
        self.sent == self.acked
            && self.replies_sent == self.replies_acked
            && self.missing_deliveries == 0
            && self.errors == 0
    }
}

pub(super) fn summarise(
    widgets: usize,
    rate: f64,
    reply_rate: f64,
    window: std::time::Duration,
    parents: Observed,
    console: Option<Observed>,
) -> StepResult {
    let console = console.unwrap_or_default();
    let mut errors: Vec<String> = parents.errors.clone();
    errors.extend(console.errors.iter().cloned());
    let window_secs = window.as_secs_f64();
    StepResult {
        conversations: widgets,
        offered_per_sec: rate,
        replies_offered_per_sec: reply_rate,
        window_secs,
        offered: parents.offered,
        sent: parents.sent,
        acked: parents.acked,
        stored_per_sec: parents.acked_in_window as f64 / window_secs,
        ack: Latency::of(&parents.ack_micros),
        schedule_lag: Latency::of(&parents.lag_micros),
        to_console: Latency::of(&console.relay_micros),
        to_parent: Latency::of(&parents.relay_micros),
        replies_sent: console.sent,
        replies_acked: console.acked,
        replies_skipped: console.skipped,
        reply_ack: Latency::of(&console.ack_micros),
        missing_deliveries: parents.missing + console.missing,
        console_reconnects: console.reconnects,
        late: parents.late + console.late,
        errors: errors.len(),
        error_samples: errors.into_iter().take(ERROR_SAMPLES).collect(),
    }
}

/// A one-line account of a step for the progress log.
pub fn describe(result: &StepResult) -> String {
    let p99 =
        |latency: &Option<Latency>| latency.map_or("-".to_owned(), |l| format!("{:.1}", l.p99_ms));
    format!(
        "{} conv, {:.0}/s offered: {}/{} sent, stored {:.0}/s, Ack p99 {} ms, to console p99 {} ms, to parent p99 {} ms, lag p99 {} ms, errors {}, missing {}, reconnects {}{}",
        result.conversations,
        result.offered_per_sec,
        result.sent,
        result.offered,
        result.stored_per_sec,
        p99(&result.ack),
        p99(&result.to_console),
        p99(&result.to_parent),
        p99(&result.schedule_lag),
        result.errors,
        result.missing_deliveries,
        result.console_reconnects,
        result
            .error_samples
            .first()
            .map(|first| format!(" (first: {first})"))
            .unwrap_or_default(),
    )
}
