//! Refusals: empty, over-long and malformed frames get the right error code,
//! the socket stays usable, nothing already stored is lost, and a retry of
//! the same client id stores one message and repeats the original Ack.

use yorisoi_protocol::limits::{MAX_MESSAGE_CHARS, MAX_NICKNAME_CHARS};
use yorisoi_protocol::widget::{ClientFrame, ServerFrame};
use yorisoi_protocol::{ClientId, ErrorCode, Lang};
use yorisoi_tests::{TestServer, WidgetSocket, new_client_id, random_token};

/// A widget with a conversation holding one message ("kept"); returns the token.
async fn started(server: &TestServer) -> (WidgetSocket, String) {
    let token = random_token();
    let mut widget = server.widget().await;
    widget.hello(&token, Lang::En, 0).await;
    widget.say("kept").await;
    assert!(matches!(
        widget.next().await,
        ServerFrame::Ack { seq: 1, .. }
    ));
    (widget, token)
}

fn send(client_id: &ClientId, body: &str, nickname: Option<&str>) -> ClientFrame {
    ClientFrame::Send {
        client_id: client_id.clone(),
        body: body.into(),
        nickname: nickname.map(Into::into),
        proof: None,
    }
}

#[tokio::test]
async fn bad_frames_get_the_right_code_and_the_socket_stays_open() {
    let server = TestServer::start().await;
    let (mut widget, token) = started(&server).await;

    let cases = [
        (" \n\u{3000}".to_owned(), None, ErrorCode::EmptyMessage),
        (
            "あ".repeat(MAX_MESSAGE_CHARS + 1),
            None,
            ErrorCode::MessageTooLong,
        ),
        (
            "ok".to_owned(),
            Some("名".repeat(MAX_NICKNAME_CHARS + 1)),
            ErrorCode::NicknameTooLong,
        ),
    ];
    for (body, nickname, expected) in cases {
        let client_id = new_client_id();
        widget
            .send(&send(&client_id, &body, nickname.as_deref()))
            .await;
        assert_eq!(
            widget.next().await,
            ServerFrame::Error {
                code: expected,
                client_id: Some(client_id),
                retry_after_secs: None,
            }
        );
    }
    widget
        .send(&send(&ClientId("not-a-uuid".into()), "hi", None))
        .await;
    assert!(matches!(
        widget.next().await,
        ServerFrame::Error {
            code: ErrorCode::BadClientId,
            ..
        }
    ));

    for raw in [
        "{not json",
        r#"{"Shout":{}}"#,
        r#"{"Send":{"body":"no id"}}"#,
    ] {
        widget.send_text(raw).await;
        assert_eq!(
            widget.next().await,
            ServerFrame::Error {
                code: ErrorCode::MalformedFrame,
                client_id: None,
                retry_after_secs: None,
            }
        );
    }
    widget.send_binary(vec![1, 2, 3]).await;
    assert_eq!(
        widget.next().await,
        ServerFrame::Error {
            code: ErrorCode::MalformedFrame,
            client_id: None,
            retry_after_secs: None,
        }
    );

    // Still open, and the conversation holds exactly the one good message.
    assert_eq!(widget.frames_before_pong().await, []);
    let mut again = server.widget().await;
    let frames = again.hello(&token, Lang::En, 0).await;
    let [ServerFrame::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(
        messages.iter().map(|m| m.body.as_str()).collect::<Vec<_>>(),
        ["kept"]
    );
    widget.say("after the errors").await;
    assert!(matches!(
        widget.next().await,
        ServerFrame::Ack { seq: 2, .. }
    ));
}

#[tokio::test]
async fn the_first_frame_must_be_hello() {
    let server = TestServer::start().await;
    let mut widget = server.widget().await;
    widget
        .send(&send(&new_client_id(), "too early", None))
        .await;
    assert_eq!(
        widget.next().await,
        ServerFrame::Error {
            code: ErrorCode::HelloFirst,
            client_id: None,
            retry_after_secs: None,
        }
    );
    widget.send(&ClientFrame::SetLang { lang: Lang::Ja }).await;
    assert_eq!(
        widget.next().await,
        ServerFrame::Error {
            code: ErrorCode::HelloFirst,
            client_id: None,
            retry_after_secs: None,
        }
    );
    let frames = widget.hello(&random_token(), Lang::Ja, 0).await;
    assert!(
        matches!(
            frames.as_slice(),
            [ServerFrame::Welcome { has_conversation: false, messages, read_seq: 0, .. }]
                if messages.is_empty()
        ),
        "{frames:?}"
    );
}

#[tokio::test]
async fn a_malformed_token_is_refused_and_hello_may_be_retried() {
    let server = TestServer::start().await;
    let mut widget = server.widget().await;
    for bad in [
        "",
        "abc",
        &"0F".repeat(32),
        &"0f".repeat(33),
        &"zz".repeat(32),
    ] {
        let frames = widget.hello_frames_until_error(bad).await;
        assert_eq!(
            frames,
            ServerFrame::Error {
                code: ErrorCode::BadToken,
                client_id: None,
                retry_after_secs: None,
            },
            "token {bad:?}"
        );
    }
    widget.say("not yet").await;
    assert!(matches!(
        widget.next().await,
        ServerFrame::Error {
            code: ErrorCode::HelloFirst,
            ..
        }
    ));
    let frames = widget.hello(&random_token(), Lang::Ja, 0).await;
    assert!(matches!(
        frames.as_slice(),
        [ServerFrame::Welcome {
            has_conversation: false,
            ..
        }]
    ));
    widget.say("now").await;
    assert!(matches!(
        widget.next().await,
        ServerFrame::Ack { seq: 1, .. }
    ));
}

#[tokio::test]
async fn a_retry_stores_one_message_and_repeats_the_original_ack() {
    let server = TestServer::start().await;
    let (mut widget, token) = started(&server).await;
    let client_id = new_client_id();
    widget.send(&send(&client_id, "sent twice", None)).await;
    let first = widget.next().await;
    assert!(
        matches!(first, ServerFrame::Ack { seq: 2, .. }),
        "{first:?}"
    );

    // The retry comes on a new connection, as after a dropped network.
    let mut retry = server.widget().await;
    retry.hello(&token, Lang::En, 2).await;
    retry.send(&send(&client_id, "sent twice", None)).await;
    assert_eq!(retry.next().await, first, "the original Ack, time included");
    assert_eq!(
        widget.frames_before_pong().await,
        [],
        "a retry is not announced again"
    );

    let mut check = server.widget().await;
    let frames = check.hello(&token, Lang::En, 0).await;
    let [ServerFrame::Welcome { messages, .. }] = frames.as_slice() else {
        panic!("{frames:?}")
    };
    assert_eq!(messages.len(), 2, "one message per client id: {messages:?}");
}

#[tokio::test]
async fn an_oversized_frame_closes_the_socket_without_harming_the_server() {
    let server = TestServer::start().await;
    let (mut widget, token) = started(&server).await;
    let huge = "x".repeat(yorisoi_protocol::limits::MAX_FRAME_BYTES + 1);
    widget.send_text(&huge).await;
    assert_eq!(
        widget.try_next().await,
        None,
        "the server drops the connection"
    );
    let mut again = server.widget().await;
    let frames = again.hello(&token, Lang::En, 0).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Welcome { messages, .. }] if messages.len() == 1)
    );
}
