//! Guards around every route: the origin guard, which refuses
//! state-changing requests and socket upgrades from pages of other sites,
//! and the security headers every response carries.
//!
//! The widget's iframe is served by this server, so its socket's `Origin`
//! is the server's own origin, like the console's. Every WebSocket upgrade
//! and every `POST` must therefore carry `Origin` equal to the own origin;
//! `POST`s must also carry [`CSRF_HEADER`]`: 1`, which a form on another
//! site cannot set (and a script there would need CORS, never granted for
//! these). A refusal is 403 with `ForeignOrigin` and one structured log line.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::http::CSRF_HEADER;

use super::AppError;
use super::extractors::OwnOrigin;
use crate::assets;
use crate::config::Config;
use crate::service::Service;
use crate::web_origin::{MAX_ORIGIN_CHARS, parse_origin};

/// The request's `Origin` header, if readable.
fn request_origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN)?.to_str().ok()
}

/// Why a request was refused by [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Origin` missing or not the own origin.
    ForeignOrigin,
    /// A `POST` without the CSRF header.
    MissingCsrfHeader,
}

/// Checks one request: upgrades (and anything on a socket path) and
/// `POST`s need the own origin, `POST`s the CSRF header too. Other
/// requests pass.
pub fn check(
    config: &Config,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
    let is_upgrade = path.ends_with("/ws")
        || headers
            .get(header::UPGRADE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.to_ascii_lowercase().contains("websocket"));
    let is_post = method == Method::POST;
    if !is_upgrade && !is_post {
        return Ok(());
    }
    let own = OwnOrigin::of(config, headers).0;
    let sent = request_origin(headers).and_then(parse_origin);
    if own.is_none() || sent != own {
        return Err(Refusal::ForeignOrigin);
    }
    if is_post && headers.get(CSRF_HEADER).is_none_or(|value| value != "1") {
        return Err(Refusal::MissingCsrfHeader);
    }
    Ok(())
}

/// Middleware: [`check`] on every request, before routing and extractors.
pub async fn guard(State(service): State<Service>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    match check(service.config(), request.method(), path, request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            // The sending site is a public web origin, not personal data;
            // its length is bounded so a log line stays a line.
            let sent = request_origin(request.headers())
                .map(|origin| origin.chars().take(MAX_ORIGIN_CHARS).collect::<String>());
            tracing::info!(
                check = "origin",
                ?refusal,
                path = request.uri().path(),
                origin = ?sent,
                "request refused"
            );
            AppError::ForeignOrigin.into_response()
        }
    }
}

/// Headers every response carries. Pages set their own
/// `Content-Security-Policy` (the widget's names the sites that may frame
/// it); everything else gets the strict default, framed by nobody.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, assets::policy("'none'"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    #[test]
    fn posts_need_the_own_origin_and_the_csrf_header() {
        let config = Config::default();
        let good = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            (CSRF_HEADER, "1"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, "/api/staff/login", &good),
            Ok(())
        );
        let no_csrf = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, "/api/staff/login", &no_csrf),
            Err(Refusal::MissingCsrfHeader)
        );
        let foreign = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
            (CSRF_HEADER, "1"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, "/api/staff/login", &foreign),
            Err(Refusal::ForeignOrigin)
        );
        let missing = headers(&[("host", "127.0.0.1:8080"), (CSRF_HEADER, "1")]);
        assert_eq!(
            check(&config, &Method::POST, "/api/staff/login", &missing),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(check(&config, &Method::GET, "/demo", &missing), Ok(()));
        assert_eq!(
            check(&config, &Method::GET, "/api/console/ws", &missing),
            Err(Refusal::ForeignOrigin),
            "socket paths need the origin even without an Upgrade header"
        );
    }

    #[test]
    fn public_url_overrides_the_host_header() {
        let config = Config {
            public_url: Some("https://chat.example.org".into()),
            ..Config::default()
        };
        let behind_proxy = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://chat.example.org"),
            ("upgrade", "websocket"),
        ]);
        assert_eq!(
            check(&config, &Method::GET, "/api/widget/ws", &behind_proxy),
            Ok(())
        );
    }
}
