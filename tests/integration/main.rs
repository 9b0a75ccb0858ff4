//! Integration tests: the real server on a random port, driven through real
//! WebSockets and HTTP, one module per area. Each test asserts what a parent
//! or a staff member would notice.

mod alerts;
mod assets;
mod authorisation;
mod case_page;
mod cases;
mod chaos;
mod codes;
mod conversation;
mod crash;
mod delivery;
mod floods;
mod headers;
mod help;
mod japanese;
mod limits;
mod lockout;
mod nodes;
mod ordering;
mod organisation_settings;
mod organisations;
mod origins;
mod paging;
mod privacy;
mod rebinding;
mod resume;
mod sessions;
mod shared_address;
mod slow_loris;
mod staff_auth;
mod team;
mod team_settings;
mod text;
mod tokens;
mod unread;
mod validation;
mod work;
