//! [`Notice`]: what one node tells the others of a change it committed, by
//! name only (ids and digests, never what a parent wrote); see
//! `crate::store` for how notices travel and why losing one loses nothing.

use yorisoi_protocol::{ClientId, ConversationId, OrganisationId, Seq};

/// A change another node's sockets must hear of, by name only: the
/// receiver reads what changed from the store (see the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A message was committed (with its conversation's new summary).
    Message {
        /// Whose.
        organisation: OrganisationId,
        /// Where.
        conversation: ConversationId,
        /// Which.
        seq: Seq,
    },
    /// A conversation's summary changed without a message.
    Summary {
        /// Whose.
        organisation: OrganisationId,
        /// Which.
        conversation: ConversationId,
    },
    /// Staff read the conversation up to `seq`.
    StaffRead {
        /// Whose.
        organisation: OrganisationId,
        /// Which.
        conversation: ConversationId,
        /// The new mark.
        seq: Seq,
    },
    /// A parent's first message created the conversation of this token
    /// digest (other tabs of the parent wait for it).
    Created {
        /// Whose.
        organisation: OrganisationId,
        /// The new conversation.
        conversation: ConversationId,
        /// The visitor token's digest.
        token_hash: String,
    },
    /// An internal note was kept (consoles read it by its client id).
    Note {
        /// Whose.
        organisation: OrganisationId,
        /// Where.
        conversation: ConversationId,
        /// Which (a well-formed UUID: no spaces).
        client_id: ClientId,
    },
    /// The parent's widgets show the emergency notice now.
    Help {
        /// Whose.
        organisation: OrganisationId,
        /// Which conversation's widgets.
        conversation: ConversationId,
    },
    /// A visitor token (digest) was forgotten or rotated away.
    RevokedToken {
        /// Whose.
        organisation: OrganisationId,
        /// The digest.
        token_hash: String,
    },
    /// One staff session (digest) ended.
    EndedSession {
        /// Whose.
        organisation: OrganisationId,
        /// The digest.
        id_hash: String,
    },
    /// Every session of a staff member ended ("log out everywhere").
    EndedStaff {
        /// Whose.
        organisation: OrganisationId,
        /// The staff member.
        staff_id: i64,
    },
    /// A conversation was deleted (issue 13).
    Deleted {
        /// Whose.
        organisation: OrganisationId,
        /// Which (gone: nothing to read).
        conversation: ConversationId,
    },
}
