//! Helpers for the security tests: clients that come from a chosen address
//! (through the `trusted_proxy_header` the test server is given, always
//! `x-forwarded-for`), raw HTTP requests with exactly the headers a test
//! names, and reading a refused WebSocket upgrade.

use reqwest::StatusCode;
use tokio_tungstenite::tungstenite;
use yorisoi_protocol::http::{CSRF_HEADER, ErrorBody, LoginRequest};
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{ClientId, Lang, widget};

use crate::{TestServer, WidgetSocket, new_client_id};

/// The header the security tests configure as `trusted_proxy_header`.
pub const PROXY_HEADER: &str = "x-forwarded-for";

/// A widget socket from `address` (via [`PROXY_HEADER`]), own origin.
pub async fn widget_at(server: &TestServer, address: &str) -> WidgetSocket {
    server
        .widget_with(&[("origin", &server.origin()), (PROXY_HEADER, address)])
        .await
        .expect("connect the widget socket")
}

/// Says `Hello` with a fresh or given token and returns the `Welcome`.
pub async fn hello(socket: &mut WidgetSocket, token: &str) -> ServerFrame {
    let frames = socket.hello(token, Lang::En, 0).await;
    frames.last().cloned().expect("a Welcome")
}

/// Sends a message on a socket that has not said a valid `Hello`: the
/// answer is the next frame (`HelloFirst` carries no client id).
pub async fn say_unwelcomed(socket: &mut WidgetSocket, body: &str) -> ServerFrame {
    socket.say(body).await;
    socket.next().await
}

/// Sends one message and returns its id and the server's answer to it
/// (`Ack`, `Error`, or `ProveWork` for a first message from a busy address).
pub async fn say_and_answer(socket: &mut WidgetSocket, body: &str) -> (ClientId, ServerFrame) {
    let client_id = new_client_id();
    socket
        .send(&widget::ClientFrame::Send {
            client_id: client_id.clone(),
            body: body.to_owned(),
            nickname: None,
            proof: None,
        })
        .await;
    let answer = socket
        .next_matching("the answer to a Send", |frame| match frame {
            ServerFrame::Ack { client_id: id, .. } => *id == client_id,
            ServerFrame::Error { client_id: id, .. } => id.as_ref() == Some(&client_id),
            ServerFrame::ProveWork { .. } => true,
            _ => false,
        })
        .await;
    (client_id, answer)
}

/// A plain HTTP client: no cookies, no redirects, no default headers.
pub fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// `POST path` with exactly `headers` (plus `content-type` for a body).
pub async fn post(
    server: &TestServer,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&LoginRequest>,
) -> reqwest::Response {
    let mut request = bare_client().post(format!("{}{path}", server.url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("a POST request")
}

/// The headers of a well-behaved page of the server (origin and CSRF).
pub fn page_headers(server: &TestServer) -> Vec<(&'static str, String)> {
    vec![("origin", server.origin()), (CSRF_HEADER, "1".to_owned())]
}

/// Logs in from `address` as a well-behaved page would; returns the response.
pub async fn login_from(
    server: &TestServer,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let origin = server.origin();
    let headers = [
        ("origin", origin.as_str()),
        (CSRF_HEADER, "1"),
        (PROXY_HEADER, address),
    ];
    let request = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
    };
    post(server, "/api/staff/login", &headers, Some(&request)).await
}

/// The status and error body of a refused WebSocket upgrade.
pub fn refused_upgrade(error: tungstenite::Error) -> (StatusCode, Option<ErrorBody>) {
    let tungstenite::Error::Http(response) = error else {
        panic!("an HTTP refusal, not {error:?}");
    };
    let status = StatusCode::from_u16(response.status().as_u16()).expect("a status");
    let body = response
        .body()
        .as_deref()
        .and_then(|body| serde_json::from_slice(body).ok());
    (status, body)
}

/// The `ErrorBody` of an HTTP response.
pub async fn error_of(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("an ErrorBody")
}
