//! Origins: sockets and state-changing requests only from the server's own
//! pages (a foreign or missing `Origin`, or a `POST` without the CSRF
//! header, is refused with 403 `ForeignOrigin`); the widget page only for
//! allowed sites, framed only by them, and a refusal page for the others;
//! the security headers of every page; the `__Host-` cookie behind HTTPS.

use reqwest::StatusCode;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::{CSRF_HEADER, LoginRequest};
use yorisoi_tests::TestServer;
use yorisoi_tests::access::{bare_client, error_of, post, refused_upgrade};

const PASSWORD: &str = "a long enough password";
const PARTNER: &str = "https://partner.example.org";

fn login_body() -> LoginRequest {
    LoginRequest {
        email: "mika@example.org".into(),
        password: PASSWORD.into(),
    }
}

#[tokio::test]
async fn socket_upgrades_from_another_origin_or_none_are_refused() {
    let server =
        TestServer::start_with(|config| config.allowed_origins = vec![PARTNER.into()]).await;
    // Even an allowed embedding site is not the widget's own page.
    for origin in [
        Some("https://evil.example"),
        Some(PARTNER),
        Some("null"),
        None,
    ] {
        let mut headers = Vec::new();
        headers.extend(origin.map(|origin| ("origin", origin)));
        let refused = server.widget_with(&headers).await.err().expect("refused");
        let (status, body) = refused_upgrade(refused);
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "widget socket from {origin:?}"
        );
        assert_eq!(body.map(|body| body.error), Some(ErrorCode::ForeignOrigin));
    }
    // The console socket, even with a valid session.
    let (client, _console, _staff) = server.console_as("mika@example.org", "Mika").await;
    let refused = client.console_from(Some("https://evil.example")).await;
    let (status, _) = refused_upgrade(refused.err().expect("refused"));
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(client.console_from(None).await.is_err());
    assert!(client.console().await.is_ok(), "its own origin still works");
}

#[tokio::test]
async fn posts_need_the_own_origin_and_the_csrf_header() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let own = server.origin();
    let body = login_body();
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        ("no CSRF header", vec![("origin", own.as_str())]),
        ("no Origin", vec![(CSRF_HEADER, "1")]),
        (
            "a foreign Origin",
            vec![("origin", "https://evil.example"), (CSRF_HEADER, "1")],
        ),
        (
            "a wrong CSRF value",
            vec![("origin", own.as_str()), (CSRF_HEADER, "0")],
        ),
    ];
    for (what, headers) in cases {
        let response = post(&server, "/api/staff/login", &headers, Some(&body)).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "login with {what}"
        );
        assert!(response.headers().get("set-cookie").is_none());
        assert_eq!(error_of(response).await.error, ErrorCode::ForeignOrigin);
    }
    let headers = [("origin", own.as_str()), (CSRF_HEADER, "1")];
    let response = post(&server, "/api/staff/login", &headers, Some(&body)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // A forged logout-all from another site leaves the session alone.
    let client = server.staff_client();
    assert_eq!(
        client.login("mika@example.org", PASSWORD).await,
        StatusCode::NO_CONTENT
    );
    let cookie = client.cookie_header().expect("cookie");
    let forged = [
        ("origin", "https://evil.example"),
        (CSRF_HEADER, "1"),
        ("cookie", cookie.as_str()),
    ];
    let response = post(&server, "/api/staff/logout-all", &forged, None).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(client.me().await.status(), StatusCode::OK);
}

async fn widget_page(server: &TestServer, host: Option<&str>) -> reqwest::Response {
    let url = match host {
        Some(host) => format!("{}/widget?host={}", server.url(), host),
        None => format!("{}/widget", server.url()),
    };
    bare_client().get(url).send().await.expect("widget page")
}

fn policy(response: &reqwest::Response) -> String {
    response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn the_widget_page_is_framed_only_by_allowed_sites_and_refused_to_others() {
    let server =
        TestServer::start_with(|config| config.allowed_origins = vec![PARTNER.into()]).await;
    let built = yorisoi_server::assets::is_built();
    for allowed in [PARTNER.to_owned(), server.origin()] {
        let response = widget_page(&server, Some(&allowed)).await;
        let csp = policy(&response);
        let ancestors = csp
            .split("frame-ancestors")
            .nth(1)
            .expect("frame-ancestors");
        assert!(
            ancestors.contains(PARTNER) && ancestors.contains("'self'"),
            "{csp}"
        );
        assert!(!ancestors.contains('*'), "{csp}");
        if built {
            assert_eq!(response.status(), StatusCode::OK, "widget for {allowed}");
            let page = response.text().await.expect("text");
            assert!(page.contains("widget-boot.js"), "the widget itself: {page}");
        }
    }
    for unlisted in [Some("https://evil.example"), Some("not an origin"), None] {
        let response = widget_page(&server, unlisted).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{unlisted:?}");
        assert!(
            policy(&response).ends_with("frame-ancestors *"),
            "any site may show the refusal"
        );
        let page = response.text().await.expect("text");
        assert!(
            !page.contains("widget-boot.js") && !page.contains(".wasm"),
            "{page}"
        );
        if built {
            assert!(page.contains("refused.js"), "the refusal page: {page}");
        }
    }
}

#[tokio::test]
async fn every_page_has_a_strict_policy_and_only_the_widget_may_be_framed() {
    let server = TestServer::start().await;
    let cases = [
        ("/console", "frame-ancestors 'none'"),
        ("/console/settings", "frame-ancestors 'none'"),
        ("/demo", "frame-ancestors 'self'"),
        ("/api/staff/me", "frame-ancestors 'none'"),
        ("/widget.js", "frame-ancestors 'none'"),
    ];
    for (path, ancestors) in cases {
        let response = bare_client()
            .get(format!("{}{path}", server.url()))
            .send()
            .await
            .expect("page");
        let csp = policy(&response);
        assert!(csp.ends_with(ancestors), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"));
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn behind_https_the_cookie_is_host_prefixed_and_secure() {
    const PUBLIC: &str = "https://chat.example.org";
    let server = TestServer::start_with(|config| config.public_url = Some(PUBLIC.into())).await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let body = login_body();
    // The own origin is now the public one, whatever the Host header says.
    let local = server.origin();
    let headers = [("origin", local.as_str()), (CSRF_HEADER, "1")];
    let response = post(&server, "/api/staff/login", &headers, Some(&body)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let headers = [("origin", PUBLIC), (CSRF_HEADER, "1")];
    let response = post(&server, "/api/staff/login", &headers, Some(&body)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("__Host-yorisoi_session="), "{cookie}");
    for attribute in ["; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}
