//! The settings file (`yorisoi.toml`) is parsed and validated by the same
//! function the server uses: any text must give settings or a clean error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = yorisoi_server::config::parse_file(text);
    }
});
