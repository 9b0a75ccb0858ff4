//! The threads the console holds (the conversations opened so far), by
//! conversation id. A plain list rather than a `HashMap`: a staff member
//! opens tens of conversations in a session, not thousands, and std's
//! `HashMap` would bring SipHash and its table code into the console's
//! wasm (about 2 KB gzip) for no gain at that size.

use yorisoi_protocol::ConversationId;

use crate::thread::Thread;

/// Each opened conversation's thread, in the order they were opened.
#[derive(Debug, Clone, Default)]
pub struct Threads(Vec<(ConversationId, Thread)>);

impl Threads {
    fn index(&self, id: ConversationId) -> Option<usize> {
        self.0.iter().position(|(held, _)| *held == id)
    }

    /// The thread of conversation `id`, if held.
    pub fn get(&self, id: ConversationId) -> Option<&Thread> {
        self.0
            .iter()
            .find(|(held, _)| *held == id)
            .map(|(_, thread)| thread)
    }

    /// The thread of conversation `id`, if held, to change it.
    pub fn get_mut(&mut self, id: ConversationId) -> Option<&mut Thread> {
        self.0
            .iter_mut()
            .find(|(held, _)| *held == id)
            .map(|(_, thread)| thread)
    }

    /// The thread of conversation `id`, held from now on (empty if new).
    pub fn or_default(&mut self, id: ConversationId) -> &mut Thread {
        let index = self.index(id).unwrap_or_else(|| {
            self.0.push((id, Thread::default()));
            self.0.len() - 1
        });
        &mut self.0[index].1
    }

    /// True when conversation `id`'s thread is held.
    pub fn contains(&self, id: ConversationId) -> bool {
        self.index(id).is_some()
    }

    /// Every held thread with its conversation.
    pub fn iter(&self) -> impl Iterator<Item = (ConversationId, &Thread)> {
        self.0.iter().map(|(id, thread)| (*id, thread))
    }

    /// Every held thread with its conversation, to change them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (ConversationId, &mut Thread)> {
        self.0.iter_mut().map(|(id, thread)| (*id, thread))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_is_held_once_per_conversation() {
        let mut threads = Threads::default();
        assert!(threads.get(ConversationId(1)).is_none());
        threads.or_default(ConversationId(1)).syncing = true;
        threads.or_default(ConversationId(2));
        assert!(threads.or_default(ConversationId(1)).syncing);
        assert!(threads.contains(ConversationId(2)));
        let held: Vec<_> = threads.iter().map(|(id, _)| id.0).collect();
        assert_eq!(held, vec![1, 2]);
        assert!(threads.get_mut(ConversationId(3)).is_none());
    }
}
