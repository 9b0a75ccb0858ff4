//! The parent's WebSocket, `GET /api/widget/ws` (upgraded in
//! `crate::http::upgrade`), as transport: it decodes each frame, calls one
//! use case of [`Visitor`] and encodes the answer (`Welcome`, `Ack` with
//! any missed messages, `Message`, `Read`, `Error`). The protocol is
//! `yorisoi_protocol::widget`; the rules live in [`crate::service::visitor`].

use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ClientId, ErrorCode};

use super::Session;
use crate::error::ServiceError;
use crate::hub::{Event, Revocation, Topic};
use crate::service::Accepted;
use crate::service::visitor::{Delivery, Visitor};

/// The widget protocol over one [`Visitor`].
pub struct WidgetSocket(pub Visitor);

impl Session for WidgetSocket {
    type In = ClientFrame;
    type Out = ServerFrame;
    const NAME: &'static str = "widget";

    fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
        ServerFrame::Error { code, client_id }
    }

    fn message_id(frame: &ClientFrame) -> Option<&ClientId> {
        match frame {
            ClientFrame::Send { client_id, .. } => Some(client_id),
            _ => None,
        }
    }

    async fn greet(&mut self) -> Vec<ServerFrame> {
        Vec::new()
    }

    async fn handle(&mut self, frame: ClientFrame) -> Vec<ServerFrame> {
        let visitor = &mut self.0;
        let done = |result: Result<(), ServiceError>, frame: ServerFrame| match result {
            Ok(()) => vec![frame],
            Err(failure) => Self::refused(&failure),
        };
        let quiet = |result: Result<(), ServiceError>| match result {
            Ok(()) => Vec::new(),
            Err(failure) => Self::refused(&failure),
        };
        match frame {
            ClientFrame::Hello {
                token,
                lang,
                last_seq,
                site,
            } => match visitor.hello(&token, lang, last_seq, site.as_deref()).await {
                Ok(greeting) => vec![ServerFrame::Welcome {
                    has_conversation: greeting.has_conversation,
                    messages: greeting.messages,
                    read_seq: greeting.read_seq,
                }],
                Err(failure) => Self::refused(&failure),
            },
            _ if !visitor.is_greeted() => vec![Self::error(ErrorCode::HelloFirst, None)],
            ClientFrame::RotateToken { token } => {
                done(visitor.rotate(&token).await, ServerFrame::TokenRotated)
            }
            ClientFrame::Forget => done(visitor.forget().await, ServerFrame::Forgotten),
            ClientFrame::Send {
                client_id,
                body,
                nickname,
            } => match visitor
                .post(client_id.clone(), body, nickname.as_deref())
                .await
            {
                Ok(accepted) => acknowledged(client_id, accepted),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::SetLang { lang } => quiet(visitor.set_lang(lang).await),
            ClientFrame::MarkRead { seq } => quiet(visitor.mark_read(seq).await),
            ClientFrame::Ping => vec![ServerFrame::Pong],
        }
    }

    async fn on_event(&mut self, event: Event) -> Vec<ServerFrame> {
        deliveries(self.0.on_event(event).await)
    }

    async fn caught_up(&mut self) -> Vec<ServerFrame> {
        deliveries(self.0.catch_up().await)
    }

    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<ServerFrame> {
        self.0.on_revocation(revocation);
        Vec::new()
    }

    fn topic(&self) -> Option<Topic> {
        self.0.topic()
    }

    fn close_code(&self) -> Option<u16> {
        self.0.close_code()
    }
}

/// `Ack`, then the messages of others that came before it.
fn acknowledged(client_id: ClientId, accepted: Accepted) -> Vec<ServerFrame> {
    let mut frames = vec![ServerFrame::Ack {
        client_id,
        seq: accepted.seq,
        sent_at_ms: accepted.sent_at_ms,
    }];
    frames.extend(accepted.missed.into_iter().map(ServerFrame::Message));
    frames
}

fn deliveries(deliveries: Vec<Delivery>) -> Vec<ServerFrame> {
    deliveries
        .into_iter()
        .map(|delivery| match delivery {
            Delivery::Message(message) => ServerFrame::Message(message),
            Delivery::Read(seq) => ServerFrame::Read { seq },
        })
        .collect()
}

#[cfg(test)]
#[path = "widget_tests.rs"]
mod tests;
