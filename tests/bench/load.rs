//! The conversation load: N widget sockets (one conversation each) and one
//! staff console on a server, or N sockets on the bare echo server with the
//! same client code, driven through measurement steps.
//!
//! A [`Run`] connects everything once (each widget says `Hello` and sends
//! a warm-up message that creates its conversation; the consoles see every
//! warm-up message, which tells them which conversation is whose), then runs
//! steps. In a step each widget sends at its share of the offered rate, on
//! a fixed schedule (widget `i` starts `i / rate` into the step, then every
//! `N / rate`), and follows the protocol: one message at a time, the next
//! only after the previous one's `Ack`. A widget behind its schedule sends
//! at once and the delay is reported (schedule lag), so a slow server shows
//! as lag and a lower stored rate rather than hiding in a smaller sample.
//! Meanwhile a console replies at the reply rate, round-robin over the
//! conversations (at most one reply in flight per conversation, as order
//! is per conversation), and a second console only reads ([`console`]). After the step's window nothing new is sent; every
//! side waits (bounded) for what is still owed to it.
//!
//! Measured: `Ack` latency (frame written → `Ack` read), relay parent →
//! console and console → parent (frame written → the other side reads the
//! `Message`), from the send times the bodies carry ([`tag`]). Checked:
//! every message acknowledged, delivered to the other side exactly once and
//! in order, and every conversation's sequence held without a gap on both
//! sides ([`widget`], [`console`]). What a step saw: [`result`].

pub mod console;
mod result;
pub mod tag;
pub mod widget;

pub use result::{Observed, StepResult, describe};

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;
use yorisoi_protocol::Seq;

use crate::net::Endpoint;

/// What the widgets talk to.
#[derive(Debug, Clone)]
pub enum Target {
    /// A Yorisoi server: widget sockets and a console.
    Yorisoi {
        /// The widget socket.
        widget: Endpoint,
        /// The console socket (with the session cookie).
        console: Endpoint,
    },
    /// The bare echo server: it sends every frame back; the echo of a
    /// `Send` stands for its `Ack`.
    Echo(Endpoint),
}

/// Staff consoles on a server: an observer and a replier.
const CONSOLES: usize = 2;

/// Sockets connecting and warming up at once (the server also serves them).
const SETUP_CONCURRENCY: usize = 64;

/// Longest wait for a whole run to connect and warm up.
const SETUP_TIMEOUT: Duration = Duration::from_secs(180);

/// What a task is told to do next.
#[derive(Debug, Clone)]
pub enum Command {
    /// Nothing yet.
    Wait,
    /// Run this step.
    Step(Arc<StepPlan>),
    /// Close and end.
    Stop,
}

/// One measurement step, as every task sees it.
#[derive(Debug)]
pub struct StepPlan {
    /// Its number (message tags carry it).
    pub step: u32,
    /// When sending starts.
    pub start: Instant,
    /// When sending stops.
    pub end: Instant,
    /// How many widgets.
    pub widgets: usize,
    /// Between two messages of one widget: `widgets / rate`.
    pub interval: Duration,
    /// Between two console replies (none: no replies).
    pub reply_interval: Option<Duration>,
    /// When every side gives up waiting for what it is owed.
    pub drain_until: Instant,
    /// Counts the sides exchange at the end of the step.
    pub shared: StepShared,
}

impl StepPlan {
    /// When widget `index` sends its `number`th message.
    pub fn scheduled(&self, index: usize, number: u64) -> Instant {
        let offset = self.interval.mul_f64(index as f64 / self.widgets as f64);
        self.start + offset + self.interval.mul_f64(number as f64)
    }
}

/// What the widgets and the console tell each other at the end of a step.
#[derive(Debug)]
pub struct StepShared {
    /// Per widget: its messages of this step that were acknowledged (set
    /// once it stops sending).
    pub parent_acked: Vec<AtomicU64>,
    /// Widgets that stopped sending.
    pub parents_done: AtomicUsize,
    /// Per widget: console replies of this step that were acknowledged.
    pub replies_acked: Vec<AtomicU64>,
    /// The console stopped sending and has every `Ack` it will get.
    pub replies_done: AtomicBool,
}

impl StepShared {
    fn new(widgets: usize, replies: bool) -> Self {
        StepShared {
            parent_acked: (0..widgets).map(|_| AtomicU64::new(0)).collect(),
            parents_done: AtomicUsize::new(0),
            replies_acked: (0..widgets).map(|_| AtomicU64::new(0)).collect(),
            replies_done: AtomicBool::new(!replies),
        }
    }
}

/// The sequences one side holds of one conversation.
#[derive(Debug, Clone, Default)]
pub struct Held {
    contiguous: Seq,
    ahead: BTreeSet<Seq>,
}

impl Held {
    /// True when `seq` is held.
    pub fn holds(&self, seq: Seq) -> bool {
        seq <= self.contiguous || self.ahead.contains(&seq)
    }

    /// The highest sequence with all below it held.
    pub fn contiguous(&self) -> Seq {
        self.contiguous
    }

    /// True when something above a missing sequence is held.
    pub fn has_gap(&self) -> bool {
        !self.ahead.is_empty()
    }

    /// Records `seq`.
    pub fn hold(&mut self, seq: Seq) {
        if seq > self.contiguous {
            self.ahead.insert(seq);
        }
        while self.ahead.remove(&(self.contiguous + 1)) {
            self.contiguous += 1;
        }
    }
}

/// Connected widgets (and console) ready for steps.
pub struct Run {
    commands: watch::Sender<Command>,
    reports: mpsc::Receiver<Observed>,
    console_reports: Option<mpsc::Receiver<Observed>>,
    widgets: usize,
    steps: u32,
    tasks: Vec<JoinHandle<()>>,
}

impl Run {
    /// Connects `widgets` widgets (from `source` when given) and, on a
    /// server, the console; returns once all are warmed up.
    pub async fn start(
        target: &Target,
        widgets: usize,
        source: Option<Ipv4Addr>,
    ) -> anyhow::Result<Run> {
        let (commands, _) = watch::channel(Command::Wait);
        let (ready_tx, mut ready) = mpsc::channel::<Result<(), String>>(widgets + 1);
        let (report_tx, reports) = mpsc::channel(widgets);
        let mut tasks = Vec::with_capacity(widgets + 1);
        let mut console_reports = None;
        let (widget_endpoint, echo) = match target {
            Target::Yorisoi { widget, console } => {
                let (tx, rx) = mpsc::channel(CONSOLES);
                console_reports = Some(rx);
                for role in [console::Role::Observer, console::Role::Replier] {
                    let setup = console::Setup {
                        role,
                        endpoint: console.clone(),
                        widgets,
                        commands: commands.subscribe(),
                        ready: ready_tx.clone(),
                        reports: tx.clone(),
                    };
                    let console = console::Console::connect(&setup)
                        .await
                        .context("connecting a console")?;
                    tasks.push(tokio::spawn(console.run(setup)));
                }
                (widget.clone(), false)
            }
            Target::Echo(endpoint) => (endpoint.clone(), true),
        };
        let gate = Arc::new(Semaphore::new(SETUP_CONCURRENCY));
        for index in 0..widgets {
            let setup = widget::Setup {
                index,
                endpoint: widget_endpoint.clone(),
                source,
                echo,
                gate: gate.clone(),
                commands: commands.subscribe(),
                ready: ready_tx.clone(),
                reports: report_tx.clone(),
            };
            tasks.push(tokio::spawn(widget::run(setup)));
        }
        drop(ready_tx);
        let expected = widgets + if echo { 0 } else { CONSOLES };
        let deadline = tokio::time::Instant::now() + SETUP_TIMEOUT;
        for _ in 0..expected {
            match tokio::time::timeout_at(deadline, ready.recv()).await {
                Ok(Some(Ok(()))) => {}
                Ok(Some(Err(why))) => {
                    abort(&tasks);
                    bail!("setting up {widgets} conversations: {why}");
                }
                Ok(None) | Err(_) => {
                    abort(&tasks);
                    bail!("setting up {widgets} conversations timed out");
                }
            }
        }
        Ok(Run {
            commands,
            reports,
            console_reports,
            widgets,
            steps: 0,
            tasks,
        })
    }

    /// Runs one step: parents offer `rate` messages per second (all
    /// together), the console `reply_rate` replies per second, for
    /// `window`; then everyone waits up to `drain` for what is owed.
    pub async fn step(
        &mut self,
        rate: f64,
        reply_rate: f64,
        window: Duration,
        drain: Duration,
    ) -> anyhow::Result<StepResult> {
        self.steps += 1;
        let start = Instant::now() + Duration::from_millis(300);
        let end = start + window;
        let replies = self.console_reports.is_some() && reply_rate > 0.0;
        let plan = Arc::new(StepPlan {
            step: self.steps,
            start,
            end,
            widgets: self.widgets,
            interval: Duration::from_secs_f64(self.widgets as f64 / rate),
            reply_interval: replies.then(|| Duration::from_secs_f64(1.0 / reply_rate)),
            drain_until: end + drain,
            shared: StepShared::new(self.widgets, replies),
        });
        self.commands.send_replace(Command::Step(plan.clone()));
        let deadline = tokio::time::Instant::from_std(plan.drain_until + Duration::from_secs(15));
        let mut parents = Observed::default();
        for _ in 0..self.widgets {
            let report = tokio::time::timeout_at(deadline, self.reports.recv())
                .await
                .context("a widget did not report its step in time")?
                .context("a widget task ended")?;
            parents.absorb(report);
        }
        let console = match self.console_reports.as_mut() {
            Some(reports) => {
                let mut both = Observed::default();
                for _ in 0..CONSOLES {
                    let report = tokio::time::timeout_at(deadline, reports.recv())
                        .await
                        .context("a console did not report its step in time")?
                        .context("a console task ended")?;
                    both.absorb(report);
                }
                Some(both)
            }
            None => None,
        };
        self.commands.send_replace(Command::Wait);
        Ok(result::summarise(
            self.widgets,
            rate,
            reply_rate,
            window,
            parents,
            console,
        ))
    }

    /// Closes every socket.
    pub async fn stop(self) {
        self.commands.send_replace(Command::Stop);
        for task in self.tasks {
            let _ended = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
    }
}

fn abort(tasks: &[JoinHandle<()>]) {
    for task in tasks {
        task.abort();
    }
}
