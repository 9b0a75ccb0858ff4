//! The embedded site over real HTTP: pages when the site was built, a 503
//! with a hint when it was not; security headers on every response.

use reqwest::StatusCode;
use yorisoi_tests::TestServer;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn pages_are_served_or_explain_that_the_site_is_not_built() {
    let server = TestServer::start().await;
    let widget = format!("{}/widget?host={}", server.url(), server.origin());
    let response = client().get(&widget).send().await.expect("widget");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    assert!(
        response.headers().get("x-frame-options").is_none(),
        "the widget is framed by other sites"
    );
    if yorisoi_server::assets::is_built() {
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/html")
        );
        // The widget page carries its organisation's face, which an admin
        // may change at any time: always asked afresh.
        assert_eq!(response.headers()["cache-control"], "no-cache");
        // Static pages are revalidated by their ETag.
        let console = format!("{}/console", server.url());
        let page = client().get(&console).send().await.expect("console");
        let etag = page.headers()["etag"].clone();
        let cached = client()
            .get(&console)
            .header("if-none-match", etag)
            .send()
            .await
            .expect("revalidate");
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
        let wasm = client()
            .get(format!("{}/assets/yorisoi-widget_bg.wasm", server.url()))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .expect("wasm");
        assert_eq!(wasm.status(), StatusCode::OK);
        assert_eq!(wasm.headers()["content-type"], "application/wasm");
        assert_eq!(wasm.headers()["content-encoding"], "gzip");
        assert_eq!(wasm.headers()["vary"], "Accept-Encoding");
        let loader = client()
            .get(format!("{}/widget.js", server.url()))
            .send()
            .await
            .expect("loader");
        assert!(
            loader.headers().get("content-encoding").is_none(),
            "plain without Accept-Encoding"
        );
        assert!(
            loader.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/javascript")
        );
        let missing = client()
            .get(format!("{}/assets/no-such-file.js", server.url()))
            .send()
            .await
            .expect("404");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    } else {
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let text = response.text().await.expect("text");
        assert!(text.contains("cargo xtask serve"), "{text}");
    }
}

#[tokio::test]
async fn the_root_redirects_to_the_demo_page() {
    let server = TestServer::start().await;
    let response = client().get(server.url()).send().await.expect("root");
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()["location"], "/demo");
}

#[tokio::test]
async fn api_errors_also_carry_the_security_headers() {
    let server = TestServer::start().await;
    let response = client()
        .get(format!("{}/api/staff/me", server.url()))
        .send()
        .await
        .expect("me");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}
