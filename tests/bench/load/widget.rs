//! One parent's widget under load: `Hello`, a warm-up message that creates
//! its conversation, then in each step its share of the offered messages,
//! one at a time (the next after the previous one's `Ack`, as the protocol
//! asks), while it reads the console's replies. Every frame is checked:
//! an `Ack` must name the message in flight; a `Message` must be the next
//! sequence the widget lacks (its own acknowledged ones count as held) and
//! never one it holds; replies must come in the order the console sent
//! them, each once. Against the echo server the same code sends the same
//! frames, and the echo of a `Send` stands for its `Ack`.

use std::net::Ipv4Addr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::StreamExt as _;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, Lang};

use super::tag::{self, Tag};
use super::{Command, Held, Observed, StepPlan};
use crate::net::{self, Endpoint, Ws};
use crate::stats::micros;

/// Longest wait for `Welcome` or the warm-up `Ack`.
const SETUP_WAIT: Duration = Duration::from_secs(60);

/// How often a widget waiting for what it is owed looks at the counts.
const POLL: Duration = Duration::from_millis(20);

/// What a widget task needs.
pub struct Setup {
    /// Its number.
    pub index: usize,
    /// The socket to open.
    pub endpoint: Endpoint,
    /// The source address to connect from.
    pub source: Option<Ipv4Addr>,
    /// True against the echo server.
    pub echo: bool,
    /// Limits how many widgets set up at once.
    pub gate: Arc<Semaphore>,
    /// Steps to run.
    pub commands: watch::Receiver<Command>,
    /// Set-up done (or why not).
    pub ready: mpsc::Sender<Result<(), String>>,
    /// Each step's observations.
    pub reports: mpsc::Sender<Observed>,
}

/// A message sent and not yet acknowledged.
struct InFlight {
    client_id: ClientId,
    sent: Instant,
    /// Its number in the step (`None`: the warm-up).
    number: Option<u64>,
}

/// What one read gave.
enum Read {
    /// A text frame (handled).
    Handled,
    /// The wait ended first.
    Timeout,
    /// The socket is gone.
    Closed,
}

struct Widget {
    index: usize,
    echo: bool,
    ws: Ws,
    held: Held,
    in_flight: Option<InFlight>,
    /// The step running (0 between steps and in the warm-up).
    step: u32,
    /// When the running step's sending window ends.
    window_end: Option<Instant>,
    observed: Observed,
}

/// The widget task: set up, then run steps until told to stop.
pub async fn run(mut setup: Setup) {
    let permit = setup.gate.clone().acquire_owned().await;
    let widget = Widget::connect(&setup).await;
    drop(permit);
    let mut widget = match widget {
        Ok(widget) => {
            let _ = setup.ready.send(Ok(())).await;
            widget
        }
        Err(error) => {
            let _ = setup
                .ready
                .send(Err(format!("widget {}: {error:#}", setup.index)))
                .await;
            return;
        }
    };
    let mut alive = true;
    loop {
        let command = tokio::select! {
            changed = setup.commands.changed() => match changed {
                Ok(()) => setup.commands.borrow_and_update().clone(),
                Err(_) => Command::Stop,
            },
            read = widget.read_until(Instant::now() + Duration::from_secs(3600)), if alive => {
                if matches!(read, Read::Closed) {
                    alive = false;
                }
                continue;
            }
        };
        match command {
            Command::Wait => {}
            Command::Stop => break,
            Command::Step(plan) => {
                let observed = if alive {
                    widget.step(&plan).await
                } else {
                    widget.dead(&plan)
                };
                alive = alive && !observed.errors.iter().any(|e| e.contains("socket closed"));
                if setup.reports.send(observed).await.is_err() {
                    break;
                }
            }
        }
    }
    let _closed = widget.ws.close(None).await;
}

impl Widget {
    async fn connect(setup: &Setup) -> anyhow::Result<Widget> {
        let ws = net::connect(&setup.endpoint, setup.source).await?;
        let mut widget = Widget {
            index: setup.index,
            echo: setup.echo,
            ws,
            held: Held::default(),
            in_flight: None,
            step: 0,
            window_end: None,
            observed: Observed::default(),
        };
        let deadline = Instant::now() + SETUP_WAIT;
        if !widget.echo {
            widget.hello(deadline).await?;
        }
        widget.send_message(None).await?;
        while widget.in_flight.is_some() {
            if !matches!(widget.read_until(deadline).await, Read::Handled) {
                bail!("no Ack for the warm-up message");
            }
        }
        if let Some(error) = widget.observed.errors.first() {
            bail!("warm-up: {error}");
        }
        Ok(widget)
    }

    async fn hello(&mut self, deadline: Instant) -> anyhow::Result<()> {
        let hello = ClientFrame::Hello {
            token: yorisoi_tests::random_token(),
            lang: Lang::Ja,
            last_seq: 0,
            site: None,
        };
        net::send_frame(&mut self.ws, &hello).await?;
        loop {
            let message = tokio::time::timeout_at(deadline.into(), self.ws.next())
                .await
                .context("no Welcome in time")?;
            let text = match message {
                Some(Ok(WsMessage::Text(text))) => text,
                Some(Ok(_control)) => continue,
                Some(Err(error)) => bail!("socket error before Welcome: {error}"),
                None => bail!("socket closed before Welcome"),
            };
            match serde_json::from_str::<ServerFrame>(text.as_str()) {
                Ok(ServerFrame::Welcome { .. }) => return Ok(()),
                Ok(ServerFrame::ProveWork { .. }) => {
                    bail!("the server asks for a proof of work: its limits were not lifted")
                }
                Ok(other) => bail!("unexpected answer to Hello: {other:?}"),
                Err(error) => bail!("unreadable frame {text:?}: {error}"),
            }
        }
    }

    /// Sends message `number` (`None`: the warm-up) of this step.
    async fn send_message(&mut self, number: Option<u64>) -> anyhow::Result<()> {
        let tag = Tag::now(tag::PARENT, self.step, self.index, number);
        let client_id = yorisoi_tests::new_client_id();
        let frame = ClientFrame::Send {
            client_id: client_id.clone(),
            body: tag.body(),
            nickname: None,
            proof: None,
        };
        net::send_frame(&mut self.ws, &frame).await?;
        self.in_flight = Some(InFlight {
            client_id,
            sent: Instant::now(),
            number,
        });
        Ok(())
    }

    /// Runs one step and returns what it saw.
    async fn step(&mut self, plan: &StepPlan) -> Observed {
        self.step = plan.step;
        self.window_end = Some(plan.end);
        self.observed = Observed::default();
        let closed = self.send_schedule(plan).await;
        let shared = &plan.shared;
        shared.parent_acked[self.index].store(self.observed.acked, Ordering::SeqCst);
        shared.parents_done.fetch_add(1, Ordering::SeqCst);
        if !closed {
            self.wait_for_replies(plan).await;
        } else {
            self.observed
                .error(format!("widget {}: socket closed", self.index));
        }
        self.step = 0;
        self.window_end = None;
        std::mem::take(&mut self.observed)
    }

    /// A widget whose socket is gone still answers each step.
    fn dead(&mut self, plan: &StepPlan) -> Observed {
        let shared = &plan.shared;
        shared.parent_acked[self.index].store(0, Ordering::SeqCst);
        shared.parents_done.fetch_add(1, Ordering::SeqCst);
        let mut observed = Observed::default();
        observed.error(format!("widget {}: socket closed", self.index));
        observed
    }

    /// Sends the step's messages on schedule; true when the socket closed.
    async fn send_schedule(&mut self, plan: &StepPlan) -> bool {
        while plan.scheduled(self.index, self.observed.offered) < plan.end {
            self.observed.offered += 1;
        }
        let mut number = 0;
        loop {
            let scheduled = plan.scheduled(self.index, number);
            // Nothing new after the window, however far behind: what a
            // slow server could not take shows as offered but not sent.
            if scheduled >= plan.end || Instant::now() >= plan.end {
                return false;
            }
            loop {
                match self.read_until(scheduled).await {
                    Read::Handled => {}
                    Read::Timeout => break,
                    Read::Closed => return true,
                }
            }
            self.observed
                .lag_micros
                .push(micros(Instant::now().saturating_duration_since(scheduled)));
            if let Err(error) = self.send_message(Some(number)).await {
                self.observed
                    .error(format!("widget {}: {error:#}", self.index));
                return true;
            }
            self.observed.sent += 1;
            while self.in_flight.is_some() {
                match self.read_until(plan.drain_until).await {
                    Read::Handled => {}
                    Read::Timeout => {
                        self.observed.error(format!(
                            "widget {}: no Ack before the step's end",
                            self.index
                        ));
                        return false;
                    }
                    Read::Closed => return true,
                }
            }
            number += 1;
        }
    }

    /// Reads until the console's acknowledged replies of this step are all
    /// here (or the step's drain time is over).
    async fn wait_for_replies(&mut self, plan: &StepPlan) {
        let shared = &plan.shared;
        loop {
            let owed = shared.replies_acked[self.index].load(Ordering::SeqCst);
            if shared.replies_done.load(Ordering::SeqCst) && self.observed.received >= owed {
                return;
            }
            if Instant::now() >= plan.drain_until {
                let owed = owed.saturating_sub(self.observed.received);
                self.observed.missing += owed;
                self.observed.error(format!(
                    "widget {}: {owed} acknowledged replies never arrived",
                    self.index
                ));
                return;
            }
            let wake = (Instant::now() + POLL).min(plan.drain_until);
            if matches!(self.read_until(wake).await, Read::Closed) {
                return;
            }
        }
    }

    /// Reads and handles one frame, waiting at most until `until`.
    async fn read_until(&mut self, until: Instant) -> Read {
        loop {
            let message = match tokio::time::timeout_at(until.into(), self.ws.next()).await {
                Err(_elapsed) => return Read::Timeout,
                Ok(message) => message,
            };
            match message {
                Some(Ok(WsMessage::Text(text))) => {
                    self.on_text(text.as_str());
                    return Read::Handled;
                }
                Some(Ok(WsMessage::Close(_)) | Err(_)) | None => return Read::Closed,
                Some(Ok(_control)) => continue,
            }
        }
    }

    fn on_text(&mut self, text: &str) {
        if self.echo {
            match serde_json::from_str::<ClientFrame>(text) {
                Ok(ClientFrame::Send { client_id, .. }) => self.on_ack(&client_id, None),
                _ => self.observed.error(format!("echo sent back {text:?}")),
            }
            return;
        }
        match serde_json::from_str::<ServerFrame>(text) {
            Ok(frame) => self.on_frame(frame),
            Err(error) => self
                .observed
                .error(format!("widget {}: unreadable frame: {error}", self.index)),
        }
    }

    fn on_frame(&mut self, frame: ServerFrame) {
        match frame {
            ServerFrame::Ack { client_id, seq, .. } => self.on_ack(&client_id, Some(seq)),
            ServerFrame::Message(message) => {
                if self.held.holds(message.seq) {
                    self.observed.error(format!(
                        "widget {}: seq {} delivered twice",
                        self.index, message.seq
                    ));
                    return;
                }
                if message.seq != self.held.contiguous() + 1 {
                    self.observed.error(format!(
                        "widget {}: seq {} arrived after {} (out of order or a gap)",
                        self.index,
                        message.seq,
                        self.held.contiguous()
                    ));
                }
                self.held.hold(message.seq);
                match message.author {
                    Author::Staff { .. } => self.on_reply(&message.body),
                    Author::Visitor => {
                        // Its own message, sent again with a missed one
                        // before its `Ack` came: it must be the one in flight.
                        let own = self
                            .in_flight
                            .as_ref()
                            .is_some_and(|sent| sent.client_id == message.client_id);
                        if !own {
                            self.observed.error(format!(
                                "widget {}: a parent message it did not send",
                                self.index
                            ));
                        }
                    }
                }
            }
            ServerFrame::Error {
                code, client_id, ..
            } => {
                self.observed
                    .error(format!("widget {}: Error {code:?}", self.index));
                let failed = self
                    .in_flight
                    .as_ref()
                    .is_some_and(|sent| Some(&sent.client_id) == client_id.as_ref());
                if failed {
                    self.in_flight = None;
                }
            }
            ServerFrame::ProveWork { .. } => self
                .observed
                .error(format!("widget {}: asked for a proof of work", self.index)),
            ServerFrame::Welcome { .. }
            | ServerFrame::Read { .. }
            | ServerFrame::TokenRotated
            | ServerFrame::Code { .. }
            | ServerFrame::CodeUsed
            | ServerFrame::Forgotten
            | ServerFrame::Team(_)
            | ServerFrame::Typing { .. }
            | ServerFrame::Pong
            | ServerFrame::Help => {}
        }
    }

    fn on_ack(&mut self, client_id: &ClientId, seq: Option<u64>) {
        let Some(sent) = self.in_flight.take_if(|sent| sent.client_id == *client_id) else {
            self.observed.error(format!(
                "widget {}: an Ack for no message in flight",
                self.index
            ));
            return;
        };
        if let Some(seq) = seq {
            self.held.hold(seq);
        }
        if sent.number.is_some() {
            self.observed.acked += 1;
            if self.window_end.is_some_and(|end| Instant::now() <= end) {
                self.observed.acked_in_window += 1;
            }
            self.observed.ack_micros.push(micros(sent.sent.elapsed()));
        }
    }

    fn on_reply(&mut self, body: &str) {
        let Some(tag) = Tag::parse(body).filter(|tag| tag.kind == tag::REPLY) else {
            self.observed.error(format!(
                "widget {}: a staff message the bench did not send",
                self.index
            ));
            return;
        };
        if tag.widget != self.index {
            self.observed.error(format!(
                "widget {}: got the reply meant for widget {}",
                self.index, tag.widget
            ));
        } else if tag.step != self.step {
            self.observed.late += 1;
        } else if tag.number != Some(self.observed.received) {
            self.observed.error(format!(
                "widget {}: reply {:?} arrived when {} was next (duplicate or out of order)",
                self.index, tag.number, self.observed.received
            ));
        } else {
            self.observed.received += 1;
            self.observed.relay_micros.push(tag.age_micros());
        }
    }
}
