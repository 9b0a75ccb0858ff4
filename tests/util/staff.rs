//! A staff member's HTTP client: login, logout and `me` through a cookie
//! store, and opening the console socket with the session cookie.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::cookie::{CookieStore, Jar};
use tokio_tungstenite::tungstenite;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use yorisoi_protocol::http::{CSRF_HEADER, LoginRequest};

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
            console_url: server.ws_url("/api/console/ws"),
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
            .post(self.url("/api/staff/login"))
            .json(&request)
            .send()
            .await;
        response.expect("login request").status()
    }

    /// `GET /api/staff/me`.
    pub async fn me(&self) -> reqwest::Response {
        self.http
            .get(self.url("/api/staff/me"))
            .send()
            .await
            .expect("me request")
    }

    /// Logs out; returns the status (204).
    pub async fn logout(&self) -> StatusCode {
        self.http
            .post(self.url("/api/staff/logout"))
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
            .post(self.url("/api/staff/logout-all"))
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
