//! The staff login body, the one JSON body the HTTP API reads before any
//! authentication: it must decode or be refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yorisoi_protocol::http::LoginRequest;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = serde_json::from_slice::<LoginRequest>(data) {
        let json = serde_json::to_vec(&request).expect("encodes");
        assert_eq!(serde_json::from_slice::<LoginRequest>(&json).ok(), Some(request));
    }
});
