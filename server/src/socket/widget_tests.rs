//! The widget loop over in-memory channels.

use std::convert::Infallible;

use axum::extract::ws::Message as WsMessage;
use futures_util::stream;

use super::*;
use crate::socket::run;
use yorisoi_protocol::Lang;

use crate::service::tests::test_service;

fn error(code: ErrorCode, client_id: Option<ClientId>) -> ServerFrame {
    <WidgetSocket as Session>::error(code, client_id)
}

fn text(frame: &ClientFrame) -> Result<WsMessage, Infallible> {
    Ok(WsMessage::text(
        serde_json::to_string(frame).expect("encode"),
    ))
}

/// Drives the real socket loop over in-memory channels: no network.
#[tokio::test]
async fn the_loop_answers_frames_in_order_over_any_sink_and_stream() {
    let (state, _db) = test_service().await;
    let client_id = ClientId("00000000-0000-4000-8000-000000000001".into());
    let hello = |token: String| ClientFrame::Hello {
        token,
        lang: Lang::Ja,
        last_seq: 0,
        site: None,
    };
    let incoming = stream::iter([
        Ok(WsMessage::text("garbage")),
        text(&hello("0F".repeat(32))),
        text(&hello("0f".repeat(32))),
        text(&ClientFrame::Send {
            proof: None,
            client_id: client_id.clone(),
            body: "やあ".into(),
            nickname: None,
        }),
    ]);
    let (sink, mut outgoing) = crate::socket::tests::channel_sink();
    let session = WidgetSocket(Visitor::new(
        state.clone(),
        state.hub().connection_id(),
        Default::default(),
        None,
    ));
    run(&state, session, sink, incoming).await;

    let mut frames = Vec::new();
    while let Ok(WsMessage::Text(text)) = outgoing.try_recv() {
        frames.push(serde_json::from_str::<ServerFrame>(text.as_str()).expect("decode"));
    }
    assert_eq!(frames.len(), 4, "{frames:?}");
    assert_eq!(frames[0], error(ErrorCode::MalformedFrame, None));
    assert_eq!(frames[1], error(ErrorCode::BadToken, None));
    assert!(
        matches!(
            &frames[2],
            ServerFrame::Welcome { has_conversation: false, messages, read_seq: 0, team: Some(team) }
                if messages.is_empty() && team.members.is_empty() && team.away
        ),
        "welcome, with who answers (nobody yet): {:?}",
        frames[2]
    );
    assert!(
        matches!(&frames[3], ServerFrame::Ack { seq: 1, client_id: acked, .. } if *acked == client_id)
    );
}

/// A parent's socket busy writing (its peer reads slowly) while staff
/// reply faster than its channel holds: the events it missed are made up
/// from the database, in order, and the socket stays open.
#[tokio::test]
async fn a_widget_that_falls_behind_makes_up_from_the_database_and_stays_open() {
    use futures_util::StreamExt as _;

    use crate::hub::CONVERSATION_CAPACITY;
    use crate::store::{NewMessage, StaffRecord, VisitorMessage};

    let (state, _db) = test_service().await;
    let organisation = state.first_organisation();
    let token = "ab".repeat(32);
    let token_hash = crate::secrets::digest(&token);
    let first = ClientId("00000000-0000-4000-8000-000000000001".into());
    let store = state.store();
    let posted = store
        .append_visitor_message(
            organisation,
            VisitorMessage {
                token_hash: &token_hash,
                lang: Lang::Ja,
                client_id: &first,
                body: "こんばんは",
                nickname: None,
                nominee: None,
            },
            state.now_ms(),
        )
        .await
        .expect("first message");
    let staff = store
        .add_staff(
            StaffRecord {
                organisation,
                email: "hana@example.org",
                name: "Hana",
                password_hash: "unused",
                admin: false,
            },
            state.now_ms(),
        )
        .await
        .expect("staff");
    let hello = ClientFrame::Hello {
        token,
        lang: Lang::Ja,
        last_seq: 1,
        site: None,
    };
    let incoming = stream::iter([text(&hello)]).chain(stream::pending());
    // A peer that takes one frame at a time: the loop blocks on sending.
    let (sender, mut outgoing) = tokio::sync::mpsc::channel::<WsMessage>(1);
    let sink = Box::pin(futures_util::sink::unfold(
        sender,
        |sender, message: WsMessage| async move {
            let _gone = sender.send(message).await;
            Ok::<_, Infallible>(sender)
        },
    ));
    let session = WidgetSocket(Visitor::new(
        state.clone(),
        state.hub().connection_id(),
        Default::default(),
        None,
    ));
    let loop_state = state.clone();
    let running = tokio::spawn(async move { run(&loop_state, session, sink, incoming).await });
    let welcome = outgoing.recv().await.expect("Welcome");
    assert!(matches!(&welcome, WsMessage::Text(text) if text.contains("Welcome")));

    // Far more replies than the channel keeps, while nobody reads.
    let replies = CONVERSATION_CAPACITY * 3;
    let staff_socket = state.hub().connection_id();
    let author = yorisoi_protocol::Author::Staff {
        id: staff.id,
        name: staff.name.clone(),
    };
    for n in 0..replies {
        let client_id = ClientId(format!("00000000-0000-4000-8000-{:012}", n + 2));
        let body = format!("返信 {n}");
        let message = NewMessage {
            client_id: &client_id,
            author: &author,
            body: &body,
            nickname: None,
        };
        let appended = store
            .append_message(organisation, posted.conversation, message, state.now_ms())
            .await
            .expect("reply");
        let stored = yorisoi_protocol::Message {
            seq: appended.seq,
            client_id,
            author: author.clone(),
            body,
            sent_at_ms: appended.sent_at_ms,
        };
        let summary = appended.summary.expect("fresh");
        state.announce(organisation, staff_socket, Some(stored), summary);
    }

    let mut seqs = Vec::new();
    while seqs.len() < replies {
        let message = tokio::time::timeout(std::time::Duration::from_secs(10), outgoing.recv())
            .await
            .expect("every reply arrives")
            .expect("the socket stays open");
        match message {
            WsMessage::Text(text) => match serde_json::from_str(text.as_str()).expect("frame") {
                ServerFrame::Message(message) => seqs.push(message.seq),
                other => panic!("unexpected {other:?}"),
            },
            WsMessage::Close(close) => panic!("closed: {close:?}"),
            _ => {}
        }
    }
    let expected: Vec<u64> = (2..=u64::try_from(replies).expect("small") + 1).collect();
    assert_eq!(seqs, expected, "each reply once, in order");
    running.abort();
}
