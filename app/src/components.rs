//! Components shared by the widget and the console, one per file.

pub mod alert;
pub mod composer;
pub mod connection_status;
pub mod language_switch;
pub mod markup;
pub mod message_bubble;
pub mod message_log;
