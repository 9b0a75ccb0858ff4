//! DNS rebinding: an attacker makes their own name (`evil.example`) resolve
//! to this server. The browser then sends `Host: evil.example:PORT` and an
//! `Origin` to match, so the origin check alone would pass: the host guard
//! must refuse every such request (421 `ForeignOrigin`), sockets, logins
//! and the widget page (whose `frame-ancestors` would otherwise name the
//! rebound site as the server's own). Ordinary requests through loopback
//! names, and through `public_url`'s name behind a proxy, keep working.

use reqwest::StatusCode;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::{CONSOLE_SOCKET, CSRF_HEADER, LoginRequest, WIDGET_SOCKET};
use yorisoi_tests::access::{bare_client, error_of, refused_upgrade};
use yorisoi_tests::{Socket, TestServer, WidgetSocket};

const PASSWORD: &str = "a long enough password";
const PUBLIC: &str = "https://chat.example.org";

/// The server's port, which a rebound name keeps.
fn port(server: &TestServer) -> u16 {
    server.config().bind.port()
}

/// Opens a socket on `path` of `server` with `Host` and extra headers set.
async fn socket_as(
    server: &TestServer,
    path: &str,
    host: &str,
    headers: &[(&'static str, &str)],
) -> Result<WidgetSocket, tokio_tungstenite::tungstenite::Error> {
    let mut request = server
        .ws_url(path)
        .into_client_request()
        .expect("a ws request");
    let all = std::iter::once(("host", host)).chain(headers.iter().copied());
    for (name, value) in all {
        let value = HeaderValue::from_str(value).expect("a header value");
        request.headers_mut().insert(name, value);
    }
    Socket::connect(request).await
}

/// `GET path` of `server` with `Host: host`.
async fn get_as(server: &TestServer, path: &str, host: &str) -> reqwest::Response {
    bare_client()
        .get(format!("{}{path}", server.url()))
        .header("host", host)
        .send()
        .await
        .expect("a GET request")
}

/// Logs in with `Host: host` and the matching `Origin`, as a page of that
/// origin would.
async fn login_as(server: &TestServer, host: &str, origin: &str) -> reqwest::Response {
    let body = LoginRequest {
        email: "mika@example.org".into(),
        password: PASSWORD.into(),
    };
    bare_client()
        .post(format!("{}/api/staff/login", server.url()))
        .header("host", host)
        .header("origin", origin)
        .header(CSRF_HEADER, "1")
        .json(&body)
        .send()
        .await
        .expect("a login request")
}

async fn assert_misdirected(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{what}");
    assert!(response.headers().get("set-cookie").is_none(), "{what}");
    assert_eq!(error_of(response).await.error, ErrorCode::ForeignOrigin);
}

#[tokio::test]
async fn sockets_and_logins_under_a_rebound_name_are_refused() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let (_staff, cookie) = server.staff_cookie("aoi@example.org", "Aoi").await;
    let port = port(&server);
    let rebound = [
        format!("evil.example:{port}"),
        // A name that only looks local.
        format!("localhost.evil.example:{port}"),
    ];
    for host in &rebound {
        let origin = format!("http://{host}");
        let refused = socket_as(&server, WIDGET_SOCKET, host, &[("origin", &origin)]).await;
        let (status, body) = refused_upgrade(refused.err().expect("refused"));
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "widget via {host}");
        assert_eq!(body.map(|body| body.error), Some(ErrorCode::ForeignOrigin));
        let headers = [("origin", origin.as_str()), ("cookie", cookie.as_str())];
        let refused = socket_as(&server, CONSOLE_SOCKET, host, &headers).await;
        let (status, _) = refused_upgrade(refused.err().expect("refused"));
        assert_eq!(
            status,
            StatusCode::MISDIRECTED_REQUEST,
            "console via {host}"
        );
        assert_misdirected(login_as(&server, host, &origin).await, host).await;
    }
}

#[tokio::test]
async fn a_rebound_widget_page_never_names_the_rebound_site() {
    let server = TestServer::start().await;
    let host = format!("evil.example:{}", port(&server));
    for path in [
        format!("/widget?host=http://{host}"),
        format!("/api/widget/face?host=http://{host}"),
        "/demo".to_owned(),
    ] {
        let response = get_as(&server, &path, &host).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(!policy.contains("evil.example"), "{path}: {policy}");
        assert!(
            policy.ends_with("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert_misdirected(response, &path).await;
    }
}

#[tokio::test]
async fn loopback_names_at_the_servers_port_keep_working() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let port = port(&server);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let origin = format!("http://{host}");
        let response = get_as(&server, &format!("/widget?host={origin}"), &host).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            policy.contains(&origin),
            "framed by its own {origin}: {policy}"
        );
        if yorisoi_server::assets::is_built() {
            assert_eq!(response.status(), StatusCode::OK, "{host}");
        }
        let socket = socket_as(&server, WIDGET_SOCKET, &host, &[("origin", &origin)]).await;
        assert!(
            socket.is_ok(),
            "a widget socket via {host}: {:?}",
            socket.err()
        );
        let response = login_as(&server, &host, &origin).await;
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "login via {host}"
        );
    }
}

#[tokio::test]
async fn with_public_url_its_name_and_the_bind_address_are_accepted() {
    let server = TestServer::start_with(|config| config.public_url = Some(PUBLIC.into())).await;
    let port = port(&server);
    // Behind the TLS proxy, as the browser named the server; or the
    // proxy's upstream address (nginx's default `Host`).
    for host in [
        "chat.example.org".to_owned(),
        "chat.example.org:443".to_owned(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
    ] {
        let response = get_as(&server, &format!("/api/widget/face?host={PUBLIC}"), &host).await;
        assert_eq!(response.status(), StatusCode::OK, "face via {host}");
        let socket = socket_as(&server, WIDGET_SOCKET, &host, &[("origin", PUBLIC)]).await;
        assert!(
            socket.is_ok(),
            "a widget socket via {host}: {:?}",
            socket.err()
        );
    }
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        "chat.example.org:8443".to_owned(),
        "chat.example.org.evil.example".to_owned(),
    ] {
        let response = get_as(&server, &format!("/api/widget/face?host={PUBLIC}"), &host).await;
        assert_misdirected(response, &host).await;
        let refused = socket_as(&server, WIDGET_SOCKET, &host, &[("origin", PUBLIC)]).await;
        let (status, _) = refused_upgrade(refused.err().expect("refused"));
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "socket via {host}");
    }
}
