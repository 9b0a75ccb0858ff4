//! Network code: JSON through the browser's own parser, the reconnecting
//! WebSocket both apps use (with its pure backoff and heartbeat rules), and
//! the console's staff HTTP calls.

pub mod backoff;
pub mod heartbeat;
pub mod json;
pub mod socket;
pub mod staff;
