//! The proof of work a first message from a busy network pays (see
//! `yorisoi_protocol::proof`): where it stands for this connection. The
//! session searches in slices between frames of the page, so typing stays
//! smooth while it runs; a new greeting (a new challenge) starts afresh.

/// Attempts per slice: about ten milliseconds on a phone.
pub const SLICE: u64 = 16_384;

/// This connection's proof of work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Work {
    /// Nothing asked.
    #[default]
    Free,
    /// Searching for `challenge` with `bits`.
    Solving {
        /// The connection's challenge.
        challenge: String,
        /// Leading zero bits asked.
        bits: u8,
    },
    /// Found.
    Solved {
        /// The connection's challenge.
        challenge: String,
        /// Leading zero bits it proves.
        bits: u8,
        /// The nonce to send.
        nonce: u64,
    },
}

impl Work {
    /// The nonce to send with a message, once found.
    pub fn nonce(&self) -> Option<u64> {
        match self {
            Work::Solved { nonce, .. } => Some(*nonce),
            _ => None,
        }
    }

    /// True while a search runs (messages wait for it).
    pub fn is_solving(&self) -> bool {
        matches!(self, Work::Solving { .. })
    }

    /// True when the server asking for `bits` on `challenge` needs a new
    /// search: not when this one is already searched for or proven.
    pub fn needs_search(&self, challenge: &str, bits: u8) -> bool {
        match self {
            Work::Free => true,
            Work::Solving {
                challenge: ours,
                bits: asked,
            } => ours != challenge || *asked < bits,
            Work::Solved {
                challenge: ours,
                bits: proven,
                ..
            } => ours != challenge || *proven < bits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_request_does_not_restart_the_search() {
        let solving = Work::Solving {
            challenge: "c".into(),
            bits: 16,
        };
        assert!(Work::Free.needs_search("c", 16));
        assert!(!solving.needs_search("c", 16));
        assert!(solving.needs_search("c", 17), "the price rose");
        assert!(
            solving.needs_search("d", 16),
            "a new connection's challenge"
        );
        let solved = Work::Solved {
            challenge: "c".into(),
            bits: 16,
            nonce: 7,
        };
        assert!(!solved.needs_search("c", 15));
        assert!(solved.needs_search("c", 17));
        assert_eq!(solved.nonce(), Some(7));
        assert_eq!(solving.nonce(), None);
        assert!(solving.is_solving() && !solved.is_solving());
    }
}
