//! Any bytes a browser (or anyone) sends on the console socket go through the
//! server's own decoder: it must decode or refuse, never panic, and what it
//! decodes must survive re-encoding.
#![no_main]

use axum::extract::ws::Message;
use libfuzzer_sys::fuzz_target;
use yorisoi_protocol::console::ClientFrame;
use yorisoi_server::socket::{Incoming, decode};

fuzz_target!(|data: &[u8]| {
    let message = match std::str::from_utf8(data) {
        Ok(text) => Message::Text(text.into()),
        Err(_) => Message::Binary(data.to_vec().into()),
    };
    if let Incoming::Frame(frame) = decode::<ClientFrame>(message) {
        let json = serde_json::to_string(&frame).expect("a decoded frame encodes");
        let again: ClientFrame = serde_json::from_str(&json).expect("and decodes again");
        assert_eq!(again, frame);
    }
});
