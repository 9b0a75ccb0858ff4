//! The headers of every route family (pages, loader, assets, API, sockets,
//! unknown paths): `Permissions-Policy`, `X-Content-Type-Options`,
//! `Referrer-Policy`, and `X-Frame-Options` agreeing with the page's CSP
//! `frame-ancestors`; HSTS only when `public_url` is https. And errors that
//! axum would answer in plain text (a bad WebSocket handshake, an unknown
//! path or method) answer an `ErrorBody` like the rest of the API.

use reqwest::StatusCode;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::{CONSOLE_SOCKET, CSRF_HEADER, WIDGET_SOCKET};
use yorisoi_tests::access::{bare_client, error_of, refused_upgrade};
use yorisoi_tests::{Socket, TestServer, WidgetSocket};

/// `method path` with the own origin and the CSRF header, as a page would.
async fn request(server: &TestServer, method: reqwest::Method, path: &str) -> reqwest::Response {
    bare_client()
        .request(method, format!("{}{path}", server.url()))
        .header("origin", server.origin())
        .header(CSRF_HEADER, "1")
        .send()
        .await
        .expect("a request")
}

async fn get(server: &TestServer, path: &str) -> reqwest::Response {
    request(server, reqwest::Method::GET, path).await
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    let value = response.headers().get(name)?;
    Some(value.to_str().expect("ascii").to_owned())
}

/// Asserts the headers every response carries, and that `X-Frame-Options`
/// is `frame_options` and says what the policy's `frame-ancestors` says.
fn assert_headers(response: &reqwest::Response, what: &str, frame_options: Option<&str>) {
    let permissions = header(response, "permissions-policy").expect("Permissions-Policy");
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
        assert!(permissions.contains(feature), "{what}: {permissions}");
    }
    assert_eq!(
        header(response, "x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        header(response, "referrer-policy").as_deref(),
        Some("no-referrer")
    );
    let actual = header(response, "x-frame-options");
    assert_eq!(actual.as_deref(), frame_options, "{what}");
    let policy = header(response, "content-security-policy").expect("a policy");
    let ancestors = policy
        .split("frame-ancestors ")
        .nth(1)
        .expect("frame-ancestors");
    // Without the site built, the widget's 503 has the default policy.
    if let Some(actual) = &actual {
        let agreeing = match ancestors {
            "'none'" => "DENY",
            "'self'" => "SAMEORIGIN",
            _ => "(none: the policy lists sites)",
        };
        assert_eq!(actual, agreeing, "{what}: {policy}");
    }
    assert!(
        header(response, "strict-transport-security").is_none(),
        "{what}"
    );
}

/// Opens a widget socket with the own origin and `extra` headers set.
async fn handshake(
    server: &TestServer,
    extra: &[(&'static str, &'static str)],
) -> Result<WidgetSocket, tokio_tungstenite::tungstenite::Error> {
    let mut request = server
        .ws_url(WIDGET_SOCKET)
        .into_client_request()
        .expect("a ws request");
    let origin = HeaderValue::from_str(&server.origin()).expect("an origin");
    request.headers_mut().insert("origin", origin);
    for (name, value) in extra {
        request
            .headers_mut()
            .insert(*name, HeaderValue::from_static(value));
    }
    Socket::connect(request).await
}

#[tokio::test]
async fn every_route_family_carries_the_security_headers() {
    let server = TestServer::start().await;
    let own = server.origin();
    let widget = format!("/widget?host={own}");
    let face = format!("/api/widget/face?host={own}");
    let cases: [(&str, Option<&str>); 14] = [
        ("/demo", Some("SAMEORIGIN")),
        ("/console", Some("DENY")),
        ("/console/settings", Some("DENY")),
        (&widget, None),
        ("/widget?host=https://evil.example", None),
        ("/widget.js", Some("DENY")),
        ("/assets/widget-boot.js", Some("DENY")),
        ("/assets/no-such-file.js", Some("DENY")),
        ("/", Some("DENY")),
        ("/api/staff/me", Some("DENY")),
        (&face, Some("DENY")),
        (WIDGET_SOCKET, Some("DENY")),
        (CONSOLE_SOCKET, Some("DENY")),
        ("/no/such/page", Some("DENY")),
    ];
    for (path, frame_options) in cases {
        let response = get(&server, path).await;
        assert_headers(&response, path, frame_options);
    }
    let login = request(&server, reqwest::Method::POST, "/api/staff/login").await;
    assert_headers(&login, "POST login", Some("DENY"));
    let rebound = bare_client()
        .get(format!("{}/demo", server.url()))
        .header("host", "evil.example")
        .send()
        .await
        .expect("a rebound request");
    assert_eq!(rebound.status(), StatusCode::MISDIRECTED_REQUEST);
    assert_headers(&rebound, "a refused Host", Some("DENY"));
}

#[tokio::test]
async fn hsts_only_with_an_https_public_url() {
    let secure = TestServer::start_with(|config| {
        config.public_url = Some("https://chat.example.org".into());
    })
    .await;
    for path in ["/demo", "/api/staff/me", "/no/such/page"] {
        let response = get(&secure, path).await;
        assert_eq!(
            header(&response, "strict-transport-security").as_deref(),
            Some("max-age=31536000"),
            "{path}"
        );
    }
    let plain = TestServer::start_with(|config| {
        config.public_url = Some("http://chat.example.org:8080".into());
    })
    .await;
    let response = get(&plain, "/demo").await;
    assert!(header(&response, "strict-transport-security").is_none());
}

#[tokio::test]
async fn bad_handshakes_answer_an_error_body() {
    let server = TestServer::start().await;
    // A plain GET of the socket path: no upgrade headers at all.
    let response = get(&server, WIDGET_SOCKET).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(response).await.error, ErrorCode::MalformedFrame);
    // A WebSocket version other than 13.
    let refused = handshake(&server, &[("sec-websocket-version", "8")]).await;
    let (status, body) = refused_upgrade(refused.err().expect("refused"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body.map(|body| body.error), Some(ErrorCode::MalformedFrame));
    assert!(handshake(&server, &[]).await.is_ok(), "a good handshake");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_an_error_body() {
    let server = TestServer::start().await;
    for (method, path, status) in [
        (reqwest::Method::GET, "/no/such/page", StatusCode::NOT_FOUND),
        (
            reqwest::Method::GET,
            "/api/no-such-thing",
            StatusCode::NOT_FOUND,
        ),
        (
            reqwest::Method::POST,
            "/api/no-such-thing",
            StatusCode::NOT_FOUND,
        ),
        (
            reqwest::Method::GET,
            "/api/staff/login",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            reqwest::Method::POST,
            "/api/staff/me",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            reqwest::Method::DELETE,
            "/demo",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ] {
        let what = format!("{method} {path}");
        let response = request(&server, method, path).await;
        assert_eq!(response.status(), status, "{what}");
        if status == StatusCode::METHOD_NOT_ALLOWED {
            assert!(header(&response, "allow").is_some(), "{what}");
        }
        assert_eq!(
            header(&response, "content-type").as_deref(),
            Some("application/json"),
            "{what}"
        );
        assert_eq!(error_of(response).await.error, ErrorCode::MalformedFrame);
    }
    if yorisoi_server::assets::is_built() {
        let missing = get(&server, "/assets/no-such-file.js").await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(error_of(missing).await.error, ErrorCode::MalformedFrame);
        // Pages stay pages.
        let page = get(&server, "/demo").await;
        let kind = header(&page, "content-type").expect("a content type");
        assert!(kind.starts_with("text/html"), "{kind}");
    }
}
