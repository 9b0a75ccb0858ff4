//! The widget's side of the parent socket: the client algorithm of
//! `yorisoi_protocol`'s crate docs. It says Hello with the widget's own
//! token, keeps the conversation (dedupe, gaps => resume), keeps the outbox in
//! `localStorage` and resends it after every greeting, follows read receipts
//! both ways, and tells the server about language switches.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ErrorCode, Lang, Message, Seq};

use super::visitor;
use crate::api::socket::{ConnState, Socket};
use crate::browser;
use crate::contexts::i18n::I18n;
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
    /// The visitor token said in every Hello.
    token: StoredValue<String>,
    /// The highest seq reported to the server as read (MarkRead).
    marked_read: StoredValue<Seq>,
    /// The connection (not `Send`, hence local storage).
    socket: StoredValue<Option<Socket>, LocalStorage>,
}

impl WidgetSession {
    /// Creates the state (the outbox restored, shown as sending at once)
    /// and connects.
    pub fn start(i18n: I18n) -> Self {
        let mut thread = Thread::default();
        outbox::restore(&mut thread, visitor::stored_outbox());
        let session = WidgetSession {
            thread: RwSignal::new(thread),
            status: RwSignal::new(ConnState::Connecting),
            alert: RwSignal::new(None),
            nickname: RwSignal::new(String::new()),
            token: StoredValue::new(visitor::token()),
            marked_read: StoredValue::new(0),
            socket: StoredValue::new_local(None),
        };
        let socket = Socket::connect::<ServerFrame>(
            "/api/widget/ws",
            session.status,
            move |socket| {
                socket.send(&ClientFrame::Hello {
                    token: session.token.get_value(),
                    lang: i18n.lang_untracked(),
                    last_seq: session.thread.with_untracked(Thread::resume_seq),
                });
            },
            move |socket, frame| session.receive(socket, frame),
        );
        session.socket.set_value(Some(socket));
        // Tell the server (and so the staff) when the parent switches language.
        Effect::new(move |previous: Option<Lang>| {
            let lang = i18n.lang();
            if previous.is_some_and(|previous| previous != lang) {
                session.send_frame(&ClientFrame::SetLang { lang });
            }
            lang
        });
        // Coming back to the tab is when the parent sees new replies.
        browser::listen_document(
            "visibilitychange",
            Closure::new(move |_: web_sys::Event| {
                session.mark_read_if_seen();
            }),
        );
        session
    }

    /// Changes the thread and stores the outbox that results.
    fn change<R>(&self, edit: impl FnOnce(&mut Thread) -> R) -> Option<R> {
        let result = self.thread.try_update(edit);
        self.thread.with_untracked(visitor::save_outbox);
        result
    }

    /// Queues a message from the composer (stored before it is sent) and
    /// sends it if connected.
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
        self.send_entry(&entry);
    }

    /// Sends a failed message again, under a new client id.
    pub fn retry(&self, client_id: ClientId) {
        let new_id = browser::new_client_id();
        if let Some(Some(entry)) =
            self.change(|thread| thread.retry(&client_id, new_id, browser::now_ms()))
        {
            self.alert.set(None);
            self.send_entry(&entry);
        }
    }

    fn nickname_to_send(&self) -> Option<String> {
        let nickname = self.nickname.get_untracked();
        let nickname = nickname.trim();
        (!nickname.is_empty()).then(|| nickname.to_owned())
    }

    fn send_entry(&self, entry: &Entry) {
        self.send_frame(&ClientFrame::Send {
            client_id: entry.client_id.clone(),
            body: entry.body.clone(),
            nickname: entry.nickname.clone(),
        });
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
    /// per new one and only while the page is visible.
    fn mark_read_if_seen(&self) {
        if browser::page_hidden() {
            return;
        }
        let newest = self.thread.with_untracked(Thread::highest_staff_seq);
        let marked = self.marked_read.get_value();
        if newest > marked && self.send_frame(&ClientFrame::MarkRead { seq: newest }) {
            self.marked_read.set_value(newest);
        }
    }

    /// The conversation behind our token is gone (revoked, or a server that
    /// lost it): keep what was not sent, start afresh under a new token.
    fn start_afresh(&self, socket: &Socket, code: ErrorCode) {
        self.token.set_value(visitor::new_token());
        self.marked_read.set_value(0);
        self.change(Thread::keep_only_unsent);
        self.alert.set(Some(code));
        socket.reconnect();
    }

    fn welcome(
        &self,
        socket: &Socket,
        has_conversation: bool,
        messages: Vec<Message>,
        read_seq: Seq,
    ) {
        if !has_conversation && self.thread.with_untracked(Thread::has_history) {
            self.start_afresh(socket, ErrorCode::UnknownToken);
            return;
        }
        self.change(|thread| {
            for message in messages {
                thread.insert(message);
            }
            thread.set_peer_read(read_seq);
        });
        socket.set_ready();
        self.thread.with_untracked(|thread| {
            for entry in thread.unsent() {
                self.send_entry(entry);
            }
        });
        self.mark_read_if_seen();
    }

    fn receive(&self, socket: &Socket, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome {
                has_conversation,
                messages,
                read_seq,
            } => self.welcome(socket, has_conversation, messages, read_seq),
            ServerFrame::Ack {
                client_id,
                seq,
                sent_at_ms,
            } => {
                self.change(|thread| thread.ack(&client_id, seq, sent_at_ms));
            }
            ServerFrame::Message(message) => match self.change(|thread| thread.insert(message)) {
                Some(Arrival::Gap) => socket.reconnect(),
                Some(Arrival::New) => self.mark_read_if_seen(),
                _ => {}
            },
            ServerFrame::Read { seq } => self.thread.update(|thread| thread.set_peer_read(seq)),
            ServerFrame::Error {
                code: code @ (ErrorCode::UnknownToken | ErrorCode::BadToken),
                ..
            } => self.start_afresh(socket, code),
            ServerFrame::Error {
                code: ErrorCode::HelloFirst,
                ..
            } => socket.reconnect(),
            ServerFrame::Error { code, client_id } => {
                if let Some(client_id) = client_id {
                    self.change(|thread| thread.fail(&client_id, code));
                }
                self.alert.set(Some(code));
            }
            ServerFrame::Pong => {}
        }
    }
}
