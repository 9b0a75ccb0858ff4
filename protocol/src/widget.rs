//! Frames of the parent's socket, `GET /api/widget/ws`. See the crate
//! documentation for the order of a conversation.

use serde::{Deserialize, Serialize};

use crate::team::Team;
use crate::{ClientId, ErrorCode, Lang, Message, Seq};

/// A frame from the widget to the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientFrame {
    /// Must come first. Opens (or resumes) the visitor's session.
    Hello {
        /// The widget's visitor token (see the crate docs: the widget makes
        /// it, 64 lowercase hex digits, and keeps it for later visits).
        token: String,
        /// The language the widget shows.
        lang: Lang,
        /// The highest sequence the widget already holds (0 for none).
        last_seq: Seq,
        /// The origin of the page embedding the widget (the loader's `host`).
        /// It names the organisation the widget talks to (a site of no
        /// organisation: `Error ForeignOrigin`; none given: the server's own
        /// site, whose organisation is the first) and keys per-site limits.
        #[serde(default)]
        site: Option<String>,
    },
    /// A message from the parent. The first one creates the conversation.
    Send {
        /// The widget's id for this message (a UUID); retries reuse it.
        client_id: ClientId,
        /// The text.
        body: String,
        /// An optional nickname, kept on the conversation when first given.
        nickname: Option<String>,
        /// The nonce answering this connection's latest `ProveWork`, when
        /// the server asked for one (only a first message ever needs it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        proof: Option<u64>,
    },
    /// The parent switched language; the console shows the new one.
    SetLang {
        /// The new language.
        lang: Lang,
    },
    /// The parent has seen the conversation up to `seq` (staff see their
    /// replies as read).
    MarkRead {
        /// The highest sequence shown to the parent.
        seq: Seq,
    },
    /// Replaces this visitor's token with a new one the widget made (same
    /// format). Answered by `TokenRotated`; until then the widget keeps the
    /// old token, so a lost answer loses nothing.
    RotateToken {
        /// The new token.
        token: String,
    },
    /// "Forget this device": revokes the token, so it can never again open
    /// the conversation (which stays for staff). Answered by `Forgotten`,
    /// after which the server closes the socket.
    Forget,
    /// Asks for a new consultation code (see [`crate::code`]) leading to
    /// this visitor's conversation (or to the one its first message will
    /// start). Answered by `Code`; a code given before stops working.
    NewCode,
    /// "Continue with a consultation code": moves the conversation `code`
    /// leads to onto `token`, a new token the widget made (same format as
    /// in `Hello`, kept before this is sent). Answered by `CodeUsed` (then
    /// say `Hello` with `token`), or `Error UnknownCode` (counted like a
    /// failed login). The token that held the conversation until now stops
    /// working, as after `RotateToken`; the code keeps working.
    UseCode {
        /// The code as typed (see [`crate::code::normalise`]).
        code: String,
        /// The new token.
        token: String,
    },
    /// Whom the parent would like to talk to (a staff member's id from
    /// `Team`), or `None` for anyone. Before the first message the server
    /// keeps it for the conversation that message starts; answered by a new
    /// `Team`.
    Nominate {
        /// The staff member, or none for anyone.
        staff: Option<i64>,
    },
    /// The parent is typing: sent at most every few seconds while they type,
    /// never with the text. The console shows it for a few seconds.
    Typing,
    /// Keeps the connection alive; answered by `Pong`.
    Ping,
}

/// A frame from the server to the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerFrame {
    /// Answer to `Hello`: every message after the widget's `last_seq`.
    Welcome {
        /// True when the token named a conversation (false for a new visitor).
        has_conversation: bool,
        /// Missed messages, in sequence order.
        messages: Vec<Message>,
        /// Staff have read the parent's messages up to here.
        #[serde(default)]
        read_seq: Seq,
        /// Who answers and when (later changes come as `Team`).
        #[serde(default)]
        team: Option<Team>,
    },
    /// A message from this widget was committed.
    Ack {
        /// The widget's id for the message.
        client_id: ClientId,
        /// Its sequence number.
        seq: Seq,
        /// When it was stored, ms since the Unix epoch.
        sent_at_ms: i64,
    },
    /// A new message in the conversation (from staff, or from another tab).
    Message(Message),
    /// Staff have read the parent's messages up to `seq`.
    Read {
        /// The highest sequence read by staff.
        seq: Seq,
    },
    /// Something was refused; `client_id` names the message if one was.
    Error {
        /// Why.
        code: ErrorCode,
        /// The message the error is about, if any.
        client_id: Option<ClientId>,
        /// For a refusal by a limit: seconds until the same frame can be
        /// accepted. The widget sends a refused message again by itself
        /// after this long.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u32>,
    },
    /// A first message from this address needs a proof of work (see
    /// [`crate::proof`]): the widget finds a nonce for `challenge` with
    /// `bits` leading zero bits and sends its first message again with it.
    /// Sent after `Welcome` to a new visitor when the address is busy, and
    /// instead of an `Error` when a first message came without a (strong
    /// enough) proof; the message stays *sending*.
    ProveWork {
        /// This connection's challenge (a new `Hello` makes a new one).
        challenge: String,
        /// Leading zero bits the digest must have.
        bits: u8,
    },
    /// The token was replaced: from now on only the new one opens the
    /// conversation.
    TokenRotated,
    /// The token was revoked; the widget clears everything it kept.
    Forgotten,
    /// Answer to `NewCode`: the code, normalised (show it with
    /// [`crate::code::grouped`]).
    Code {
        /// The code.
        code: String,
    },
    /// Answer to `UseCode`: the conversation now belongs to the new token.
    CodeUsed,
    /// Who answers and when, when it changed since `Welcome` (answering
    /// `Nominate`, or with a `Pong`).
    Team(Team),
    /// A staff member is typing a reply (shown for a few seconds).
    Typing {
        /// Their display name.
        name: String,
    },
    /// Answer to `Ping`.
    Pong,
    /// Show the emergency notice now: the parent's message suggested danger
    /// (see the server's `danger` module), or a staff member sent it.
    Help,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_externally_tagged_json() {
        let frame = ClientFrame::Send {
            client_id: ClientId("0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b".into()),
            body: "こんにちは".into(),
            nickname: None,
            proof: None,
        };
        let json = serde_json::to_string(&frame).expect("serialise");
        assert_eq!(
            json,
            r#"{"Send":{"client_id":"0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b","body":"こんにちは","nickname":null}}"#
        );
        assert_eq!(
            serde_json::to_string(&ClientFrame::Ping).expect("ping"),
            r#""Ping""#
        );
        let back: ClientFrame = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, frame);
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let frame: ClientFrame =
            serde_json::from_str(r#"{"SetLang":{"lang":"ja","future":1}}"#).expect("parse");
        assert_eq!(frame, ClientFrame::SetLang { lang: Lang::Ja });
    }
}
