//! The widget's side of the parent socket: says Hello with the remembered
//! token, keeps the conversation, resends unacknowledged messages (same
//! client id) after every reconnect, and tells the server about language
//! switches.

use leptos::prelude::*;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ErrorCode, Lang};

use crate::api::socket::{ConnState, Socket};
use crate::browser;
use crate::contexts::i18n::I18n;
use crate::thread::Thread;

/// Where the visitor token is remembered between visits.
pub const TOKEN_KEY: &str = "yorisoi.token";

/// The widget's live state; a cheap `Copy` handle for closures.
#[derive(Clone, Copy)]
pub struct WidgetSession {
    /// The conversation.
    pub thread: RwSignal<Thread>,
    /// The connection, for the status line.
    pub status: RwSignal<ConnState>,
    /// The last error the server reported that is not about one message.
    pub alert: RwSignal<Option<ErrorCode>>,
    /// The optional nickname from the welcome form.
    pub nickname: RwSignal<String>,
    /// The connection (not `Send`, hence local storage).
    socket: StoredValue<Option<Socket>, LocalStorage>,
}

impl WidgetSession {
    /// Creates the state and connects.
    pub fn start(i18n: I18n) -> Self {
        let session = WidgetSession {
            thread: RwSignal::new(Thread::default()),
            status: RwSignal::new(ConnState::Connecting),
            alert: RwSignal::new(None),
            nickname: RwSignal::new(String::new()),
            socket: StoredValue::new_local(None),
        };
        let socket = Socket::connect::<ServerFrame>(
            "/api/widget/ws",
            session.status,
            move |socket| {
                socket.send(&ClientFrame::Hello {
                    token: browser::storage_get(TOKEN_KEY),
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
        session
    }

    /// Queues a message from the composer and sends it if connected.
    pub fn send(&self, body: String) {
        let client_id = browser::new_client_id();
        self.thread.update(|thread| {
            thread.push_pending(
                client_id.clone(),
                Author::Visitor,
                body.clone(),
                browser::now_ms(),
            );
        });
        self.alert.set(None);
        self.send_frame(&ClientFrame::Send {
            client_id,
            body,
            nickname: self.nickname_to_send(),
        });
    }

    fn nickname_to_send(&self) -> Option<String> {
        let nickname = self.nickname.get_untracked();
        let nickname = nickname.trim();
        (!nickname.is_empty()).then(|| nickname.to_owned())
    }

    /// Sends a frame once the server has welcomed us; otherwise drops it
    /// (pending messages are resent on Welcome, the language is in Hello).
    fn send_frame(&self, frame: &ClientFrame) {
        self.socket.with_value(|socket| {
            if let Some(socket) = socket {
                socket.send_when_ready(frame);
            }
        });
    }

    fn resend_pending(&self, socket: &Socket) {
        let nickname = self.nickname_to_send();
        self.thread.with_untracked(|thread| {
            for entry in thread.unsent() {
                socket.send(&ClientFrame::Send {
                    client_id: entry.client_id.clone(),
                    body: entry.body.clone(),
                    nickname: nickname.clone(),
                });
            }
        });
    }

    fn receive(&self, socket: &Socket, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome { messages, .. } => {
                self.thread.update(|thread| {
                    for message in messages {
                        thread.insert(message);
                    }
                });
                socket.set_ready();
                self.resend_pending(socket);
            }
            ServerFrame::Started { token } => browser::storage_set(TOKEN_KEY, &token),
            ServerFrame::Ack {
                client_id,
                seq,
                sent_at_ms,
            } => {
                self.thread.update(|thread| {
                    thread.ack(&client_id, seq, sent_at_ms);
                });
            }
            ServerFrame::Message(message) => {
                self.thread.update(|thread| {
                    thread.insert(message);
                });
            }
            ServerFrame::Error {
                code: ErrorCode::UnknownToken,
                ..
            } => {
                // The old conversation is gone. The server goes on with us as
                // a new visitor (its Welcome follows); the messages not sent
                // yet will start the new conversation.
                browser::storage_remove(TOKEN_KEY);
                self.thread.update(Thread::keep_only_unsent);
                self.alert.set(Some(ErrorCode::UnknownToken));
            }
            ServerFrame::Error { code, client_id } => {
                if let Some(client_id) = client_id {
                    self.thread.update(|thread| {
                        thread.fail(&client_id, code);
                    });
                }
                self.alert.set(Some(code));
            }
            ServerFrame::Pong => {}
        }
    }
}
