//! What each mode runs: every count, rate and time bound in one place, so
//! a before/after comparison is of the same plan. The full plan takes a
//! few minutes on a 2-core machine; the quick one a few seconds.

use std::time::Duration;

/// One latency scenario: this many conversations at this offered rate.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    /// Active conversations (one widget socket each).
    pub conversations: usize,
    /// Parent messages offered per second, all conversations together.
    pub rate: f64,
}

/// Every bound of one bench run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The quick (correctness) variant.
    pub quick: bool,
    /// The latency scenarios, each beside the echo floor.
    pub latency: Vec<Scenario>,
    /// Console replies offered, as a fraction of the parents' rate…
    pub reply_fraction: f64,
    /// …and at most this many per second (one console, a busy team).
    pub reply_cap: f64,
    /// Sending window of a latency scenario.
    pub window: Duration,
    /// Longest wait, after the window, for what is still owed.
    pub drain: Duration,
    /// Conversations of the throughput steps.
    pub throughput_conversations: usize,
    /// Offered rates tried in turn until one fails (then one more halfway).
    pub throughput_rates: Vec<f64>,
    /// Sending window of a throughput step.
    pub throughput_window: Duration,
    /// A throughput step passes with `Ack` p99 at most this.
    pub throughput_ack_p99: Duration,
    /// Idle widget sockets to hold.
    pub idle: usize,
    /// Idle sockets per loopback source address.
    pub idle_per_address: usize,
    /// Active conversations (and their rate) while the idle ones are held.
    pub idle_active: Scenario,
    /// Server starts timed.
    pub startups: usize,
    /// Conversations in the database for the console's first screen.
    pub first_screen: usize,
    /// Console `Welcome`s timed.
    pub first_screen_attempts: usize,
    /// Rows of the durable-insert floor, and its time bound.
    pub disk_rows: u64,
    /// Time bound of the durable-insert floor.
    pub disk_limit: Duration,
    /// Click-to-input runs in headless Chromium (each a fresh profile).
    pub browser_runs: usize,
}

impl Plan {
    /// Console replies per second beside `rate` parent messages per second.
    pub fn reply_rate(&self, rate: f64) -> f64 {
        (rate * self.reply_fraction).min(self.reply_cap)
    }

    /// The plan of a mode; `idle` overrides the idle socket count.
    pub fn new(quick: bool, idle: Option<usize>) -> Plan {
        if quick {
            Plan {
                quick,
                latency: vec![
                    Scenario {
                        conversations: 1,
                        rate: 20.0,
                    },
                    Scenario {
                        conversations: 10,
                        rate: 200.0,
                    },
                ],
                reply_fraction: 0.25,
                reply_cap: 20.0,
                window: Duration::from_secs(2),
                drain: Duration::from_secs(15),
                throughput_conversations: 10,
                throughput_rates: vec![100.0, 200.0],
                throughput_window: Duration::from_secs(1),
                throughput_ack_p99: Duration::from_millis(50),
                idle: idle.unwrap_or(100),
                idle_per_address: 50,
                idle_active: Scenario {
                    conversations: 2,
                    rate: 20.0,
                },
                startups: 1,
                first_screen: 200,
                first_screen_attempts: 1,
                disk_rows: 200,
                disk_limit: Duration::from_secs(2),
                browser_runs: 0,
            }
        } else {
            Plan {
                quick,
                latency: vec![
                    Scenario {
                        conversations: 1,
                        rate: 20.0,
                    },
                    Scenario {
                        conversations: 100,
                        rate: 1000.0,
                    },
                    Scenario {
                        conversations: 1000,
                        rate: 2000.0,
                    },
                ],
                reply_fraction: 0.1,
                reply_cap: 20.0,
                window: Duration::from_secs(10),
                drain: Duration::from_secs(30),
                throughput_conversations: 1000,
                throughput_rates: (0..9).map(|step| 100.0 * f64::from(1 << step)).collect(),
                throughput_window: Duration::from_secs(10),
                throughput_ack_p99: Duration::from_millis(50),
                idle: idle.unwrap_or(10_000),
                idle_per_address: crate::idle::PER_ADDRESS,
                idle_active: Scenario {
                    conversations: 10,
                    rate: 100.0,
                },
                startups: 5,
                first_screen: 10_000,
                first_screen_attempts: 5,
                disk_rows: 20_000,
                disk_limit: Duration::from_secs(5),
                browser_runs: 5,
            }
        }
    }
}
