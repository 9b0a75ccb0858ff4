//! Guards around every route, and the headers every response carries.
//!
//! [`guard`] runs before routing's extractors:
//! - the host check: `Host` must name this server ([`host_is_own`]), else a
//!   page of another site could reach it under its own name by DNS
//!   rebinding, and the own origin (taken from `Host` without `public_url`)
//!   would be that site's. Refused with 421 `ForeignOrigin`.
//! - the origin check: the widget's iframe is served by this server, so its
//!   socket's `Origin` is the server's own origin, like the console's. Every
//!   WebSocket upgrade and every `POST` must carry `Origin` equal to the own
//!   origin; `POST`s must also carry [`CSRF_HEADER`]`: 1`, which a form on
//!   another site cannot set (and a script there would need CORS, never
//!   granted for these). Refused with 403 `ForeignOrigin`. One `POST` is
//!   exempt: [`WIDGET_UNREAD`], the launcher's badge, comes from the
//!   organisations' sites by design, changes nothing, and its handler
//!   answers only an origin of an organisation.
//! - once per process, a warning when requests carry a forwarding header
//!   while `trusted_proxy_header` is unset: behind a proxy, every client
//!   then shares the proxy's address for the limits.
//!
//! Each refusal is one structured log line. [`security_headers`] sets the
//! headers of every response, refusals included: `X-Frame-Options` follows
//! the response's CSP `frame-ancestors`, so the two never disagree.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::http::{CSRF_HEADER, WIDGET_UNREAD};

use super::error::with_error_body;
use super::extractors::{OwnOrigin, request_host};
use super::{AppError, health};
use crate::assets;
use crate::config::Config;
use crate::service::Service;
use crate::web_origin::{MAX_ORIGIN_CHARS, host_is_own, parse_origin};

/// Features no page of Yorisoi uses, denied to it and to anything it frames,
/// so an injected script or frame cannot ask a parent for them. Only names
/// Chromium knows: an unknown one is logged as an error in every console.
const PERMISSIONS_POLICY: &str = "accelerometer=(), browsing-topics=(), camera=(), \
    display-capture=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), \
    payment=(), serial=(), usb=()";

/// One year: browsers remember to use HTTPS only. Without
/// `includeSubDomains`: Yorisoi speaks for its own host, not for names below
/// it that others may run.
const HSTS: &str = "max-age=31536000";

/// Headers a reverse proxy puts the client's address in.
const FORWARDING_HEADERS: [&str; 3] = ["forwarded", "x-forwarded-for", "x-real-ip"];

/// Set once the forwarding warning was logged: once per process is enough
/// to be seen, and a client cannot flood the log with it.
static FORWARDING_WARNED: AtomicBool = AtomicBool::new(false);

/// A header value of the request, if readable, bounded for a log line.
fn shown(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    Some(value.chars().take(MAX_ORIGIN_CHARS).collect())
}

/// Why a request was refused by [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` does not name this server.
    ForeignHost,
    /// `Origin` missing or not the own origin.
    ForeignOrigin,
    /// A `POST` without the CSRF header.
    MissingCsrfHeader,
}

/// Checks one request: every request needs a `Host` naming this server;
/// upgrades (and anything on a socket path) and `POST`s need the own
/// origin, `POST`s the CSRF header too. Other requests pass.
pub fn check(
    config: &Config,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
    let host = request_host(headers, uri);
    if !host_is_own(config.public_url.as_deref(), config.bind, host) {
        return Err(Refusal::ForeignHost);
    }
    let is_upgrade = uri.path().ends_with("/ws")
        || headers
            .get(header::UPGRADE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.to_ascii_lowercase().contains("websocket"));
    let is_post = method == Method::POST;
    if !is_upgrade && (!is_post || uri.path() == WIDGET_UNREAD) {
        return Ok(());
    }
    let own = OwnOrigin::of(config, host).0;
    let sent = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .and_then(parse_origin);
    if own.is_none() || sent != own {
        return Err(Refusal::ForeignOrigin);
    }
    if is_post && headers.get(CSRF_HEADER).is_none_or(|value| value != "1") {
        return Err(Refusal::MissingCsrfHeader);
    }
    Ok(())
}

/// Middleware: the forwarding warning and [`check`] on every request,
/// before extractors.
pub async fn guard(State(service): State<Service>, request: Request, next: Next) -> Response {
    let config = service.config();
    // A load balancer asks a node by its own address, whatever `Host` the
    // site has; these answers name nothing and change nothing.
    if health::is_health_check(request.uri().path()) {
        return next.run(request).await;
    }
    warn_once_about_forwarding(config, request.headers());
    let Err(refusal) = check(config, request.method(), request.uri(), request.headers()) else {
        return next.run(request).await;
    };
    // Host and origin name web sites, not people; bounded so a log line
    // stays a line, and `?` escapes whatever a client put in them.
    let path = request.uri().path();
    if refusal == Refusal::ForeignHost {
        let host = shown(request.headers(), header::HOST);
        tracing::info!(check = "host", path, host = ?host, "request refused");
        return AppError::MisdirectedHost.into_response();
    }
    let origin = shown(request.headers(), header::ORIGIN);
    tracing::info!(check = "origin", ?refusal, path, origin = ?origin, "request refused");
    AppError::ForeignOrigin.into_response()
}

/// The forwarding header a request carries although no proxy is trusted.
pub fn untrusted_forwarding(config: &Config, headers: &HeaderMap) -> Option<&'static str> {
    if config.trusted_proxy_header.is_some() {
        return None;
    }
    FORWARDING_HEADERS
        .into_iter()
        .find(|name| headers.contains_key(*name))
}

fn warn_once_about_forwarding(config: &Config, headers: &HeaderMap) {
    if FORWARDING_WARNED.load(Ordering::Relaxed) {
        return;
    }
    let Some(name) = untrusted_forwarding(config, headers) else {
        return;
    };
    if !FORWARDING_WARNED.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            header = name,
            "requests carry a forwarding header but `trusted_proxy_header` is unset: behind a \
             proxy, every client counts as the proxy's address, so one client's limits stop \
             everyone; set `trusted_proxy_header` to the header your proxy sets (logged once)"
        );
    }
}

/// The `X-Frame-Options` agreeing with a response's CSP `frame-ancestors`,
/// for browsers without CSP: `'none'` is `DENY`, `'self'` `SAMEORIGIN`. It
/// cannot list sites, so a policy listing them (the widget page) or `*`
/// (its refusal page) gets none and is left to the policy.
fn frame_options(policy: Option<&HeaderValue>) -> Option<HeaderValue> {
    let policy = policy?.to_str().ok()?;
    let (_, ancestors) = policy.split_once("frame-ancestors ")?;
    match ancestors.split(';').next().map(str::trim) {
        Some("'none'") => Some(HeaderValue::from_static("DENY")),
        Some("'self'") => Some(HeaderValue::from_static("SAMEORIGIN")),
        _ => None,
    }
}

/// True when browsers reach this server over HTTPS (`public_url` says so).
fn serves_https(config: &Config) -> bool {
    config
        .public_url
        .as_deref()
        .and_then(parse_origin)
        .is_some_and(|origin| origin.starts_with("https://"))
}

/// Middleware: the headers every response carries. Pages set their own
/// `Content-Security-Policy` (the widget's names the sites that may frame
/// it); everything else gets the strict default, framed by nobody. A bare
/// 404 gets an `ErrorBody` on the way.
pub async fn security_headers(
    State(service): State<Service>,
    request: Request,
    next: Next,
) -> Response {
    // The widget path is framed by its organisation's sites, even when it
    // answers something else (a placeholder while the site is not built).
    let framed_by_sites = request.uri().path() == "/widget";
    let mut response = with_error_body(next.run(request).await);
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, assets::policy("'none'"));
    }
    let frame_options = frame_options(headers.get(header::CONTENT_SECURITY_POLICY));
    if let Some(value) = frame_options.filter(|_| !framed_by_sites) {
        headers.insert(header::X_FRAME_OPTIONS, value);
    }
    if serves_https(service.config()) {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
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
        let login = Uri::from_static("/api/staff/login");
        let good = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
            (CSRF_HEADER, "1"),
        ]);
        assert_eq!(check(&config, &Method::POST, &login, &good), Ok(()));
        let no_csrf = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, &login, &no_csrf),
            Err(Refusal::MissingCsrfHeader)
        );
        let foreign = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
            (CSRF_HEADER, "1"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, &login, &foreign),
            Err(Refusal::ForeignOrigin)
        );
        let missing = headers(&[("host", "127.0.0.1:8080"), (CSRF_HEADER, "1")]);
        assert_eq!(
            check(&config, &Method::POST, &login, &missing),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            check(&config, &Method::GET, &Uri::from_static("/demo"), &missing),
            Ok(())
        );
        assert_eq!(
            check(
                &config,
                &Method::GET,
                &Uri::from_static("/api/console/ws"),
                &missing
            ),
            Err(Refusal::ForeignOrigin),
            "socket paths need the origin even without an Upgrade header"
        );
    }

    #[test]
    fn the_badge_may_be_asked_from_another_site_but_not_by_another_name() {
        let config = Config::default();
        let unread = Uri::from_static("/api/widget/unread");
        let site = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://hidamari.example.org"),
        ]);
        assert_eq!(check(&config, &Method::POST, &unread, &site), Ok(()));
        let rebound = headers(&[
            ("host", "evil.example:8080"),
            ("origin", "https://hidamari.example.org"),
        ]);
        assert_eq!(
            check(&config, &Method::POST, &unread, &rebound),
            Err(Refusal::ForeignHost)
        );
        let login = Uri::from_static("/api/staff/login");
        assert_eq!(
            check(&config, &Method::POST, &login, &site),
            Err(Refusal::ForeignOrigin),
            "only that path"
        );
    }

    #[test]
    fn a_rebound_name_is_refused_even_with_its_own_origin() {
        let config = Config::default();
        let rebound = headers(&[
            ("host", "evil.example:8080"),
            ("origin", "http://evil.example:8080"),
            ("upgrade", "websocket"),
        ]);
        let socket = Uri::from_static("/api/widget/ws");
        assert_eq!(
            check(&config, &Method::GET, &socket, &rebound),
            Err(Refusal::ForeignHost)
        );
        let page = headers(&[("host", "evil.example:8080")]);
        assert_eq!(
            check(&config, &Method::GET, &Uri::from_static("/widget"), &page),
            Err(Refusal::ForeignHost),
            "pages too: their policy would name the rebound site"
        );
        let http2 = Uri::from_static("http://localhost:8080/demo");
        assert_eq!(
            check(&config, &Method::GET, &http2, &HeaderMap::new()),
            Ok(()),
            "without Host, the URI's authority counts"
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
        let socket = Uri::from_static("/api/widget/ws");
        assert_eq!(check(&config, &Method::GET, &socket, &behind_proxy), Ok(()));
        assert!(serves_https(&config));
        assert!(!serves_https(&Config::default()));
    }

    #[test]
    fn frame_options_say_what_frame_ancestors_say() {
        let options = |ancestors: &str| frame_options(Some(&assets::policy(ancestors)));
        assert_eq!(options("'none'"), Some(HeaderValue::from_static("DENY")));
        assert_eq!(
            options("'self'"),
            Some(HeaderValue::from_static("SAMEORIGIN"))
        );
        assert_eq!(options("'self' https://partner.example.org"), None);
        assert_eq!(options("*"), None);
        assert_eq!(frame_options(None), None);
    }

    #[test]
    fn forwarding_headers_matter_only_without_a_trusted_proxy() {
        let forwarded = headers(&[("x-real-ip", "192.0.2.1")]);
        assert_eq!(
            untrusted_forwarding(&Config::default(), &forwarded),
            Some("x-real-ip")
        );
        assert_eq!(
            untrusted_forwarding(&Config::default(), &HeaderMap::new()),
            None
        );
        let trusted = Config {
            trusted_proxy_header: Some("x-real-ip".into()),
            ..Config::default()
        };
        assert_eq!(untrusted_forwarding(&trusted, &forwarded), None);
    }
}
