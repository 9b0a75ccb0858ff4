//! Open sockets per client address, counted apart for parents' widgets and
//! staff consoles: a family-support centre full of parents on one address
//! must never lock its staff out, nor the other way round.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Limits, Scope, log_refusal};
use crate::client_address::ClientAddress;
use crate::config::Config;

/// Counts open sockets per address.
#[derive(Debug, Default)]
pub struct ConnectionCounter {
    /// std `Mutex`: held only to count, never across an `.await`.
    open: Mutex<HashMap<String, u32>>,
}

/// One counted socket; uncounted when dropped (however the socket ends).
#[derive(Debug)]
pub struct ConnectionGuard {
    counter: Arc<ConnectionCounter>,
    key: String,
}

impl ConnectionCounter {
    /// Counts one more socket for `key`, unless `max` are open.
    pub fn open(self: &Arc<Self>, key: &str, max: u32) -> Option<ConnectionGuard> {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(key.to_owned()).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(ConnectionGuard {
            counter: self.clone(),
            key: key.to_owned(),
        })
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let mut open = self
            .counter
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// Whose socket is being opened: parents and staff have caps of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketKind {
    /// A parent's widget.
    Widget,
    /// A staff console.
    Console,
}

/// Counts a new socket from `address` against its kind's per-address cap;
/// `None` (and one refusal log line) when the cap is reached.
pub fn admit_connection(
    config: &Config,
    limits: &Limits,
    address: &ClientAddress,
    kind: SocketKind,
) -> Option<ConnectionGuard> {
    let (counter, max, name) = match kind {
        SocketKind::Widget => (
            &limits.connections,
            config.limit_connections_per_address,
            "connections",
        ),
        SocketKind::Console => (
            &limits.staff_connections,
            config.limit_staff_connections_per_address,
            "staff_connections",
        ),
    };
    let guard = counter.open(&address.key(), max);
    if guard.is_none() {
        log_refusal(config, name, Scope::Address, address);
    }
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_are_counted_until_their_guard_drops() {
        let counter = Arc::new(ConnectionCounter::default());
        let first = counter.open("a", 2).expect("first");
        let _second = counter.open("a", 2).expect("second");
        assert!(counter.open("a", 2).is_none());
        assert!(counter.open("b", 2).is_some());
        drop(first);
        assert!(counter.open("a", 2).is_some());
    }
}
