//! Parents behind one address (a family-support centre's Wi-Fi, a school,
//! a mobile carrier's shared address) each start their conversation with
//! the default limits, paying a small proof of work past the first few as
//! a widget does, while a scripted flood of first messages from one address
//! is held back: without work it gets only the free few, and paying gets it
//! no further than the ceiling.

use yorisoi_protocol::proof;
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ClientId, ErrorCode, Lang};
use yorisoi_server::Config;
use yorisoi_tests::access::{PROXY_HEADER, widget_at};
use yorisoi_tests::{TestServer, WidgetSocket, new_client_id, random_token};

const CENTRE: &str = "198.51.100.80";

/// The defaults, as an installation has them, behind a trusted proxy (so
/// the test can speak from addresses other than 127.0.0.1).
fn defaults_behind_proxy(config: &mut Config) {
    *config = Config {
        bind: config.bind,
        database: config.database.clone(),
        ..Config::default()
    };
    config.trusted_proxy_header = Some(PROXY_HEADER.into());
}

fn send(client_id: &ClientId, body: &str, proof: Option<u64>) -> ClientFrame {
    ClientFrame::Send {
        client_id: client_id.clone(),
        body: body.into(),
        nickname: None,
        proof,
    }
}

/// The answer to the message `client_id`: its `Ack` or `Error`, or the
/// work asked for it.
async fn answer(socket: &mut WidgetSocket, client_id: &ClientId) -> ServerFrame {
    socket
        .next_matching("the answer to a Send", |frame| match frame {
            ServerFrame::Ack { client_id: id, .. } => id == client_id,
            ServerFrame::Error { client_id: id, .. } => id.as_ref() == Some(client_id),
            ServerFrame::ProveWork { .. } => true,
            _ => false,
        })
        .await
}

/// Says Hello as a new visitor; the work asked for at once, if any.
async fn greet(socket: &mut WidgetSocket) -> Option<(String, u8)> {
    let frames = socket.hello(&random_token(), Lang::Ja, 0).await;
    assert!(matches!(frames.last(), Some(ServerFrame::Welcome { .. })));
    // `ProveWork`, when asked, follows `Welcome` at once.
    socket
        .frames_before_pong()
        .await
        .into_iter()
        .find_map(|frame| match frame {
            ServerFrame::ProveWork { challenge, bits } => Some((challenge, bits)),
            _ => None,
        })
}

/// What a widget does: pays any work asked (before or after sending), sends
/// the first message until it is answered. The final answer.
async fn first_message_as_a_widget(socket: &mut WidgetSocket, body: &str) -> ServerFrame {
    let asked = greet(socket).await;
    let mut nonce = asked.map(|(challenge, bits)| solve(&challenge, bits));
    let client_id = new_client_id();
    loop {
        socket.send(&send(&client_id, body, nonce)).await;
        match answer(socket, &client_id).await {
            ServerFrame::ProveWork { challenge, bits } => nonce = Some(solve(&challenge, bits)),
            other => return other,
        }
    }
}

fn solve(challenge: &str, bits: u8) -> u64 {
    proof::search(challenge, bits, 0, u64::MAX).expect("a nonce exists")
}

#[tokio::test]
async fn fifty_parents_behind_one_address_each_start_a_conversation() {
    let server = TestServer::start_with(defaults_behind_proxy).await;
    let mut parents = Vec::new();
    let mut asked_for_work = 0;
    for n in 0..50 {
        let mut socket = widget_at(&server, CENTRE).await;
        let answer =
            first_message_as_a_widget(&mut socket, &format!("はじめまして、{n}人目です")).await;
        assert!(
            matches!(answer, ServerFrame::Ack { seq: 1, .. }),
            "parent {n}: {answer:?}"
        );
        if n >= Config::default().limit_new_conversations {
            asked_for_work += 1;
        }
        // They all stay connected, as phones on the centre's Wi-Fi would.
        parents.push(socket);
    }
    assert_eq!(asked_for_work, 45);
    // Each goes on talking without any more work.
    for (n, socket) in parents.iter_mut().enumerate() {
        let client_id = new_client_id();
        socket.send(&send(&client_id, "続きです", None)).await;
        let answer = answer(socket, &client_id).await;
        assert!(
            matches!(answer, ServerFrame::Ack { seq: 2, .. }),
            "parent {n}: {answer:?}"
        );
    }
}

#[tokio::test]
async fn a_flood_of_first_messages_from_one_address_is_held_back() {
    let server = TestServer::start_with(defaults_behind_proxy).await;
    let mut sockets = Vec::new();
    for _ in 0..20 {
        sockets.push(widget_at(&server, CENTRE).await);
    }
    // 1,000 first messages, 50 per socket, none paying any work.
    let mut accepted = 0;
    let mut asked = 0;
    for round in 0..50 {
        for socket in &mut sockets {
            socket
                .send(&ClientFrame::Hello {
                    token: random_token(),
                    lang: Lang::Ja,
                    last_seq: 0,
                    site: None,
                })
                .await;
            let client_id = new_client_id();
            socket
                .send(&send(&client_id, &format!("flood {round}"), None))
                .await;
            match answer(socket, &client_id).await {
                ServerFrame::Ack { .. } => accepted += 1,
                ServerFrame::ProveWork { .. } => asked += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    let free = Config::default().limit_new_conversations;
    assert_eq!(accepted, free, "only the free ones pass without work");
    assert!(asked >= 1_000 - free, "{asked}");
    // Meanwhile a parent elsewhere starts theirs.
    let mut parent = widget_at(&server, "203.0.113.9").await;
    let answer = first_message_as_a_widget(&mut parent, "相談させてください").await;
    assert!(
        matches!(answer, ServerFrame::Ack { seq: 1, .. }),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_flood_that_pays_stops_at_the_ceiling_with_a_reason() {
    const FREE: u32 = 5;
    const PROVEN: u32 = 20;
    let server = TestServer::start_with(|config| {
        defaults_behind_proxy(config);
        config.limit_new_conversations = FREE;
        config.limit_proven_new_conversations = PROVEN;
        // Cheap work, so the test pays quickly; the ceiling is what counts.
        config.proof_of_work_bits = 1;
    })
    .await;
    let mut accepted = 0;
    let mut busy = None;
    for n in 0..40 {
        let mut socket = widget_at(&server, CENTRE).await;
        match first_message_as_a_widget(&mut socket, &format!("paid flood {n}")).await {
            ServerFrame::Ack { .. } => accepted += 1,
            ServerFrame::Error {
                code,
                client_id: Some(_),
                retry_after_secs,
            } => {
                busy = Some((code, retry_after_secs));
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(accepted, FREE + PROVEN);
    let (code, retry_after_secs) = busy.expect("the ceiling answers");
    assert_eq!(code, ErrorCode::BusyNetwork, "the refusal names its reason");
    assert!(retry_after_secs.is_some_and(|secs| (1..=600).contains(&secs)));
}
