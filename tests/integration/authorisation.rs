//! The authorisation matrix: every endpoint × every kind of credential (none,
//! another visitor's token, a revoked token, a staff session, an expired
//! staff session) gives the expected status or frame; and no visitor can
//! ever read or write a conversation that is not theirs, even by guessing.

use reqwest::StatusCode;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::console::ServerFrame as ConsoleServer;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_tests::access::{
    bare_client, hello, post, refused_upgrade, say_and_answer, say_unwelcomed,
};
use yorisoi_tests::{TestServer, random_token};

const PASSWORD: &str = "a long enough password";

/// What a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credential {
    Nothing,
    /// A parent's visitor token, presented where a session is wanted.
    VisitorToken,
    RevokedToken,
    Staff,
    ExpiredStaff,
}

const ALL: [Credential; 5] = [
    Credential::Nothing,
    Credential::VisitorToken,
    Credential::RevokedToken,
    Credential::Staff,
    Credential::ExpiredStaff,
];

struct World {
    server: TestServer,
    visitor_token: String,
    revoked_token: String,
    staff_cookie: String,
    expired_cookie: String,
}

impl World {
    async fn new() -> World {
        let server = TestServer::start().await;
        server.add_staff("mika@example.org", "Mika", PASSWORD).await;
        let expired = server.staff_client();
        assert_eq!(
            expired.login("mika@example.org", PASSWORD).await,
            StatusCode::NO_CONTENT
        );
        let expired_cookie = expired.cookie_header().expect("a cookie");
        // Past the 12-hour idle timeout for that session; the next is fresh.
        server.advance_clock(std::time::Duration::from_secs(13 * 3600));
        let fresh = server.staff_client();
        assert_eq!(
            fresh.login("mika@example.org", PASSWORD).await,
            StatusCode::NO_CONTENT
        );
        let staff_cookie = fresh.cookie_header().expect("a cookie");

        let visitor_token = random_token();
        let mut visitor = server.widget().await;
        hello(&mut visitor, &visitor_token).await;
        say_and_answer(&mut visitor, "visitor secret").await;

        let revoked_token = random_token();
        let mut revoked = server.widget().await;
        hello(&mut revoked, &revoked_token).await;
        say_and_answer(&mut revoked, "forgotten secret").await;
        revoked.send(&ClientFrame::Forget).await;
        assert_eq!(revoked.next().await, ServerFrame::Forgotten);
        World {
            server,
            visitor_token,
            revoked_token,
            staff_cookie,
            expired_cookie,
        }
    }

    /// The `Cookie` header a credential puts on an HTTP request. Tokens are
    /// presented as if they were session ids: they must grant nothing.
    fn cookie(&self, credential: Credential) -> Option<String> {
        match credential {
            Credential::Nothing => None,
            Credential::VisitorToken => Some(format!("yorisoi_session={}", self.visitor_token)),
            Credential::RevokedToken => Some(format!("yorisoi_session={}", self.revoked_token)),
            Credential::Staff => Some(self.staff_cookie.clone()),
            Credential::ExpiredStaff => Some(self.expired_cookie.clone()),
        }
    }

    fn headers(&self, credential: Credential) -> Vec<(&'static str, String)> {
        let mut headers = yorisoi_tests::access::page_headers(&self.server);
        headers.extend(self.cookie(credential).map(|cookie| ("cookie", cookie)));
        headers
    }
}

#[tokio::test]
async fn every_staff_endpoint_answers_each_credential_as_documented() {
    use Credential::*;
    let world = World::new().await;
    let server = &world.server;
    // (credential, GET me, POST logout-all, console upgrade). Logout-all
    // runs last, so it does not end the session the other rows use.
    let expected = [
        (Nothing, 401, 401, 401),
        (VisitorToken, 401, 401, 401),
        (RevokedToken, 401, 401, 401),
        (ExpiredStaff, 401, 401, 401),
        (Staff, 200, 204, 101),
    ];
    for (credential, me, logout_all, console_status) in expected {
        let headers = world.headers(credential);
        let mut request = bare_client().get(format!("{}/api/staff/me", server.url()));
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        let status = request.send().await.expect("me").status();
        assert_eq!(status.as_u16(), me, "GET /api/staff/me with {credential:?}");

        let mut upgrade = yorisoi_tests::socket::request(
            &server.ws_url("/api/console/ws"),
            &[("origin", &server.origin())],
        );
        if let Some(cookie) = world.cookie(credential) {
            upgrade
                .headers_mut()
                .insert("cookie", cookie.parse().expect("cookie"));
        }
        match yorisoi_tests::ConsoleSocket::connect(upgrade).await {
            Ok(mut console) => {
                assert_eq!(101, console_status, "console upgrade with {credential:?}");
                assert!(matches!(
                    console.next().await,
                    ConsoleServer::Welcome { .. }
                ));
            }
            Err(error) => {
                let (status, body) = refused_upgrade(error);
                assert_eq!(
                    status.as_u16(),
                    console_status,
                    "console with {credential:?}"
                );
                assert_eq!(body.map(|body| body.error), Some(ErrorCode::Unauthorized));
            }
        }

        let borrowed: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let response = post(server, "/api/staff/logout-all", &borrowed, None).await;
        assert_eq!(
            response.status().as_u16(),
            logout_all,
            "POST /api/staff/logout-all with {credential:?}"
        );
    }
    // Logout never fails (it only forgets what it is given); pages are public.
    for credential in ALL {
        let headers = world.headers(credential);
        let borrowed: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let response = post(server, "/api/staff/logout", &borrowed, None).await;
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "logout with {credential:?}"
        );
        for page in ["/demo", "/console", "/console/settings", "/widget.js"] {
            let mut request = bare_client().get(format!("{}{page}", server.url()));
            if let Some(cookie) = world.cookie(credential) {
                request = request.header("cookie", cookie);
            }
            let status = request.send().await.expect("page").status();
            let built = yorisoi_server::assets::is_built();
            let wanted = if built {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            assert_eq!(status, wanted, "GET {page} with {credential:?}");
        }
    }
}

#[tokio::test]
async fn the_widget_socket_grants_only_what_a_valid_token_names() {
    let world = World::new().await;
    let server = &world.server;
    for credential in ALL {
        // Staff cookies ride along on the upgrade: they grant nothing here.
        let mut headers = vec![("origin", server.origin())];
        headers.extend(world.cookie(credential).map(|cookie| ("cookie", cookie)));
        let borrowed: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let mut socket = server.widget_with(&borrowed).await.expect("connect");
        for frame in [ClientFrame::Forget, ClientFrame::MarkRead { seq: 1 }] {
            socket.send(&frame).await;
            assert_eq!(
                socket.next().await,
                ServerFrame::Error {
                    code: ErrorCode::HelloFirst,
                    client_id: None,
                    retry_after_secs: None,
                },
                "{frame:?} before Hello with {credential:?}"
            );
        }
        let answer = say_unwelcomed(&mut socket, "before hello").await;
        assert!(
            matches!(
                answer,
                ServerFrame::Error {
                    code: ErrorCode::HelloFirst,
                    ..
                }
            ),
            "Send before Hello with {credential:?}: {answer:?}"
        );
        let welcome = match credential {
            Credential::VisitorToken => hello(&mut socket, &world.visitor_token).await,
            Credential::RevokedToken => {
                let answer = socket.hello_frames_until_error(&world.revoked_token).await;
                assert_eq!(
                    answer,
                    ServerFrame::Error {
                        code: ErrorCode::UnknownToken,
                        client_id: None,
                        retry_after_secs: None,
                    }
                );
                let answer = say_unwelcomed(&mut socket, "after refusal").await;
                assert!(matches!(
                    answer,
                    ServerFrame::Error {
                        code: ErrorCode::HelloFirst,
                        ..
                    }
                ));
                continue;
            }
            _ => hello(&mut socket, &random_token()).await,
        };
        let ServerFrame::Welcome {
            has_conversation,
            messages,
            ..
        } = welcome
        else {
            panic!("{welcome:?}");
        };
        if credential == Credential::VisitorToken {
            assert!(has_conversation);
            assert_eq!(messages.len(), 1);
            assert_eq!(messages[0].body, "visitor secret");
        } else {
            assert!(!has_conversation && messages.is_empty(), "{credential:?}");
        }
    }
}

#[tokio::test]
async fn no_visitor_reaches_another_conversation_even_by_guessing() {
    let server = TestServer::start().await;
    let victim_token = random_token();
    let mut victim = server.widget().await;
    hello(&mut victim, &victim_token).await;
    say_and_answer(&mut victim, "秘密の相談").await;

    // Near misses, the stored digest itself, and plain guesses.
    let mut last_digit_changed = victim_token.clone();
    let last = if victim_token.ends_with('0') {
        "1"
    } else {
        "0"
    };
    last_digit_changed.replace_range(63.., last);
    let digest = yorisoi_server::secrets::digest(&victim_token);
    let mut guesses = vec![last_digit_changed, digest, "0".repeat(64), "f".repeat(64)];
    guesses.extend((0..20).map(|_| random_token()));
    for guess in guesses {
        let mut attacker = server.widget().await;
        let ServerFrame::Welcome {
            has_conversation,
            messages,
            read_seq,
            ..
        } = hello(&mut attacker, &guess).await
        else {
            panic!("a Welcome");
        };
        assert!(
            !has_conversation && messages.is_empty() && read_seq == 0,
            "{guess}"
        );
        // Writing with the guess starts the attacker's own conversation,
        // never the victim's.
        let (_, answer) = say_and_answer(&mut attacker, "injected").await;
        assert!(
            matches!(answer, ServerFrame::Ack { seq: 1, .. }),
            "{answer:?}"
        );
        attacker.send(&ClientFrame::MarkRead { seq: 1_000 }).await;
        assert!(attacker.frames_before_pong().await.is_empty());
    }
    // The victim's conversation is untouched, and nothing reached them live.
    assert!(victim.frames_before_pong().await.is_empty());
    let mut again = server.widget().await;
    let ServerFrame::Welcome { messages, .. } = hello(&mut again, &victim_token).await else {
        panic!("a Welcome");
    };
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["秘密の相談"]);

    // Conversation ids exist only on the console, which needs a session.
    let anonymous = server.staff_client();
    let (status, _) = refused_upgrade(anonymous.console().await.err().expect("refused"));
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
