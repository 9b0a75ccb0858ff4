//! Network code: JSON by a small codec of our own (see [`json`]), the reconnecting
//! WebSocket both apps use (with its pure backoff and heartbeat rules), and
//! the console's staff HTTP calls, and the settings page's ([`team`]).

pub mod backoff;
pub mod heartbeat;
pub mod json;
pub mod socket;
pub mod staff;
pub mod team;
