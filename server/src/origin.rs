//! Origins: parsing `scheme://host[:port]`, the server's own origin, which
//! sites may embed the widget, and the guard that refuses state-changing
//! requests and socket upgrades from pages of other sites.
//!
//! The widget's iframe is served by this server, so its socket's `Origin`
//! is the server's own origin, like the console's. Every WebSocket upgrade
//! and every `POST` must therefore carry `Origin` equal to the own origin;
//! `POST`s must also carry [`CSRF_HEADER`]`: 1`, which a form on another
//! site cannot set (and a script there would need CORS, never granted).
//! A refusal is 403 with `ForeignOrigin` and one structured log line.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::http::CSRF_HEADER;

use crate::config::Config;
use crate::error::AppError;
use crate::state::AppState;

/// Longest origin we accept (a DNS name is at most 253 characters).
const MAX_ORIGIN_CHARS: usize = 300;

/// Parses an origin `http(s)://host[:port]` (one trailing `/` tolerated) into
/// its lower-case serialisation, as browsers send it; `None` for anything
/// else: a path, a query, credentials, another scheme.
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() > MAX_ORIGIN_CHARS {
        return None;
    }
    let text = text.strip_suffix('/').unwrap_or(text).to_ascii_lowercase();
    let (scheme, authority) = text.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (host, port) = split_port(authority)?;
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner
            .strip_suffix(']')
            .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !host.is_empty()
            && host
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'.')
    };
    if !host_ok || port.is_some_and(|port| port.parse::<u16>().is_err()) {
        return None;
    }
    Some(text)
}

/// Splits `host[:port]`, minding the colons of `[IPv6]`.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => Some((host, Some(port))),
        None => Some((authority, None)),
    }
}

/// The server's own origin for this request: `public_url` when set (behind
/// a TLS proxy), else the scheme (https when `secure_cookies`) and the
/// request's `Host`. `None` without a usable `Host`.
pub fn own_origin(config: &Config, headers: &HeaderMap) -> Option<String> {
    if let Some(public) = &config.public_url {
        return parse_origin(public);
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if config.secure_cookies {
        "https"
    } else {
        "http"
    };
    parse_origin(&format!("{scheme}://{host}"))
}

/// True when a page of `site` (an origin) may embed the widget: the own
/// origin always (its `/demo` page), and every configured one.
pub fn may_embed(config: &Config, own: Option<&str>, site: &str) -> bool {
    let Some(site) = parse_origin(site) else {
        return false;
    };
    own == Some(site.as_str())
        || config
            .allowed_origins
            .iter()
            .filter_map(|allowed| parse_origin(allowed))
            .any(|allowed| allowed == site)
}

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
    let own = own_origin(config, headers);
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
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    match check(state.config(), request.method(), path, request.headers()) {
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse_origin(" HTTPS://Example.org/ ").as_deref(),
            Some("https://example.org")
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8081").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(
            parse_origin("http://[::1]:80").as_deref(),
            Some("http://[::1]:80")
        );
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://example.org/path",
            "https://user@example.org",
            "https://example.org:99999",
            "https://",
            "https://exa mple.org",
            "https://[nothex]",
            "null",
        ] {
            assert_eq!(parse_origin(bad), None, "{bad}");
        }
    }

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
        assert!(may_embed(
            &config,
            Some("https://chat.example.org"),
            "https://chat.example.org/"
        ));
        assert!(!may_embed(&config, None, "https://other.example"));
    }
}
