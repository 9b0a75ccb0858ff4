//! The staff console's WebSocket, `GET /api/console/ws` (upgraded in
//! `crate::http::upgrade`, which checks the session cookie), as transport:
//! each frame is decoded, handed to one use case of [`Console`] and its
//! answer encoded. The
//! protocol is `yorisoi_protocol::console`; the rules live in
//! [`crate::service::console`]. A session that is over is told
//! `Error Unauthorized`, then the socket closes with 1008.

use yorisoi_protocol::console::{ClientFrame, ServerFrame};
use yorisoi_protocol::team::Presence;
use yorisoi_protocol::{ClientId, ConversationId, ErrorCode};

use super::Session;
use crate::hub::{Event, Revocation, Topic};
use crate::service::Accepted;
use crate::service::console::{Console, Delivery};

/// The console protocol over one [`Console`], with whether the console
/// was last told its staff member is in quiet hours. A console assumes
/// they are not until told, so someone without quiet hours never hears of
/// them.
pub struct ConsoleSocket(pub Console, pub bool);

impl ConsoleSocket {
    /// A socket over `console`.
    pub fn new(console: Console) -> Self {
        ConsoleSocket(console, false)
    }

    /// `Quiet` when the staff member's quiet hours began or ended since the
    /// console was last told (a failed read tells nothing: next tick).
    async fn quiet_changed(&mut self) -> Option<ServerFrame> {
        let staff = self.0.staff();
        let service = self.0.service();
        let quiet = match service.in_quiet_hours(staff.organisation, staff.id).await {
            Ok(quiet) => quiet,
            Err(error) => {
                tracing::error!(%error, "cannot read quiet hours");
                return None;
            }
        };
        (self.1 != quiet).then(|| {
            self.1 = quiet;
            ServerFrame::Quiet { quiet }
        })
    }
}

impl Session for ConsoleSocket {
    type In = ClientFrame;
    type Out = ServerFrame;
    const NAME: &'static str = "console";

    fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
        ServerFrame::Error { code, client_id }
    }

    fn message_id(frame: &ClientFrame) -> Option<&ClientId> {
        match frame {
            ClientFrame::Send { client_id, .. }
            | ClientFrame::AddNote { client_id, .. }
            | ClientFrame::SendHelp { client_id, .. } => Some(client_id),
            _ => None,
        }
    }

    async fn greet(&mut self) -> Vec<ServerFrame> {
        let mut frames = match self.0.conversations(None).await {
            Ok((conversations, more)) => {
                let presence = self.0.presence().await;
                // A console that opens carries on the presence it left
                // (its closing logged `offline`): the summary's hours
                // online count again from here.
                if presence != Presence::Offline {
                    self.0.log_presence(presence).await;
                }
                vec![ServerFrame::Welcome {
                    staff: self.0.staff().clone(),
                    conversations,
                    more,
                    presence,
                    colleagues: self.0.colleagues().await,
                }]
            }
            Err(failure) => return Self::refused(&failure),
        };
        frames.extend(self.quiet_changed().await);
        frames
    }

    /// A console closing counts as offline in the weekly summary.
    async fn closed(&mut self) {
        self.0.log_presence(Presence::Offline).await;
    }

    async fn handle(&mut self, frame: ClientFrame) -> Vec<ServerFrame> {
        let console = &mut self.0;
        if !matches!(frame, ClientFrame::Ping)
            && let Err(failure) = console.recheck(true).await
        {
            return Self::refused(&failure);
        }
        match frame {
            ClientFrame::Open {
                conversation,
                last_seq,
            } => match console.open(conversation, last_seq).await {
                Ok(messages) => {
                    let mut frames = vec![ServerFrame::History {
                        conversation,
                        messages,
                    }];
                    // Notes with a first opening, if any: later ones come live.
                    if last_seq == 0 {
                        match console.notes(conversation).await {
                            Ok(notes) => frames.extend(
                                notes
                                    .into_iter()
                                    .map(|note| ServerFrame::Note { conversation, note }),
                            ),
                            Err(failure) => frames.extend(Self::refused(&failure)),
                        }
                    }
                    frames
                }
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Send {
                conversation,
                client_id,
                body,
            } => match console.reply(conversation, client_id.clone(), body).await {
                Ok(accepted) => acknowledged(conversation, client_id, accepted),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::SendHelp {
                conversation,
                client_id,
            } => match console.send_help(conversation, client_id).await {
                Ok(()) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::MarkRead { conversation, seq } => {
                match console.mark_read(conversation, seq).await {
                    Ok(()) => Vec::new(),
                    Err(failure) => Self::refused(&failure),
                }
            }
            ClientFrame::MoreConversations { after } => {
                match console.conversations(Some(after)).await {
                    Ok((conversations, more)) => vec![ServerFrame::Conversations {
                        conversations,
                        more,
                    }],
                    Err(failure) => Self::refused(&failure),
                }
            }
            ClientFrame::Typing { conversation } => {
                console.typing(conversation);
                Vec::new()
            }
            ClientFrame::SetPresence { presence } => match console.set_presence(presence).await {
                Ok(()) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Ping => vec![ServerFrame::Pong],
            ClientFrame::Assign {
                conversation,
                staff,
            } => match console.assign(conversation, staff).await {
                Ok(()) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Resolve {
                conversation,
                resolved,
            } => match console.resolve(conversation, resolved).await {
                Ok(()) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::AddNote {
                conversation,
                client_id,
                body,
            } => match console.add_note(conversation, client_id, body).await {
                // Every console hears of it as an event, this one too.
                Ok(_) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Label {
                conversation,
                labels,
            } => match console.label(conversation, &labels).await {
                Ok(()) => Vec::new(),
                Err(failure) => Self::refused(&failure),
            },
            ClientFrame::Search { query } => match console.search(&query).await {
                Ok(conversations) => vec![ServerFrame::Found {
                    query,
                    conversations,
                }],
                Err(failure) => Self::refused(&failure),
            },
        }
    }

    async fn on_event(&mut self, event: Event) -> Vec<ServerFrame> {
        self.0
            .on_event(event)
            .await
            .into_iter()
            .map(|delivery| match delivery {
                Delivery::Summary(summary) => ServerFrame::Conversation(summary),
                Delivery::Message(conversation, message) => ServerFrame::Message {
                    conversation,
                    message,
                },
                Delivery::Typing(conversation) => ServerFrame::Typing { conversation },
                Delivery::Note(conversation, note) => ServerFrame::Note { conversation, note },
                Delivery::Overdue(conversations) => ServerFrame::Overdue {
                    hours: self.0.overdue_hours(),
                    conversations,
                },
            })
            .collect()
    }

    async fn on_tick(&mut self) -> Vec<ServerFrame> {
        match self.0.recheck(false).await {
            Ok(()) => self.quiet_changed().await.into_iter().collect(),
            Err(failure) => Self::refused(&failure),
        }
    }

    fn on_revocation(&mut self, revocation: &Revocation) -> Vec<ServerFrame> {
        self.0
            .on_revocation(revocation)
            .map(|failure| Self::refused(&failure))
            .unwrap_or_default()
    }

    fn topic(&self) -> Option<Topic> {
        Some(self.0.topic())
    }

    fn close_code(&self) -> Option<u16> {
        self.0.close_code()
    }
}

/// `Ack`, then the messages of others that came before it.
fn acknowledged(
    conversation: ConversationId,
    client_id: ClientId,
    accepted: Accepted,
) -> Vec<ServerFrame> {
    let mut frames = vec![ServerFrame::Ack {
        conversation,
        client_id,
        seq: accepted.seq,
        sent_at_ms: accepted.sent_at_ms,
    }];
    frames.extend(
        accepted
            .missed
            .into_iter()
            .map(|message| ServerFrame::Message {
                conversation,
                message,
            }),
    );
    frames
}
