//! The widget's side of the parent socket: the client algorithm of
//! `yorisoi_protocol`'s crate docs. It says Hello with the widget's own
//! token, keeps the conversation (dedupe, gaps => resume), keeps the outbox in
//! `localStorage` and sends it one message at a time, in the order written
//! (a message refused by a limit waits, and goes again by itself when the
//! limit allows, with the ones after it behind it; a busy network's first
//! message pays its proof of work first, see [`super::work`]), follows read
//! receipts both ways, and tells the server about language switches.
//!
//! Security duties of issue 4 live here too: the token is rotated once per
//! page load (switching only when `TokenRotated` confirms it), "forget this
//! device" revokes it and clears what the browser kept, and read receipts
//! go out only while the loader says the panel is shown.

mod privacy;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use yorisoi_protocol::http::WIDGET_SOCKET;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ErrorCode, Lang, Message, Seq, code, proof};

use super::forget_step::{Erase, ForgetStep};
use super::team::TeamState;
use super::work::{SLICE, Work};
use super::{host, visitor};
use crate::api::socket::{ConnState, Socket};
use crate::browser;
use crate::contexts::i18n::I18n;
use crate::erased::effect;
use crate::outbox;
use crate::thread::{Arrival, Entry, Thread};

/// The widget's live state; a cheap `Copy` handle for closures.
#[derive(Clone, Copy)]
pub struct WidgetSession {
    /// The conversation, with the outbox at its end.
    pub thread: RwSignal<Thread>,
    /// The connection, for the status line.
    pub status: RwSignal<ConnState>,
    /// The last error the server reported.
    pub alert: RwSignal<Option<ErrorCode>>,
    /// The optional nickname from the welcome form.
    pub nickname: RwSignal<String>,
    /// Where "forget this device" (or "delete my conversation") stands.
    pub forget: RwSignal<ForgetStep>,
    /// Which of the two the panel is about.
    pub erase: RwSignal<Erase>,
    /// The cards of the cases sent to the parent for consent, as the
    /// server wrote them (see `super::cases`).
    pub cases: RwSignal<String>,
    /// The consultation code the server gave, to show.
    pub code: RwSignal<Option<String>>,
    /// For how many hours it works (set with it; not a signal of its own,
    /// which would cost the wasm half a kilobyte).
    pub code_hours: StoredValue<u32>,
    /// Who answers and when, and who is typing.
    pub team: TeamState,
    /// The visitor token said in every Hello.
    token: StoredValue<String>,
    /// The token sent in `RotateToken`, until `TokenRotated` confirms it.
    next_token: StoredValue<Option<String>>,
    /// A rotation was asked for on this page load (once per load, not per
    /// reconnect).
    rotated: StoredValue<bool>,
    /// The loader's panel is shown (assumed until the loader says otherwise).
    panel_open: StoredValue<bool>,
    /// The highest seq reported to the server as read (MarkRead).
    marked_read: StoredValue<Seq>,
    /// The message sent and not answered yet (one at a time, in order).
    in_flight: StoredValue<Option<ClientId>>,
    /// This connection's proof of work, when the server asked for one.
    work: StoredValue<Work>,
    /// Counts searches, so a new greeting stops the old one.
    work_generation: StoredValue<u32>,
    /// The connection (not `Send`, hence local storage).
    socket: StoredValue<Option<Socket>, LocalStorage>,
}

impl WidgetSession {
    /// Creates the state (the outbox restored, shown as sending at once)
    /// and connects.
    pub fn start(i18n: I18n) -> Self {
        visitor::adopt_legacy();
        let mut thread = Thread::default();
        outbox::restore(&mut thread, visitor::stored_outbox());
        let session = WidgetSession {
            thread: RwSignal::new(thread),
            status: RwSignal::new(ConnState::Connecting),
            alert: RwSignal::new(None),
            nickname: RwSignal::new(String::new()),
            forget: RwSignal::new(ForgetStep::Idle),
            erase: RwSignal::new(Erase::Forget),
            cases: RwSignal::new(String::new()),
            code: RwSignal::new(None),
            code_hours: StoredValue::new(0),
            team: TeamState::new(),
            token: StoredValue::new(visitor::token()),
            next_token: StoredValue::new(None),
            rotated: StoredValue::new(false),
            panel_open: StoredValue::new(true),
            marked_read: StoredValue::new(0),
            in_flight: StoredValue::new(None),
            work: StoredValue::new(Work::Free),
            work_generation: StoredValue::new(0),
            socket: StoredValue::new_local(None),
        };
        let socket = Socket::connect::<ServerFrame>(
            WIDGET_SOCKET,
            session.status,
            move |socket| {
                socket.send(&ClientFrame::Hello {
                    token: session.hello_token(),
                    lang: i18n.lang_untracked(),
                    last_seq: session.thread.with_untracked(Thread::resume_seq),
                    site: host::origin(),
                });
            },
            move |socket, frame| session.receive(socket, frame),
        );
        session.socket.set_value(Some(socket));
        // Tell the server (and so the staff) when the parent switches language.
        let previous = StoredValue::new(None::<Lang>);
        effect(Box::new(move || {
            let lang = i18n.lang();
            let before = previous.get_value();
            previous.set_value(Some(lang));
            if before.is_some_and(|before| before != lang) {
                session.send_frame(&ClientFrame::SetLang { lang });
            }
        }));
        // Coming back to the tab is when the parent sees new replies.
        browser::listen_document(
            "visibilitychange",
            Closure::new(move |_: web_sys::Event| {
                session.mark_read_if_seen();
            }),
        );
        host::listen(move |shown| {
            session.panel_open.set_value(shown);
            session.mark_read_if_seen();
        });
        session
    }

    /// The token for a Hello: the stored one if any, since another tab may
    /// have rotated it since this one loaded.
    fn hello_token(&self) -> String {
        let token = visitor::stored_token().unwrap_or_else(|| self.token.get_value());
        self.token.set_value(token.clone());
        token
    }

    /// Changes the thread and stores the outbox that results.
    fn change<R>(&self, edit: impl FnOnce(&mut Thread) -> R) -> Option<R> {
        let result = self.thread.try_update(edit);
        self.thread.with_untracked(visitor::save_outbox);
        result
    }

    /// Queues a message from the composer (stored before it is sent) and
    /// sends it when its turn comes.
    pub fn send(&self, body: String) {
        let entry = Entry {
            client_id: browser::new_client_id(),
            seq: None,
            author: Author::Visitor,
            body,
            at_ms: browser::now_ms(),
            delivery: crate::thread::Delivery::Pending,
            nickname: self.nickname_to_send(),
        };
        self.change(|thread| thread.push_unconfirmed(entry.clone()));
        self.alert.set(None);
        if self.forget.get_untracked() == ForgetStep::Done {
            self.forget.set(ForgetStep::Idle);
        }
        self.pump();
    }

    /// Sends a failed message again, under a new client id.
    pub fn retry(&self, client_id: ClientId) {
        let new_id = browser::new_client_id();
        if let Some(Some(_)) =
            self.change(|thread| thread.retry(&client_id, new_id, browser::now_ms()))
        {
            self.alert.set(None);
            self.pump();
        }
    }

    /// The parent gives up a waiting or failed message.
    pub fn cancel(&self, client_id: ClientId) {
        self.change(|thread| thread.cancel(&client_id));
        self.pump();
    }

    /// Sends the next message, unless one is answered yet, one waits for a
    /// limit, or the proof of work is still being found: one at a time, in
    /// order, so none overtakes an earlier one.
    fn pump(&self) {
        if self.work.with_value(Work::is_solving) {
            return;
        }
        if let Some(id) = self.in_flight.get_value()
            && self.thread.with_untracked(|thread| thread.is_pending(&id))
        {
            return;
        }
        self.in_flight.set_value(None);
        let next = self
            .thread
            .with_untracked(|thread| thread.next_to_send().cloned());
        if let Some(entry) = next
            && self.send_entry(&entry)
        {
            self.in_flight.set_value(Some(entry.client_id));
        }
    }

    /// A message refused by a limit (or a failure of the server) waits and
    /// goes again by itself after `retry_after_secs` (a few seconds if the
    /// server did not say), with a little jitter so a crowd does not come
    /// back at once; refused for good, it shows why and the rest go on.
    fn refused(&self, client_id: ClientId, code: ErrorCode, retry_after_secs: Option<u32>) {
        let waits = retry_after_secs.is_some()
            || matches!(
                code,
                ErrorCode::RateLimited | ErrorCode::BusyNetwork | ErrorCode::Internal
            );
        if !waits {
            self.change(|thread| thread.fail(&client_id, code));
            self.pump();
            return;
        }
        self.change(|thread| thread.wait(&client_id, code));
        let jitter = js_sys::Math::random() * 1_000.0;
        let delay = f64::from(retry_after_secs.unwrap_or(5)) * 1_000.0 + jitter;
        let session = *self;
        set_timeout(
            move || {
                session.change(|thread| thread.resume(&client_id));
                session.pump();
            },
            std::time::Duration::from_millis(delay as u64),
        );
        self.pump();
    }

    /// The server asks a proof of work for our first message: search for it
    /// (unless this one is being searched already), then send.
    fn prove(&self, challenge: String, bits: u8) {
        self.in_flight.set_value(None);
        if self
            .work
            .with_value(|work| work.needs_search(&challenge, bits))
        {
            let generation = self.work_generation.get_value().wrapping_add(1);
            self.work_generation.set_value(generation);
            self.work.set_value(Work::Solving {
                challenge: challenge.clone(),
                bits,
            });
            self.search(challenge, bits, 0, generation);
        } else {
            self.pump();
        }
    }

    /// One slice of the search, then the next after the page had its turn.
    fn search(&self, challenge: String, bits: u8, from: u64, generation: u32) {
        if self.work_generation.get_value() != generation {
            return; // a new greeting made a new challenge
        }
        if let Some(nonce) = proof::search(&challenge, bits, from, SLICE) {
            self.work.set_value(Work::Solved {
                challenge,
                bits,
                nonce,
            });
            self.pump();
            return;
        }
        let session = *self;
        set_timeout(
            move || session.search(challenge, bits, from + SLICE, generation),
            std::time::Duration::ZERO,
        );
    }

    fn nickname_to_send(&self) -> Option<String> {
        let nickname = self.nickname.get_untracked();
        let nickname = nickname.trim();
        (!nickname.is_empty()).then(|| nickname.to_owned())
    }

    fn send_entry(&self, entry: &Entry) -> bool {
        self.send_frame(&ClientFrame::Send {
            client_id: entry.client_id.clone(),
            body: entry.body.clone(),
            nickname: entry.nickname.clone(),
            proof: self.work.with_value(Work::nonce),
        })
    }

    /// Sends a frame once the server has welcomed us; otherwise drops it
    /// (the outbox is resent on Welcome, the language is in Hello).
    fn send_frame(&self, frame: &ClientFrame) -> bool {
        self.socket.with_value(|socket| {
            socket
                .as_ref()
                .is_some_and(|socket| socket.send_when_ready(frame))
        })
    }

    /// Tells the server the parent has seen the newest staff message, once
    /// per new one and only while the panel is shown and the page visible.
    /// In a closed panel, tells the loader instead, which asks the server
    /// how many wait and shows that on its launcher.
    fn mark_read_if_seen(&self) {
        let newest = self.thread.with_untracked(Thread::highest_staff_seq);
        if newest <= self.marked_read.get_value() || browser::page_hidden() {
            return;
        }
        if !self.panel_open.get_value() {
            host::post("unread");
        } else if self.send_frame(&ClientFrame::MarkRead { seq: newest }) {
            self.marked_read.set_value(newest);
        }
    }

    /// The conversation behind our token is gone (revoked, or a server that
    /// lost it): keep what was not sent, start afresh under a new token.
    fn start_afresh(&self, socket: &Socket, code: ErrorCode) {
        if self.forget.get_untracked() == ForgetStep::Waiting {
            // The revocation went through but its answer was lost.
            self.forgotten(socket);
            return;
        }
        self.token.set_value(visitor::new_token());
        visitor::set_next_token(None);
        self.marked_read.set_value(0);
        self.change(Thread::keep_only_unsent);
        self.alert.set(Some(code));
        socket.reconnect();
    }

    /// A rotation whose answer was lost may have gone through on the server
    /// (which then refuses the old token): switch to the pending token and
    /// say Hello again. False when there is none to try.
    fn try_next_token(&self, socket: &Socket) -> bool {
        let Some(next) = visitor::next_token().filter(|next| *next != self.token.get_value())
        else {
            return false;
        };
        visitor::keep_token(&next);
        visitor::set_next_token(None);
        self.token.set_value(next);
        socket.restart();
        true
    }

    fn welcome(
        &self,
        socket: &Socket,
        has_conversation: bool,
        messages: Vec<Message>,
        read_seq: Seq,
    ) {
        if !has_conversation {
            if self.try_next_token(socket) {
                return;
            }
            if self.thread.with_untracked(Thread::has_history) {
                self.start_afresh(socket, ErrorCode::UnknownToken);
                return;
            }
        }
        self.change(|thread| {
            for message in messages {
                thread.insert(message);
            }
            thread.set_peer_read(read_seq);
        });
        socket.set_ready();
        if !has_conversation && let Some(staff) = self.team.chosen() {
            // The server keeps a choice made before the first message only
            // for its connection.
            self.send_frame(&ClientFrame::Nominate { staff });
        }
        // A new greeting: any earlier challenge is void.
        self.work_generation
            .set_value(self.work_generation.get_value().wrapping_add(1));
        self.work.set_value(Work::Free);
        self.in_flight.set_value(None);
        self.pump();
        self.mark_read_if_seen();
        if self.forget.get_untracked() == ForgetStep::Waiting {
            // Asked before a reconnect: the old token still worked, so ask again.
            self.send_frame(&self.erase_frame());
        } else if has_conversation {
            self.rotate_once();
        }
    }

    /// Asks the server to switch to a new token, once per page load. A
    /// rotation already in flight (another tab's, or a lost answer) skips
    /// this load's: two tabs rotating at once could leave the browser
    /// holding the token the server replaced.
    fn rotate_once(&self) {
        if self.rotated.get_value() {
            return;
        }
        self.rotated.set_value(true);
        if visitor::next_token().is_some() {
            visitor::set_next_token(None);
            return;
        }
        let next = browser::new_visitor_token();
        visitor::set_next_token(Some(&next));
        if self.send_frame(&ClientFrame::RotateToken {
            token: next.clone(),
        }) {
            self.next_token.set_value(Some(next));
        } else {
            visitor::set_next_token(None);
        }
    }

    /// The server confirmed the new token: use it from now on.
    fn token_rotated(&self) {
        if let Some(next) = self.next_token.get_value() {
            self.next_token.set_value(None);
            visitor::keep_token(&next);
            visitor::set_next_token(None);
            self.token.set_value(next);
        }
    }

    /// Shows the confirmation of "forget this device" or "delete my
    /// conversation".
    pub fn ask_erase(&self, erase: Erase) {
        self.erase.set(erase);
        self.forget.set(ForgetStep::Asking);
    }

    /// Closes the "forget this device" panel without doing anything.
    pub fn cancel_forget(&self) {
        self.forget.set(ForgetStep::Idle);
    }

    /// Confirmed: asks the server to revoke the token (it needs a connection).
    pub fn confirm_forget(&self) {
        self.forget.set(if self.send_frame(&self.erase_frame()) {
            ForgetStep::Waiting
        } else {
            ForgetStep::Offline
        });
    }

    /// The token is revoked: clear the conversation, the outbox and the
    /// tokens, and greet the server again as a new visitor under a new token
    /// (no conversation exists until a first message).
    fn forgotten(&self, socket: &Socket) {
        visitor::forget_everything();
        self.token.set_value(visitor::new_token());
        self.next_token.set_value(None);
        self.marked_read.set_value(0);
        self.thread.set(Thread::default());
        self.nickname.set(String::new());
        self.alert.set(None);
        self.cases.set(String::new());
        self.forget.set(ForgetStep::Done);
        socket.restart();
    }

    /// The parent asks for `staff` (none: anyone). Kept, so a reconnection
    /// before the first message asks again.
    pub fn nominate(&self, staff: Option<i64>) {
        self.team.choose(staff);
        self.send_frame(&ClientFrame::Nominate { staff });
    }

    /// The parent is typing: the staff see it (only once there is a
    /// conversation to see it in, at most every few seconds).
    pub fn typing(&self) {
        if self.thread.with_untracked(Thread::has_history) && self.team.should_tell_typing() {
            self.send_frame(&ClientFrame::Typing);
        }
    }

    /// Asks the server for a consultation code (a new one replaces any
    /// given before).
    pub fn ask_code(&self) {
        if !self.send_frame(&ClientFrame::NewCode) {
            self.alert.set(Some(ErrorCode::Internal));
        }
    }

    /// Brings the conversation of the code `typed` here, under a new token
    /// kept as the pending one first (as for a rotation: if the answer is
    /// lost, the next Hello finds the conversation under it).
    pub fn use_code(&self, typed: &str) {
        if code::normalise(typed).is_none() {
            self.alert.set(Some(ErrorCode::UnknownCode));
            return;
        }
        let token = browser::new_visitor_token();
        visitor::set_next_token(Some(&token));
        self.next_token.set_value(Some(token.clone()));
        let sent = self.send_frame(&ClientFrame::UseCode {
            code: typed.to_owned(),
            token,
        });
        self.alert.set((!sent).then_some(ErrorCode::Internal));
    }

    /// The code worked: the conversation is ours under the pending token;
    /// greet the server again to receive it.
    fn code_used(&self, socket: &Socket) {
        self.token_rotated();
        self.marked_read.set_value(0);
        self.change(Thread::keep_only_unsent);
        self.alert.set(None);
        socket.restart();
    }

    fn receive(&self, socket: &Socket, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome {
                has_conversation,
                messages,
                read_seq,
                team,
            } => {
                self.team.told(team);
                self.welcome(socket, has_conversation, messages, read_seq);
            }
            ServerFrame::Ack {
                client_id,
                seq,
                sent_at_ms,
            } => {
                self.change(|thread| thread.ack(&client_id, seq, sent_at_ms));
                self.pump();
            }
            ServerFrame::Message(message) => {
                if message.author != Author::Visitor {
                    self.team.staff_wrote();
                }
                match self.change(|thread| thread.insert(message)) {
                    Some(Arrival::Gap) => socket.reconnect(),
                    Some(Arrival::New) => self.mark_read_if_seen(),
                    _ => {}
                }
                // It may be ours, delivered through another tab.
                self.pump();
            }
            ServerFrame::Read { seq } => self.thread.update(|thread| thread.set_peer_read(seq)),
            ServerFrame::Error {
                code: code @ (ErrorCode::UnknownToken | ErrorCode::BadToken),
                ..
            } => {
                if !self.try_next_token(socket) {
                    self.start_afresh(socket, code);
                }
            }
            ServerFrame::Error {
                code: ErrorCode::HelloFirst,
                ..
            } => socket.reconnect(),
            ServerFrame::Error {
                code,
                client_id: Some(client_id),
                retry_after_secs,
            } => self.refused(client_id, code, retry_after_secs),
            ServerFrame::Error { code, .. } => {
                if self.forget.get_untracked() == ForgetStep::Waiting {
                    // Refused (too many requests…): let the parent try again.
                    self.forget.set(ForgetStep::Asking);
                }
                self.alert.set(Some(code));
            }
            ServerFrame::ProveWork { challenge, bits } => self.prove(challenge, bits),
            ServerFrame::TokenRotated => self.token_rotated(),
            ServerFrame::Forgotten => self.forgotten(socket),
            // Normalised again: only digits and capitals reach the markup.
            ServerFrame::Code { code, hours } => {
                self.code_hours.set_value(hours);
                self.code.set(code::normalise(&code));
            }
            ServerFrame::CodeUsed => self.code_used(socket),
            ServerFrame::Team(team) => self.team.told(Some(team)),
            ServerFrame::Typing { name } => self.team.staff_typing(name),
            ServerFrame::Pong => {}
            ServerFrame::Help => super::help::open(),
            ServerFrame::Transcript { file_name, text } => super::help::save(&file_name, &text),
            ServerFrame::Cases { html } => self.cases.set(html),
        }
    }
}
