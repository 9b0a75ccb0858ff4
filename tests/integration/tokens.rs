//! Visitor tokens: rotation (the new token opens the conversation, the old
//! one stops at once, other sockets with it are closed) and "forget this
//! device" (the token is revoked for good, the conversation stays for
//! staff). A rotation cannot take over another visitor's token.

use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::console::ServerFrame as ConsoleServer;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_tests::access::{hello, say_and_answer, say_unwelcomed};
use yorisoi_tests::{TestServer, random_token};

fn unknown_token() -> ServerFrame {
    ServerFrame::Error {
        code: ErrorCode::UnknownToken,
        client_id: None,
        retry_after_secs: None,
    }
}

#[tokio::test]
async fn a_rotated_token_replaces_the_old_one_at_once() {
    let server = TestServer::start().await;
    let old = random_token();
    let mut page = server.widget().await;
    hello(&mut page, &old).await;
    say_and_answer(&mut page, "before rotation").await;
    let mut other_tab = server.widget().await;
    hello(&mut other_tab, &old).await;

    let new = random_token();
    page.send(&ClientFrame::RotateToken { token: new.clone() })
        .await;
    assert_eq!(page.next().await, ServerFrame::TokenRotated);
    // The tab still holding the old token is closed; it must say Hello again.
    assert_eq!(other_tab.closed().await, Some(1008));
    // The rotating socket carries on under the new token.
    let (_, answer) = say_and_answer(&mut page, "after rotation").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 2, .. }),
        "{answer:?}"
    );

    let mut stale = server.widget().await;
    assert_eq!(stale.hello_frames_until_error(&old).await, unknown_token());
    let mut fresh = server.widget().await;
    let ServerFrame::Welcome {
        has_conversation: true,
        messages,
        ..
    } = hello(&mut fresh, &new).await
    else {
        panic!("the conversation under the new token");
    };
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, ["before rotation", "after rotation"]);
}

#[tokio::test]
async fn a_rotation_cannot_take_over_another_token() {
    let server = TestServer::start().await;
    let victim = random_token();
    let mut victim_page = server.widget().await;
    hello(&mut victim_page, &victim).await;
    say_and_answer(&mut victim_page, "victim").await;

    let mine = random_token();
    let mut page = server.widget().await;
    hello(&mut page, &mine).await;
    say_and_answer(&mut page, "mine").await;
    for bad in [victim.clone(), "0F".repeat(32), "short".to_owned()] {
        page.send(&ClientFrame::RotateToken { token: bad }).await;
        assert_eq!(
            page.next().await,
            ServerFrame::Error {
                code: ErrorCode::BadToken,
                client_id: None,
                retry_after_secs: None,
            }
        );
    }
    // Nothing changed for either of them.
    let mut again = server.widget().await;
    let ServerFrame::Welcome { messages, .. } = hello(&mut again, &mine).await else {
        panic!("Welcome");
    };
    assert_eq!(messages[0].body, "mine");
    let mut again = server.widget().await;
    let ServerFrame::Welcome { messages, .. } = hello(&mut again, &victim).await else {
        panic!("Welcome");
    };
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].body, "victim");
    assert!(victim_page.frames_before_pong().await.is_empty());
}

#[tokio::test]
async fn forgetting_the_device_revokes_the_token_but_staff_keep_the_conversation() {
    let server = TestServer::start().await;
    let (_client, mut console, _staff) = server.console_as("mika@example.org", "Mika").await;
    console.next().await;
    let token = random_token();
    let mut page = server.widget().await;
    hello(&mut page, &token).await;
    say_and_answer(&mut page, "please forget me").await;
    let mut other_tab = server.widget().await;
    hello(&mut other_tab, &token).await;
    let ConsoleServer::Conversation(summary) = console
        .next_matching("the summary", |f| {
            matches!(f, ConsoleServer::Conversation(_))
        })
        .await
    else {
        unreachable!()
    };

    page.send(&ClientFrame::Forget).await;
    assert_eq!(page.next().await, ServerFrame::Forgotten);
    assert_eq!(page.closed().await, Some(1000));
    assert_eq!(other_tab.closed().await, Some(1008));

    let mut later = server.widget().await;
    assert_eq!(
        later.hello_frames_until_error(&token).await,
        unknown_token()
    );
    let answer = say_unwelcomed(&mut later, "again").await;
    assert!(
        matches!(
            answer,
            ServerFrame::Error {
                code: ErrorCode::HelloFirst,
                ..
            }
        ),
        "a refused Hello opens nothing: {answer:?}"
    );

    let messages = console.open(summary.id, 0).await;
    assert_eq!(messages[0].body, "please forget me");
}
