//! The Yorisoi wire protocol: every frame, id and limit that crosses between a
//! browser and the server. No I/O and no async runtime live here, so the same
//! types compile into the wasm widget, the wasm console and the server.
//!
//! Modules:
//! - [`limits`]: sizes checked on both sides (message length, nickname, frame).
//! - [`model`]: values inside frames (languages, authors, messages, summaries).
//! - [`widget`]: frames of the parent's WebSocket, `GET /api/widget/ws`.
//! - [`console`]: frames of the staff WebSocket, `GET /api/console/ws`.
//! - [`http`]: JSON bodies of the staff HTTP API.
//! - [`error`]: the error codes a client shows in its user's language.
//!
//! # Encoding
//! Every frame is one WebSocket *text* message holding one JSON value. Enums
//! are *externally tagged* (serde's default): a unit variant is a bare string
//! (`"Ping"`), any other variant is an object with a single key naming it
//! (`{"Send":{"client_id":"…","body":"…"}}`). Unknown fields are ignored, so a
//! newer server may add fields without breaking older clients.
//!
//! # Sequence numbers, acknowledgements and resume
//! Each conversation has its own message sequence, starting at 1 and growing
//! by one, assigned by the server when a message is committed to the database.
//! A client sends each message with a `client_id` it generates (a UUID); the
//! server stores it under a unique constraint and answers with an `Ack`
//! carrying the sequence number, only after the commit. Sending the same
//! `client_id` again (a retry) stores nothing new and is answered with the
//! original `Ack`. A client that (re)connects says the highest sequence it
//! already holds (`last_seq`, 0 for none) and receives every later message in
//! order, then live messages as they are stored.
//!
//! # The parent's conversation
//! 1. The widget connects and sends [`widget::ClientFrame::Hello`], with the
//!    visitor token it kept from an earlier visit, if any.
//! 2. The server answers [`widget::ServerFrame::Welcome`] with the missed
//!    messages (empty for a new visitor: no conversation exists yet).
//! 3. The first `Send` of a visitor without a token creates the conversation;
//!    the server answers [`widget::ServerFrame::Started`] with the new token
//!    (shown once, stored only as a hash on the server), then the `Ack`.
//!
//! # The staff console
//! The console's socket is authenticated by the staff session cookie at the
//! upgrade. The server starts with [`console::ServerFrame::Welcome`] listing
//! every conversation, then pushes `Conversation` summaries and `Message`s as
//! they change. `Open` asks for a conversation's history after `last_seq`.

pub mod console;
pub mod error;
pub mod http;
pub mod limits;
pub mod model;
pub mod widget;

pub use error::ErrorCode;
pub use model::{Author, ClientId, ConversationId, Lang, Message, Seq};
