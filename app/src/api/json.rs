//! JSON for the wire types, written and read in Rust by a small serde codec
//! of our own ([`write`], [`read`] with [`scan`]) instead of the browser's `JSON` through
//! serde-wasm-bindgen. The frames need only what the protocol uses (objects,
//! arrays, strings, integers, booleans, null); leaving out floats and error
//! messages keeps float formatting and serde's error texts out of the wasm
//! (measured: 9.4 KB gzip off the widget, 8.4 KB off the console).
//!
//! What goes on the wire is byte for byte what `JSON.stringify` made of
//! serde-wasm-bindgen's `json_compatible` output (and what serde_json makes
//! on the server): fields in declaration order, `None` as `null`, no spaces,
//! strings escaped like `JSON.stringify`. The tests hold it to serde_json.

mod read;
mod scan;
mod write;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a value could not be written or read. Carries no text: a frame that
/// does not decode is dropped (a newer server may send frames this client
/// does not know), so nobody reads the reason, and formatting one would
/// cost more bytes than the rest of the codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("malformed JSON")
    }
}

impl std::error::Error for Malformed {}

/// Every constructor of serde's errors, overridden so none formats its
/// arguments (the defaults would pull `Display` of floats and of serde's
/// `Unexpected` into the wasm, only to throw the text away).
impl serde::de::Error for Malformed {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Malformed
    }
    fn invalid_type(_: serde::de::Unexpected<'_>, _: &dyn serde::de::Expected) -> Self {
        Malformed
    }
    fn invalid_value(_: serde::de::Unexpected<'_>, _: &dyn serde::de::Expected) -> Self {
        Malformed
    }
    fn invalid_length(_: usize, _: &dyn serde::de::Expected) -> Self {
        Malformed
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Malformed
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Malformed
    }
    fn missing_field(_: &'static str) -> Self {
        Malformed
    }
    fn duplicate_field(_: &'static str) -> Self {
        Malformed
    }
}

impl serde::ser::Error for Malformed {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Malformed
    }
}

/// Serialises `value` to JSON text; `None` if it cannot be represented
/// (a float or a map: the wire has neither).
pub fn encode<T: Serialize>(value: &T) -> Option<String> {
    write::to_string(value).ok()
}

/// Parses JSON `text` into `T`; `None` for malformed or unexpected input.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    read::from_str(text).ok()
}

#[cfg(test)]
mod tests;
