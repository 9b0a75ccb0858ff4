//! Browser end-to-end tests: headless Chromium (Debian's `chromium` and
//! `chromedriver`, found through `YORISOI_CHROMIUM`/`YORISOI_CHROMEDRIVER`
//! or `PATH`) against the real server with the real embedded site.
//!
//! Run by `cargo xtask test`, which builds the site first and installs the
//! browser when missing. Elements are found the way a person finds them: by
//! role and accessible name (the contract in the first issue), never by
//! CSS class. Screenshots land in `tests/screenshots/` for the README.
//!
//! Modules: `browser` (chromedriver and sessions), `page` (finding by label,
//! waiting for text), `scenario` (the parent ↔ staff path in both languages),
//! `network` (a proxy that can cut the page's WebSockets), `delivery`
//! (nothing written offline is lost or doubled), `hostile` (XSS payloads are
//! shown as text and never run), `host_site` and `origins` (only allowed
//! sites may embed the chat), `organisations` (each organisation's name,
//! greeting and colours on its own sites, changed by its admin on the
//! settings page), `settings_page` (the settings page for someone logged
//! out or not an admin),
//! `coverage` (the console reconnecting after its socket is cut, two staff
//! replying at once, forgetting this device, the message length limit),
//! `paging` (the console's list in pages: older conversations on request,
//! the open one kept across a reconnect),
//! `console_access` (the console on the keyboard only, its landmarks, and
//! on a phone), `console_shortcuts` (the next waiting conversation and the
//! reply by shortcut, the list of shortcuts, the phone's list or thread),
//! `waiting` (a message refused by a limit goes again by itself, in order),
//! `contrast` (measuring contrast as painted), `announcements` (what the
//! live region says: each reply once, each body in its language; the status
//! line beside it: sent and read once each; times on a 24-hour clock),
//! `keyboard` (the parent's chat with the keyboard only, the launcher and
//! frame following the chosen language, the growing message box),
//! `embedding` (embedded on another site, the conversation survives reloads
//! whatever the browser lets the chat frame keep), `axe` (axe-core finds no
//! accessibility violation on any screen of the widget or the console, in
//! both languages, on a phone and a desktop), `team` (the console's title
//! counting unread messages, typing hints both ways, presence), `badge`
//! (the launcher on the host page showing a reply waiting unseen, also
//! after a reload without loading the chat), `case_page` (the console's
//! cases page: two staff take a case from proposal to export, in both
//! languages), `alerts` (a new message notified with sound, mute silencing
//! it).

mod alerts;
mod announcements;
mod axe;
mod badge;
mod browser;
mod case_page;
mod choosing;
mod consent;
mod console_access;
mod console_shortcuts;
mod contrast;
mod coverage;
mod delivery;
mod embedding;
mod help;
mod host_site;
mod hostile;
mod keyboard;
mod network;
mod organisations;
mod origins;
mod page;
mod paging;
mod scenario;
mod settings_page;
mod team;
mod team_settings;
mod waiting;
mod work;
