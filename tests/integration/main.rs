//! Integration tests: the real server on a random port, driven through real
//! WebSockets and HTTP, one module per area. Each test asserts what a parent
//! or a staff member would notice.

mod assets;
mod authorisation;
mod chaos;
mod conversation;
mod crash;
mod delivery;
mod japanese;
mod limits;
mod ordering;
mod organisation_settings;
mod organisations;
mod origins;
mod resume;
mod sessions;
mod staff_auth;
mod tokens;
mod validation;
