//! The web site embedded at build time (see `build.rs`): pages, the loader
//! script and the wasm bundles. Serves a precompressed `<file>.gz` sibling
//! when the client accepts gzip, with the right `Content-Type`, an ETag from
//! the content hash and `Cache-Control: no-cache` (browsers revalidate and
//! get 304 while nothing changed). When the site was not built, the routes
//! answer 503 with a hint instead of a confusing 404.
//!
//! Every page carries a `Content-Security-Policy` without inline scripts
//! ([`policy`]); what differs is who may frame it: `/demo` only this server,
//! the console and its settings page nobody, the widget only its
//! organisation's sites (served by `crate::http::widget`, which needs the
//! organisation). Nothing here knows organisations or state: these are
//! static files.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

/// One embedded file.
#[derive(Debug)]
pub struct EmbeddedFile {
    /// Path relative to the site directory, `/`-separated.
    pub path: &'static str,
    /// The content.
    pub bytes: &'static [u8],
    /// Quoted strong ETag derived from the content.
    pub etag: &'static str,
}

/// The site as it was when the server was compiled.
static SITE: &[EmbeddedFile] = include!(concat!(env!("OUT_DIR"), "/site.rs"));

/// What the pages answer when the site was not built.
pub const NOT_BUILT: &str = "Yorisoi's web assets are not built: run `cargo xtask serve`";

/// True when the server was compiled with a built site.
pub fn is_built() -> bool {
    !SITE.is_empty()
}

/// The routes of the static site (every page but the widget's).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/demo") }))
        .route(
            "/demo",
            get(|headers: HeaderMap| async move {
                with_policy(serve(SITE, "demo.html", &headers), "'self'")
            }),
        )
        .route(
            "/console",
            get(|headers: HeaderMap| async move { serve(SITE, "console.html", &headers) }),
        )
        // The staff settings page: a wasm app of its own, under the console
        // it belongs to, with the console's policy (framed by nobody).
        .route(
            "/console/settings",
            get(|headers: HeaderMap| async move { serve(SITE, "settings.html", &headers) }),
        )
        .route(
            "/widget.js",
            get(|headers: HeaderMap| async move { serve(SITE, "widget.js", &headers) }),
        )
        .route(
            "/assets/{*path}",
            get(|Path(path): Path<String>, headers: HeaderMap| async move {
                serve(SITE, &format!("assets/{path}"), &headers)
            }),
        )
}

/// The policy of every page: scripts and styles only from this server (wasm
/// allowed to compile), nothing inline, framed by `frame_ancestors`.
pub fn policy(frame_ancestors: &str) -> HeaderValue {
    let text = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    );
    // Origins in the list were validated (no spaces, quotes or controls).
    HeaderValue::from_str(&text).unwrap_or_else(|_| {
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'",
        )
    })
}

/// `response` with a policy letting `frame_ancestors` frame it.
pub fn with_policy(mut response: Response, frame_ancestors: &str) -> Response {
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy(frame_ancestors));
    response
}

/// Answers a request for `path` of the embedded site.
pub fn serve_embedded(path: &str, headers: &HeaderMap) -> Response {
    serve(SITE, path, headers)
}

/// Answers a request for `path` from `site`.
pub fn serve(site: &[EmbeddedFile], path: &str, headers: &HeaderMap) -> Response {
    if site.is_empty() {
        return (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT).into_response();
    }
    let Some(plain) = find(site, path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let compressed = find(site, &format!("{path}.gz"));
    let chosen = compressed
        .filter(|_| accepts_gzip(headers))
        .unwrap_or(plain);

    let mut response_headers = HeaderMap::new();
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response_headers.insert(header::ETAG, HeaderValue::from_static(chosen.etag));
    if compressed.is_some() {
        // Caches must keep the gzip and plain variants apart.
        response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if if_none_match(headers, chosen.etag) {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }
    response_headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    if !std::ptr::eq(chosen, plain) {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    (StatusCode::OK, response_headers, chosen.bytes).into_response()
}

/// The embedded file at `path`, if the site has it.
pub fn embedded(path: &str) -> Option<&'static EmbeddedFile> {
    find(SITE, path)
}

fn find<'a>(site: &'a [EmbeddedFile], path: &str) -> Option<&'a EmbeddedFile> {
    site.iter().find(|file| file.path == path)
}

/// The media type for a file name.
fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, extension)| extension)
        .unwrap_or_default();
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "ftl" | "txt" => "text/plain; charset=utf-8",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// True when `Accept-Encoding` lists gzip (or `*`) without `q=0`.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| {
            value.split(',').any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let name = parts.next().unwrap_or_default();
                let refused = parts.any(|param| {
                    param
                        .strip_prefix("q=")
                        .is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0))
                });
                (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
            })
        })
}

/// True when `If-None-Match` names `etag` (weakly) or is `*`.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| {
            value
                .split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    static FAKE: &[EmbeddedFile] = &[
        EmbeddedFile {
            path: "demo.html",
            bytes: b"<html>",
            etag: "\"1\"",
        },
        EmbeddedFile {
            path: "assets/app.wasm",
            bytes: b"wasm",
            etag: "\"2\"",
        },
        EmbeddedFile {
            path: "assets/app.wasm.gz",
            bytes: b"gz",
            etag: "\"3\"",
        },
    ];

    fn request(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn gzip_is_served_only_to_clients_that_accept_it() {
        let gzip = serve(
            FAKE,
            "assets/app.wasm",
            &request(&[(header::ACCEPT_ENCODING, "br, gzip")]),
        );
        assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzip.headers()[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(gzip.headers()[header::VARY], "Accept-Encoding");
        let plain = serve(
            FAKE,
            "assets/app.wasm",
            &request(&[(header::ACCEPT_ENCODING, "gzip;q=0")]),
        );
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::ETAG], "\"2\"");
    }

    #[test]
    fn a_matching_etag_gives_304_and_unknown_paths_404() {
        let cached = serve(
            FAKE,
            "demo.html",
            &request(&[(header::IF_NONE_MATCH, "\"1\"")]),
        );
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
        let fresh = serve(
            FAKE,
            "demo.html",
            &request(&[(header::IF_NONE_MATCH, "\"0\"")]),
        );
        assert_eq!(fresh.status(), StatusCode::OK);
        assert_eq!(fresh.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(
            serve(FAKE, "assets/../demo.html", &HeaderMap::new()).status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn an_unbuilt_site_answers_503_with_a_hint() {
        let response = serve(&[], "demo.html", &HeaderMap::new());
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
