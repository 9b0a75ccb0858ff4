//! JSON via `JSON.parse`/`JSON.stringify` and serde-wasm-bindgen: the browser
//! already has a JSON codec, so the wasm does not carry serde_json.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Serialises `value` to JSON text; `None` if it cannot be represented.
pub fn encode<T: Serialize>(value: &T) -> Option<String> {
    // json_compatible: maps as objects, `None` as null, 64-bit ints as numbers.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let js = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}

/// Parses JSON `text` into `T`; `None` for malformed or unexpected input.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// Converts an already parsed JS value (e.g. `Response.json()`) into `T`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}
