//! The parent's side of the reference client: a visitor token made before
//! anything is sent, `Hello` with the last contiguous sequence, the outbox
//! resent on every connection, acknowledged messages moved into the history,
//! refused ones kept as failed (never dropped), and staff read marks.

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};
use yorisoi_protocol::proof;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{Author, ClientId, ErrorCode, Lang, Message, Seq};

use super::{Client, Flavour, History, Reaction};
use crate::new_client_id;

/// A message not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Its id, kept across retries.
    pub client_id: ClientId,
    /// Its text.
    pub body: String,
}

/// The parent's protocol state.
#[derive(Debug, Clone)]
pub struct Widget {
    /// The visitor token (64 lowercase hex digits).
    pub token: String,
    /// The widget's language.
    pub lang: Lang,
    /// The site embedding it (`Hello.site`); none: the server's own page.
    pub site: Option<String>,
    /// The conversation as this widget holds it.
    pub history: History,
    /// Messages written but not acknowledged yet, oldest first.
    pub outbox: Vec<Outgoing>,
    /// Messages the server refused, with why (a real widget offers a retry).
    pub failed: Vec<(Outgoing, ErrorCode)>,
    /// Every `Ack` received: client id and sequence.
    pub acked: Vec<(ClientId, Seq)>,
    /// Staff have read up to here.
    pub read_seq: Seq,
    /// Whether the current connection's `Welcome` has arrived.
    pub welcomed: bool,
    /// `Welcome.has_conversation` of the last connection.
    pub has_conversation: bool,
    /// Errors not about a message.
    pub errors: Vec<ErrorCode>,
    /// The proof of work asked for by this connection's `ProveWork`, found.
    pub proof: Option<u64>,
}

/// A widget client.
pub type WidgetClient = Client<Widget>;

/// A fresh visitor token, as the widget makes it.
pub fn new_token(rng: &mut StdRng) -> String {
    let bytes: [u8; 32] = rng.random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Widget {
    /// A widget with `token` and nothing written.
    pub fn new(token: String, lang: Lang) -> Widget {
        Widget {
            token,
            lang,
            site: None,
            history: History::default(),
            outbox: Vec::new(),
            failed: Vec::new(),
            acked: Vec::new(),
            read_seq: 0,
            welcomed: false,
            has_conversation: false,
            errors: Vec::new(),
            proof: None,
        }
    }

    /// True when nothing waits in the outbox and this connection is welcomed.
    pub fn is_settled(&self) -> bool {
        self.welcomed && self.outbox.is_empty()
    }

    fn send_frame(&self, outgoing: &Outgoing) -> ClientFrame {
        ClientFrame::Send {
            client_id: outgoing.client_id.clone(),
            body: outgoing.body.clone(),
            nickname: None,
            proof: self.proof,
        }
    }

    fn acknowledge(&mut self, client_id: ClientId, seq: Seq, sent_at_ms: i64) {
        if !self.acked.iter().any(|(id, _)| *id == client_id) {
            self.acked.push((client_id.clone(), seq));
        }
        let Some(index) = self.outbox.iter().position(|o| o.client_id == client_id) else {
            return; // A repeated Ack (after a resend): already held.
        };
        let sent = self.outbox.remove(index);
        self.history.insert(Message {
            seq,
            client_id,
            author: Author::Visitor,
            body: sent.body,
            sent_at_ms,
        });
    }
}

impl Flavour for Widget {
    type Out = ClientFrame;
    type In = ServerFrame;

    fn on_connect(&mut self) -> Vec<ClientFrame> {
        self.welcomed = false;
        self.proof = None;
        let hello = ClientFrame::Hello {
            token: self.token.clone(),
            lang: self.lang,
            last_seq: self.history.contiguous(),
            site: self.site.clone(),
        };
        std::iter::once(hello)
            .chain(self.outbox.iter().map(|outgoing| self.send_frame(outgoing)))
            .collect()
    }

    fn on_frame(&mut self, frame: ServerFrame) -> Reaction<ClientFrame> {
        match frame {
            ServerFrame::Welcome {
                has_conversation,
                messages,
                read_seq,
                ..
            } => {
                self.welcomed = true;
                self.has_conversation = has_conversation;
                self.read_seq = self.read_seq.max(read_seq);
                for message in messages {
                    self.history.insert(message);
                }
            }
            ServerFrame::Ack {
                client_id,
                seq,
                sent_at_ms,
            } => self.acknowledge(client_id, seq, sent_at_ms),
            ServerFrame::Message(message) => {
                if self.history.receive_live(message).is_err() {
                    return Reaction::Reconnect;
                }
            }
            ServerFrame::Read { seq } => self.read_seq = self.read_seq.max(seq),
            ServerFrame::ProveWork { challenge, bits } => {
                // A busy address: pay for the first message, then send the
                // outbox again with the proof.
                self.proof = proof::search(&challenge, bits, 0, u64::MAX);
                let frames = self.outbox.iter().map(|o| self.send_frame(o)).collect();
                return Reaction::Send(frames);
            }
            ServerFrame::Error {
                code,
                client_id: Some(client_id),
                ..
            } => {
                if let Some(index) = self.outbox.iter().position(|o| o.client_id == client_id) {
                    let refused = self.outbox.remove(index);
                    self.failed.push((refused, code));
                }
            }
            ServerFrame::Error {
                code: ErrorCode::HelloFirst,
                ..
            } => {
                // Our Hello was lost on the way: start the connection again.
                self.errors.push(ErrorCode::HelloFirst);
                return Reaction::Reconnect;
            }
            ServerFrame::Error { code, .. } => self.errors.push(code),
            // This client never rotates or forgets its token, nor asks
            // for a consultation code.
            ServerFrame::TokenRotated
            | ServerFrame::Forgotten
            | ServerFrame::Code { .. }
            | ServerFrame::CodeUsed
            | ServerFrame::Team(_)
            | ServerFrame::Typing { .. }
            | ServerFrame::Pong
            | ServerFrame::Help => {}
        }
        Reaction::Send(Vec::new())
    }

    fn ping() -> ClientFrame {
        ClientFrame::Ping
    }
}

impl WidgetClient {
    /// A new visitor (a fresh token from the seeded generator) at `url`.
    pub fn visitor(url: String, seed: u64) -> WidgetClient {
        let token = new_token(&mut StdRng::seed_from_u64(seed ^ 0x70_6b_65_6e));
        WidgetClient::with_token(url, token, seed)
    }

    /// A new visitor on the page of `site`, which names its organisation.
    pub fn visitor_on(url: String, site: &str, seed: u64) -> WidgetClient {
        let mut widget = WidgetClient::visitor(url, seed);
        widget.flavour.site = Some(site.to_owned());
        widget
    }

    /// A widget (another tab, say) with an existing token.
    pub fn with_token(url: String, token: String, seed: u64) -> WidgetClient {
        Client::new(Widget::new(token, Lang::Ja), url, None, seed)
    }

    /// Writes a message: into the outbox, and onto the wire if connected.
    pub async fn write(&mut self, body: &str) -> ClientId {
        let outgoing = Outgoing {
            client_id: new_client_id(),
            body: body.to_owned(),
        };
        self.flavour.outbox.push(outgoing.clone());
        let frame = self.flavour.send_frame(&outgoing);
        self.send_now(&frame).await;
        outgoing.client_id
    }

    /// Tells the server the parent has seen up to `seq`.
    pub async fn mark_read(&mut self, seq: Seq) {
        self.send_now(&ClientFrame::MarkRead { seq }).await;
    }
}
