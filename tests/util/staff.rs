//! A staff member's HTTP client: login, logout, `me` and their
//! organisation's settings through a cookie store, and opening the console
//! socket with the session cookie.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::cookie::{CookieStore, Jar};
use tokio_tungstenite::tungstenite;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use yorisoi_protocol::http::{
    CONSOLE_SOCKET, CSRF_HEADER, LoginRequest, STAFF_LOGIN, STAFF_LOGOUT, STAFF_LOGOUT_ALL,
    STAFF_ME, STAFF_ORGANISATION,
};
use yorisoi_protocol::organisation::OrganisationFace;

use crate::{ConsoleSocket, Socket, TestServer};

/// An HTTP client with its own cookie jar, like one browser.
pub struct StaffClient {
    http: reqwest::Client,
    jar: Arc<Jar>,
    base: String,
    console_url: String,
    origin: String,
}

impl StaffClient {
    /// A client for `server` with an empty cookie jar.
    pub fn new(server: &TestServer) -> StaffClient {
        let jar = Arc::new(Jar::default());
        // Like the console page: its own origin, and the CSRF header on
        // every request (the server needs it on `POST`s).
        let mut headers = reqwest::header::HeaderMap::new();
        let origin = server.origin().parse().expect("an origin header value");
        headers.insert(reqwest::header::ORIGIN, origin);
        headers.insert(CSRF_HEADER, reqwest::header::HeaderValue::from_static("1"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("build the HTTP client");
        StaffClient {
            http,
            jar,
            base: server.url(),
            console_url: server.ws_url(CONSOLE_SOCKET),
            origin: server.origin(),
        }
    }

    /// The underlying client (shares the cookie jar).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// `base + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in; returns the status (204 on success).
    pub async fn login(&self, email: &str, password: &str) -> StatusCode {
        let request = LoginRequest {
            email: email.into(),
            password: password.into(),
        };
        let response = self
            .http
            .post(self.url(STAFF_LOGIN))
            .json(&request)
            .send()
            .await;
        response.expect("login request").status()
    }

    /// `GET /api/staff/me`.
    pub async fn me(&self) -> reqwest::Response {
        self.http
            .get(self.url(STAFF_ME))
            .send()
            .await
            .expect("me request")
    }

    /// `GET /api/staff/organisation`: the settings of their organisation.
    pub async fn organisation(&self) -> reqwest::Response {
        self.http
            .get(self.url(STAFF_ORGANISATION))
            .send()
            .await
            .expect("organisation request")
    }

    /// `POST /api/staff/organisation`: saves what parents see.
    pub async fn save_organisation(&self, face: &OrganisationFace) -> reqwest::Response {
        self.http
            .post(self.url(STAFF_ORGANISATION))
            .json(face)
            .send()
            .await
            .expect("save organisation request")
    }

    /// Logs out; returns the status (204).
    pub async fn logout(&self) -> StatusCode {
        self.http
            .post(self.url(STAFF_LOGOUT))
            .send()
            .await
            .expect("logout request")
            .status()
    }

    /// The `Cookie` header this client would send, if any.
    pub fn cookie_header(&self) -> Option<String> {
        let url = self.base.parse().expect("server URL");
        let value = self.jar.cookies(&url)?;
        value.to_str().ok().map(str::to_owned)
    }

    /// Logs out everywhere; returns the status (204).
    pub async fn logout_all(&self) -> StatusCode {
        self.http
            .post(self.url(STAFF_LOGOUT_ALL))
            .send()
            .await
            .expect("logout-all request")
            .status()
    }

    /// Opens the console socket with this client's cookies.
    pub async fn console(&self) -> Result<ConsoleSocket, tungstenite::Error> {
        self.console_from(Some(&self.origin)).await
    }

    /// Opens the console socket with this client's cookies and the given
    /// `Origin` (none if `None`).
    pub async fn console_from(
        &self,
        origin: Option<&str>,
    ) -> Result<ConsoleSocket, tungstenite::Error> {
        let mut request = self.console_url.as_str().into_client_request()?;
        if let Some(cookie) = self.cookie_header() {
            let value = cookie.parse().expect("cookie header value");
            request.headers_mut().insert("cookie", value);
        }
        if let Some(origin) = origin {
            let value = origin.parse().expect("origin header value");
            request.headers_mut().insert("origin", value);
        }
        Socket::connect(request).await
    }
}
