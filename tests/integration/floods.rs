//! Floods from one socket or one address, as an attacker sends them: a
//! ping flood, a language-switch flood and a token-rotation flood are
//! refused (`Error RateLimited`, then the socket closes if it goes on),
//! while a well-behaved parent and a console elsewhere keep being answered
//! at once; the caps on sockets count parents and staff apart; a client id
//! names one author's message, so nobody earns someone else's `Ack`.

use std::time::Duration;

use yorisoi_protocol::limits::CLOSE_TRY_AGAIN_LATER;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ErrorCode, Lang, console};
use yorisoi_server::Config;
use yorisoi_tests::access::{PROXY_HEADER, hello, say_and_answer, widget_at};
use yorisoi_tests::{TIMEOUT, TestServer, random_token};

const ATTACKER: &str = "203.0.113.66";
const HONEST: &str = "198.51.100.7";

fn behind_proxy(config: &mut Config) {
    config.trusted_proxy_header = Some(PROXY_HEADER.into());
}

/// A parent elsewhere pings and is answered within the test's timeout.
async fn honest_parent_is_answered(server: &TestServer) {
    let mut parent = widget_at(server, HONEST).await;
    hello(&mut parent, &random_token()).await;
    let (_, answer) = say_and_answer(&mut parent, "こんにちは、相談です").await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
    assert!(parent.frames_before_pong().await.is_empty());
}

#[tokio::test]
async fn a_ping_flood_is_refused_then_cut_off_while_others_are_answered() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_socket_frames_burst = 50;
        config.limit_socket_frames_per_second = 5;
    })
    .await;
    let mut flood = widget_at(&server, ATTACKER).await;
    hello(&mut flood, &random_token()).await;
    for _ in 0..60 {
        flood.send(&ClientFrame::Ping).await;
    }
    // The burst is answered, then one refusal for the whole streak.
    let mut pongs = 0;
    loop {
        match flood.next().await {
            ServerFrame::Pong => pongs += 1,
            ServerFrame::Error {
                code: ErrorCode::RateLimited,
                client_id: None,
                retry_after_secs: None,
            } => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        (45..=55).contains(&pongs),
        "the burst and a little refill: {pongs}"
    );
    honest_parent_is_answered(&server).await;
    // Going on flooding gets the socket closed (try again later).
    for _ in 0..1_200 {
        if !flood.try_send(&ClientFrame::Ping).await {
            break;
        }
    }
    assert_eq!(flood.closed().await, Some(CLOSE_TRY_AGAIN_LATER));
    honest_parent_is_answered(&server).await;
}

#[tokio::test]
async fn language_and_rotation_floods_are_refused_before_they_reach_consoles() {
    let server = TestServer::start_with(|config| {
        behind_proxy(config);
        config.limit_widget_writes_per_minute = 10;
    })
    .await;
    let (_client, mut console, _) = server.console_as("sakura@example.org", "さくら").await;
    let _welcome = console.next().await;
    let mut flood = widget_at(&server, ATTACKER).await;
    hello(&mut flood, &random_token()).await;
    let (_, answer) = say_and_answer(&mut flood, "start").await;
    assert!(matches!(answer, ServerFrame::Ack { .. }), "{answer:?}");
    for n in 0..40 {
        let lang = if n % 2 == 0 { Lang::Ja } else { Lang::En };
        flood.send(&ClientFrame::SetLang { lang }).await;
    }
    let answers = flood.frames_before_pong().await;
    let refused = answers
        .iter()
        .filter(|frame| {
            matches!(
                frame,
                ServerFrame::Error {
                    code: ErrorCode::RateLimited,
                    ..
                }
            )
        })
        .count();
    assert!(refused >= 29, "at most the limit goes through: {refused}");
    // Rotation is a write too: the bucket is empty now.
    flood
        .send(&ClientFrame::RotateToken {
            token: random_token(),
        })
        .await;
    let answers = flood.frames_before_pong().await;
    assert!(
        answers.iter().any(|frame| matches!(
            frame,
            ServerFrame::Error {
                code: ErrorCode::RateLimited,
                ..
            }
        )),
        "{answers:?}"
    );
    // The console heard one summary per accepted change, not one per frame.
    let summaries = console
        .frames_before_pong()
        .await
        .into_iter()
        .filter(|frame| matches!(frame, console::ServerFrame::Conversation(_)))
        .count();
    assert!(summaries <= 12, "{summaries} summaries reached the console");
    honest_parent_is_answered(&server).await;
}

#[tokio::test]
async fn parents_filling_their_socket_cap_never_lock_staff_out() {
    let server = TestServer::start_with(|config| {
        config.limit_connections_per_address = 3;
    })
    .await;
    let mut parents = Vec::new();
    for _ in 0..3 {
        parents.push(server.widget().await);
    }
    let mut over = server.widget().await;
    let refusal = tokio::time::timeout(TIMEOUT, over.next()).await;
    assert!(
        matches!(
            refusal,
            Ok(ServerFrame::Error {
                code: ErrorCode::RateLimited,
                ..
            })
        ),
        "{refusal:?}"
    );
    // Same address, but a console: its own cap.
    let (_client, mut console, _) = server.console_as("ren@example.org", "Ren").await;
    let welcome = tokio::time::timeout(Duration::from_secs(10), console.next()).await;
    assert!(
        matches!(welcome, Ok(console::ServerFrame::Welcome { .. })),
        "{welcome:?}"
    );
}

#[tokio::test]
async fn a_console_reusing_a_parents_client_id_gets_no_ack_of_theirs() {
    let server = TestServer::start().await;
    let mut parent = server.widget().await;
    hello(&mut parent, &random_token()).await;
    let (client_id, answer) = say_and_answer(&mut parent, "夜泣きが続いていて…").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 1, .. }),
        "{answer:?}"
    );
    let (_client, mut console, _) = server.console_as("aoi@example.org", "Aoi").await;
    let conversation = match console.next().await {
        console::ServerFrame::Welcome { conversations, .. } => conversations[0].id,
        other => panic!("a Welcome, not {other:?}"),
    };
    console
        .send(&console::ClientFrame::Send {
            conversation,
            client_id: client_id.clone(),
            body: "お返事です".into(),
        })
        .await;
    let answer = console
        .next_matching("the answer to the reply", |frame| {
            matches!(
                frame,
                console::ServerFrame::Ack { .. } | console::ServerFrame::Error { .. }
            )
        })
        .await;
    assert_eq!(
        answer,
        console::ServerFrame::Error {
            code: ErrorCode::BadClientId,
            client_id: Some(client_id),
        }
    );
    let history = console.open(conversation, 0).await;
    assert_eq!(history.len(), 1, "the parent's message alone: {history:?}");
}
