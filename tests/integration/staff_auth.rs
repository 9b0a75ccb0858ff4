//! Staff authentication: wrong credentials, the console socket's cookie
//! check, `me`, logout, and malformed request bodies.

use reqwest::StatusCode;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::http::ErrorBody;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_tests::TestServer;

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn wrong_email_or_password_gives_401_bad_credentials() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let client = server.staff_client();
    for (email, password) in [
        ("mika@example.org", "wrong password"),
        ("nobody@example.org", PASSWORD),
    ] {
        let response = client
            .http()
            .post(client.url("/api/staff/login"))
            .json(&yorisoi_protocol::http::LoginRequest {
                email: email.into(),
                password: password.into(),
            })
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body: ErrorBody = response.json().await.expect("ErrorBody");
        assert_eq!(body.error, ErrorCode::BadCredentials);
    }
    assert_eq!(
        client.cookie_header(),
        None,
        "no session cookie after failures"
    );
    assert_eq!(
        client.login("MIKA@example.org", PASSWORD).await,
        StatusCode::NO_CONTENT,
        "email ignores case"
    );
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_me_answers() {
    let server = TestServer::start().await;
    let staff = server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let client = server.staff_client();
    let request = yorisoi_protocol::http::LoginRequest {
        email: "mika@example.org".into(),
        password: PASSWORD.into(),
    };
    let response = client
        .http()
        .post(client.url("/api/staff/login"))
        .json(&request)
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("yorisoi_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/")
    );
    let me: StaffInfo = client.me().await.json().await.expect("StaffInfo");
    assert_eq!(me, staff);
}

#[tokio::test]
async fn the_console_socket_refuses_requests_without_a_session() {
    let server = TestServer::start().await;
    let anonymous = server.staff_client();
    let refused = anonymous.console().await.err().expect("refused");
    let tokio_tungstenite::tungstenite::Error::Http(response) = refused else {
        panic!("an HTTP refusal, not {refused:?}");
    };
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: ErrorBody =
        serde_json::from_slice(response.body().as_deref().unwrap_or_default()).expect("ErrorBody");
    assert_eq!(body.error, ErrorCode::Unauthorized);
    let me = anonymous.me().await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_ends_the_session_for_http_and_the_console() {
    let server = TestServer::start().await;
    let (client, mut console, _staff) = server.console_as("mika@example.org", "Mika").await;
    assert!(matches!(
        console.next().await,
        yorisoi_protocol::console::ServerFrame::Welcome { .. }
    ));
    let stolen = client.cookie_header().expect("a session cookie");
    assert_eq!(client.logout().await, StatusCode::NO_CONTENT);
    assert_eq!(client.me().await.status(), StatusCode::UNAUTHORIZED);
    assert!(client.console().await.is_err());
    // Even a copy of the old cookie is worthless now.
    let replay = reqwest::Client::new()
        .get(client.url("/api/staff/me"))
        .header("cookie", stolen)
        .send()
        .await
        .expect("me");
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_login_bodies_get_400_malformed_frame() {
    let server = TestServer::start().await;
    let client = server.staff_client();
    for (content_type, body) in [
        ("application/json", "{\"email\":"),
        ("text/plain", "{}"),
        ("application/json", "{}"),
    ] {
        let response = client
            .http()
            .post(client.url("/api/staff/login"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("login");
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{content_type} {body}"
        );
        let error: ErrorBody = response.json().await.expect("ErrorBody");
        assert_eq!(error.error, ErrorCode::MalformedFrame);
    }
}
