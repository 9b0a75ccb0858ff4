//! The console's cases page, `GET /console/cases` (issue 13): the staff's
//! screen for cases shared with the parent's consent, written by the server
//! as HTML in the staff member's language, so the console's wasm (at its
//! size gate) pays nothing for it. A small script (`public/cases-boot.js`)
//! does the buttons through the JSON API of [`super::cases`], with the CSRF
//! header like the console, and reloads the page after each step.
//!
//! `?conversation=<id>` shows one conversation's cases and "Propose as a
//! case"; `&propose=1` (the console's own button opens this) proposes at
//! once when that conversation has no open case. The language: `?lang=`,
//! else the browser's `Accept-Language`, else English; the script switches
//! to the console's remembered choice, which only the browser knows.
//! Without a staff session the page sends the browser to the console to
//! log in. The page carries the console's policy (no inline script or
//! style, framed by nobody) and is never cached: it holds parents' words.

mod article;
mod render;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use yorisoi_protocol::cases::CaseRefusal;
use yorisoi_protocol::{ConversationId, Lang};

pub use self::render::{PATH, View, WORDS_ID, page as render_page};
use super::AppError;
use super::extractors::StaffSession;
use crate::assets;
use crate::service::Service;
use crate::service::cases::CaseError;
use crate::transcript;

/// What the page's query asks.
#[derive(Debug, Default, PartialEq, Eq)]
struct Asked {
    /// `?conversation=`: `Some(None)` when given but not a number.
    conversation: Option<Option<ConversationId>>,
    /// `?propose=1`.
    propose: bool,
    /// `?lang=`.
    lang: Option<Lang>,
}

fn asked(uri: &Uri) -> Asked {
    let pairs = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|Query(pairs)| pairs)
        .unwrap_or_default();
    let mut asked = Asked::default();
    for (key, value) in pairs {
        match key.as_str() {
            "conversation" => {
                asked.conversation = Some(value.trim().parse().ok().map(ConversationId));
            }
            "propose" => asked.propose = value == "1",
            "lang" => asked.lang = Lang::from_tag(&value),
            _ => {}
        }
    }
    asked
}

/// The first language of `Accept-Language` the page speaks (in the
/// order given: browsers list them by preference).
fn accepted_lang(headers: &HeaderMap) -> Option<Lang> {
    let value = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    value.split(',').find_map(|item| {
        let mut parts = item.split(';').map(str::trim);
        let tag = parts.next()?;
        let refused = parts.any(|param| {
            param
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if refused { None } else { Lang::from_tag(tag) }
    })
}

/// `GET /console/cases`.
pub async fn page(
    State(service): State<Service>,
    session: Result<StaffSession, AppError>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let session = match session {
        Ok(session) => session,
        Err(AppError::Unauthorized) => return Redirect::to("/console").into_response(),
        Err(other) => return other.into_response(),
    };
    let asked = asked(&uri);
    let lang = asked
        .lang
        .or_else(|| accepted_lang(&headers))
        .unwrap_or_default();
    let (book, conversation) = match asked.conversation {
        Some(None) => (Err(CaseRefusal::UnknownConversation.into()), None),
        Some(Some(id)) => (service.case_book(&session.staff, Some(id)).await, Some(id)),
        None => (service.case_book(&session.staff, None).await, None),
    };
    let (status, book) = match book {
        Ok(book) => (StatusCode::OK, Some(book)),
        Err(CaseError::Refused(_)) => (StatusCode::NOT_FOUND, None),
        Err(CaseError::Service(failure)) => return AppError::Service(failure).into_response(),
    };
    let propose_now = asked.propose
        && book
            .as_ref()
            .and_then(|book| book.asked.as_ref())
            .is_some_and(|asked| asked.may_propose);
    let zone = transcript::zone_or_default(None);
    let view = View {
        lang,
        viewer: session.staff.id,
        book: book.as_ref(),
        conversation,
        propose_now,
        zone: &zone,
    };
    let response = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::VARY, "Accept-Language, Cookie"),
        ],
        render_page(&view),
    )
        .into_response();
    assets::with_policy(response, "'none'")
}

/// The page's route, for the router.
pub fn routes() -> axum::Router<Service> {
    axum::Router::new().route(PATH, axum::routing::get(page))
}

#[cfg(test)]
mod tests;
