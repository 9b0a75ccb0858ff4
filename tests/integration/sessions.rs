//! Staff sessions: the idle and absolute timeouts (on the server's clock),
//! an open console closed when its session expires or ends, and "log out
//! everywhere" ending every session of one staff member, their open
//! consoles included, and nobody else's.

use std::time::Duration;

use reqwest::StatusCode;
use yorisoi_protocol::console::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ConversationId, ErrorCode};
use yorisoi_tests::{StaffClient, TestServer};

const PASSWORD: &str = "a long enough password";
const HOUR: Duration = Duration::from_secs(3600);

fn unauthorized() -> ServerFrame {
    ServerFrame::Error {
        code: ErrorCode::Unauthorized,
        client_id: None,
    }
}

async fn logged_in(server: &TestServer, email: &str) -> StaffClient {
    let client = server.staff_client();
    assert_eq!(client.login(email, PASSWORD).await, StatusCode::NO_CONTENT);
    client
}

#[tokio::test]
async fn an_unused_session_ends_after_the_idle_timeout() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let client = logged_in(&server, "mika@example.org").await;
    server.advance_clock(11 * HOUR);
    assert_eq!(
        client.me().await.status(),
        StatusCode::OK,
        "used within 12 h"
    );
    server.advance_clock(12 * HOUR + Duration::from_secs(60));
    assert_eq!(client.me().await.status(), StatusCode::UNAUTHORIZED);
    assert!(client.console().await.is_err());
}

#[tokio::test]
async fn a_session_in_constant_use_still_ends_after_seven_days() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let client = logged_in(&server, "mika@example.org").await;
    for _ in 0..15 {
        server.advance_clock(11 * HOUR); // 165 h in all: under 7 days
        assert_eq!(client.me().await.status(), StatusCode::OK);
    }
    server.advance_clock(4 * HOUR);
    assert_eq!(client.me().await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_open_console_closes_once_its_session_expired() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("mika@example.org", "Mika").await;
    console.next().await;
    server.advance_clock(13 * HOUR);
    console
        .send(&ClientFrame::Open {
            conversation: ConversationId(1),
            last_seq: 0,
        })
        .await;
    assert_eq!(console.next().await, unauthorized());
    assert_eq!(console.closed().await, Some(1008));
}

#[tokio::test]
async fn logout_everywhere_ends_every_session_and_closes_their_consoles() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    server.add_staff("ren@example.org", "Ren", PASSWORD).await;
    let office = logged_in(&server, "mika@example.org").await;
    let phone = logged_in(&server, "mika@example.org").await;
    let colleague = logged_in(&server, "ren@example.org").await;
    let mut office_console = office.console().await.expect("console");
    let mut phone_console = phone.console().await.expect("console");
    let mut colleague_console = colleague.console().await.expect("console");
    for console in [
        &mut office_console,
        &mut phone_console,
        &mut colleague_console,
    ] {
        assert!(matches!(console.next().await, ServerFrame::Welcome { .. }));
    }

    assert_eq!(office.logout_all().await, StatusCode::NO_CONTENT);
    for console in [&mut office_console, &mut phone_console] {
        assert_eq!(console.next().await, unauthorized());
        assert_eq!(console.closed().await, Some(1008));
    }
    assert_eq!(office.me().await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(phone.me().await.status(), StatusCode::UNAUTHORIZED);
    // The colleague is untouched.
    assert_eq!(colleague.me().await.status(), StatusCode::OK);
    assert!(colleague_console.frames_before_pong().await.is_empty());
}

#[tokio::test]
async fn logout_closes_only_that_sessions_console() {
    let server = TestServer::start().await;
    server.add_staff("mika@example.org", "Mika", PASSWORD).await;
    let office = logged_in(&server, "mika@example.org").await;
    let phone = logged_in(&server, "mika@example.org").await;
    let mut office_console = office.console().await.expect("console");
    let mut phone_console = phone.console().await.expect("console");
    office_console.next().await;
    phone_console.next().await;
    assert_eq!(office.logout().await, StatusCode::NO_CONTENT);
    assert_eq!(office_console.next().await, unauthorized());
    assert_eq!(office_console.closed().await, Some(1008));
    assert!(phone_console.frames_before_pong().await.is_empty());
    assert_eq!(phone.me().await.status(), StatusCode::OK);
}
