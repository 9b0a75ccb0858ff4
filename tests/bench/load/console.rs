//! Two staff consoles under load, as two staff members online: each hears
//! every conversation of the organisation (it opens none, as a console
//! showing its list does: the server sends live messages of unopened
//! conversations as they come). The [`Role::Replier`] replies round-robin
//! at the step's reply rate, at most one reply in flight per conversation;
//! the [`Role::Observer`] only reads, so parent → console latency is not
//! held up by its own writes (a socket's frames are handled one at a time).
//!
//! Checked by the observer for each conversation: the parent's messages
//! arrive in the order sent, each exactly once, and at the end of a step
//! the sequences it holds (parents' messages and the replier's replies)
//! have no gap. A server that closes a console's socket (one that fell too
//! far behind) is counted, and the console resumes as the protocol says: it
//! reconnects and sends its unacknowledged replies again; the observer also
//! re-opens every conversation after the last sequence it holds without a
//! gap (live messages of a conversation wait for its `History`).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::StreamExt as _;
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use yorisoi_protocol::console::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ConversationId, Message};

use super::tag::{self, Tag};
use super::{Command, Held, Observed, StepPlan};
use crate::net::{self, Endpoint, Ws};
use crate::stats::micros;

/// How often the console looks at the shared counts while it waits.
const POLL: Duration = Duration::from_millis(20);

/// Longest wait for `Welcome`.
const WELCOME_WAIT: Duration = Duration::from_secs(60);

/// What a console does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Reads and checks every parent message; sends nothing.
    Observer,
    /// Sends the replies; checks their `Ack`s.
    Replier,
}

/// What the console task needs.
pub struct Setup {
    /// Its role.
    pub role: Role,
    /// The console socket (with the session cookie).
    pub endpoint: Endpoint,
    /// How many widgets (conversations) to expect.
    pub widgets: usize,
    /// Steps to run.
    pub commands: watch::Receiver<Command>,
    /// Set-up done: every warm-up message seen.
    pub ready: mpsc::Sender<Result<(), String>>,
    /// Each step's observations.
    pub reports: mpsc::Sender<Observed>,
}

/// A reply sent and not yet acknowledged.
struct Pending {
    widget: usize,
    conversation: ConversationId,
    body: String,
    sent: Instant,
}

/// What one read gave.
enum Read {
    Handled,
    Timeout,
    Closed,
}

/// The console's state.
pub struct Console {
    role: Role,
    endpoint: Endpoint,
    ws: Ws,
    conversation_of: Vec<Option<ConversationId>>,
    widget_of: HashMap<ConversationId, usize>,
    held: HashMap<ConversationId, Held>,
    pending: HashMap<ClientId, Pending>,
    /// Re-opened after a reconnection, `History` not yet here: live
    /// messages of these are skipped (the `History` brings them).
    opening: HashSet<ConversationId>,
    /// Per widget: the next parent message number expected this step.
    next_parent: Vec<u64>,
    /// Per widget: replies numbered so far this step, and acknowledged.
    replies_sent: Vec<u64>,
    replies_acked: Vec<u64>,
    step: u32,
    /// A reconnection happened this step: duplicates are then expected.
    resumed: bool,
    /// Replies of this step seen (by the observer, from the replier).
    replies_seen: u64,
    observed: Observed,
}

impl Console {
    /// Connects and reads `Welcome`.
    pub async fn connect(setup: &Setup) -> anyhow::Result<Console> {
        let ws = open(&setup.endpoint).await?;
        let widgets = setup.widgets;
        Ok(Console {
            role: setup.role,
            endpoint: setup.endpoint.clone(),
            ws,
            conversation_of: vec![None; widgets],
            widget_of: HashMap::new(),
            held: HashMap::new(),
            pending: HashMap::new(),
            opening: HashSet::new(),
            next_parent: vec![0; widgets],
            replies_sent: vec![0; widgets],
            replies_acked: vec![0; widgets],
            step: 0,
            resumed: false,
            replies_seen: 0,
            observed: Observed::default(),
        })
    }

    /// The console task: learn every conversation, then run steps.
    pub async fn run(mut self, mut setup: Setup) {
        let ready = self.warm_up(setup.widgets).await;
        let failed = ready.is_err();
        let _ = setup
            .ready
            .send(ready.map_err(|error| format!("console: {error:#}")))
            .await;
        if failed {
            return;
        }
        loop {
            let command = tokio::select! {
                changed = setup.commands.changed() => match changed {
                    Ok(()) => setup.commands.borrow_and_update().clone(),
                    Err(_) => Command::Stop,
                },
                read = self.read_until(Instant::now() + Duration::from_secs(3600)) => {
                    if matches!(read, Read::Closed) {
                        self.resume(Instant::now() + Duration::from_secs(30)).await;
                    }
                    continue;
                }
            };
            match command {
                Command::Wait => {}
                Command::Stop => break,
                Command::Step(plan) => {
                    let observed = self.step(&plan).await;
                    if setup.reports.send(observed).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _closed = self.ws.close(None).await;
    }

    /// Reads until every widget's warm-up message arrived.
    async fn warm_up(&mut self, widgets: usize) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(170);
        while self.widget_of.len() < widgets {
            match self.read_until(deadline).await {
                Read::Handled => {}
                Read::Timeout => bail!(
                    "saw {} of {widgets} conversations being created",
                    self.widget_of.len()
                ),
                Read::Closed => self.resume(deadline).await,
            }
        }
        match self.observed.errors.first() {
            Some(error) => bail!("{error}"),
            None => Ok(()),
        }
    }

    async fn step(&mut self, plan: &StepPlan) -> Observed {
        self.step = plan.step;
        self.resumed = false;
        self.replies_seen = 0;
        self.observed = Observed::default();
        self.next_parent.fill(0);
        self.replies_sent.fill(0);
        self.replies_acked.fill(0);
        self.reply_on_schedule(plan).await;
        if self.role == Role::Replier {
            self.wait_for_acks(plan).await;
            let shared = &plan.shared;
            for (widget, acked) in self.replies_acked.iter().enumerate() {
                shared.replies_acked[widget].store(*acked, Ordering::SeqCst);
            }
            shared.replies_done.store(true, Ordering::SeqCst);
        } else {
            self.wait_for_parents(plan).await;
        }
        if self.role == Role::Observer && self.observed.missing == 0 {
            for (conversation, held) in &self.held {
                if held.has_gap() {
                    self.observed.error(format!(
                        "console: conversation {} held with a gap after {}",
                        conversation.0,
                        held.contiguous()
                    ));
                }
            }
        }
        self.step = 0;
        std::mem::take(&mut self.observed)
    }

    async fn reply_on_schedule(&mut self, plan: &StepPlan) {
        let mut next_reply = plan.start;
        let mut next_widget = 0;
        let interval = plan.reply_interval.filter(|_| self.role == Role::Replier);
        while Instant::now() < plan.end {
            let wake = match interval {
                Some(_) => next_reply.min(plan.end),
                None => plan.end,
            };
            if let Read::Closed = self.read_until(wake).await {
                self.resume(plan.drain_until).await;
            }
            let Some(interval) = interval else {
                continue;
            };
            while Instant::now() >= next_reply && next_reply < plan.end {
                self.reply(next_widget).await;
                next_widget = (next_widget + 1) % self.conversation_of.len();
                next_reply += interval;
            }
        }
    }

    /// Sends the next reply to `widget`'s conversation unless one is in flight.
    async fn reply(&mut self, widget: usize) {
        let Some(conversation) = self.conversation_of[widget] else {
            return;
        };
        if self
            .pending
            .values()
            .any(|pending| pending.widget == widget)
        {
            self.observed.skipped += 1;
            return;
        }
        let number = self.replies_sent[widget];
        let body = Tag::now(tag::REPLY, self.step, widget, Some(number)).body();
        let client_id = yorisoi_tests::new_client_id();
        let frame = ClientFrame::Send {
            conversation,
            client_id: client_id.clone(),
            body: body.clone(),
        };
        // A failed send shows as a closed socket at the next read.
        let _sent = net::send_frame(&mut self.ws, &frame).await;
        self.replies_sent[widget] += 1;
        self.observed.sent += 1;
        self.pending.insert(
            client_id,
            Pending {
                widget,
                conversation,
                body,
                sent: Instant::now(),
            },
        );
    }

    async fn wait_for_acks(&mut self, plan: &StepPlan) {
        while !self.pending.is_empty() {
            if Instant::now() >= plan.drain_until {
                self.observed.error(format!(
                    "console: {} replies never acknowledged",
                    self.pending.len()
                ));
                self.pending.clear();
                return;
            }
            if let Read::Closed = self.read_until(plan.drain_until).await {
                self.resume(plan.drain_until).await;
            }
        }
    }

    /// Reads until every acknowledged parent message of the step arrived.
    async fn wait_for_parents(&mut self, plan: &StepPlan) {
        let shared = &plan.shared;
        loop {
            let owed: u64 = (0..self.next_parent.len())
                .map(|widget| {
                    let acked = shared.parent_acked[widget].load(Ordering::SeqCst);
                    acked.saturating_sub(self.next_parent[widget])
                })
                .sum();
            let all_done = shared.parents_done.load(Ordering::SeqCst) == self.next_parent.len();
            // The replies too, before the gap check (they may come last).
            let replies: u64 = shared
                .replies_acked
                .iter()
                .map(|acked| acked.load(Ordering::SeqCst))
                .sum();
            let replies_here =
                shared.replies_done.load(Ordering::SeqCst) && self.replies_seen >= replies;
            if all_done && owed == 0 && replies_here {
                return;
            }
            if Instant::now() >= plan.drain_until {
                let replies = replies.saturating_sub(self.replies_seen);
                self.observed.missing += owed + replies;
                self.observed.error(format!(
                    "console: {owed} acknowledged parent messages and {replies} replies never arrived"
                ));
                return;
            }
            let wake = (Instant::now() + POLL).min(plan.drain_until);
            if let Read::Closed = self.read_until(wake).await {
                self.resume(plan.drain_until).await;
            }
        }
    }

    /// The socket closed: reconnect and resume (see the module docs).
    async fn resume(&mut self, until: Instant) {
        self.observed.reconnects += 1;
        self.resumed = true;
        while Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let Ok(ws) = open(&self.endpoint).await else {
                continue;
            };
            self.ws = ws;
            // The replier checks no parent message: like a console with no
            // conversation open, it only sends its outbox again.
            let mut frames: Vec<ClientFrame> = self
                .pending
                .iter()
                .map(|(client_id, pending)| ClientFrame::Send {
                    conversation: pending.conversation,
                    client_id: client_id.clone(),
                    body: pending.body.clone(),
                })
                .collect();
            if self.role == Role::Observer {
                self.opening = self.widget_of.keys().copied().collect();
                frames.extend(self.widget_of.keys().map(|conversation| ClientFrame::Open {
                    conversation: *conversation,
                    last_seq: self.held.get(conversation).map_or(0, Held::contiguous),
                }));
            }
            let mut sent_all = true;
            for frame in &frames {
                if net::send_frame(&mut self.ws, frame).await.is_err() {
                    sent_all = false;
                    break;
                }
            }
            if sent_all {
                return;
            }
        }
        self.observed
            .error("console: could not reconnect after its socket closed".to_owned());
    }

    async fn read_until(&mut self, until: Instant) -> Read {
        loop {
            let message = match tokio::time::timeout_at(until.into(), self.ws.next()).await {
                Err(_elapsed) => return Read::Timeout,
                Ok(message) => message,
            };
            match message {
                Some(Ok(WsMessage::Text(text))) => {
                    match serde_json::from_str::<ServerFrame>(text.as_str()) {
                        Ok(frame) => self.on_frame(frame),
                        Err(error) => self
                            .observed
                            .error(format!("console: unreadable frame: {error}")),
                    }
                    return Read::Handled;
                }
                Some(Ok(WsMessage::Close(_)) | Err(_)) | None => return Read::Closed,
                Some(Ok(_control)) => continue,
            }
        }
    }

    fn on_frame(&mut self, frame: ServerFrame) {
        match frame {
            ServerFrame::Message {
                conversation,
                message,
            } => {
                if !self.opening.contains(&conversation) {
                    self.on_message(conversation, message);
                }
            }
            ServerFrame::History {
                conversation,
                messages,
            } => {
                self.opening.remove(&conversation);
                for message in messages {
                    self.on_message(conversation, message);
                }
            }
            ServerFrame::Ack {
                conversation,
                client_id,
                seq,
                ..
            } => {
                self.held.entry(conversation).or_default().hold(seq);
                match self.pending.remove(&client_id) {
                    Some(pending) => {
                        self.replies_acked[pending.widget] += 1;
                        self.observed.acked += 1;
                        self.observed
                            .ack_micros
                            .push(micros(pending.sent.elapsed()));
                    }
                    None if self.resumed => {}
                    None => self
                        .observed
                        .error("console: an Ack for no reply in flight".to_owned()),
                }
            }
            ServerFrame::Error { code, client_id } => {
                self.observed.error(format!("console: Error {code:?}"));
                if let Some(client_id) = client_id {
                    self.pending.remove(&client_id);
                }
            }
            ServerFrame::Welcome { .. }
            | ServerFrame::Conversations { .. }
            | ServerFrame::Conversation(_)
            | ServerFrame::Typing { .. }
            | ServerFrame::Note { .. }
            | ServerFrame::Found { .. }
            | ServerFrame::Pong
            | ServerFrame::Overdue { .. }
            | ServerFrame::Quiet { .. } => {}
        }
    }

    fn on_message(&mut self, conversation: ConversationId, message: Message) {
        let held = self.held.entry(conversation).or_default();
        if held.holds(message.seq) {
            if !self.resumed {
                self.observed.error(format!(
                    "console: conversation {} seq {} delivered twice",
                    conversation.0, message.seq
                ));
            }
            return;
        }
        held.hold(message.seq);
        if let Author::Staff { .. } = message.author {
            // The replier's reply (to the observer), or its own in a
            // `History` after a reconnection (to the replier).
            let this_step = Tag::parse(&message.body).is_some_and(|tag| tag.step == self.step);
            if this_step {
                self.replies_seen += 1;
            }
            return;
        }
        let Some(tag) = Tag::parse(&message.body).filter(|tag| tag.kind == tag::PARENT) else {
            self.observed
                .error("console: a parent message the bench did not send".to_owned());
            return;
        };
        let Some(number) = tag.number else {
            if tag.widget < self.conversation_of.len() {
                self.conversation_of[tag.widget] = Some(conversation);
                self.widget_of.insert(conversation, tag.widget);
            }
            return;
        };
        if self.role == Role::Replier {
            return;
        }
        if self.widget_of.get(&conversation) != Some(&tag.widget) {
            self.observed.error(format!(
                "console: widget {}'s message in another widget's conversation {}",
                tag.widget, conversation.0
            ));
        } else if tag.step != self.step {
            self.observed.late += 1;
        } else if number != self.next_parent[tag.widget] {
            self.observed.error(format!(
                "console: widget {}'s message {number} arrived when {} was next (duplicate or out of order)",
                tag.widget, self.next_parent[tag.widget]
            ));
            self.next_parent[tag.widget] = self.next_parent[tag.widget].max(number + 1);
        } else {
            self.next_parent[tag.widget] += 1;
            self.observed.received += 1;
            self.observed.relay_micros.push(tag.age_micros());
        }
    }
}

/// Opens the console socket and reads its `Welcome`.
async fn open(endpoint: &Endpoint) -> anyhow::Result<Ws> {
    let mut ws = net::connect(endpoint, None).await?;
    let deadline = Instant::now() + WELCOME_WAIT;
    loop {
        let message = tokio::time::timeout_at(deadline.into(), ws.next())
            .await
            .context("no Welcome in time")?;
        match message {
            Some(Ok(WsMessage::Text(text))) => {
                match serde_json::from_str::<ServerFrame>(text.as_str()) {
                    Ok(ServerFrame::Welcome { .. }) => return Ok(ws),
                    Ok(other) => bail!("the console's first frame was {other:?}"),
                    Err(error) => bail!("unreadable console frame: {error}"),
                }
            }
            Some(Ok(_control)) => continue,
            Some(Err(error)) => bail!("console socket error: {error}"),
            None => bail!("console socket closed before Welcome"),
        }
    }
}
