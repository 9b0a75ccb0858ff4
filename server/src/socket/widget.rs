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
use crate::service::visitor::{Delivery, Greeting, Visitor};

/// The widget protocol over one [`Visitor`].
pub struct WidgetSocket(pub Visitor);

impl Session for WidgetSocket {
    type In = ClientFrame;
    type Out = ServerFrame;
    const NAME: &'static str = "widget";

    fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
        ServerFrame::Error {
            code,
            client_id,
            retry_after_secs: None,
        }
    }

    /// A message refused by the frame-rate limit can go again in a second.
    fn rate_limited(&self, frame: &ClientFrame, first: bool) -> Option<ServerFrame> {
        match Self::message_id(frame) {
            Some(client_id) => Some(ServerFrame::Error {
                code: ErrorCode::RateLimited,
                client_id: Some(client_id.clone()),
                retry_after_secs: Some(1),
            }),
            None => first.then(|| Self::error(ErrorCode::RateLimited, None)),
        }
    }

    /// A refusal by a limit says when to try again; a first message that
    /// needs a proof of work is answered with the challenge (the message
    /// stays *sending* while the widget pays).
    fn refused(failure: &ServiceError) -> Vec<ServerFrame> {
        failure.log(Self::NAME);
        if let ServiceError::ProofRequired { challenge, bits } = failure {
            return vec![ServerFrame::ProveWork {
                challenge: challenge.clone(),
                bits: *bits,
            }];
        }
        vec![ServerFrame::Error {
            code: failure.code(),
            client_id: failure.client_id(),
            retry_after_secs: failure
                .retry_after_secs()
                .map(|secs| u32::try_from(secs).unwrap_or(u32::MAX)),
        }]
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
                Ok(greeting) => welcome(greeting),
                Err(failure) => Self::refused(&failure),
            },
            _ if !visitor.is_greeted() => vec![Self::error(ErrorCode::HelloFirst, None)],
            ClientFrame::RotateToken { token } => {
                done(visitor.rotate(&token).await, ServerFrame::TokenRotated)
            }
            ClientFrame::Forget => done(visitor.forget().await, ServerFrame::Forgotten),
            ClientFrame::NewCode => match visitor.new_code().await {
                Ok(code) => vec![ServerFrame::Code { code }],
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::UseCode { code, token } => {
                done(visitor.use_code(&code, &token).await, ServerFrame::CodeUsed)
            }
            ClientFrame::Send {
                client_id,
                body,
                nickname,
                proof,
            } => match visitor
                .post(client_id.clone(), body, nickname.as_deref(), proof)
                .await
            {
                Ok(accepted) => acknowledged(client_id, accepted),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::SetLang { lang } => quiet(visitor.set_lang(lang).await),
            ClientFrame::MarkRead { seq } => quiet(visitor.mark_read(seq).await),
            ClientFrame::Nominate { staff } => match visitor.nominate(staff).await {
                Ok(team) => vec![ServerFrame::Team(team)],
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Typing => {
                visitor.typing();
                Vec::new()
            }
            // A heartbeat also tells who answers, when that changed (time
            // passing an availability, presence, hours), before its `Pong`.
            ClientFrame::Ping => {
                let mut frames: Vec<ServerFrame> = visitor
                    .team_if_changed()
                    .await
                    .map(ServerFrame::Team)
                    .into_iter()
                    .collect();
                frames.push(ServerFrame::Pong);
                frames
            }
        }
    }

    async fn on_event(&mut self, event: Event) -> Vec<ServerFrame> {
        deliveries(self.0.on_event(event).await)
    }

    async fn caught_up(&mut self) -> Vec<ServerFrame> {
        deliveries(self.0.catch_up().await)
    }

    async fn on_lagged(&mut self) -> Option<Vec<ServerFrame>> {
        Some(deliveries(self.0.make_up().await))
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

/// `Welcome`, then the proof of work a first message will need, if any.
fn welcome(greeting: Greeting) -> Vec<ServerFrame> {
    let mut frames = vec![ServerFrame::Welcome {
        has_conversation: greeting.has_conversation,
        messages: greeting.messages,
        read_seq: greeting.read_seq,
        team: greeting.team,
    }];
    if let Some((challenge, bits)) = greeting.proof {
        frames.push(ServerFrame::ProveWork { challenge, bits });
    }
    frames
}

/// `Ack`, then the messages of others that came before it.
fn acknowledged(client_id: ClientId, accepted: Accepted) -> Vec<ServerFrame> {
    let mut frames = vec![ServerFrame::Ack {
        client_id,
        seq: accepted.seq,
        sent_at_ms: accepted.sent_at_ms,
    }];
    frames.extend(accepted.missed.into_iter().map(ServerFrame::Message));
    if accepted.help {
        frames.push(ServerFrame::Help);
    }
    frames
}

fn deliveries(deliveries: Vec<Delivery>) -> Vec<ServerFrame> {
    deliveries
        .into_iter()
        .map(|delivery| match delivery {
            Delivery::Message(message) => ServerFrame::Message(message),
            Delivery::Read(seq) => ServerFrame::Read { seq },
            Delivery::Typing(name) => ServerFrame::Typing { name },
            Delivery::Help => ServerFrame::Help,
        })
        .collect()
}

#[cfg(test)]
#[path = "widget_tests.rs"]
mod tests;
