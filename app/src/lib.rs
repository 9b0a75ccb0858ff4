//! Yorisoi's browser side: the parent's chat widget, the staff console and
//! the staff's settings page, Leptos client-side rendering compiled to wasm.
//! Three thin binaries call [`widget::mount`], [`console::mount`] and
//! [`settings::mount`]; everything else is shared.
//!
//! Modules:
//! - [`i18n`]: translations compiled from `locales/` at build time, and the
//!   formatter (no Fluent runtime in the wasm).
//! - [`contexts`]: reactive contexts (`provide_i18n_context`, `use_i18n`).
//! - [`api`]: network code: the wire's JSON codec, the reconnecting socket,
//!   the staff HTTP API.
//! - [`thread`]: a conversation's messages, pending and confirmed: acks,
//!   dedupe, gaps and read receipts.
//! - [`linkify`]: finds `http(s)://` addresses in message text, the only
//!   thing that ever becomes a link.
//! - [`time_text`]: how a message's time is written (24-hour, dated when
//!   not today) in each language.
//! - [`outbox`]: the widget's unsent messages as stored across reloads.
//! - [`browser`]: small wrappers over storage, URL, time and ids.
//! - [`components`]: shared components (message log, composer, switches).
//! - [`fresh`]: a view built anew rather than patched, which keeps the
//!   patching code of whole pages out of the wasm; [`erased`]: effects and
//!   event handlers as one closure type each, for the same reason.
//! - [`widget`], [`console`], [`settings`]: the three apps.
//!
//! The library also compiles natively, so `cargo test` checks the locale
//! table, the formatter, message times, the thread and outbox rules, link
//! detection, the loader-message check, backoff and heartbeat without a browser.

pub mod api;
pub mod browser;
pub mod components;
pub mod console;
pub mod contexts;
pub mod erased;
pub mod fresh;
pub mod i18n;
pub mod linkify;
pub mod outbox;
pub mod settings;
pub mod thread;
pub mod time_text;
pub mod widget;
